"""Importing into the store: one transaction, merged not doubled, preview counts, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from callbook.domain.clock import FixedClock
from callbook.interchange.files import read_contacts, read_file_text
from callbook.interchange.merge import Action, ImportCancelledError, companies_close
from callbook.interchange.records import ContactRecord, ReadResult
from callbook.services.changes import Invalid
from callbook.services.contacts import NewContact, add_contact
from callbook.services.interchange import (
    import_contacts,
    preview_import,
    save_home_region,
    saved_home_region,
)
from callbook.services.search import search_contacts
from callbook.store.engine import Store
from callbook.store.models import Contact, FamilyMember, ImportantDate, Phone

DATA = Path(__file__).resolve().parents[2] / "data" / "interchange"


def read(name: str, region: str = "DE") -> ReadResult:
    path = DATA / name
    return read_contacts(path, read_file_text(path), region)


def count(store: Store, model: type) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def contact_named(store: Store, last_name: str) -> Contact:
    with store.read() as session:
        contact = session.scalars(select(Contact).where(Contact.last_name == last_name)).one()
        _ = (contact.phones, contact.family, contact.dates, contact.tags)
        return contact


def test_apple_import_stores_e164_phones_zone_family_and_dates(
    store: Store, clock: FixedClock
) -> None:
    summary = import_contacts(store, clock, read("apple_contacts.vcf"), "DE")
    assert (summary.new, summary.merged, summary.skipped) == (3, 0, 0)
    ana = contact_named(store, "Silva")
    assert [(p.label, p.e164) for p in ana.phones] == [
        ("mobile", "+4915123456789"),
        ("direct line", "+49301234567"),
    ]
    assert ana.time_zone == "Europe/Berlin"
    assert ana.email == "ana.silva@acme.example"
    assert "Other email (home): ana@silva-family.example" in ana.notes
    assert {(f.name, f.relation) for f in ana.family} == {
        ("Lena", "child"),
        ("Marco Silva", "spouse"),
    }
    assert {(d.label, d.month, d.day, d.year) for d in ana.dates} == {
        ("Birthday", 5, 17, None),
        ("Anniversary", 9, 1, 2015),
    }
    assert ana.assistant_name == "Petra Schulz"
    assert [t.name for t in ana.tags] == ["Berlin", "Customers"]
    # The search index knows the new contacts at once.
    assert [h.name for h in search_contacts(store, "wannsee")] == ["Ana Maria Silva"]
    assert summary.changed.contact_list and len(summary.changed.contacts) == 3


def test_zone_is_left_open_when_the_number_spans_zones(store: Store, clock: FixedClock) -> None:
    record = ContactRecord("line 2", "Sam", "Lee", phones=[("mobile", "+7 912 345 6789")])
    import_contacts(store, clock, ReadResult("CSV", [record]), "US")
    assert contact_named(store, "Lee").time_zone is None


def test_the_same_file_twice_is_skipped_not_doubled(store: Store, clock: FixedClock) -> None:
    import_contacts(store, clock, read("google_contacts.csv"), "DE")
    again = import_contacts(store, clock, read("google_contacts.csv"), "DE")
    assert (again.new, again.merged, again.skipped) == (0, 0, 3)
    assert count(store, Contact) == 3
    assert all(r.details[0].startswith("already there: same") for r in again.records)


def test_a_match_by_name_and_company_is_merged_field_by_field(
    store: Store, clock: FixedClock
) -> None:
    add_contact(
        store,
        clock,
        NewContact("Ana", "Silva", company="ACME", title="Einkaufsleiterin", notes="Old note"),
        "DE",
    )
    summary = import_contacts(store, clock, read("linkedin_connections.csv"), "DE")
    assert (summary.new, summary.merged, summary.skipped) == (2, 1, 0)
    merged = next(r for r in summary.records if r.action is Action.MERGED)
    assert merged.name == "Ana Silva"
    assert "keeps title 'Einkaufsleiterin' (the file says 'Head of Purchasing')" in merged.details
    ana = contact_named(store, "Silva")
    assert ana.title == "Einkaufsleiterin"  # nothing existing is overwritten
    assert ana.company == "ACME"
    assert ana.notes.startswith("Old note\n\nLinkedIn: https://www.linkedin.com/in/anasilva")


def test_a_match_by_email_fills_what_was_missing(store: Store, clock: FixedClock) -> None:
    add_contact(store, clock, NewContact("Chloé", "", email="CHLOE.MARTIN@lumiere.example"), "FR")
    import_contacts(store, clock, read("linkedin_connections.csv"), "FR")
    chloe = contact_named(store, "Martin")
    assert (chloe.first_name, chloe.company) == ("Chloé", "Lumière Cosmétiques")
    assert count(store, Contact) == 3


def test_records_for_the_same_person_in_one_file_become_one_contact(
    store: Store, clock: FixedClock
) -> None:
    first = ContactRecord(
        "card 1", "Ana", "Silva", company="Acme", phones=[("mobile", "0151 23456789")]
    )
    second = ContactRecord(
        "card 2", "ana", "silva", phones=[("home", "030 999 999")], tags=["Friends"]
    )
    summary = import_contacts(store, clock, ReadResult("vCard", [first, second]), "DE")
    assert (summary.new, summary.merged) == (1, 1)
    ana = contact_named(store, "Silva")
    assert [p.e164 for p in ana.phones] == ["+4915123456789", "+4930999999"]
    assert [t.name for t in ana.tags] == ["Friends"]


def test_namesakes_at_different_companies_stay_apart(store: Store, clock: FixedClock) -> None:
    add_contact(store, clock, NewContact("Alex", "Smith", company="Northwind"), "US")
    record = ContactRecord("line 2", "Alex", "Smith", company="Contoso Pharma")
    summary = import_contacts(store, clock, ReadResult("CSV", [record]), "US")
    assert summary.new == 1
    assert count(store, Contact) == 2


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("Acme GmbH", "ACME", True),
        ("Müller & Söhne KG", "Mueller & Soehne", True),
        ("Müller & Söhne KG", "Muller & Sohne", True),
        ("Sakura Trading Co.", "Sakura Trading", True),
        ("Northwind", "Contoso", False),
        ("", "", True),
    ],
)
def test_company_names_compare_like_a_person_would(a: str, b: str, close: bool) -> None:
    assert companies_close(a, b) is close


def test_a_bad_phone_is_kept_in_the_notes_with_a_warning(store: Store, clock: FixedClock) -> None:
    record = ContactRecord("line 7", "Jo", "Doe", phones=[("work", "call reception")])
    summary = import_contacts(store, clock, ReadResult("CSV", [record]), "DE")
    assert any("is not a phone number" in d for d in summary.records[0].details)
    jo = contact_named(store, "Doe")
    assert jo.phones == []
    assert "Phone (work) not understood: call reception" in jo.notes


def test_empty_records_are_skipped_with_a_reason(store: Store, clock: FixedClock) -> None:
    summary = import_contacts(store, clock, ReadResult("CSV", [ContactRecord("line 9")]), "DE")
    assert summary.skipped == 1
    assert (
        str(summary.records[0]) == "line 9: (no name) — skipped (no name, company, phone or email)"
    )


def test_unreadable_records_stop_the_import_unless_skipped(store: Store, clock: FixedClock) -> None:
    damaged = read("broken_missing_end.vcf")
    with pytest.raises(
        Invalid, match=r"2 records in the file cannot be read, so nothing was imported"
    ):
        import_contacts(store, clock, damaged, "NO")
    assert count(store, Contact) == 0
    summary = import_contacts(store, clock, damaged, "NO", skip_unreadable=True)
    assert summary.new == 1
    assert summary.headline() == "1 new, 0 merged, 0 skipped, 2 unreadable"


def test_preview_counts_without_writing(store: Store, clock: FixedClock) -> None:
    add_contact(store, clock, NewContact("Mike", "Brennan", company="Golden Gate Freight"), "US")
    preview = preview_import(store, read("google_contacts.vcf", "US"), "US")
    assert (preview.new, preview.merged, preview.skipped) == (2, 1, 0)
    assert not preview.written
    assert count(store, Contact) == 1
    assert count(store, Phone) == 0


def test_cancelling_midway_leaves_the_store_exactly_as_it_was(
    store: Store, clock: FixedClock
) -> None:
    add_contact(store, clock, NewContact("Kept", "Contact", phones=[("mobile", "+4915100000001")]))
    records = [
        ContactRecord(f"card {i}", f"First{i}", f"Last{i}", phones=[("mobile", f"+491510{i:07}")])
        for i in range(2, 1200)
    ]
    calls = 0

    def stop_late() -> bool:
        nonlocal calls
        calls += 1
        return calls > 12  # well into writing the rows

    with pytest.raises(ImportCancelledError):
        import_contacts(store, clock, ReadResult("vCard", records), "DE", should_stop=stop_late)
    assert count(store, Contact) == 1
    assert count(store, Phone) == 1
    assert saved_home_region(store) is None


def test_a_failure_while_writing_rolls_everything_back(
    store: Store, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from callbook.services import interchange

    def broken_rebuild(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(interchange.search, "reindex_contact", broken_rebuild)
    with pytest.raises(RuntimeError, match="disk full"):
        import_contacts(store, clock, read("apple_contacts.vcf"), "DE")
    assert count(store, Contact) == 0
    assert count(store, FamilyMember) == 0
    assert count(store, ImportantDate) == 0


def test_the_first_import_remembers_the_region(store: Store, clock: FixedClock) -> None:
    assert saved_home_region(store) is None
    import_contacts(store, clock, read("google_contacts.vcf", "JP"), "jp")
    assert saved_home_region(store) == "JP"
    assert save_home_region(store, "de") == "DE"
    assert saved_home_region(store) == "DE"
    with pytest.raises(ValueError, match="'XX' is not a country code"):
        save_home_region(store, "XX")


def test_the_region_decides_numbers_without_a_plus(store: Store, clock: FixedClock) -> None:
    import_contacts(store, clock, read("google_contacts.vcf", "JP"), "JP")
    kenji = contact_named(store, "Watanabe")
    assert [p.e164 for p in kenji.phones] == ["+819012345678", "+81312345678"]
    assert kenji.time_zone == "Asia/Tokyo"


def test_a_phone_extension_is_kept_in_the_notes(store: Store, clock: FixedClock) -> None:
    import_contacts(store, clock, read("google_contacts.vcf", "US"), "US")
    mike = contact_named(store, "Brennan")
    assert [p.e164 for p in mike.phones] == ["+14155550132", "+14155550199"]
    assert "Phone (work) +14155550199 extension 12" in mike.notes


def test_a_shorter_first_name_at_the_same_company_is_the_same_person(
    store: Store, clock: FixedClock
) -> None:
    import_contacts(store, clock, read("apple_contacts.vcf"), "DE")
    summary = import_contacts(store, clock, read("linkedin_connections.csv"), "DE")
    assert (summary.new, summary.merged) == (2, 1)
    ana = contact_named(store, "Silva")
    assert ana.first_name == "Ana Maria"
    assert "LinkedIn: https://www.linkedin.com/in/anasilva" in ana.notes
    # A different given name with the same surname at the same company is someone else.
    other = ContactRecord("line 9", "Marta", "Silva", company="Acme GmbH")
    assert import_contacts(store, clock, ReadResult("CSV", [other]), "DE").new == 1


def test_an_import_of_hundreds_does_not_bury_the_today_list(
    store: Store, clock: FixedClock
) -> None:
    from callbook.services.today import today_list

    records = [
        ContactRecord(f"card {n}", first_name=f"Person{n}", last_name="Imported", company=f"Co {n}")
        for n in range(300)
    ]
    import_contacts(store, clock, ReadResult("vCard", records), "US")
    assert 1 <= len(today_list(store, clock)) <= 12  # tier B: 300 spread over 30 days
