"""Who is who on import: namesakes and colleagues kept apart, numbers read in their country."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from callbook.domain.clock import FixedClock
from callbook.domain.dates import YearlyDate
from callbook.interchange.files import read_contacts, read_file_text
from callbook.interchange.records import ANNIVERSARY, LabelledDate, ReadResult
from callbook.interchange.vcard_read import read_vcards
from callbook.interchange.vcard_write import write_vcards
from callbook.services.exports import contacts_for_export
from callbook.services.interchange import ImportSummary, import_contacts
from callbook.store.engine import Store
from callbook.store.models import Contact

DATA = Path(__file__).resolve().parents[2] / "data" / "interchange"


def read(name: str, region: str = "DE") -> ReadResult:
    path = DATA / name
    return read_contacts(path, read_file_text(path), region)


def imported(store: Store, clock: FixedClock, name: str, region: str = "DE") -> ImportSummary:
    return import_contacts(store, clock, read(name, region), region)


def count(store: Store) -> int:
    with store.read() as session:
        return len(session.scalars(select(Contact.id)).all())


def people(store: Store) -> dict[str, Contact]:
    with store.read() as session:
        contacts = list(session.scalars(select(Contact).order_by(Contact.id)))
        for contact in contacts:
            _ = (contact.phones, contact.interests, contact.tags)
        return {f"{c.first_name} {c.last_name}".strip() or c.company: c for c in contacts}


def test_a_colleague_sharing_the_office_phone_keeps_a_card_of_their_own(
    store: Store, clock: FixedClock
) -> None:
    summary = imported(store, clock, "shared_office_phone.vcf")
    assert (summary.new, summary.merged) == (2, 0)
    assert "1 possible duplicate kept apart" in summary.headline()
    (doubt,) = summary.possible_duplicates
    assert doubt.name == "Bob Jones"
    assert doubt.details[0].startswith(
        "possible duplicate of Ana Silva (Acme GmbH, new in this file): same phone +49 30 1234567, "
        "but the names differ"
    )
    book = people(store)
    assert [p.e164 for p in book["Bob Jones"].phones] == ["+49301234567", "+491712345678"]
    assert book["Ana Silva"].email == "ana.silva@acme.example"


def test_namesakes_with_different_cards_or_profiles_stay_two_people(
    store: Store, clock: FixedClock
) -> None:
    for name in ("namesakes.vcf", "linkedin_namesakes.csv"):
        summary = imported(store, clock, name)
        assert (summary.new, summary.merged, len(summary.possible_duplicates)) == (2, 0, 1), name
    assert count(store) == 4


def test_the_same_files_again_double_nobody(store: Store, clock: FixedClock) -> None:
    names = ("shared_office_phone.vcf", "namesakes.vcf", "linkedin_namesakes.csv")
    for name in names:
        imported(store, clock, name)
    for name in names:
        again = imported(store, clock, name)
        assert (again.new, again.merged, again.skipped) == (0, 0, 2), name
    # LinkedIn's Ana Silva at Acme GmbH is the Ana of the office card: one person, merged.
    assert count(store) == 5


def test_numbers_that_are_not_e164_stay_as_typed_and_visible(
    store: Store, clock: FixedClock
) -> None:
    summary = imported(store, clock, "local_numbers.vcf", region="US")
    book = people(store)
    petra, ivan = book["Petra Novak"], book["Ivan Orlov"]
    assert [p.e164 for p in petra.phones] == ["+14155550132"]
    assert "Phone (home) not understood: 3456789" in petra.notes
    assert "Phone (work) not understood: +1-555-0123" in petra.notes
    assert ivan.phones == []
    assert "Phone (work) not understood: +7-2-342-112" in ivan.notes
    assert "Phone (home) not understood: +49000000" in ivan.notes
    assert any("'3456789' kept as typed" in d for d in summary.records[0].details)


def test_a_junk_number_comes_back_the_same_after_any_number_of_round_trips(
    store: Store, clock: FixedClock
) -> None:
    imported(store, clock, "local_numbers.vcf", region="US")
    text = write_vcards(contacts_for_export(store))
    assert 'TEL;VALUE=text;TYPE="home,voice":+49000000' in text
    for _ in range(3):
        again = import_contacts(store, clock, read_vcards(text), "US")
        assert (again.new, again.merged) == (0, 0)
        text = write_vcards(contacts_for_export(store))
    assert "+49000000" in people(store)["Ivan Orlov"].notes


def test_numbers_without_a_country_code_are_read_in_the_cards_own_country(
    store: Store, clock: FixedClock
) -> None:
    imported(store, clock, "mixed_region.vcf", region="US")
    book = people(store)
    assert [p.e164 for p in book["Lena Becker"].phones] == ["+494055550100", "+491712345678"]
    # No number with +49, but an address in Deutschland.
    assert [p.e164 for p in book["Tom Wagner"].phones] == ["+491723456789"]


def test_extensions_are_kept_and_written_back(store: Store, clock: FixedClock) -> None:
    imported(store, clock, "extensions.vcf", region="US")
    book = people(store)
    assert "Phone (work) +49301234567 extension 102" in book["Omar Haddad"].notes
    assert "Phone (work) +14155550132 extension 12" in book["Mike Brennan"].notes
    text = write_vcards(contacts_for_export(store))
    assert 'TEL;VALUE=uri;TYPE="work,voice":tel:+49301234567;ext=102' in text
    assert 'TEL;VALUE=uri;TYPE="work,voice":tel:+14155550132;ext=12' in text


def test_unnamed_contacts_go_out_named_by_company_email_or_number_and_come_back_unnamed(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    imported(store, clock, "unnamed.vcf")
    text = write_vcards(contacts_for_export(store))
    assert "FN:(no name)" not in text
    assert "FN:Rhein Stahl AG" in text
    assert "FN:info@alpensolar.example" in text
    assert "FN:+41446681800" in text
    records = read_vcards(text).records
    assert [(r.first_name, r.last_name) for r in records] == [("", "")] * 3
    again = import_contacts(store, clock, read_vcards(text), "DE")
    assert (again.new, again.merged, again.skipped) == (0, 0, 3)


def test_a_second_anniversary_goes_out_as_a_labelled_date(store: Store, clock: FixedClock) -> None:
    first = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ito;Mei;;;\r\nANNIVERSARY:2012-10-05\r\nEND:VCARD\r\n"
    second = first.replace("2012-10-05", "2019-04-01")
    import_contacts(store, clock, read_vcards(first), "DE")
    import_contacts(store, clock, read_vcards(second), "DE")
    text = write_vcards(contacts_for_export(store))
    assert text.count("ANNIVERSARY:") == 1
    assert "item1.X-ABDATE:20190401\r\nitem1.X-ABLabel:_$!<Anniversary>!$_" in text
    (mei,) = read_vcards(text).records
    assert mei.dates == [
        LabelledDate(ANNIVERSARY, YearlyDate(10, 5, 2012)),
        LabelledDate(ANNIVERSARY, YearlyDate(4, 1, 2019)),
    ]


def test_outlook_name_and_hobby_and_googles_own_groups(store: Store, clock: FixedClock) -> None:
    result = read("outlook_name_hobby.csv")
    assert [r.name for r in result.records] == ["Grace Okafor", "Kenji Watanabe", "Noah Meier"]
    assert result.records[0].interests == ["Chess", "Highlife music"]
    import_contacts(store, clock, result, "DE")
    book = people(store)
    assert [i.text for i in book["Grace Okafor"].interests] == ["Chess", "Highlife music"]
    # 090-… is a Japanese mobile: the address says Japan, though the rep is in Germany.
    assert [p.e164 for p in book["Kenji Watanabe"].phones] == ["+819012345678"]
    assert "INTEREST:Highlife music" in write_vcards(contacts_for_export(store))
    (priya,) = read("google_system_groups.csv").records
    assert priya.tags == ["Customers"]
