"""One book, many doors: one writer at a time, SQLite's lock kept, others' writes noticed."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from callbook.domain.clock import FixedClock
from callbook.domain.retention import BackupReason
from callbook.paths import DATABASE_NAME
from callbook.services.contacts import NewContact, add_contact
from callbook.services.encryption import encryption_state
from callbook.store.backup import BACKUPS_FOLDER, take_backup
from callbook.store.engine import Store, StoreError
from callbook.store.file_head import read_head
from callbook.store.first_look import first_look
from callbook.store.opening import DamagedDatabase, open_store
from callbook.store.writer import WriterLock, writer_file


def _hold_the_book(database: Path, held: object, release: object) -> None:
    with WriterLock(database).held():
        held.set()  # type: ignore[attr-defined]
        release.wait(30)  # type: ignore[attr-defined]


@pytest.fixture
def other_writer(store: Store) -> Iterator[tuple[object, object]]:
    """Another process holding the book's writer lock until `release` is set."""
    context = multiprocessing.get_context("spawn")
    held, release = context.Event(), context.Event()
    process = context.Process(target=_hold_the_book, args=(store.path, held, release))
    process.start()
    assert held.wait(30), "the other writer never took the lock"
    yield held, release
    release.set()
    process.join(30)


def names(store: Store) -> set[str]:
    with store.reading() as reader:
        return {row[0] for row in reader.execute("SELECT first_name FROM contacts")}


def test_a_second_writer_waits_for_the_first_instead_of_failing(
    store: Store, clock: FixedClock, other_writer: tuple[object, object]
) -> None:
    _held, release = other_writer
    done = threading.Event()
    failures: list[Exception] = []

    def save() -> None:
        try:
            add_contact(store, clock, NewContact(first_name="Ana"))
        except Exception as error:  # reported below
            failures.append(error)
        done.set()

    saving = threading.Thread(target=save)
    saving.start()
    # It cannot finish while the other process holds the book.
    assert not done.wait(0.3)
    release.set()  # type: ignore[attr-defined]
    saving.join(30)
    assert not failures
    assert "Ana" in names(store)


def test_a_writer_held_up_too_long_says_so_and_saves_nothing(
    store: Store, clock: FixedClock, other_writer: tuple[object, object]
) -> None:
    store.writer = WriterLock(store.path, wait_s=0.2)
    with pytest.raises(StoreError, match="another program is writing to the call book"):
        add_contact(store, clock, NewContact(first_name="Ana"))
    assert "Ana" not in names(store)


def test_the_writer_lock_file_is_owner_only_whatever_the_umask(
    store: Store, clock: FixedClock
) -> None:
    writer_file(store.path).unlink(missing_ok=True)
    before = os.umask(0)
    try:
        add_contact(store, clock, NewContact(first_name="Ana"))
    finally:
        os.umask(before)
    assert writer_file(store.path).stat().st_mode & 0o777 == 0o600


def test_what_another_program_wrote_is_noticed_and_our_own_writes_are_not(
    store: Store, clock: FixedClock
) -> None:
    assert store.outside_changes() is False  # the first look sets the mark
    add_contact(store, clock, NewContact(first_name="Own"))
    assert store.outside_changes() is False
    other, _report = open_store(store.path.parent, clock.now())
    try:
        add_contact(other, clock, NewContact(first_name="Terminal"))
    finally:
        other.close()
    assert store.outside_changes() is True
    assert store.outside_changes() is False


def test_a_terminal_write_just_before_one_of_ours_is_still_noticed(
    store: Store, clock: FixedClock
) -> None:
    store.outside_changes()
    other, _report = open_store(store.path.parent, clock.now())
    try:
        add_contact(other, clock, NewContact(first_name="Terminal"))
    finally:
        other.close()
    add_contact(store, clock, NewContact(first_name="Own"))
    assert store.outside_changes() is True


def locks_held_on(path: Path) -> list[str]:
    inode, pid = path.stat().st_ino, str(os.getpid())
    return [
        line
        for line in Path("/proc/locks").read_text().splitlines()
        if "->" not in line
        and line.split()[4] == pid
        and int(line.split()[5].split(":")[2]) == inode
    ]


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the kernel's lock table")
def test_the_window_start_keeps_sqlites_lock_on_the_book(data_dir: Path, clock: FixedClock) -> None:
    made, _report = open_store(data_dir, clock.now())
    add_contact(made, clock, NewContact(first_name="Ana"))
    made.close()
    database = data_dir / DATABASE_NAME
    # As the window starts: how the file begins is read, then the first look opens it...
    head = read_head(database)
    look = first_look(data_dir, head)
    assert look is not None
    assert locks_held_on(database), "the first look holds SQLite's shared lock"
    # ...and the store is opened, backed up and asked about encryption behind it.
    store, _report = open_store(data_dir, clock.now(), head=head, daily_backup=False)
    try:
        take_backup(
            store.path, data_dir / BACKUPS_FOLDER, clock.now(), BackupReason.DAILY, clock.zone()
        )
        assert encryption_state(data_dir, store).encrypted is False
        add_contact(store, clock, NewContact(first_name="Ben"))
        assert locks_held_on(database), "something in this process dropped SQLite's lock"
    finally:
        look.close()
        store.close()


def test_an_empty_file_where_a_book_was_is_damage_not_a_new_book(
    data_dir: Path, clock: FixedClock
) -> None:
    made, _report = open_store(data_dir, clock.now())
    add_contact(made, clock, NewContact(first_name="Ana"))
    take_backup(made.path, data_dir / BACKUPS_FOLDER, clock.now(), BackupReason.DAILY, clock.zone())
    made.close()
    (data_dir / DATABASE_NAME).write_bytes(b"")
    with pytest.raises(DamagedDatabase, match="the file is empty") as raised:
        open_store(data_dir, clock.now())
    assert raised.value.newest_backup is not None
    assert (data_dir / DATABASE_NAME).stat().st_size == 0


def test_an_empty_file_with_nothing_beside_it_is_a_new_book(
    data_dir: Path, clock: FixedClock
) -> None:
    data_dir.mkdir()
    (data_dir / DATABASE_NAME).write_bytes(b"")
    store, report = open_store(data_dir, clock.now())
    store.close()
    assert report.before is None


def damage_an_index_only(folder: Path, clock: FixedClock) -> None:
    """A book whose name index disagrees with its table: quick_check misses it."""
    made, _report = open_store(folder, clock.now())
    add_contact(made, clock, NewContact("Ana", "Zanzibarian"))
    made.close()
    database = folder / DATABASE_NAME
    with sqlite3.connect(database) as book:
        book.execute("PRAGMA journal_mode=DELETE")
        root = book.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_contacts_name'"
        ).fetchone()[0]
        size = book.execute("PRAGMA page_size").fetchone()[0]
    book.close()
    content = bytearray(database.read_bytes())
    page = slice((root - 1) * size, root * size)
    at = bytes(content[page]).index(b"Zanzibarian")
    # The last letter moves on by one: the index stays in order, but names no row.
    content[(root - 1) * size + at + len("Zanzibaria")] = ord("o")
    database.write_bytes(bytes(content))


def test_the_window_opens_a_book_only_after_the_thorough_check(
    data_dir: Path, clock: FixedClock
) -> None:
    damage_an_index_only(data_dir, clock)
    quick, _report = open_store(data_dir, clock.now())  # what a terminal command checks
    quick.close()
    damage_an_index_only(data_dir.with_name("again"), clock)
    with pytest.raises(DamagedDatabase, match="missing from index"):
        open_store(data_dir.with_name("again"), clock.now(), thorough=True)


def test_bulk_rows_are_written_as_ours_and_under_the_writer_lock(
    store: Store, clock: FixedClock, other_writer: tuple[object, object]
) -> None:
    from callbook.services.demo import fill_with_demo

    _held, release = other_writer
    store.outside_changes()
    done = threading.Event()
    filling = threading.Thread(target=lambda: (fill_with_demo(store, clock.now(), 5), done.set()))
    filling.start()
    # Demo data waits for the other writer like any save...
    assert not done.wait(0.3)
    release.set()  # type: ignore[attr-defined]
    filling.join(60)
    assert done.is_set()
    # ...and the window does not take its own rows for another program's.
    assert store.outside_changes() is False
    assert len(names(store)) == 5
