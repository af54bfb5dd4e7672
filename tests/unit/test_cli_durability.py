"""The terminal's backup, restore and erase commands, and what they say when things go wrong."""

from __future__ import annotations

import io
import random
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from callbook.cli import main
from callbook.domain.clock import FixedClock
from callbook.paths import DATABASE_NAME


def run(clock: FixedClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), clock=clock, out=out)
    return code, out.getvalue()


def names_in(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT first_name FROM contacts ORDER BY id").fetchall()
    connection.close()
    return [r[0] for r in rows]


@pytest.fixture
def folder(tmp_path: Path, clock: FixedClock) -> Path:
    data = tmp_path / "data"
    code, out = run(clock, "demo", "--contacts", "12", "--seed", "2", "--data-dir", str(data))
    assert code == 0, out
    return data


def test_backup_to_a_file_then_restore_it(
    folder: Path, clock: FixedClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "monday.sqlite3"
    code, out = run(clock, "backup", "-o", str(target), "--data-dir", str(folder))
    assert code == 0
    assert out.startswith(f"Backed up to {target} (")
    before = names_in(folder / DATABASE_NAME)

    logged = ("log", "#1", "--outcome", "connected", "--purpose", "checkin")
    code, _ = run(clock, *logged, "--data-dir", str(folder))
    assert code == 0
    with sqlite3.connect(folder / DATABASE_NAME) as db:
        db.execute("DELETE FROM contacts WHERE id = 2")
    db.close()

    clock.advance(timedelta(minutes=2))
    code, out = run(clock, "restore", str(target), "--data-dir", str(folder))
    assert code == 0, capsys.readouterr().err
    assert out.startswith("Restored 12 contacts and ")
    assert "to undo: callbook restore " in out
    assert names_in(folder / DATABASE_NAME) == before

    code, listing = run(clock, "backup", "--list", "--data-dir", str(folder))
    assert code == 0
    assert "before a restore" in listing and "daily" in listing


def test_restoring_a_bad_file_says_nothing_was_restored(
    folder: Path, clock: FixedClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "contacts.csv"
    bad.write_text("name,phone\nAna,+4930123\n", encoding="utf-8")
    before = (folder / DATABASE_NAME).read_bytes()
    code, _ = run(clock, "restore", str(bad), "--data-dir", str(folder))
    assert code == 1
    assert capsys.readouterr().err.strip() == (
        f"callbook: nothing was restored: {bad} is not a usable backup: "
        "the file does not start like an SQLite database"
    )
    assert (folder / DATABASE_NAME).read_bytes() == before


def test_a_damaged_database_is_named_with_the_way_back(
    folder: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    run(clock, "today", "--data-dir", str(folder))  # takes the daily backup
    database = folder / DATABASE_NAME
    data = bytearray(database.read_bytes())
    chance = random.Random(4)
    for _ in range(60):
        data[chance.randrange(100, len(data))] ^= 0xFF
    database.write_bytes(bytes(data))

    code, _ = run(clock, "today", "--data-dir", str(folder))
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"callbook: the database {database} is damaged")
    assert "Nothing was written to it" in err
    restore_line = err.split("restore it with: ")[1].strip()
    assert restore_line.startswith("callbook restore ")

    code, out = run(clock, *restore_line.split()[1:], "--data-dir", str(folder))
    assert code == 0, capsys.readouterr().err
    assert "The damaged database is kept aside as " in out
    code, out = run(clock, "today", "--data-dir", str(folder))
    assert code == 0
    assert len(names_in(database)) == 12


def test_backup_to_a_full_disk_says_so(
    folder: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    code, _ = run(clock, "backup", "-o", "/dev/full", "--data-dir", str(folder))
    assert code == 1
    assert capsys.readouterr().err.strip() == (
        "callbook: could not write the backup to /dev/full: no space left on device"
    )
    assert len(names_in(folder / DATABASE_NAME)) == 12


def test_erase_asks_for_yes_then_erases(
    folder: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    name = names_in(folder / DATABASE_NAME)[0]
    code, _ = run(clock, "erase", "#1", "--data-dir", str(folder))
    assert code == 1
    err = capsys.readouterr().err
    assert "cannot be undone; add --yes to confirm" in err
    assert name in names_in(folder / DATABASE_NAME)

    code, out = run(clock, "erase", "#1", "--yes", "--data-dir", str(folder))
    assert code == 0, capsys.readouterr().err
    assert out.startswith("Erased ")
    assert "Cleaned 1 backup that held them." in out
    assert len(names_in(folder / DATABASE_NAME)) == 11
    code, _ = run(clock, "erase", "#1", "--yes", "--data-dir", str(folder))
    assert code == 1
    assert "no contact has the id #1" in capsys.readouterr().err
