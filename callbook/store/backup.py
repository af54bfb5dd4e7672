"""Copies of the live database made with SQLite's online backup API, never a file copy."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from callbook.domain.retention import (
    BackupReason,
    BackupTaken,
    backup_name,
    backups_to_prune,
    parse_backup_name,
)
from callbook.paths import FILE_MODE, FOLDER_MODE, flush_to_disk
from callbook.store.cipher import connect, convert_checked, database_errors, key_for
from callbook.store.engine import StoreError
from callbook.store.file_head import FileHead, is_encrypted, read_head
from callbook.store.writer import WAIT_S, WriterLock, WriterTimeout

log = logging.getLogger(__name__)

BACKUPS_FOLDER = "backups"
# A copy being written, and the files SQLite keeps beside it meanwhile.
UNFINISHED_SUFFIXES = (".partial", ".converting")
_SIDE_FILES = ("", "-journal", "-wal", "-shm")
# What SQLite answers for a damaged file, as opposed to one it could not read just now.
_DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


class BackupError(Exception):
    """A backup could not be written or did not check out."""


@dataclass(frozen=True)
class BackupFile:
    """A backup in the rolling folder: where it is, when it was taken and why."""

    path: Path
    taken: BackupTaken

    @property
    def taken_at(self) -> datetime:
        """When it was taken (UTC)."""
        return self.taken.taken_at

    @property
    def reason(self) -> BackupReason:
        """Why it was taken."""
        return self.taken.reason


@contextmanager
def read_only(path: Path, passphrase: str | None = None) -> Iterator[Any]:
    """A connection that cannot write to `path`, nor checkpoint its WAL into it on close.

    An encrypted file is opened with `passphrase`; a plain one without, whatever is given.
    """
    connection = connect(path, key_for(path, passphrase), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


def damage_found(
    path: Path,
    passphrase: str | None = None,
    head: FileHead | None = None,
    thorough: bool = False,
) -> str | None:
    """What `PRAGMA quick_check` finds wrong with the database at `path`; None when healthy.

    `thorough` runs `integrity_check` instead, which also compares every index with its
    table: about three times the time, and about three times the damage found (of 120
    random bit flips in a demo book, quick_check caught 17 and integrity_check 58).

    `head` is how the file began, read before this process opened it (see file_head);
    without it the file is read now. The file is opened read-only, so a damaged database
    is never written to. A check that cannot run at all (no permission, no space for its
    lock file) raises sqlite3.Error.
    """
    head = head if head is not None else read_head(path)
    if head is None or head.empty:
        return "the file is empty"
    if not head.plain and (passphrase is None or not head.encrypted_shape):
        return "the file does not start like an SQLite database"
    try:
        return _check(path, None if head.plain else passphrase, thorough)
    except database_errors() as error:
        if (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF in _DAMAGE_CODES:
            return str(error)
        # Busy, out of space, no permission: the check could not run, which is not damage.
        raise


def _check(path: Path, key: str | None, thorough: bool) -> str | None:
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        with closing(connect(path, key, read_only=True)) as connection:
            # The report may quote damaged bytes that are not valid UTF-8.
            connection.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
            rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except UnicodeDecodeError:
        # SQLite's own message quoted damaged bytes of the schema.
        return "the database schema is unreadable"
    # The report opens with a '*** in database main ***' heading before the problems.
    problems = [str(r[0]) for r in rows if r[0] != "ok" and not str(r[0]).startswith("***")]
    if not problems and any(r[0] != "ok" for r in rows):
        problems = [str(rows[0][0])]
    if not problems:
        return None
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return problems[0] + more


def backup_database(source: Path, target: Path, key: str | None = None) -> Path:
    """Copy the live database `source` into `target` (0600) through a temp file, checked.

    `key` is the source's own: None for a plain book (the open store knows; the file is
    not read here, see file_head). A target that is not a regular file (a pipe, a device)
    gets the bytes of a checked copy.
    """
    if target.exists() and not target.is_file():
        return _backup_to_stream(source, target, key)
    failures: tuple[type[Exception], ...] = (OSError, *database_errors())
    partial = target.with_name(target.name + ".partial")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
        os.close(fd)
        # An encrypted database is copied encrypted, with the same key: never in the clear.
        with closing(connect(source, key)) as live, closing(connect(partial, key)) as copy:
            # The copy is thrown away if cut short, so it needs no journal of its own.
            copy.execute("PRAGMA journal_mode=OFF")
            live.backup(copy)
            # The copy is a standalone file: no WAL beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"the backup {target.name} failed its check: {verdict}")
        flush_to_disk(partial)
        partial.replace(target)
        flush_to_disk(target.parent)
    except failures as error:
        _remove_copy(partial)
        raise BackupError(f"could not write the backup {target}: {_reason(error)}") from None
    except BaseException:
        _remove_copy(partial)
        raise
    return target


def _remove_copy(copy: Path) -> None:
    for side in _SIDE_FILES:
        copy.with_name(copy.name + side).unlink(missing_ok=True)


def _backup_to_stream(source: Path, target: Path, passphrase: str | None) -> Path:
    outgoing = source.with_name(source.name + ".outgoing")
    try:
        backup_database(source, outgoing, passphrase)
        with outgoing.open("rb") as copy, target.open("wb") as out:
            while chunk := copy.read(1 << 20):
                out.write(chunk)
            out.flush()
    except OSError as error:
        raise BackupError(f"could not write the backup to {target}: {_reason(error)}") from None
    finally:
        outgoing.unlink(missing_ok=True)
    return target


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    text = str(error)
    if "disk is full" in text or "disk I/O error" in text:
        return f"{text} (is the disk full?)"
    return text


def list_backups(folder: Path) -> list[BackupFile]:
    """The backups in `folder`, oldest first; other files are left alone."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        taken = parse_backup_name(path.name)
        if taken is not None and path.is_file():
            found.append(BackupFile(path, taken))
    return sorted(found, key=lambda b: b.taken)


@contextmanager
def backups_held(folder: Path, wait_s: float = WAIT_S) -> Iterator[None]:
    """Held while backups in `folder` are written, pruned, cleaned or converted.

    One holder at a time across every thread and process, so a copy in progress is never
    deleted nor missed by an erase; any unfinished copy seen while holding it was cut short.
    Never nest it: a second hold in the same thread waits for itself. BackupError when
    another holder keeps it longer than `wait_s`.
    """
    try:
        with WriterLock(folder, wait_s).held():
            yield
    except WriterTimeout:
        raise BackupError("another backup of the call book is still being written") from None


def remove_unfinished_copies(folder: Path) -> list[Path]:
    """Delete the copies a crash cut short in `folder` (hold `backups_held` first)."""
    gone: list[Path] = []
    if not folder.is_dir():
        return gone
    for path in folder.iterdir():
        if any(
            path.name.endswith(suffix + side)
            for suffix in UNFINISHED_SUFFIXES
            for side in _SIDE_FILES
        ):
            path.unlink(missing_ok=True)
            gone.append(path)
    return gone


def prune_backups(folder: Path, zone: ZoneInfo) -> list[Path]:
    """Delete the rolling backups retention lets go, and copies left unfinished.

    Hold `backups_held` first; returns what was deleted.
    """
    backups = list_backups(folder)
    by_name = {b.taken.name: b.path for b in backups}
    gone = remove_unfinished_copies(folder)
    for old in backups_to_prune([b.taken for b in backups], zone):
        path = by_name[old.name]
        try:
            path.unlink()
        except OSError as error:
            log.warning("could not delete the old backup %s: %s", path, error)
            continue
        gone.append(path)
    return gone


@dataclass(frozen=True)
class BackupsConverted:
    """How many backups were brought to the call book's encryption, and which could not be."""

    converted: int
    left_as_they_were: tuple[Path, ...]


def convert_backups(
    folder: Path, passphrase_in: str | None, passphrase_out: str | None
) -> BackupsConverted:
    """Bring every backup in `folder` to the book's encryption, one checked copy at a time.

    With `passphrase_out` the plain ones are encrypted with it; without, the encrypted ones
    are decrypted with `passphrase_in`. One under another passphrase is left as it was.
    """
    failures: tuple[type[Exception], ...] = (StoreError, OSError, *database_errors())
    converted = 0
    failed: list[Path] = []
    with backups_held(folder):
        for backup in list_backups(folder):
            encrypted = is_encrypted(backup.path)
            if encrypted == (passphrase_out is not None):
                continue
            temporary = backup.path.with_name(backup.path.name + ".converting")
            try:
                convert_checked(
                    backup.path, temporary, passphrase_in if encrypted else None, passphrase_out
                )
                temporary.replace(backup.path)
                converted += 1
            except failures as error:
                log.warning("could not convert the backup %s: %s", backup.path, error)
                failed.append(backup.path)
        if converted:
            flush_to_disk(folder)
    return BackupsConverted(converted, tuple(failed))


def take_backup(
    database: Path,
    folder: Path,
    now: datetime,
    reason: BackupReason,
    zone: ZoneInfo,
    passphrase: str | None = None,
) -> BackupFile:
    """A checked backup of `database` in the rolling `folder` (0700), then old ones pruned.

    Today's backup may run behind the window while an import, an erase or another program
    works on the same folder: `backups_held` makes them take turns.
    """
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"cannot create the backup folder {folder}: {_reason(error)}") from None
    name = backup_name(now, reason)
    with backups_held(folder):
        path = backup_database(database, folder / name, passphrase)
        taken = parse_backup_name(name)
        assert taken is not None
        prune_backups(folder, zone)
    log.info("backup %s taken (%s)", path.name, reason.label)
    return BackupFile(path, taken)


def newest_good_backup(folder: Path, passphrase: str | None = None) -> BackupFile | None:
    """The newest backup in `folder` that passes its check, or None."""
    for backup in reversed(list_backups(folder)):
        try:
            if damage_found(backup.path, passphrase) is None:
                return backup
        except database_errors() as error:
            log.warning("the backup %s cannot be checked: %s", backup.path, error)
            continue
        log.warning("the backup %s is damaged; looking at an older one", backup.path)
    return None
