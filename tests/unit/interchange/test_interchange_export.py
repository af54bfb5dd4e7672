"""Exports: vCard 4.0 and iCalendar that the standard parsers accept, JSON that restores all."""

from __future__ import annotations

import json
import stat
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject

from callbook.domain.clock import FixedClock
from callbook.interchange.files import read_contacts, read_file_text
from callbook.interchange.vcard_write import fold
from callbook.services.backup_json import backup_bytes, restore_json_backup
from callbook.services.changes import Invalid
from callbook.services.contacts import NewContact, add_contact
from callbook.services.demo import fill_with_demo
from callbook.services.exports import (
    ExportFormat,
    calendar_entries,
    contacts_for_export,
    export_to_file,
)
from callbook.services.interchange import import_contacts
from callbook.store.engine import Store
from callbook.store.opening import open_store

DATA = Path(__file__).resolve().parents[2] / "data" / "interchange"


def import_file(store: Store, clock: FixedClock, name: str, region: str = "DE") -> None:
    path = DATA / name
    import_contacts(store, clock, read_contacts(path, read_file_text(path), region), region)


def test_vcard_export_is_read_by_vobject_with_family_birthdays_and_labels(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    import_file(store, clock, "apple_contacts.vcf")
    out = tmp_path / "contacts.vcf"
    report = export_to_file(store, clock, ExportFormat.VCARD, out)
    assert report.items == 3
    cards = list(vobject.readComponents(out.read_text(encoding="utf-8")))
    assert len(cards) == 3
    ana = next(c for c in cards if c.fn.value == "Ana Maria Silva")
    assert ana.version.value == "4.0"
    assert ana.bday.value == "--0517"
    related = {r.value: r.params.get("TYPE") for r in ana.contents["related"]}
    assert related["Lena"] == ["child"]
    assert related["Marco Silva"] == ["spouse"]
    assert [t.value for t in ana.contents["tel"]] == ["tel:+4915123456789", "tel:+49301234567"]
    assert ana.categories.value == ["Berlin", "Customers"]
    assert "Sailing on the Wannsee, most weekends." in ana.note.value


def test_vcard_export_of_chosen_contacts_only(store: Store, clock: FixedClock) -> None:
    first = add_contact(store, clock, NewContact("Ana", "Silva"))
    add_contact(store, clock, NewContact("Ben", "Okafor"))
    assert [c.name for c in contacts_for_export(store, [first])] == ["Ana Silva"]


def test_exported_files_are_owner_only_and_replace_atomically(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    add_contact(store, clock, NewContact("Ana", "Silva"))
    out = tmp_path / "contacts.vcf"
    out.write_text("old")
    out.chmod(0o644)
    export_to_file(store, clock, ExportFormat.VCARD, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").startswith("BEGIN:VCARD")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.vcf", "data"]  # no temp file


def test_export_into_a_missing_folder_says_so(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    with pytest.raises(Invalid, match="cannot write"):
        export_to_file(store, clock, ExportFormat.JSON, tmp_path / "nope" / "backup.json")


def test_long_lines_fold_at_75_octets_without_splitting_characters() -> None:
    line = "NOTE:" + "ü" * 100
    folded = fold(line)
    pieces = folded.split("\r\n ")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert "".join(pieces) == line


def test_calendar_has_follow_ups_chases_checkins_and_yearly_birthdays(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    fill_with_demo(store, clock.now(), 40, seed=4)
    out = tmp_path / "calls.ics"
    report = export_to_file(store, clock, ExportFormat.ICS, out)
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == report.items > 0
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    kinds = {uid.split("-")[0] for uid in uids}
    assert {"chase", "date", "family"} <= kinds
    birthdays = [e for e in events if "birthday" in str(e["SUMMARY"])]
    assert birthdays and all(e["RRULE"]["FREQ"] == ["YEARLY"] for e in birthdays)
    today = clock.now().astimezone(clock.zone()).date()
    for event in events:
        if str(event["UID"]).startswith("checkin-"):
            assert today <= event["DTSTART"].dt <= today + timedelta(days=60)


def test_calendar_uids_stay_the_same_across_exports(store: Store, clock: FixedClock) -> None:
    fill_with_demo(store, clock.now(), 30, seed=5)
    first = {e.uid: e.summary for e in calendar_entries(store, clock)}
    clock.advance(timedelta(days=1))
    second = {e.uid: e.summary for e in calendar_entries(store, clock)}
    common = set(first) & set(second)
    assert len(common) >= len(first) - 3
    assert all(first[uid] == second[uid] for uid in common)


def test_leap_day_birthday_falls_on_28_february_in_other_years(
    store: Store, clock: FixedClock
) -> None:
    import_file(store, clock, "apple_contacts.vcf")
    entry = next(
        e
        for e in calendar_entries(store, clock)
        if e.uid.startswith("date-") and "O’Connor" in e.summary
    )
    from callbook.interchange.ics_write import write_calendar

    event = next(
        iter(icalendar.Calendar.from_ical(write_calendar([entry], clock.now())).walk("VEVENT"))
    )
    assert event["DTSTART"].dt == date(1984, 2, 29)
    assert event["RRULE"]["BYMONTHDAY"] == [-1]


def test_json_backup_restores_everything_into_an_empty_folder(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    fill_with_demo(store, clock.now(), 40, seed=6)
    import_file(store, clock, "outlook_contacts.csv")
    document = backup_bytes(store, clock)
    parsed = json.loads(document)
    assert parsed["format"] == "callbook-backup"
    assert parsed["version"] == 1
    empty, _report = open_store(tmp_path / "fresh", clock.now())
    try:
        report = restore_json_backup(empty, document.decode())
        assert report.rows["contacts"] == 42
        assert backup_bytes(empty, clock) == document
    finally:
        empty.close()


def test_json_restore_refuses_a_folder_with_contacts(store: Store, clock: FixedClock) -> None:
    add_contact(store, clock, NewContact("Ana", "Silva"))
    document = backup_bytes(store, clock).decode()
    with pytest.raises(Invalid, match="already holds 1 contacts; a full backup restores only"):
        restore_json_backup(store, document)


def test_json_dry_run_restores_nothing(store: Store, clock: FixedClock, tmp_path: Path) -> None:
    add_contact(store, clock, NewContact("Ana", "Silva"))
    document = backup_bytes(store, clock).decode()
    empty, _report = open_store(tmp_path / "fresh", clock.now())
    try:
        assert restore_json_backup(empty, document, dry_run=True).rows["contacts"] == 1
        assert json.loads(backup_bytes(empty, clock))["tables"]["contacts"]["rows"] == []
    finally:
        empty.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=99), "newer than this Callbook reads"),
        (lambda d: d["tables"].update(holograms={"columns": [], "rows": []}), "table 'holograms'"),
        (lambda d: d["tables"]["contacts"]["columns"].append("aura"), "columns this Callbook"),
        (lambda d: d.update(format="something-else"), "not a Callbook backup"),
        (
            lambda d: d["tables"]["phones"]["rows"].append([999, 12345, "mobile", "+491", 0]),
            "does not hold together",
        ),
    ],
)
def test_damaged_or_newer_backups_are_refused_whole(
    store: Store, clock: FixedClock, tmp_path: Path, change: object, message: str
) -> None:
    add_contact(store, clock, NewContact("Ana", "Silva", phones=[("mobile", "+4915112345678")]))
    document = json.loads(backup_bytes(store, clock))
    assert callable(change)
    change(document)
    empty, _report = open_store(tmp_path / "fresh", clock.now())
    try:
        with pytest.raises(Invalid, match=message):
            restore_json_backup(empty, json.dumps(document))
        assert json.loads(backup_bytes(empty, clock))["tables"]["contacts"]["rows"] == []
    finally:
        empty.close()


def test_not_json_at_all_says_where(store: Store) -> None:
    with pytest.raises(Invalid, match="line 1, column 2"):
        restore_json_backup(store, "{oops")
