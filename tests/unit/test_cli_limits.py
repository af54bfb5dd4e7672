"""Limits and plain words at the terminal: names taken literally, one line for what stops a
command (a full disk, a huge number, a closed pipe, bytes that are not UTF-8), exports that
never replace a link, a pipe or a device, and a data folder that is the rep's only."""

from __future__ import annotations

import errno
import io
import logging
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from callbook.cli import main
from callbook.domain.clock import FixedClock
from callbook.logs import log_to_folder
from callbook.paths import DATABASE_NAME
from callbook.services.contacts import NewContact, add_contact, find_by_name
from callbook.store.opening import open_store

LOG_A_VOICEMAIL = ("--outcome", "voicemail", "--purpose", "checkin")


def run(clock: FixedClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), clock=clock, out=out)
    return code, out.getvalue()


def callbook(
    *argv: str | bytes, stdout: int = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "callbook", *argv],
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )


def names_in(folder: Path) -> list[str]:
    with closing(sqlite3.connect(folder / DATABASE_NAME)) as db:
        rows = db.execute("SELECT first_name || ' ' || last_name FROM contacts ORDER BY id")
        return [r[0] for r in rows]


@pytest.fixture
def book(data_dir: Path, clock: FixedClock) -> Path:
    """A call book with names that look like LIKE patterns, and one that is not UTF-8 safe."""
    store, _ = open_store(data_dir, clock.now())
    for first, last, company in (
        ("Ana", "Nakamura", "Acme"),
        ("Joeanne", "Smith", "Globex"),
        ("Jo_Anne", "Smith", "Initech"),
        ("Liam", "O\\Brien", "100% Cotton"),
        ("Mia", "Obrien", "100 Cotton"),
    ):
        add_contact(store, clock, NewContact(first, last, company=company))
    store.close()
    return data_dir


# Names are matched as typed.


@pytest.mark.parametrize("command", ["erase", "log"])
def test_wildcards_in_a_name_do_not_pick_someone_else(
    clock: FixedClock, book: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    extra = ("--yes",) if command == "erase" else LOG_A_VOICEMAIL
    code, _ = run(clock, command, "A_a N%", *extra, "--data-dir", str(book))
    assert code == 1
    assert capsys.readouterr().err == "callbook: no contact is called 'A_a N%'\n"
    assert "Ana Nakamura" in names_in(book)


def test_underscore_percent_and_backslash_in_names_are_found_as_written(
    clock: FixedClock, book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, _ = open_store(book, clock.now())
    try:
        assert [m.name for m in find_by_name(store, "jo_anne")] == ["Jo_Anne Smith"]
        assert [m.name for m in find_by_name(store, "o\\b")] == ["Liam O\\Brien"]
        assert [m.company for m in find_by_name(store, "100%")] == ["100% Cotton"]
        assert find_by_name(store, "_") == []
    finally:
        store.close()
    code, out = run(clock, "log", "Jo_Anne", *LOG_A_VOICEMAIL, "--data-dir", str(book))
    assert code == 0, capsys.readouterr().err
    assert "for Jo_Anne Smith (#3)" in out


# One clear line, never a traceback.


@pytest.mark.parametrize("contact", ["99999999999999999999999", "#" + "9" * 5000])
def test_an_id_too_large_for_the_book_is_no_one(
    clock: FixedClock, book: Path, capsys: pytest.CaptureFixture[str], contact: str
) -> None:
    code, _ = run(clock, "log", contact, *LOG_A_VOICEMAIL, "--data-dir", str(book))
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("callbook: no contact has the id ")
    assert len(err.splitlines()) == 1


def test_an_argument_that_is_not_utf8_is_named_in_one_line(book: Path) -> None:
    done = callbook("log", b"Ana \xff", *LOG_A_VOICEMAIL, "--data-dir", str(book))
    assert done.returncode == 2
    assert done.stderr == (
        b"callbook: 'Ana \\xff' is not UTF-8 text; type it again, "
        b"or rename the file so its name is\n"
    )
    assert done.stdout == b""


def _without_reader(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """Run with stdout a pipe whose reader has gone, as `| head` does once it has its lines."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return callbook(*argv, stdout=write_end)
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "command",
    [("agenda", "--days", "30"), ("today",), ("import", "big", "--region", "US"), ("show", "1")],
)
def test_a_reader_that_goes_away_ends_the_command_quietly(
    clock: FixedClock, book: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    big = tmp_path / "big.vcf"
    big.write_text(
        "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEND:VCARD\r\n" for i in range(300))
    )
    argv = [str(big) if part == "big" else part for part in command]
    done = _without_reader(*argv, "--data-dir", str(book))
    assert done.returncode == 141
    assert done.stderr == b""


@pytest.fixture
def full_disk() -> Iterator[None]:
    """Every database connection opened from now on finds its disk full: SQLite's own
    SQLITE_FULL, as it says it when the file cannot grow a page more."""

    def cap(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(Engine, "connect", cap)
    yield
    event.remove(Engine, "connect", cap)


def test_demo_on_a_full_disk_says_so_and_adds_nothing(
    clock: FixedClock, book: Path, capsys: pytest.CaptureFixture[str], full_disk: None
) -> None:
    code, out = run(clock, "demo", "--contacts", "50", "--data-dir", str(book))
    assert code == 1
    assert out == ""
    assert capsys.readouterr().err == (
        "callbook: could not save: the disk is full; nothing of this change was saved\n"
    )
    assert len(names_in(book)) == 5


def test_erase_on_a_full_disk_says_what_was_done_and_what_was_not(
    clock: FixedClock,
    book: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(_database: object, _passphrase: str | None = None) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    # Deleting the rows fits; rewriting the whole file without them is what needs room.
    monkeypatch.setattr("callbook.services.erase.compact", full)
    code, _ = run(clock, "erase", "Ana Nakamura", "--yes", "--data-dir", str(book))
    assert code == 1
    assert capsys.readouterr().err == (
        "callbook: Ana Nakamura is erased, but the disk is full, so their words may stay in "
        "the call book's free space; Callbook finishes the erase at its next start\n"
    )
    assert "Ana Nakamura" not in names_in(book)


@pytest.fixture
def file_log() -> Iterator[None]:
    """The log handler a test sets up is taken away after it."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        root.removeHandler(handler)
        handler.close()


class FullDisk(io.TextIOWrapper):
    """A file on a disk with no room left."""

    def write(self, _text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_log_that_cannot_be_written_stays_off_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], file_log: None
) -> None:
    log_to_folder(tmp_path)
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler))
    before, handler.stream = handler.stream, FullDisk(io.BytesIO())
    try:
        logging.getLogger("callbook.test").warning("a line for a full disk")
    finally:
        handler.stream = before
    assert capsys.readouterr().err == ""


# Exports never replace what is at the path with a file.


def test_export_onto_a_link_is_refused_and_the_link_and_its_file_stay(
    clock: FixedClock, book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = tmp_path / "kept.vcf"
    kept.write_text("the rep's own file")
    link = tmp_path / "contacts.vcf"
    link.symlink_to(kept)
    code, _ = run(clock, "export", "--format", "vcard", "-o", str(link), "--data-dir", str(book))
    assert code == 1
    assert capsys.readouterr().err == (
        f"callbook: cannot write {link}: it is a symbolic link to {kept}; "
        "export to that file itself\n"
    )
    assert link.is_symlink()
    assert kept.read_text() == "the rep's own file"


def test_export_onto_a_full_disk_says_the_disk_is_full(
    clock: FixedClock,
    book: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(_path: Path, _data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("callbook.interchange.targets.write_private_file", full)
    target = tmp_path / "contacts.vcf"
    code, _ = run(clock, "export", "--format", "vcard", "-o", str(target), "--data-dir", str(book))
    assert code == 1
    assert capsys.readouterr().err == f"callbook: cannot write {target}: the disk is full\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_export_into_a_named_pipe_streams_through_it(
    clock: FixedClock, book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "contacts.vcf"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    code, out = run(clock, "export", "--format", "vcard", "-o", str(pipe), "--data-dir", str(book))
    reader.join(10)
    assert code == 0
    # The export may be the terminal's output itself: the report goes beside it.
    assert out == ""
    assert capsys.readouterr().err == f"Wrote 5 contacts to {pipe}.\n"
    assert received[0].count(b"BEGIN:VCARD") == 5
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_export_into_a_device_writes_to_it_and_leaves_it_a_device(
    clock: FixedClock, book: Path, tmp_path: Path
) -> None:
    # A null device of the test's own: were it replaced, no one else's /dev/null would be.
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (AttributeError, OSError):
        pytest.skip("making a device node needs root on Linux")
    code, _ = run(clock, "export", "--format", "ics", "-o", str(device), "--data-dir", str(book))
    assert code == 0
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert device.stat().st_rdev == os.makedev(1, 3)


# Every file in the data folder is the rep's only.


@pytest.fixture(params=[0o000, 0o022], ids=["umask 000", "umask 022"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def test_every_file_a_command_leaves_in_the_data_folder_is_owner_only(
    clock: FixedClock, data_dir: Path, umask: int, file_log: None
) -> None:
    assert run(clock, "demo", "--contacts", "10", "--data-dir", str(data_dir))[0] == 0
    assert run(clock, "backup", "--data-dir", str(data_dir))[0] == 0
    modes = {
        str(p.relative_to(data_dir)): stat.S_IMODE(p.stat().st_mode) for p in data_dir.rglob("*")
    }
    assert modes == {name: 0o700 if (data_dir / name).is_dir() else 0o600 for name in modes}


def test_the_log_stays_owner_only_when_it_is_rotated(
    tmp_path: Path, umask: int, file_log: None
) -> None:
    path = log_to_folder(tmp_path)
    for number in range(1_200):
        logging.getLogger("callbook.test").info("%04d %s", number, "x" * 1_000)
    rotated = sorted(p.name for p in tmp_path.iterdir())
    assert rotated == ["callbook.log", "callbook.log.1"]
    assert {stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()} == {0o600}
    assert path.stat().st_size < 300_000
