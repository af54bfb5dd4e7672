"""The encryption passphrase in the system keyring, where the desktop has one."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

SERVICE = "Callbook"


def _keyring() -> object | None:
    """The keyring module when a real backend is there (not the one that always fails)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken desktop setup must not stop the app
        return None
    if isinstance(backend, fail.Keyring):
        return None
    return keyring


def keyring_usable() -> bool:
    """True when the desktop has a keyring Callbook can keep the passphrase in."""
    return _keyring() is not None


def _account(folder: Path) -> str:
    return str(folder.resolve())


def saved_passphrase(folder: Path) -> str | None:
    """The passphrase kept for the call book in `folder`, if any."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        found = keyring.get_password(SERVICE, _account(folder))  # type: ignore[attr-defined]
    except Exception as error:  # a locked or broken keyring: ask the rep instead
        log.warning("the keyring could not be read: %s", type(error).__name__)
        return None
    return str(found) if found else None


def remember_passphrase(folder: Path, passphrase: str) -> bool:
    """Keep the passphrase in the keyring; False when there is none to keep it in."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(SERVICE, _account(folder), passphrase)  # type: ignore[attr-defined]
    except Exception as error:
        log.warning("the keyring could not be written: %s", type(error).__name__)
        return False
    return True


def forget_passphrase(folder: Path) -> None:
    """Take the passphrase out of the keyring (when encryption is turned off)."""
    keyring = _keyring()
    if keyring is None:
        return
    try:
        keyring.delete_password(SERVICE, _account(folder))  # type: ignore[attr-defined]
    except Exception as error:
        log.info("no passphrase to forget in the keyring: %s", type(error).__name__)
