"""Opening the rep's store: the folder, a health check, the schema, the daily backup."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from callbook.domain.retention import BackupReason, daily_backup_due
from callbook.paths import DATABASE_NAME, prepare_folder
from callbook.store.backup import (
    BACKUPS_FOLDER,
    BackupError,
    BackupFile,
    backups_held,
    convert_backups,
    damage_found,
    list_backups,
    newest_good_backup,
    remove_unfinished_copies,
    take_backup,
)
from callbook.store.cipher import (
    PassphraseNeeded,
    check_passphrase,
    database_errors,
    encryption_marked,
)
from callbook.store.engine import Store, StoreError, make_engine, store_on, write_failure
from callbook.store.erasure import finish_erasures, unfinished_erasures
from callbook.store.file_head import FileHead, read_head
from callbook.store.migrate import MigrationReport, upgrade
from callbook.store.writer import WriterLock, WriterTimeout

log = logging.getLogger(__name__)

__all__ = [
    "BACKUPS_FOLDER",
    "DamagedDatabase",
    "OpeningReport",
    "daily_backup_if_due",
    "finish_cut_short",
    "open_store",
]

# Copies being made beside the database; one still there this long after was cut short.
LEFTOVER_SUFFIXES = (".restoring", ".outgoing")
LEFTOVER_AGE_S = 600
# The copy an encryption switch makes, always under the writer lock: one seen while
# holding that lock was cut short, however young.
CONVERTING_SUFFIX = ".converting"

# Releases before this one can corrupt a WAL database when two connections reset it at once.
SAFE_SQLITE = (3, 51, 3)


class DamagedDatabase(StoreError):
    """The database failed its check at start; it has not been written to."""

    def __init__(self, path: Path, problem: str, newest_backup: BackupFile | None) -> None:
        self.path = path
        self.problem = problem
        self.newest_backup = newest_backup
        if newest_backup is not None:
            offer = (
                f"The newest good backup is from {newest_backup.taken_at:%Y-%m-%d %H:%M} UTC; "
                f"restore it with: callbook restore {newest_backup.path}"
            )
        else:
            offer = "No good backup was found; keep the file and ask for help before changing it."
        super().__init__(
            f"the database {path} is damaged ({problem}). Nothing was written to it. {offer}"
        )


@dataclass(frozen=True)
class OpeningReport(MigrationReport):
    """What opening the store did: the schema, and the daily backup if one was due."""

    daily_backup: Path | None = None
    backup_problem: str | None = None


def expects_key(path: Path, head: FileHead | None = None) -> bool:
    """True when the database at `path` is encrypted and needs its passphrase.

    The marker beside it says so, not the file's first bytes: a plain database with a damaged
    first page is damaged, not encrypted. A plain header wins over the marker, which a switch
    cut short may have left behind. `head` is how the file began, read before this process
    opened it (see file_head); without it the file is read now.
    """
    if not encryption_marked(path.parent):
        return False
    head = head if head is not None else read_head(path)
    return head is not None and not head.plain


def _remove_leftovers(path: Path, backups: Path, now: datetime) -> None:
    """Clear what a killed restore, backup or encryption switch left behind.

    Only while no other writer (nor this process, when it reopens the book it is swapping)
    is at work, so nothing still being written is taken away; if one is, the next start
    clears it.
    """
    for suffix in LEFTOVER_SUFFIXES:
        leftover = path.with_name(path.name + suffix)
        try:
            age = now.timestamp() - leftover.stat().st_mtime
        except OSError:
            continue
        if age > LEFTOVER_AGE_S:
            log.info("removing %s, left by a restore or backup that was cut short", leftover)
            leftover.unlink(missing_ok=True)
    try:
        with WriterLock(path, wait_s=0).held():
            converting = path.with_name(path.name + CONVERTING_SUFFIX)
            if converting.exists():
                log.info("removing %s, left by an encryption switch cut short", converting)
                converting.unlink(missing_ok=True)
            with backups_held(backups, wait_s=0):
                for gone in remove_unfinished_copies(backups):
                    log.info("removed %s, left by a backup cut short", gone)
    except (WriterTimeout, BackupError):
        log.info("another writer is at work; leftovers are cleared at the next start")


def finish_cut_short(path: Path, backups: Path, key: str | None) -> None:
    """Finish what a killed erase or encryption switch left half done, while no one writes.

    An erase recorded beside the book is finished in the book and every backup; a plain
    backup beside an encrypted book is encrypted with the book's passphrase.
    """
    if key is None and not unfinished_erasures(path):
        return
    try:
        with WriterLock(path, wait_s=0).held():
            problems = finish_erasures(path, key)
            done = convert_backups(backups, None, key) if key is not None else None
    except (WriterTimeout, BackupError):
        log.info("another writer is at work; what was cut short is finished at the next start")
        return
    for problem in problems:
        log.warning("an erase cut short is still not finished: %s", problem)
    if done is not None and done.converted:
        log.info("encrypted %d backups an encryption switch cut short left plain", done.converted)


def _check_key(path: Path, passphrase: str | None, head: FileHead | None) -> None:
    if not expects_key(path, head):
        return
    if passphrase is None:
        raise PassphraseNeeded(f"the database {path} is encrypted; Callbook needs its passphrase")
    check_passphrase(path, passphrase)


def _check_health(
    path: Path, backups: Path, passphrase: str | None, head: FileHead | None, thorough: bool
) -> None:
    if head is None or (head.empty and not _was_a_book(path, backups)):
        # No book yet, or one whose first write was cut short: SQLite makes it anew.
        return
    problem = damage_found(path, passphrase, head, thorough)
    if problem is not None:
        log.error("the database %s failed its check at start: %s", path, problem)
        raise DamagedDatabase(path, problem, newest_good_backup(backups, passphrase))


def _was_a_book(path: Path, backups: Path) -> bool:
    """True when an empty file stands where a book was: it has backups or a WAL beside it."""
    wal = path.with_name(path.name + "-wal")
    return bool(list_backups(backups)) or (wal.exists() and wal.stat().st_size > 0)


def daily_backup_if_due(
    path: Path, backups: Path, now: datetime, zone: ZoneInfo, passphrase: str | None
) -> tuple[Path | None, str | None]:
    """Today's backup when none was taken yet: its path, or why it failed."""
    if not daily_backup_due((b.taken for b in list_backups(backups)), now, zone):
        return None, None
    try:
        return take_backup(path, backups, now, BackupReason.DAILY, zone, passphrase).path, None
    except BackupError as error:
        # The rep can still work; the window and the terminal say the backup failed.
        log.warning("the daily backup failed: %s", error)
        return None, str(error)


def _plain(error: Exception) -> str:
    why = write_failure(error)
    return why if why is not None else str(getattr(error, "orig", None) or error)


def open_store(
    folder: Path,
    now: datetime,
    zone: ZoneInfo | None = None,
    passphrase: str | None = None,
    daily_backup: bool = True,
    head: FileHead | None = None,
    thorough: bool = False,
    writer: WriterLock | None = None,
) -> tuple[Store, OpeningReport]:
    """Open (creating or upgrading) the database in `folder`, checked and backed up daily.

    With `daily_backup` False the caller takes today's backup itself (the window does it
    behind the rep's work, with `daily_backup_if_due`). `head` is how the file began, read
    before this process opened it (the window's first look holds it open by now); without
    it the file is read here.

    An empty file where a book was (backups or a WAL beside it) is damage, not a new book.

    A database that fails `PRAGMA quick_check` (`integrity_check` when `thorough`: the window
    opens the store behind its first look, so the rep reads Today while it runs and nothing
    is written until it passes) is never written to: DamagedDatabase says so and names the
    newest good backup. An encrypted one needs its passphrase (PassphraseNeeded,
    WrongPassphrase); a plain one is opened plainly whatever passphrase is given.
    """
    prepare_folder(folder)
    if sqlite3.sqlite_version_info < SAFE_SQLITE:
        log.warning(
            "SQLite %s is older than 3.51.3 (WAL-reset bug): every write holds the writer lock",
            sqlite3.sqlite_version,
        )
    zone = zone or ZoneInfo("UTC")
    path = folder / DATABASE_NAME
    backups = folder / BACKUPS_FOLDER
    _remove_leftovers(path, backups, now)
    head = head if head is not None else read_head(path)
    had_data = head is not None and not head.empty
    _check_key(path, passphrase, head)
    key = passphrase if expects_key(path, head) else None
    failures: tuple[type[Exception], ...] = (SQLAlchemyError, *database_errors())
    try:
        _check_health(path, backups, key, head, thorough)
        finish_cut_short(path, backups, key)
        engine = make_engine(path, key)
        migration = upgrade(
            engine, path, backups, now, zone=zone, passphrase=key, writer=writer or WriterLock(path)
        )
    except failures as error:
        raise StoreError(f"cannot open the database {path}: {_plain(error)}") from None
    except BackupError as error:
        raise StoreError(f"the backup before upgrading the database failed: {error}") from None
    daily, problem = (None, None)
    if had_data and daily_backup:
        daily, problem = daily_backup_if_due(path, backups, now, zone, key)
    report = OpeningReport(migration.before, migration.after, migration.backup, daily, problem)
    return store_on(engine, path, key), report
