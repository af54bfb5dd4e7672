"""Backing up and restoring the rep's database, for the window and the terminal alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from callbook.domain.clock import Clock
from callbook.domain.retention import BackupReason
from callbook.paths import DATABASE_NAME
from callbook.store.backup import (
    BACKUPS_FOLDER,
    BackupError,
    BackupFile,
    backup_database,
    list_backups,
    newest_good_backup,
    take_backup,
)
from callbook.store.engine import Store, StoreError
from callbook.store.opening import open_store
from callbook.store.restore import RestoreRefused, inspect_backup, restore_database

__all__ = [
    "BackupError",
    "BackupRow",
    "RestoreRefused",
    "RestoreSummary",
    "back_up_before_import",
    "back_up_now",
    "backups_of",
    "newest_backup",
    "restore_from",
    "restore_in_place",
]


@dataclass(frozen=True)
class BackupRow:
    """One backup as the rep sees it in a list."""

    path: Path
    taken_at: datetime
    why: str
    size_bytes: int


@dataclass(frozen=True)
class RestoreSummary:
    """What a restore put back, and where the database it replaced went."""

    restored_from: Path
    contacts: int
    interactions: int
    previous_backup: Path | None
    damaged_kept_at: Path | None


def _row(backup: BackupFile) -> BackupRow:
    try:
        size = backup.path.stat().st_size
    except OSError:
        size = 0
    return BackupRow(backup.path, backup.taken_at, backup.reason.label, size)


def backups_folder(data_folder: Path) -> Path:
    """Where the rolling backups of the database in `data_folder` live."""
    return data_folder / BACKUPS_FOLDER


def backups_of(data_folder: Path) -> list[BackupRow]:
    """Every backup in the data folder's backup folder, newest first."""
    return [_row(b) for b in reversed(list_backups(backups_folder(data_folder)))]


def newest_backup(data_folder: Path, passphrase: str | None = None) -> BackupRow | None:
    """The newest backup that passes its check, or None."""
    found = newest_good_backup(backups_folder(data_folder), passphrase)
    return _row(found) if found is not None else None


def back_up_now(store: Store, clock: Clock, target: Path | None = None) -> Path:
    """A checked backup to `target`, or into the backup folder (kept until the rep deletes it)."""
    if target is None:
        folder = backups_folder(store.path.parent)
        return take_backup(
            store.path, folder, clock.now(), BackupReason.MANUAL, clock.zone(), store.passphrase
        ).path
    if target.exists() and target.is_file() and target.resolve() == store.path.resolve():
        raise BackupError("a backup cannot be written over the database itself")
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    return backup_database(store.path, target, store.passphrase)


def daily_backup_if_due_now(store: Store, clock: Clock) -> tuple[Path | None, str | None]:
    """Today's backup of the open book when none was taken yet: its path, or why it failed.

    First it finishes what a killed erase or encryption switch left half done, which the
    window's first look kept from being finished while the store opened.
    """
    from callbook.store.opening import daily_backup_if_due, finish_cut_short

    finish_cut_short(store.path, backups_folder(store.path.parent), store.passphrase)
    return daily_backup_if_due(
        store.path,
        backups_folder(store.path.parent),
        clock.now(),
        clock.zone(),
        store.passphrase,
    )


def back_up_before_import(store: Store, clock: Clock) -> Path:
    """The rolling backup taken before an import changes anything; if it fails, no import."""
    folder = backups_folder(store.path.parent)
    try:
        taken = take_backup(
            store.path,
            folder,
            clock.now(),
            BackupReason.BEFORE_IMPORT,
            clock.zone(),
            store.passphrase,
        )
    except BackupError as error:
        raise StoreError(
            f"nothing was imported, since the backup before it failed: {error}"
        ) from None
    return taken.path


def check_backup(source: Path, passphrase: str | None = None) -> RestoreSummary:
    """What restoring `source` would put back, read without changing anything."""
    contents = inspect_backup(source, passphrase)
    return RestoreSummary(source, contents.contacts, contents.interactions, None, None)


def restore_from(
    data_folder: Path, source: Path, clock: Clock, passphrase: str | None = None
) -> RestoreSummary:
    """Replace the database with the backup `source`; the store must be closed first.

    A bad file is refused and nothing changes; the current database is backed up first
    (or kept aside when it is damaged).
    """
    if source.resolve() == (data_folder / DATABASE_NAME).resolve():
        raise RestoreRefused("that is the database in use; choose a backup file")
    restored = restore_database(data_folder, source, clock.now(), clock.zone(), passphrase)
    return RestoreSummary(
        source,
        restored.contents.contacts,
        restored.contents.interactions,
        restored.previous_backup,
        restored.damaged_kept_at,
    )


def restore_in_place(store: Store, source: Path, clock: Clock) -> RestoreSummary:
    """Restore `source` under a running window: the same Store then reads the restored data.

    The store's connections are closed for the swap and opened again on the restored file
    (brought up to the current schema); if the restore is refused, nothing changed.
    """
    folder = store.path.parent
    with store.swapping():
        summary = restore_from(folder, source, clock, store.passphrase)
        fresh, _report = open_store(
            folder, clock.now(), clock.zone(), store.passphrase, writer=store.writer
        )
        # Everything the window wired holds this Store: swap what is under it, not the object.
        store.replace_with(fresh)
    return summary
