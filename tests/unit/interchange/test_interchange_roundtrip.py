"""Round trips under hypothesis: names in any script, emoji, long notes, odd punctuation."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callbook.domain.clock import FixedClock
from callbook.domain.dates import YearlyDate
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
from callbook.services.backup_json import backup_bytes, restore_json_backup
from callbook.services.exports import contacts_for_export
from callbook.services.interchange import import_contacts
from callbook.store.opening import open_store

# Any printable text in any script, emoji included; vCard has no way to carry control
# characters, and surrounding blanks are not part of a name.
_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\u0085"
)
words = st.text(_CHARS, min_size=1, max_size=30).map(str.strip).filter(bool)
names = words.map(lambda s: " ".join(s.split()))
long_notes = st.lists(
    st.text(_CHARS | st.sampled_from(",;:\\\"'"), min_size=1, max_size=400), min_size=1, max_size=5
).map(lambda parts: "\n".join(p.strip() for p in parts if p.strip()))
years = st.one_of(st.none(), st.integers(1901, 2030))
yearly = st.builds(
    lambda m, d, y: YearlyDate(m, min(d, 28 if m == 2 else 30), y),
    st.integers(1, 12),
    st.integers(1, 30),
    years,
)
relations = st.sampled_from(["", "spouse", "child", "daughter", "godson", "Schwester", "母"])
phone_labels = st.sampled_from(["mobile", "work", "home", "fax", "pager", "other", "direct line"])
e164s = st.integers(100_000_000, 999_999_999).map(lambda n: f"+49151{n}")
zones = st.sampled_from([None, "Europe/Berlin", "America/New_York", "Asia/Tokyo"])


@st.composite
def exportable(draw: st.DrawFn, contact_id: int = 1) -> ContactForExport:
    phones = draw(st.lists(st.tuples(phone_labels, e164s), max_size=3, unique_by=lambda p: p[1]))
    family = draw(
        st.lists(
            st.builds(Relative, names, relations, st.one_of(st.none(), yearly)),
            max_size=3,
            unique_by=lambda r: r.name.casefold(),
        )
    )
    dates = [LabelledDate(BIRTHDAY, draw(yearly))] if draw(st.booleans()) else []
    if draw(st.booleans()):
        dates.append(LabelledDate(ANNIVERSARY, draw(yearly)))
    custom = draw(st.one_of(st.none(), names.filter(lambda s: s not in {BIRTHDAY, ANNIVERSARY})))
    if custom:
        dates.append(LabelledDate(custom, draw(yearly)))
    stamp = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return ContactForExport(
        contact_id=contact_id,
        created_at=stamp,
        updated_at=stamp,
        first_name=draw(names),
        last_name=draw(st.one_of(st.just(""), names)),
        company=draw(st.one_of(st.just(""), names)),
        title=draw(st.one_of(st.just(""), names)),
        email=draw(st.one_of(st.just(""), st.emails())),
        phones=phones,
        dates=dates,
        family=family,
        tags=draw(st.lists(words, max_size=4, unique_by=str.casefold)),
        notes=draw(st.one_of(st.just(""), long_notes)),
        time_zone=draw(zones),
        assistant_name=draw(st.one_of(st.just(""), names)),
        boss_name=draw(st.one_of(st.just(""), names)),
    )


@given(exportable())
@settings(max_examples=150, deadline=None, report_multiple_bugs=False)
def test_a_written_vcard_reads_back_the_same(contact: ContactForExport) -> None:
    text = write_vcards([contact])
    # The standard parser accepts it too, and reads the same name and note.
    (card,) = vobject.readComponents(text)
    assert card.fn.value == contact.name
    assert card.contents.get("note", [None])[0] is None or card.note.value == contact.notes
    result = read_vcards(text)
    assert result.broken == []
    (record,) = result.records
    assert (record.first_name, record.last_name) == (contact.first_name, contact.last_name)
    assert (record.company, record.title) == (contact.company, contact.title)
    assert record.phones == contact.phones
    assert [a for _label, a in record.emails] == ([contact.email] if contact.email else [])
    assert record.dates == contact.dates
    assert record.family == contact.family
    assert record.tags == contact.tags
    assert record.notes == contact.notes
    assert record.time_zone == contact.time_zone
    assert (record.assistant_name, record.boss_name) == (contact.assistant_name, contact.boss_name)
    assert record.warnings == []


def as_record(contact: ContactForExport, where: str) -> ContactRecord:
    return ContactRecord(
        where=where,
        first_name=contact.first_name,
        last_name=contact.last_name,
        company=contact.company,
        title=contact.title,
        phones=list(contact.phones),
        emails=[("work", contact.email)] if contact.email else [],
        dates=list(contact.dates),
        family=list(contact.family),
        tags=list(contact.tags),
        notes=contact.notes,
        time_zone=contact.time_zone,
        assistant_name=contact.assistant_name,
        boss_name=contact.boss_name,
    )


@given(st.lists(exportable(), min_size=1, max_size=4))
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_export_import_into_an_empty_folder_export_gives_the_same(
    tmp_path_factory: pytest.TempPathFactory, clock: FixedClock, people: list[ContactForExport]
) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    first, _ = open_store(folder / "first", clock.now())
    second, _ = open_store(folder / "second", clock.now())
    restored, _ = open_store(folder / "restored", clock.now())
    try:
        records = [as_record(c, f"card {i}") for i, c in enumerate(people, start=1)]
        import_contacts(first, clock, ReadResult("vCard", records), "DE")
        exported = write_vcards(contacts_for_export(first))
        import_contacts(second, clock, read_vcards(exported), "DE")
        assert write_vcards(contacts_for_export(second)) == exported
        backup = backup_bytes(first, clock)
        restore_json_backup(restored, backup.decode("utf-8"))
        assert backup_bytes(restored, clock) == backup
    finally:
        for store in (first, second, restored):
            store.close()


def test_the_round_trip_helper_sees_a_difference(tmp_path: Path, clock: FixedClock) -> None:
    # Guard against a round trip that passes because both sides are empty.
    store, _ = open_store(tmp_path / "one", clock.now())
    try:
        record = ContactRecord("card 1", "Zoë", "Ångström", notes="☎️ call, later; maybe\\")
        import_contacts(store, clock, ReadResult("vCard", [record]), "DE")
        text = write_vcards(contacts_for_export(store))
        assert "FN:Zoë Ångström" in text
        assert "NOTE:☎️ call\\, later\\; maybe\\\\" in text
    finally:
        store.close()
