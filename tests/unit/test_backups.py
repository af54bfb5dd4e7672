"""Rolling backups, the health check at start, and restoring a backup."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import sys
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from callbook.domain.clock import FixedClock
from callbook.domain.retention import BackupReason
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.paths import DATABASE_NAME
from callbook.services.backups import (
    BackupError,
    RestoreRefused,
    back_up_before_import,
    back_up_now,
    backups_of,
    check_backup,
    newest_backup,
    restore_from,
)
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.contacts import NewContact, add_contact
from callbook.services.demo import fill_with_demo
from callbook.store.backup import BACKUPS_FOLDER, damage_found, list_backups
from callbook.store.engine import Store
from callbook.store.opening import DamagedDatabase, open_store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names_in(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT first_name FROM contacts ORDER BY id").fetchall()
    connection.close()
    return [r[0] for r in rows]


def reopen(folder: Path, clock: FixedClock) -> Store:
    store, _report = open_store(folder, clock.now(), clock.zone())
    return store


@pytest.fixture
def filled(data_dir: Path, clock: FixedClock) -> Path:
    """A data folder whose database holds two contacts and a call, closed."""
    store = reopen(data_dir, clock)
    ana = add_contact(store, clock, NewContact("Ana", "Silva", notes="sails on Sundays"))
    add_contact(store, clock, NewContact("Mike", "Rowe"))
    log_interaction(store, clock, LogEntry(ana, Outcome.CONNECTED, Purpose.CHECKIN))
    store.close()
    return data_dir


def flip_bytes(path: Path, count: int, seed: int, skip_header: bool = True) -> None:
    """Flip `count` random bytes in `path` (the page-1 header left alone when asked)."""
    data = bytearray(path.read_bytes())
    chance = random.Random(seed)
    start = 100 if skip_header else 0
    for _ in range(count):
        at = chance.randrange(start, len(data))
        data[at] ^= chance.randrange(1, 256)
    path.write_bytes(bytes(data))


# --- rolling backups ---------------------------------------------------------------------


def test_a_fresh_store_takes_no_backup(store: Store, data_dir: Path) -> None:
    assert list_backups(data_dir / BACKUPS_FOLDER) == []


def test_start_takes_one_daily_backup_a_day(filled: Path, clock: FixedClock) -> None:
    store, report = open_store(filled, clock.now(), clock.zone())
    store.close()
    assert report.daily_backup is not None
    assert names_in(report.daily_backup) == ["Ana", "Mike"]
    assert mode(report.daily_backup) == 0o600
    assert mode(filled / BACKUPS_FOLDER) == 0o700
    with sqlite3.connect(report.daily_backup) as copy:
        # A standalone file, not a WAL database needing a side file.
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()

    clock.advance(timedelta(hours=3))
    store, again = open_store(filled, clock.now(), clock.zone())
    store.close()
    assert again.daily_backup is None
    clock.advance(timedelta(days=1))
    store, next_day = open_store(filled, clock.now(), clock.zone())
    store.close()
    assert next_day.daily_backup is not None
    assert len(list_backups(filled / BACKUPS_FOLDER)) == 2


def test_sixty_days_of_starts_keep_about_eleven_backups(filled: Path, clock: FixedClock) -> None:
    for _ in range(60):
        store, _report = open_store(filled, clock.now(), clock.zone())
        store.close()
        clock.advance(timedelta(days=1))
    backups = list_backups(filled / BACKUPS_FOLDER)
    assert 7 <= len(backups) <= 7 + 4
    newest = max(b.taken_at for b in backups)
    assert newest == clock.now() - timedelta(days=1)
    # More than a month back is still there, by its week.
    assert min(b.taken_at for b in backups) <= newest - timedelta(days=31)


def test_a_backup_before_an_import_is_rolling_and_checked(filled: Path, clock: FixedClock) -> None:
    store = reopen(filled, clock)
    clock.advance(timedelta(minutes=5))
    path = back_up_before_import(store, clock)
    store.close()
    assert names_in(path) == ["Ana", "Mike"]
    rows = backups_of(filled)
    assert [r.why for r in rows] == ["before an import", "daily"]
    assert rows[0].size_bytes > 0


def test_backup_to_a_file_of_the_reps_choosing(
    filled: Path, clock: FixedClock, tmp_path: Path
) -> None:
    store = reopen(filled, clock)
    target = tmp_path / "usb" / "callbook-copy.sqlite3"
    with pytest.raises(BackupError, match="does not exist"):
        back_up_now(store, clock, target)
    target.parent.mkdir()
    assert back_up_now(store, clock, target) == target
    with pytest.raises(BackupError, match="over the database itself"):
        back_up_now(store, clock, store.path)
    store.close()
    assert names_in(target) == ["Ana", "Mike"]
    assert mode(target) == 0o600
    assert not list(target.parent.glob("*.partial"))


def test_a_backup_to_a_full_disk_says_so_and_leaves_the_database_alone(
    filled: Path, clock: FixedClock
) -> None:
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("this system has no /dev/full")
    store = reopen(filled, clock)
    with pytest.raises(BackupError, match="no space left on device"):
        back_up_now(store, clock, full)
    add_contact(store, clock, NewContact("Lena", "Berg"))
    store.close()
    assert damage_found(filled / DATABASE_NAME) is None
    assert names_in(filled / DATABASE_NAME) == ["Ana", "Mike", "Lena"]
    assert not list(filled.glob("*.outgoing"))


def test_manual_backups_stay_and_are_never_pruned(filled: Path, clock: FixedClock) -> None:
    store = reopen(filled, clock)
    manual = back_up_now(store, clock)
    store.close()
    for _ in range(30):
        clock.advance(timedelta(days=1))
        reopen(filled, clock).close()
    assert manual.exists()
    assert "taken by hand" in [r.why for r in backups_of(filled)]


# --- the check at start --------------------------------------------------------------------


@pytest.fixture
def demo_filled(data_dir: Path, clock: FixedClock) -> Path:
    """A data folder with a realistic database (demo contacts and their history), closed."""
    store = reopen(data_dir, clock)
    fill_with_demo(store, clock.now(), 40, 3)
    store.close()
    reopen(data_dir, clock).close()  # leaves a daily backup to offer
    return data_dir


@pytest.mark.parametrize("seed", range(6))
def test_a_database_with_random_bytes_flipped_is_caught_at_start(
    demo_filled: Path, clock: FixedClock, seed: int
) -> None:
    database = demo_filled / DATABASE_NAME
    flip_bytes(database, 40, seed, skip_header=seed % 2 == 0)
    damaged = database.read_bytes()
    with pytest.raises(DamagedDatabase) as caught:
        open_store(demo_filled, clock.now(), clock.zone())
    message = str(caught.value)
    assert "is damaged" in message and "Nothing was written to it" in message
    assert caught.value.newest_backup is not None
    assert f"callbook restore {caught.value.newest_backup.path}" in message
    # Never written to: byte for byte what it was, and no WAL folded into it.
    assert database.read_bytes() == damaged


def test_a_damaged_database_without_backups_says_so(data_dir: Path, clock: FixedClock) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / DATABASE_NAME).write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    with pytest.raises(DamagedDatabase, match="No good backup was found"):
        open_store(data_dir, clock.now(), clock.zone())


# --- restore -------------------------------------------------------------------------------


def test_restore_puts_the_backup_back_and_keeps_the_current_database(
    filled: Path, clock: FixedClock
) -> None:
    store = reopen(filled, clock)
    snapshot = back_up_now(store, clock)
    add_contact(store, clock, NewContact("Lena", "Berg"))
    store.close()
    clock.advance(timedelta(minutes=1))

    summary = restore_from(filled, snapshot, clock)
    assert (summary.contacts, summary.interactions) == (2, 1)
    assert summary.previous_backup is not None
    assert names_in(summary.previous_backup) == ["Ana", "Mike", "Lena"]
    assert not (filled / (DATABASE_NAME + "-wal")).exists()

    store = reopen(filled, clock)
    add_contact(store, clock, NewContact("Omar", "Haddad"))
    store.close()
    assert names_in(filled / DATABASE_NAME) == ["Ana", "Mike", "Omar"]
    assert mode(filled / DATABASE_NAME) == 0o600
    assert damage_found(filled / DATABASE_NAME) is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"name,phone\nAna,123\n", "does not start like an SQLite database"),
        (None, "not a Callbook database"),
        ("flipped", "not a usable backup"),
        ("newer", "newer Callbook"),
    ],
)
def test_restoring_a_bad_file_is_refused_and_changes_nothing(
    filled: Path, clock: FixedClock, tmp_path: Path, content: bytes | str | None, message: str
) -> None:
    bad = tmp_path / "bad.sqlite3"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    elif content is None:
        with sqlite3.connect(bad) as other:
            other.execute("CREATE TABLE recipes (name TEXT)")
        other.close()
    else:
        store = reopen(filled, clock)
        back_up_now(store, clock, bad)
        store.close()
        if content == "flipped":
            flip_bytes(bad, 200, 3)
        else:
            with sqlite3.connect(bad) as other:
                other.execute("UPDATE alembic_version SET version_num = '9999'")
            other.close()
    database = filled / DATABASE_NAME
    before = database.read_bytes()
    backups_before = [b.path.name for b in list_backups(filled / BACKUPS_FOLDER)]
    with pytest.raises(RestoreRefused, match=message):
        restore_from(filled, bad, clock)
    assert database.read_bytes() == before
    assert [b.path.name for b in list_backups(filled / BACKUPS_FOLDER)] == backups_before
    assert sorted(p.name for p in filled.iterdir() if "restoring" in p.name) == []


def test_restore_refuses_a_missing_file_and_the_database_itself(
    filled: Path, clock: FixedClock, tmp_path: Path
) -> None:
    with pytest.raises(RestoreRefused, match="is not a file"):
        restore_from(filled, tmp_path / "nowhere.sqlite3", clock)
    with pytest.raises(RestoreRefused, match="database in use"):
        restore_from(filled, filled / DATABASE_NAME, clock)


def test_restore_refuses_while_another_window_has_the_database_open(
    filled: Path, clock: FixedClock
) -> None:
    store = reopen(filled, clock)
    snapshot = back_up_now(store, clock)
    add_contact(store, clock, NewContact("Lena", "Berg"))
    with store.read() as session:
        session.connection()  # a window holding its connection
        with pytest.raises(RestoreRefused, match="in use by another Callbook window"):
            restore_from(filled, snapshot, clock)
    store.close()
    assert names_in(filled / DATABASE_NAME) == ["Ana", "Mike", "Lena"]


def test_a_damaged_database_is_kept_aside_when_the_newest_backup_comes_back(
    filled: Path, clock: FixedClock
) -> None:
    reopen(filled, clock).close()
    database = filled / DATABASE_NAME
    flip_bytes(database, 40, 11)
    damaged = database.read_bytes()
    with pytest.raises(DamagedDatabase):
        open_store(filled, clock.now(), clock.zone())
    newest = newest_backup(filled)
    assert newest is not None
    summary = restore_from(filled, newest.path, clock)
    assert summary.damaged_kept_at is not None
    assert summary.damaged_kept_at.read_bytes() == damaged
    assert summary.previous_backup is None
    store = reopen(filled, clock)
    store.close()
    assert names_in(database) == ["Ana", "Mike"]


def test_check_backup_reads_without_changing(filled: Path, clock: FixedClock) -> None:
    store = reopen(filled, clock)
    path = back_up_now(store, clock)
    store.close()
    before = path.read_bytes()
    summary = check_backup(path)
    assert (summary.contacts, summary.interactions) == (2, 1)
    assert path.read_bytes() == before


def test_a_backup_reason_is_in_the_file_name(filled: Path, clock: FixedClock) -> None:
    store = reopen(filled, clock)
    path = back_up_now(store, clock)
    store.close()
    assert path.name.endswith(f"-{BackupReason.MANUAL.value}.sqlite3")


def test_an_import_takes_a_rolling_backup_first(filled: Path, clock: FixedClock) -> None:
    from callbook.interchange.files import read_contacts
    from callbook.services.interchange import import_contacts

    store = reopen(filled, clock)
    clock.advance(timedelta(minutes=1))
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Berg;Lena;;;\r\nFN:Lena Berg\r\nEND:VCARD\r\n"
    result = read_contacts(Path("lena.vcf"), card, "DE")
    import_contacts(store, clock, result, "DE")
    store.close()
    newest = backups_of(filled)[0]
    assert newest.why == "before an import"
    assert names_in(newest.path) == ["Ana", "Mike"]
    assert names_in(filled / DATABASE_NAME) == ["Ana", "Mike", "Lena"]


def test_copies_cut_short_by_a_crash_are_cleared_at_start(filled: Path, clock: FixedClock) -> None:
    stale = filled / (DATABASE_NAME + ".restoring")
    stale.write_bytes(b"half a copy")
    fresh = filled / (DATABASE_NAME + ".restoring-now")
    hour_ago = clock.now().timestamp() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    # What a backup and an encryption switch killed a moment ago leave.
    converting = filled / (DATABASE_NAME + ".converting")
    backups = filled / BACKUPS_FOLDER
    backups.mkdir()
    partial = backups / "callbook-20261123T150000000000Z-manual.sqlite3.partial"
    cut_short = [
        converting,
        partial,
        partial.with_name(partial.name + "-journal"),
        backups / "callbook-20261123T150000000000Z-daily.sqlite3.converting",
    ]
    for path in [fresh, *cut_short]:
        path.write_bytes(b"being written a moment ago")
    reopen(filled, clock).close()
    assert not stale.exists()
    assert [p.name for p in cut_short if p.exists()] == []
    assert fresh.exists()


def test_what_another_writer_is_writing_is_left_alone_at_start(
    filled: Path, clock: FixedClock
) -> None:
    from callbook.store.backup import backups_held
    from callbook.store.writer import WriterLock

    reopen(filled, clock).close()  # today's backup, so starts below take none
    converting = filled / (DATABASE_NAME + ".converting")
    converting.write_bytes(b"an encryption switch at work")
    partial = filled / BACKUPS_FOLDER / "callbook-20261123T150000000000Z-manual.sqlite3.partial"
    partial.write_bytes(b"a backup at work")
    with WriterLock(filled / DATABASE_NAME).held():
        store = reopen(filled, clock)
    store.close()
    assert converting.exists() and partial.exists()
    with backups_held(filled / BACKUPS_FOLDER):
        store = reopen(filled, clock)
    store.close()
    assert not converting.exists()
    assert partial.exists()
    reopen(filled, clock).close()
    assert not partial.exists()


# Every call of these is a point where `callbook backup` is killed in turn.
BACKUP_STEPS = (
    "callbook.store.backup:connect",
    "callbook.store.backup:flush_to_disk",
    "callbook.store.backup:prune_backups",
    "pathlib:Path.replace",
    "pathlib:Path.unlink",
)


@pytest.mark.slow
def test_a_backup_killed_at_any_step_leaves_nothing_behind(
    filled: Path, clock: FixedClock, tmp_path: Path
) -> None:
    import shutil

    from kill_at_step import run_until, steps_of

    # Today's backups (the fixed clock's day and the real one), so the killed run is the
    # manual backup alone.
    reopen(filled, clock).close()
    assert run_until(0, BACKUP_STEPS, filled, "today").code == 0
    pristine = tmp_path / "pristine"
    shutil.copytree(filled, pristine)
    steps = steps_of(BACKUP_STEPS, filled, "backup")
    assert steps.count("pathlib:Path.replace") == 1 and len(steps) >= 7, steps
    for kill_at in range(1, len(steps) + 1):
        folder = tmp_path / f"killed-{kill_at}"
        shutil.copytree(pristine, folder)
        assert run_until(kill_at, BACKUP_STEPS, folder, "backup").killed, kill_at
        backups = folder / BACKUPS_FOLDER
        after_kill = {p.name for p in backups.iterdir()}
        # The next start clears what the kill left.
        reopen(folder, clock).close()
        left = sorted(p.name for p in backups.iterdir() if ".sqlite3." in p.name)
        assert left == [], f"killed at step {kill_at} ({steps[kill_at - 1]}): {left}"
        rows = backups_of(folder)
        assert [r.why for r in rows] in (["daily"] * 2, ["taken by hand", *["daily"] * 2]), (
            after_kill
        )
        for row in rows:
            assert damage_found(row.path) is None
            assert names_in(row.path) == ["Ana", "Mike"]
        assert names_in(folder / DATABASE_NAME) == ["Ana", "Mike"]
    print(f"{len(steps)} kill points: {steps}")


def test_an_old_sqlite_is_warned_about_at_start(
    data_dir: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import callbook.store.opening as opening

    monkeypatch.setattr(opening.sqlite3, "sqlite_version_info", (3, 51, 2))
    monkeypatch.setattr(opening.sqlite3, "sqlite_version", "3.51.2")
    with caplog.at_level("WARNING", logger="callbook.store.opening"):
        reopen(data_dir, clock).close()
    assert "SQLite 3.51.2 is older than 3.51.3 (WAL-reset bug)" in caplog.text
    caplog.clear()
    monkeypatch.setattr(opening.sqlite3, "sqlite_version_info", (3, 51, 3))
    with caplog.at_level("WARNING", logger="callbook.store.opening"):
        reopen(data_dir, clock).close()
    assert "WAL-reset" not in caplog.text


def test_two_backups_at_once_both_land_whole(
    store: Store, clock: FixedClock, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Today's backup runs behind the window while the rep may start an import, whose
    # own backup must neither fail nor delete the other's copy in progress.
    import threading
    import time

    from callbook.store import backup
    from callbook.store.backup import take_backup

    fill_with_demo(store, clock.now(), 40, seed=2)
    real_connect = backup.connect

    def slow_daily_copy(path: Path, key: str | None = None) -> sqlite3.Connection:
        # Today's copy is slow to write (a large book): the import's backup comes meanwhile.
        connection = real_connect(path, key)
        if "daily" in path.name and path.name.endswith(".partial"):
            time.sleep(0.5)
        return connection

    monkeypatch.setattr(backup, "connect", slow_daily_copy)
    folder = data_dir / "backups"
    taken: list[Path] = []
    failures: list[BaseException] = []

    def back_up(reason: BackupReason, minutes: int) -> None:
        try:
            at = clock.now() + timedelta(minutes=minutes)
            taken.append(take_backup(store.path, folder, at, reason, clock.zone()).path)
        except BaseException as error:
            failures.append(error)

    threads = [
        threading.Thread(target=back_up, args=(BackupReason.DAILY, 0)),
        threading.Thread(target=back_up, args=(BackupReason.BEFORE_IMPORT, 1)),
    ]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(taken) == 2 and all(path.exists() for path in taken)
    assert not list(folder.glob("*.partial"))
