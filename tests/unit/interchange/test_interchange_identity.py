"""What goes out comes back the same: the demo book and every sample file, exported and read."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callbook.domain.clock import FixedClock
from callbook.domain.dates import YearlyDate
from callbook.interchange.files import read_contacts, read_file_text
from callbook.interchange.records import (
    ANNIVERSARY,
    BIRTHDAY,
    ContactRecord,
    LabelledDate,
    ReadResult,
    Relative,
)
from callbook.interchange.vcard_read import read_vcards
from callbook.interchange.vcard_write import ContactForExport, write_vcards
from callbook.services.demo import fill_with_demo
from callbook.services.exports import contacts_for_export
from callbook.services.interchange import import_contacts
from callbook.store.engine import Store
from callbook.store.opening import open_store

DATA = Path(__file__).resolve().parents[2] / "data" / "interchange"
SAMPLES = sorted(
    p.name
    for p in DATA.iterdir()
    if p.suffix in {".vcf", ".csv"}
    and p.stat().st_size
    # Files that cannot be read at all: nothing goes in, so nothing comes back.
    and p.name not in {"broken_binary.vcf", "broken_quote.csv"}
)
# Samples whose columns Callbook cannot know: what the rep would say with --map.
MAPPINGS = {
    "emails_only.csv": {0: "email"},
    "broken_encoding.csv": {0: "first_name", 1: "last_name", 2: "company"},
    "plain_utf8_bom.csv": {0: "full_name", 1: "company", 2: "email", 3: "phone:mobile"},
    "crm_export_utf16.csv": {0: "full_name", 1: "company", 2: "email", 3: "phone:work"},
}


def what_the_rep_sees(contact: ContactForExport) -> tuple[object, ...]:
    return (
        contact.first_name,
        contact.last_name,
        contact.company,
        contact.title,
        contact.email,
        contact.phones,
        contact.dates,
        contact.family,
        contact.tags,
        contact.interests,
        contact.notes,
        contact.time_zone,
        contact.assistant_name,
        contact.assistant_phone,
        contact.boss_name,
    )


def exported_and_read_back(
    tmp_path: Path, clock: FixedClock, book: Store
) -> tuple[list[ContactForExport], list[ContactForExport]]:
    exported = write_vcards(contacts_for_export(book))
    # Other address books must read it too: the standard parser takes every card.
    assert len(list(vobject.readComponents(exported))) == len(contacts_for_export(book))
    again, _ = open_store(tmp_path / "again", clock.now())
    try:
        result = read_vcards(exported)
        assert result.broken == []
        summary = import_contacts(again, clock, result, "DE")
        assert summary.merged == summary.skipped == 0
        assert _without_stamps(write_vcards(contacts_for_export(again))) == _without_stamps(
            exported
        )
        return contacts_for_export(book), contacts_for_export(again)
    finally:
        again.close()


def _without_stamps(text: str) -> str:
    # UID and REV come from when the contact was added and changed, not from the card.
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith(("UID:", "REV:"))
    )


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_comes_back_the_same_after_export_and_import(
    tmp_path: Path, clock: FixedClock, name: str
) -> None:
    book, _ = open_store(tmp_path / "book", clock.now())
    try:
        path = DATA / name
        mapping = MAPPINGS.get(name)
        result = read_contacts(path, read_file_text(path), "DE", mapping)
        import_contacts(book, clock, result, "DE", skip_unreadable=True)
        before, after = exported_and_read_back(tmp_path, clock, book)
    finally:
        book.close()
    assert before, name
    assert [what_the_rep_sees(c) for c in after] == [what_the_rep_sees(c) for c in before]


@pytest.mark.slow
def test_the_demo_book_comes_back_the_same(tmp_path: Path, clock: FixedClock) -> None:
    book, _ = open_store(tmp_path / "book", clock.now())
    try:
        fill_with_demo(book, clock.now(), 80, seed=5)
        before, after = exported_and_read_back(tmp_path, clock, book)
    finally:
        book.close()
    assert len(before) == 80
    assert [what_the_rep_sees(c) for c in after] == [what_the_rep_sees(c) for c in before]


_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\u0085"
)
_words = st.text(_CHARS, min_size=1, max_size=20).map(lambda s: " ".join(s.split())).filter(bool)
# Numbers as people type them: valid ones, local-only ones, junk, extensions, other countries.
_numbers = st.sampled_from(
    [
        "+49 151 23456789",
        "030 1234567",
        "0171 2345678 ext. 12",
        "+1 415 555 0132 x7",
        "3456789",
        "+49000000",
        "+7-2-342-112",
        "+41 44 668 18 00",
        "(312) 555-0147",
    ]
)
_dates = st.builds(
    lambda m, d, y: YearlyDate(m, min(d, 28), y),
    st.integers(1, 12),
    st.integers(1, 28),
    st.one_of(st.none(), st.integers(1901, 2030)),
)


@st.composite
def people_as_files_have_them(draw: st.DrawFn) -> ContactRecord:
    named = draw(st.booleans())
    dates = [
        LabelledDate(label, draw(_dates))
        for label in draw(
            st.lists(
                st.sampled_from([BIRTHDAY, ANNIVERSARY, ANNIVERSARY, "Joined Acme"]), max_size=3
            )
        )
    ]
    return ContactRecord(
        where="card",
        first_name=draw(_words) if named else "",
        last_name=draw(st.one_of(st.just(""), _words)) if named else "",
        company=draw(st.one_of(st.just(""), _words)),
        phones=draw(
            st.lists(
                st.tuples(st.sampled_from(["mobile", "work", "direct"]), _numbers),
                min_size=1,
                max_size=3,
            )
        ),
        emails=draw(st.lists(st.tuples(st.just("work"), st.emails()), max_size=2)),
        dates=dates,
        family=draw(
            st.lists(
                st.builds(Relative, _words, st.sampled_from(["", "child"])),
                max_size=2,
                unique_by=lambda r: r.name.casefold(),
            )
        ),
        interests=draw(st.lists(_words, max_size=2)),
        notes=draw(st.one_of(st.just(""), _words)),
    )


@given(st.lists(people_as_files_have_them(), min_size=1, max_size=4))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_whatever_was_imported_comes_back_the_same_after_export_and_import(
    tmp_path_factory: pytest.TempPathFactory, clock: FixedClock, people: list[ContactRecord]
) -> None:
    folder = tmp_path_factory.mktemp("identity")
    book, _ = open_store(folder / "book", clock.now())
    try:
        records = [dataclasses.replace(p, where=f"card {i}") for i, p in enumerate(people)]
        import_contacts(book, clock, ReadResult("vCard", records), "DE")
        before, after = exported_and_read_back(folder, clock, book)
    finally:
        book.close()
    assert [what_the_rep_sees(c) for c in after] == [what_the_rep_sees(c) for c in before]
