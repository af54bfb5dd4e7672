"""Terminal side of encryption: the passphrase at start, `callbook encrypt` and `decrypt`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from callbook import keychain
from callbook.domain.clock import Clock
from callbook.services.changes import Invalid
from callbook.services.encryption import (
    EncryptionChanged,
    encryption_state,
    turn_off_encryption,
    turn_on_encryption,
)
from callbook.store.cipher import PassphraseNeeded
from callbook.store.engine import Store

PASSPHRASE_ENV = "CALLBOOK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "CALLBOOK_NEW_PASSPHRASE"


def add_commands(commands: Any, data_dir: argparse.ArgumentParser) -> None:
    """Add `encrypt` and `decrypt` to the command line."""
    encrypt = commands.add_parser(
        "encrypt",
        parents=[data_dir],
        help="encrypt the call book and its backups with a passphrase (SQLCipher)",
        description="Asks for a new passphrase twice (or reads $CALLBOOK_NEW_PASSPHRASE) and "
        "keeps it in the desktop keyring where there is one.",
    )
    decrypt = commands.add_parser(
        "decrypt",
        parents=[data_dir],
        help="turn encryption off again (asks for the passphrase)",
    )
    encrypt.set_defaults(in_book=run_encrypt)
    decrypt.set_defaults(in_book=run_decrypt)


def passphrase_for(folder: Path) -> str | None:
    """The passphrase an encrypted call book needs: $CALLBOOK_PASSPHRASE, the keyring, or asked."""
    if not encryption_state(folder).encrypted:
        return None
    given = os.environ.get(PASSPHRASE_ENV) or keychain.saved_passphrase(folder)
    if given:
        return given
    if sys.stdin.isatty():
        return getpass.getpass("Passphrase of your call book: ")
    raise PassphraseNeeded(
        f"the call book is encrypted: give its passphrase in ${PASSPHRASE_ENV}, "
        "or run the command in a terminal"
    )


def _new_passphrase() -> tuple[str, str]:
    given = os.environ.get(NEW_PASSPHRASE_ENV)
    if given:
        return given, given
    if not sys.stdin.isatty():
        raise Invalid(f"give the new passphrase in ${NEW_PASSPHRASE_ENV}, or run in a terminal")
    first = getpass.getpass("New passphrase (at least 8 characters): ")
    return first, getpass.getpass("The same passphrase again: ")


def _backups_line(changed: EncryptionChanged, out: TextIO) -> None:
    done = changed.backups_converted
    print(f"{done:,} backup{'' if done == 1 else 's'} converted too.", file=out)
    for path in changed.backups_not_converted:
        print(f"callbook: warning: the backup {path} was left as it was", file=sys.stderr)


def run_encrypt(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    """Encrypt the call book and its backups; keep the passphrase in the keyring if any."""
    if store.passphrase is not None:
        raise Invalid("the call book is already encrypted")
    passphrase, repeated = _new_passphrase()
    changed = turn_on_encryption(store, clock, passphrase, repeated)
    print("Your call book is encrypted.", file=out)
    _backups_line(changed, out)
    if keychain.remember_passphrase(store.path.parent, passphrase):
        print("The passphrase is kept in your desktop keyring.", file=out)
    else:
        print(
            "No desktop keyring here: Callbook will ask for the passphrase at each start. "
            "Without it the call book cannot be opened, so keep it safe.",
            file=out,
        )
    return 0


def run_decrypt(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    """Turn encryption off, once the rep has given the passphrase again."""
    if store.passphrase is None:
        raise Invalid("the call book is not encrypted")
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if not passphrase:
        if not sys.stdin.isatty():
            raise Invalid(f"give the passphrase in ${PASSPHRASE_ENV}, or run in a terminal")
        passphrase = getpass.getpass("Passphrase, to turn encryption off: ")
    changed = turn_off_encryption(store, clock, passphrase)
    keychain.forget_passphrase(store.path.parent)
    print("Your call book is no longer encrypted.", file=out)
    _backups_line(changed, out)
    return 0
