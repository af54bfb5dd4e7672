"""The first look at the database: Today straight from the file, or nothing when unsure."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from callbook.domain.clock import FixedClock
from callbook.paths import DATABASE_NAME
from callbook.services.contacts import NewContact, add_contact
from callbook.services.demo import fill_with_demo
from callbook.services.today import ranked_today, today_list, today_places, today_rows
from callbook.store.engine import Store
from callbook.store.first_look import first_look, has_contacts
from callbook.store.opening import open_store


def contact_count(store: Store) -> int:
    with store.reading() as reader:
        return reader.execute("SELECT count(*) FROM contacts").fetchone()[0]


@pytest.fixture
def demo_store(store: Store, clock: FixedClock) -> Store:
    """The test store with 60 demo contacts: someone is always due today."""
    fill_with_demo(store, clock.now(), 60, seed=3)
    return store


def test_today_from_the_first_look_is_todays_list_from_the_open_store(
    demo_store: Store, data_dir: Path, clock: FixedClock
) -> None:
    look = first_look(data_dir)
    assert look is not None
    try:
        places = today_places(look, clock.now(), clock.zone())
        assert places, "the demo always has someone due"
        assert places == ranked_today(demo_store, clock)
        ids = [place.contact_id for place in places[:10]]
        assert today_rows(look, clock.now(), clock.zone(), ids) == today_list(
            demo_store, clock, ids
        )
        assert has_contacts(look)
    finally:
        look.close()


def test_a_first_look_after_the_store_is_closed_sees_what_was_saved(
    data_dir: Path, clock: FixedClock
) -> None:
    # The real start: the last run closed the store, nothing of it is left open.
    opened, _report = open_store(data_dir, clock.now())
    fill_with_demo(opened, clock.now(), 60, seed=3)
    expected = ranked_today(opened, clock)
    opened.close()
    look = first_look(data_dir)
    assert look is not None
    try:
        assert today_places(look, clock.now(), clock.zone()) == expected
    finally:
        look.close()


def test_the_first_look_keeps_one_snapshot_while_the_store_writes(
    store: Store, data_dir: Path, clock: FixedClock
) -> None:
    look = first_look(data_dir)
    assert look is not None
    try:
        assert not has_contacts(look)
        add_contact(store, clock, NewContact("Ana", "Silva"))
        # Places and the rows built later as the rep scrolls come from the same moment.
        assert not has_contacts(look)
    finally:
        look.close()
    fresh = first_look(data_dir)
    assert fresh is not None
    try:
        assert has_contacts(fresh)
    finally:
        fresh.close()


def test_has_contacts_tells_an_empty_call_book_from_one_with_people(
    store: Store, data_dir: Path, clock: FixedClock
) -> None:
    empty = first_look(data_dir)
    assert empty is not None
    try:
        assert not has_contacts(empty)
        assert today_places(empty, clock.now(), clock.zone()) == []
    finally:
        empty.close()
    add_contact(store, clock, NewContact("Kenji", "Tanaka", company="Initech"))
    filled = first_look(data_dir)
    assert filled is not None
    try:
        assert has_contacts(filled)
    finally:
        filled.close()


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO contacts (first_name) VALUES ('Mallory')",
        "DELETE FROM contacts",
        "UPDATE contacts SET first_name = 'Changed'",
        "DROP TABLE contacts",
        "UPDATE alembic_version SET version_num = '0001'",
    ],
)
def test_nothing_can_be_written_through_the_first_look(
    demo_store: Store, data_dir: Path, clock: FixedClock, statement: str
) -> None:
    before = contact_count(demo_store)
    today_before = ranked_today(demo_store, clock)
    look = first_look(data_dir)
    assert look is not None
    try:
        with pytest.raises(sqlite3.OperationalError):
            look.execute(statement)
        # Nor once its snapshot is let go: the connection itself cannot write.
        if look.in_transaction:
            look.execute("COMMIT")
        with pytest.raises(sqlite3.OperationalError):
            look.execute(statement)
    finally:
        look.close()
    assert contact_count(demo_store) == before
    assert ranked_today(demo_store, clock) == today_before
    again = first_look(data_dir)
    assert again is not None, "the database is still at the newest schema"
    again.close()


def _no_file(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)


def _zero_bytes(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DATABASE_NAME).write_bytes(b"")


def _random_bytes(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DATABASE_NAME).write_bytes(os.urandom(64 * 1024))


def _sqlite_header_then_garbage(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DATABASE_NAME).write_bytes(b"SQLite format 3\x00" + os.urandom(64 * 1024))


def _a_folder_in_its_place(folder: Path) -> None:
    (folder / DATABASE_NAME).mkdir(parents=True)


CASES: dict[str, Callable[[Path], None]] = {
    "no file": _no_file,
    "zero bytes": _zero_bytes,
    "random bytes": _random_bytes,
    "SQLite header, then garbage": _sqlite_header_then_garbage,
    "a folder where the file should be": _a_folder_in_its_place,
}


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_no_first_look_at_something_that_is_not_a_call_book(
    data_dir: Path, make: Callable[[Path], None]
) -> None:
    make(data_dir)
    assert first_look(data_dir) is None


def test_no_first_look_when_the_data_folder_does_not_exist(data_dir: Path) -> None:
    assert not data_dir.exists()
    assert first_look(data_dir) is None
    assert not data_dir.exists(), "a look creates nothing"


def test_no_first_look_at_a_database_at_an_older_schema(data_dir: Path, clock: FixedClock) -> None:
    opened, _report = open_store(data_dir, clock.now())
    fill_with_demo(opened, clock.now(), 20, seed=3)
    opened.close()
    with sqlite3.connect(data_dir / DATABASE_NAME) as plain:
        plain.execute("UPDATE alembic_version SET version_num = '0004'")
    plain.close()
    assert first_look(data_dir) is None
    # Nothing was changed by looking: the full opening still finds the old revision.
    with sqlite3.connect(data_dir / DATABASE_NAME) as plain:
        assert plain.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)
    plain.close()


def test_no_first_look_at_a_database_without_a_schema_revision(
    data_dir: Path, clock: FixedClock
) -> None:
    opened, _report = open_store(data_dir, clock.now())
    opened.close()
    with sqlite3.connect(data_dir / DATABASE_NAME) as plain:
        plain.execute("DELETE FROM alembic_version")
    plain.close()
    assert first_look(data_dir) is None


def test_no_first_look_at_a_file_that_looks_encrypted(
    demo_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    # An encrypted call book starts with a random salt where SQLite writes its name.
    demo_store.close()
    elsewhere = tmp_path / "encrypted"
    elsewhere.mkdir()
    copy = elsewhere / DATABASE_NAME
    shutil.copyfile(data_dir / DATABASE_NAME, copy)
    data = bytearray(copy.read_bytes())
    data[:16] = os.urandom(16)
    copy.write_bytes(bytes(data))
    assert first_look(elsewhere) is None


@pytest.mark.slow
def test_no_first_look_at_an_encrypted_call_book(
    demo_store: Store, data_dir: Path, clock: FixedClock
) -> None:
    pytest.importorskip("sqlcipher3", reason="SQLCipher is not installed")
    from callbook.services.encryption import turn_on_encryption

    secret = "correct horse battery"
    turn_on_encryption(demo_store, clock, secret, secret)
    assert first_look(data_dir) is None


def test_no_first_look_at_a_database_out_of_wal_mode(data_dir: Path, clock: FixedClock) -> None:
    # A backup copied into place by hand is in rollback-journal mode: a read held open
    # there would block the opening's switch to WAL, so the store is opened in full first.
    opened, _report = open_store(data_dir, clock.now())
    fill_with_demo(opened, clock.now(), 20, seed=5)
    opened.close()
    with sqlite3.connect(data_dir / DATABASE_NAME) as plain:
        assert plain.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
    assert first_look(data_dir) is None
    reopened, _report = open_store(data_dir, clock.now())
    try:
        assert contact_count(reopened) == 20
    finally:
        reopened.close()
