"""Putting a backup back in place of the database: checked first, the current one kept."""

from __future__ import annotations

import logging
import os
import shutil
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from callbook.domain.retention import BackupReason
from callbook.paths import DATABASE_NAME, FILE_MODE, flush_to_disk, prepare_folder
from callbook.store.backup import (
    BACKUPS_FOLDER,
    BackupError,
    damage_found,
    read_only,
    take_backup,
)
from callbook.store.cipher import (
    WrongPassphrase,
    check_passphrase,
    connect,
    convert,
    database_errors,
    key_for,
)
from callbook.store.engine import StoreError
from callbook.store.file_head import is_encrypted
from callbook.store.migrate import alembic_config

log = logging.getLogger(__name__)

SIDE_FILES = ("-wal", "-shm", "-journal")
# How long to wait for another window to let go of the database before giving up.
LOCK_WAIT_SECONDS = 1.0


class RestoreRefused(StoreError):
    """The file cannot be restored; nothing was changed."""


@dataclass(frozen=True)
class BackupContents:
    """What a backup file holds, read before anything is changed."""

    path: Path
    revision: str
    contacts: int
    interactions: int


@dataclass(frozen=True)
class Restored:
    """What a restore did: what it put in place and where the old database went."""

    contents: BackupContents
    previous_backup: Path | None
    damaged_kept_at: Path | None


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def inspect_backup(source: Path, passphrase: str | None = None) -> BackupContents:
    """Check that `source` is a healthy Callbook database this version can open."""
    if not source.is_file():
        raise RestoreRefused(f"{source} is not a file")
    if not os.access(source, os.R_OK):
        raise RestoreRefused(f"{source} cannot be read")
    if is_encrypted(source):
        if passphrase is None:
            raise RestoreRefused(
                f"{source} is encrypted or not a Callbook backup; to restore an encrypted "
                "backup, turn encryption on with its passphrase first"
            )
        try:
            check_passphrase(source, passphrase)
        except WrongPassphrase:
            raise RestoreRefused(
                f"{source} is encrypted with another passphrase, or is not a Callbook backup"
            ) from None
    try:
        problem = damage_found(source, passphrase)
    except database_errors() as error:
        raise RestoreRefused(f"{source} cannot be read: {error}") from None
    if problem is not None:
        raise RestoreRefused(f"{source} is not a usable backup: {problem}")
    try:
        with read_only(source, passphrase) as connection:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not {"alembic_version", "contacts", "interactions"} <= tables:
                raise RestoreRefused(f"{source} is an SQLite file but not a Callbook database")
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            contacts = connection.execute("SELECT count(*) FROM contacts").fetchone()[0]
            interactions = connection.execute("SELECT count(*) FROM interactions").fetchone()[0]
    except database_errors() as error:
        raise RestoreRefused(f"{source} cannot be read as a Callbook database: {error}") from None
    if revision is None:
        raise RestoreRefused(f"{source} has no schema version; it is not a Callbook backup")
    if revision[0] not in _known_revisions():
        raise RestoreRefused(
            f"{source} was written by a newer Callbook (schema {revision[0]}); "
            "update Callbook first"
        )
    return BackupContents(source, str(revision[0]), int(contacts), int(interactions))


def _copy_in(source: Path, target: Path, passphrase: str | None) -> None:
    """Copy `source` to `target`, encrypted as the database is now, checked and on disk."""
    key_in = key_for(source, passphrase)
    if key_in != passphrase:
        # A plain backup restored into an encrypted call book comes back encrypted.
        convert(source, target, key_in, passphrase)
        return
    target.unlink(missing_ok=True)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    os.close(fd)
    with read_only(source, passphrase) as origin, closing(connect(target, passphrase)) as copy:
        origin.backup(copy)
        verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
        copy.execute("PRAGMA journal_mode=DELETE")
    if verdict != "ok":
        raise RestoreRefused(f"the copy of {source.name} failed its check: {verdict}")
    flush_to_disk(target)


def settle_for_swap(database: Path, passphrase: str | None) -> None:
    """Fold the WAL into the database and drop it, so no stale WAL meets the restored file.

    This needs the database to ourselves: another open window makes it fail at once.
    """
    try:
        with closing(connect(database, passphrase, timeout=LOCK_WAIT_SECONDS)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except database_errors() as error:
        if "locked" in str(error) or "busy" in str(error):
            raise RestoreRefused(
                "the database is in use by another Callbook window; close it and try again"
            ) from None
        raise RestoreRefused(f"cannot prepare the database for the restore: {error}") from None
    if str(mode).lower() != "delete":
        raise RestoreRefused("the database is in use by another Callbook window; close it first")


def _keep_aside(database: Path, now: datetime) -> Path:
    """Keep a damaged database (and its WAL) under a new name beside it, untouched."""
    aside = database.with_name(f"{database.name}.damaged-{now.astimezone(UTC):%Y%m%dT%H%M%S}Z")
    try:
        os.link(database, aside)
    except OSError:
        # No hard links on this file system; the damaged file is not live, so a copy is safe.
        shutil.copy2(database, aside)
    for suffix in SIDE_FILES:
        side = database.with_name(database.name + suffix)
        if side.exists():
            side.replace(aside.with_name(aside.name + suffix))
    log.warning("the damaged database was kept as %s", aside)
    return aside


def restore_database(
    folder: Path, source: Path, now: datetime, zone: ZoneInfo, passphrase: str | None = None
) -> Restored:
    """Replace the database in `folder` with the backup `source`.

    The backup is checked first and a bad one is refused with nothing changed; a healthy
    current database is backed up first, a damaged one kept aside. The store must be closed.
    """
    prepare_folder(folder)
    database = folder / DATABASE_NAME
    if source.resolve() == database.resolve():
        raise RestoreRefused("that is the database in use; choose a backup file")
    contents = inspect_backup(source, passphrase)
    incoming = folder / f"{DATABASE_NAME}.restoring"
    copy_failures: tuple[type[Exception], ...] = (OSError, StoreError, *database_errors())
    try:
        _copy_in(source, incoming, passphrase)
    except copy_failures as error:
        incoming.unlink(missing_ok=True)
        raise RestoreRefused(f"could not copy {source}: {error}") from None
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    previous = damaged = None
    try:
        if database.exists() and database.stat().st_size > 0:
            current_key = key_for(database, passphrase)
            if _healthy(database, current_key):
                previous = take_backup(
                    database,
                    folder / BACKUPS_FOLDER,
                    now,
                    BackupReason.BEFORE_RESTORE,
                    zone,
                    current_key,
                ).path
                settle_for_swap(database, current_key)
            else:
                damaged = _keep_aside(database, now)
        incoming.replace(database)
        flush_to_disk(folder)
    except BackupError as error:
        incoming.unlink(missing_ok=True)
        raise RestoreRefused(
            f"the current database could not be backed up first, so nothing was restored: {error}"
        ) from None
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    log.info("restored %s (%d contacts)", source, contents.contacts)
    return Restored(contents, previous, damaged)


def _healthy(database: Path, passphrase: str | None) -> bool:
    try:
        return damage_found(database, passphrase) is None
    except database_errors() as error:
        raise RestoreRefused(f"the current database cannot be checked: {error}") from None
