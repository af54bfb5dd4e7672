"""Encryption at rest: turning it on and off under a running store, backups included."""

from __future__ import annotations

import logging
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from callbook.domain.clock import Clock
from callbook.paths import DATABASE_NAME
from callbook.services.backups import backups_folder
from callbook.services.changes import Invalid
from callbook.store.backup import list_backups
from callbook.store.cipher import (
    WrongPassphrase,
    check_passphrase,
    connect,
    convert,
    database_errors,
    encryption_available,
    key_for,
    mark_encryption,
)
from callbook.store.engine import Store, StoreError
from callbook.store.opening import expects_key, open_store
from callbook.store.restore import settle_for_swap

log = logging.getLogger(__name__)

__all__ = [
    "MIN_PASSPHRASE",
    "EncryptionChanged",
    "EncryptionState",
    "WrongPassphrase",
    "check_new_passphrase",
    "check_passphrase",
    "encryption_state",
    "turn_off_encryption",
    "turn_on_encryption",
]

MIN_PASSPHRASE = 8
_COUNTED = ("contacts", "interactions", "family_members", "open_loops")


@dataclass(frozen=True)
class EncryptionState:
    """Whether encryption can be used here and whether the call book is encrypted."""

    available: bool
    encrypted: bool


@dataclass(frozen=True)
class EncryptionChanged:
    """What turning encryption on or off did, backups included."""

    encrypted: bool
    backups_converted: int
    backups_not_converted: tuple[Path, ...]


def encryption_state(data_folder: Path, store: Store | None = None) -> EncryptionState:
    """Whether SQLCipher is installed and whether the database in `data_folder` is encrypted.

    With the `store` open, it says so: the file it holds is never read by Python.
    """
    if store is not None:
        return EncryptionState(encryption_available(), store.passphrase is not None)
    return EncryptionState(encryption_available(), expects_key(data_folder / DATABASE_NAME))


def check_new_passphrase(passphrase: str, repeated: str | None = None) -> str:
    """A passphrase good enough to protect the call book, or Invalid saying why not."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise Invalid(f"a passphrase needs at least {MIN_PASSPHRASE} characters")
    if passphrase != passphrase.strip():
        raise Invalid("a passphrase cannot start or end with a space")
    if repeated is not None and repeated != passphrase:
        raise Invalid("the two passphrases differ")
    return passphrase


def _counts(path: Path, passphrase: str | None) -> tuple[int, ...]:
    with closing(connect(path, passphrase, read_only=True)) as connection:
        return tuple(
            int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in _COUNTED
        )


def _convert_checked(database: Path, target: Path, key_in: str | None, key_out: str | None) -> None:
    """Convert `database` into `target` and prove nothing was lost on the way."""
    try:
        convert(database, target, key_in, key_out)
        if _counts(database, key_in) != _counts(target, key_out):
            raise StoreError("the converted copy does not hold the same rows")
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _convert_backups(
    folder: Path, key_in: str | None, key_out: str | None
) -> tuple[int, list[Path]]:
    failures: tuple[type[Exception], ...] = (StoreError, OSError, *database_errors())
    converted = 0
    failed: list[Path] = []
    for backup in list_backups(folder):
        source_key = key_for(backup.path, key_in)
        if source_key == key_out:
            continue
        temporary = backup.path.with_name(backup.path.name + ".converting")
        try:
            _convert_checked(backup.path, temporary, source_key, key_out)
            temporary.replace(backup.path)
            converted += 1
        except failures as error:
            # A backup under an older passphrase stays as it is; the rep is told.
            log.warning("could not convert the backup %s: %s", backup.path, error)
            failed.append(backup.path)
    return converted, failed


def _switch(store: Store, clock: Clock, key_out: str | None) -> EncryptionChanged:
    folder = store.path.parent
    key_in = store.passphrase
    working = folder / f"{DATABASE_NAME}.converting"
    with store.swapping():
        _convert_checked(store.path, working, key_in, key_out)
        settle_for_swap(store.path, key_in)
        if key_out is not None:
            # Marked first: a switch cut short leaves a plain file, which a plain header tells.
            mark_encryption(folder, True)
        working.replace(store.path)
        if key_out is None:
            mark_encryption(folder, False)
        converted, failed = _convert_backups(backups_folder(folder), key_in, key_out)
        fresh, _report = open_store(folder, clock.now(), clock.zone(), key_out)
        store.replace_with(fresh)
    return EncryptionChanged(key_out is not None, converted, tuple(failed))


def turn_on_encryption(
    store: Store, clock: Clock, passphrase: str, repeated: str | None = None
) -> EncryptionChanged:
    """Encrypt the call book and its backups with `passphrase`; the store keeps working.

    The encrypted copy is checked row for row before it replaces the plain file.
    """
    if store.passphrase is not None:
        raise Invalid("the call book is already encrypted")
    check_new_passphrase(passphrase, repeated)
    if not encryption_available():
        raise Invalid("encryption needs SQLCipher, which is not installed here")
    return _switch(store, clock, passphrase)


def turn_off_encryption(store: Store, clock: Clock, passphrase: str) -> EncryptionChanged:
    """Decrypt the call book and its backups, once the rep has given the passphrase again."""
    if store.passphrase is None:
        raise Invalid("the call book is not encrypted")
    try:
        check_passphrase(store.path, passphrase)
    except WrongPassphrase:
        raise WrongPassphrase("that is not the passphrase; nothing was changed") from None
    return _switch(store, clock, None)
