"""Encryption at rest: turning it on and off under a running store, backups included."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from callbook.domain.clock import Clock
from callbook.paths import DATABASE_NAME, flush_to_disk
from callbook.services.backups import backups_folder
from callbook.services.changes import Invalid
from callbook.store.backup import convert_backups
from callbook.store.cipher import (
    WrongPassphrase,
    check_passphrase,
    convert_checked,
    encryption_available,
    mark_encryption,
)
from callbook.store.engine import Store
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


def _switch(store: Store, clock: Clock, key_out: str | None) -> EncryptionChanged:
    """Convert the book and its backups in an order a kill at any point leaves safe.

    Turning it on converts the book first, then the backups; turning it off the backups
    first, then the book. Either way a kill leaves an encrypted book and maybe some plain
    backups, which the next start encrypts (it has the passphrase), and maybe a converting
    copy, which it deletes.
    """
    folder = store.path.parent
    key_in = store.passphrase
    backups = backups_folder(folder)
    working = folder / f"{DATABASE_NAME}.converting"
    with store.swapping():
        if key_out is None:
            done = convert_backups(backups, key_in, None)
            try:
                _replace_book(store, working, key_in, None)
            except BaseException:
                _encrypt_again(backups, key_in)
                raise
        else:
            _replace_book(store, working, key_in, key_out)
            done = convert_backups(backups, key_in, key_out)
        fresh, _report = open_store(folder, clock.now(), clock.zone(), key_out, writer=store.writer)
        store.replace_with(fresh)
    return EncryptionChanged(key_out is not None, done.converted, done.left_as_they_were)


def _encrypt_again(backups: Path, passphrase: str | None) -> None:
    """Encrypt again the backups decrypted before the book could not be; else the next start."""
    try:
        convert_backups(backups, None, passphrase)
    except Exception as error:
        log.warning("backups decrypted for nothing are encrypted at the next start: %s", error)


def _replace_book(store: Store, working: Path, key_in: str | None, key_out: str | None) -> None:
    folder = store.path.parent
    convert_checked(store.path, working, key_in, key_out)
    settle_for_swap(store.path, key_in)
    if key_out is not None:
        # Marked first: a switch cut short leaves a plain file, which a plain header tells.
        mark_encryption(folder, True)
    working.replace(store.path)
    flush_to_disk(folder)
    if key_out is None:
        mark_encryption(folder, False)


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
