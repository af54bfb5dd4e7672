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
    damage_found,
    list_backups,
    newest_good_backup,
    take_backup,
)
from callbook.store.engine import Store, StoreError, make_engine, store_on, write_failure
from callbook.store.migrate import MigrationReport, upgrade

log = logging.getLogger(__name__)

__all__ = ["BACKUPS_FOLDER", "DamagedDatabase", "OpeningReport", "open_store"]

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


def _check_health(path: Path, backups: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    problem = damage_found(path)
    if problem is not None:
        log.error("the database %s failed its check at start: %s", path, problem)
        raise DamagedDatabase(path, problem, newest_good_backup(backups))


def _daily_backup(
    path: Path, backups: Path, now: datetime, zone: ZoneInfo
) -> tuple[Path | None, str | None]:
    if not daily_backup_due((b.taken for b in list_backups(backups)), now, zone):
        return None, None
    try:
        return take_backup(path, backups, now, BackupReason.DAILY, zone).path, None
    except BackupError as error:
        # The rep can still work; the window and the terminal say the backup failed.
        log.warning("the daily backup failed: %s", error)
        return None, str(error)


def _plain(error: Exception) -> str:
    why = write_failure(error)
    return why if why is not None else str(getattr(error, "orig", None) or error)


def open_store(
    folder: Path, now: datetime, zone: ZoneInfo | None = None
) -> tuple[Store, OpeningReport]:
    """Open (creating or upgrading) the database in `folder`, checked and backed up daily.

    A database that fails `PRAGMA quick_check` is never written to: DamagedDatabase says so and
    names the newest good backup.
    """
    prepare_folder(folder)
    if sqlite3.sqlite_version_info < SAFE_SQLITE:
        log.warning(
            "SQLite %s is older than 3.51.3 (WAL-reset bug); Callbook keeps to one writer",
            sqlite3.sqlite_version,
        )
    zone = zone or ZoneInfo("UTC")
    path = folder / DATABASE_NAME
    backups = folder / BACKUPS_FOLDER
    had_data = path.exists() and path.stat().st_size > 0
    try:
        _check_health(path, backups)
        engine = make_engine(path)
        migration = upgrade(engine, path, backups, now, zone=zone)
    except (SQLAlchemyError, sqlite3.Error) as error:
        raise StoreError(f"cannot open the database {path}: {_plain(error)}") from None
    except BackupError as error:
        raise StoreError(f"the backup before upgrading the database failed: {error}") from None
    daily, problem = (None, None)
    if had_data:
        daily, problem = _daily_backup(path, backups, now, zone)
    report = OpeningReport(migration.before, migration.after, migration.backup, daily, problem)
    return store_on(engine, path), report
