"""Reading what Google, Apple, Outlook, Android and LinkedIn really export, broken files too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from callbook.domain.dates import YearlyDate
from callbook.interchange.csv_read import (
    GOOGLE,
    LINKEDIN,
    OUTLOOK,
    NeedsMapping,
    parse_table,
    read_table,
    suggest_mapping,
)
from callbook.interchange.dates import parse_yearly_date
from callbook.interchange.encodings import decode_text
from callbook.interchange.files import read_contacts, read_file_text
from callbook.interchange.records import (
    ANNIVERSARY,
    BIRTHDAY,
    ContactRecord,
    LabelledDate,
    ReadError,
    ReadResult,
    Relative,
)
from callbook.interchange.vcard_read import read_vcards

DATA = Path(__file__).resolve().parents[2] / "data" / "interchange"


def read(name: str, region: str = "DE") -> ReadResult:
    path = DATA / name
    return read_contacts(path, read_file_text(path), region)


def by_last_name(result: ReadResult) -> dict[str, ContactRecord]:
    return {r.last_name or r.company: r for r in result.records}


def test_apple_card_keeps_labels_family_assistant_and_the_birthday_without_year() -> None:
    result = read("apple_contacts.vcf")
    assert result.broken == []
    ana = by_last_name(result)["Silva"]
    assert (ana.first_name, ana.company, ana.title) == (
        "Ana Maria",
        "Acme GmbH",
        "Head of Purchasing",
    )
    assert ana.phones == [("mobile", "+49 151 23456789"), ("direct line", "030 12345-67")]
    assert ana.emails[0] == ("work", "ana.silva@acme.example")
    assert LabelledDate(BIRTHDAY, YearlyDate(5, 17, None)) in ana.dates
    assert LabelledDate(ANNIVERSARY, YearlyDate(9, 1, 2015)) in ana.dates
    assert Relative("Lena", "child") in ana.family
    assert Relative("Marco Silva", "spouse") in ana.family
    assert ana.assistant_name == "Petra Schulz"
    assert ana.tags == ["Customers", "Berlin"]
    assert "Sailing on the Wannsee, most weekends.\nDaughter" in ana.notes


def test_apple_company_card_and_leap_day_birthday() -> None:
    people = by_last_name(read("apple_contacts.vcf"))
    company = people["Nordlicht Logistik AG"]
    assert (company.first_name, company.last_name) == ("", "")
    assert company.phones == [("work", "+49 40 5555 0100")]
    assert people["O’Connor"].dates == [LabelledDate(BIRTHDAY, YearlyDate(2, 29, 1984))]


def test_photos_are_skipped_without_breaking_the_card() -> None:
    for name in ("apple_contacts.vcf", "android_contacts.vcf", "google_contacts.vcf"):
        result = read(name)
        assert result.broken == [], name
        assert all(
            "/9j/" not in r.notes and "googleusercontent" not in r.notes for r in result.records
        )


def test_google_vcard_drops_system_groups_and_reads_custom_dates() -> None:
    people = by_last_name(read("google_contacts.vcf"))
    kenji = people["Watanabe"]
    assert kenji.tags == ["Japan", "Customers"]
    assert LabelledDate("joined Sakura", YearlyDate(4, 1, 2019)) in kenji.dates
    assert LabelledDate(BIRTHDAY, YearlyDate(11, 3, None)) in kenji.dates
    assert people["Raman"].tags == []


def test_outlook_vcard_21_quoted_printable_in_windows_1252() -> None:
    jurgen = read("outlook_contact.vcf").records[0]
    assert (jurgen.first_name, jurgen.last_name) == ("Jürgen", "Müller")
    assert jurgen.notes.startswith("Spricht gern über den FC Bayern.\nSekretärin: Frau Weber")
    assert jurgen.boss_name == "Dr. Ingrid Hoffmann"
    assert jurgen.assistant_name == "Sabine Weber"
    assert ("fax", "+49 (89) 123456-99") in jurgen.phones
    assert jurgen.dates == [LabelledDate(BIRTHDAY, YearlyDate(7, 4, 1968))]


def test_android_quoted_printable_soft_breaks_and_custom_rows() -> None:
    people = by_last_name(read("android_contacts.vcf"))
    lukasz = people["Kowalski"]
    assert lukasz.first_name == "Łukasz"
    assert lukasz.notes.startswith(
        "Kibic Legii Warszawa. Żona Anna, syn Piotr (ur. 2015).\nDzwonić"
    )
    assert lukasz.family == [Relative("Anna", "spouse"), Relative("Piotr", "child")]
    assert lukasz.assistant_name == "Marta Nowak"
    assert LabelledDate(ANNIVERSARY, YearlyDate(6, 14, 2008)) in lukasz.dates
    assert people["Okafor"].phones == [("mobile", "0803 123 4567")]


def test_vcard_40_tel_uris_related_and_zone() -> None:
    olivia = read("vcard40.vcf").records[0]
    assert olivia.phones == [("mobile", "+44-7700-900123"), ("work", "+44-20-7946-0958 ext. 204")]
    assert olivia.family == [Relative("Tom", "spouse"), Relative("Isla", "child")]
    assert olivia.time_zone == "Europe/London"


def test_a_card_without_end_is_named_and_the_rest_still_read() -> None:
    result = read("broken_missing_end.vcf")
    assert [r.name for r in result.records] == ["Ingrid Berg"]
    assert [str(b) for b in result.broken] == [
        "card 1 (line 1): it has no END:VCARD before the next card on line 6",
        "card 3 (line 12): the file ends before its END:VCARD",
    ]


def test_an_unreadable_line_names_its_card_and_line() -> None:
    result = read("broken_bad_line.vcf")
    assert [r.name for r in result.records] == ["Mateo Costa"]
    assert len(result.broken) == 1
    assert result.broken[0].where == "card 2 (line 7)"
    assert "line 11 cannot be read" in result.broken[0].message


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("broken_binary.vcf", "this is not a text file (line 4 holds binary data)"),
        ("empty.vcf", "there is no vCard in this file"),
        ("broken_quote.csv", "line 3 cannot be read as CSV"),
    ],
)
def test_files_that_cannot_be_read_say_where(name: str, message: str) -> None:
    with pytest.raises(ReadError, match=re.escape(message)):
        read(name)


def test_google_csv_several_values_primary_first_and_labels_as_tags() -> None:
    result = read("google_contacts.csv")
    assert result.kind == GOOGLE
    people = by_last_name(result)
    assert set(people) == {"Haddad", "Fernández", "Lee"}
    fatima = people["Haddad"]
    assert fatima.phones == [
        ("mobile", "+971 50 123 4567"),
        ("mobile", "+971 4 123 4567"),
        ("work", "+971 4 765 4321"),
    ]
    assert fatima.emails[0] == ("work", "fatima.haddad@cedarfoods.example")
    assert fatima.tags == ["Customers"]
    assert fatima.notes.startswith("Two kids, loves hiking.\nCall after 16:00 her time.")
    assert fatima.family == [Relative("Karim", "spouse")]
    assert people["Fernández"].assistant_name == "Valentina Ruiz"
    assert people["Fernández"].dates == [LabelledDate(BIRTHDAY, YearlyDate(7, 9, None))]
    assert people["Lee"].where == "line 5"


def test_google_legacy_csv() -> None:
    hannah = read("google_contacts_legacy.csv").records[0]
    assert (hannah.first_name, hannah.company, hannah.title) == (
        "Hannah",
        "Spree Tech",
        "Account Executive",
    )
    assert hannah.tags == ["Berlin"]


def test_outlook_csv_in_windows_1252_with_assistant_boss_and_children() -> None:
    result = read("outlook_contacts.csv")
    assert result.kind == OUTLOOK
    jurgen, grace = result.records
    assert jurgen.last_name == "Müller"
    assert jurgen.assistant_phone == "+49 (89) 123456-10"
    assert jurgen.family == [
        Relative("Claudia", "spouse"),
        Relative("Lukas", "child"),
        Relative("Mia", "child"),
    ]
    assert jurgen.dates == [LabelledDate(BIRTHDAY, YearlyDate(7, 4, 1968))]
    assert jurgen.tags == ["Kunden", "München"]
    # The Exchange X.500 path is not an address; the SMTP one is kept.
    assert grace.emails == [("other", "grace@lagosdigital.example")]
    assert grace.where == "line 4"  # Jürgen's two-line note takes lines 2 and 3


def test_linkedin_csv_skips_the_notes_above_the_header() -> None:
    result = read("linkedin_connections.csv")
    assert result.kind == LINKEDIN
    assert [r.name for r in result.records] == ["Arjun Mehta", "Chloé Martin", "Ana Silva"]
    assert result.records[0].where == "line 5"
    assert "Connected on LinkedIn: 14 Nov 2026" in result.records[0].notes


def test_unknown_csv_needs_a_mapping_and_gets_a_sensible_guess() -> None:
    with pytest.raises(NeedsMapping) as raised:
        read("crm_export_utf16.csv")
    table = raised.value.table
    assert table.delimiter == ";"
    assert table.header[:3] == ["Kontakt", "Firma", "Funktion"]
    assert raised.value.suggestion == {
        0: "full_name",
        1: "company",
        2: "title",
        3: "phone:other",
        4: "phone:mobile",
        5: "email",
        6: "birthday",
        7: "notes",
    }
    result = read_table(table, "DE", raised.value.suggestion)
    sabine, jonas = result.records
    assert (sabine.first_name, sabine.last_name) == ("Sabine", "Weber")
    assert sabine.dates == [LabelledDate(BIRTHDAY, YearlyDate(3, 12, 1975))]
    assert jonas.phones == [("other", "0211 555 0188"), ("mobile", "0160 5550199")]


def test_a_mapping_can_leave_columns_out() -> None:
    table = parse_table(read_file_text(DATA / "plain_utf8_bom.csv").text)
    assert table.header[0] == "Name"  # the BOM is not part of the first column's name
    mapping = suggest_mapping(table.header)
    assert 4 not in mapping  # nobody knows what a favourite colour is for
    noah = read_table(table, "CH", mapping).records[0]
    assert (noah.first_name, noah.company, noah.emails) == (
        "Noah",
        "Alpen Solar",
        [("other", "noah@alpensolar.example")],
    )


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Zoë".encode(), "Zoë", "UTF-8"),
        (b"\xef\xbb\xbfZo\xc3\xab", "Zoë", "UTF-8"),
        ("Zoë".encode("utf-16"), "Zoë", "UTF-16"),
        ("Zoë,x".encode("utf-16-le"), "Zoë,x", "UTF-16"),
        ("Zoë".encode("cp1252"), "Zoë", "Windows-1252"),
    ],
)
def test_encodings_are_told_apart(data: bytes, text: str, encoding: str) -> None:
    decoded = decode_text(data)
    assert (decoded.text, decoded.encoding) == (text, encoding)


@pytest.mark.parametrize(
    ("text", "month_first", "expected"),
    [
        ("1980-05-17", False, YearlyDate(5, 17, 1980)),
        ("19800517", False, YearlyDate(5, 17, 1980)),
        ("--05-17", False, YearlyDate(5, 17, None)),
        ("--0517", False, YearlyDate(5, 17, None)),
        ("1604-05-17", False, YearlyDate(5, 17, None)),
        ("17.05.1980", True, YearlyDate(5, 17, 1980)),
        ("5/17/1980", True, YearlyDate(5, 17, 1980)),
        ("17/5/1980", False, YearlyDate(5, 17, 1980)),
        ("17/5/1980", True, YearlyDate(5, 17, 1980)),
        ("May 17, 1980", False, YearlyDate(5, 17, 1980)),
        ("17 May", False, YearlyDate(5, 17, None)),
        ("0/0/00", True, None),
        ("", False, None),
    ],
)
def test_birthdays_in_the_ways_tools_write_them(
    text: str, month_first: bool, expected: YearlyDate | None
) -> None:
    assert parse_yearly_date(text, month_first=month_first) == expected


@pytest.mark.parametrize("text", ["31.02.1980", "next spring", "2023-02-29"])
def test_impossible_birthdays_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_yearly_date(text)


def test_a_bad_birthday_is_a_warning_not_a_lost_contact() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jo\nBDAY:sometime\nEND:VCARD\n"
    record = read_vcards(text).records[0]
    assert record.name == "Jo Doe"
    assert record.dates == []
    assert record.warnings == ["birthday left out: 'sometime' is not a date"]


def test_an_organisation_card_and_a_nickname() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Rhein Stahl AG\r\n"
        "TEL;VALUE=uri:tel:+49-211-5550100\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Chinedu;;;\r\nNICKNAME:Chi\r\nEND:VCARD\r\n"
    )
    company, person = read_vcards(text).records
    assert (company.first_name, company.last_name, company.company) == ("", "", "Rhein Stahl AG")
    assert person.notes == "Nickname: Chi"
