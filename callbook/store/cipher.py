"""Encryption at rest with SQLCipher: connecting with the rep's passphrase, and converting files.

The key is always given by the app with `PRAGMA key` as the first statement on a connection;
temporary tables stay in memory, so nothing decrypted is written to a temp file.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

from callbook.paths import FILE_MODE, flush_to_disk
from callbook.store.engine import StoreError
from callbook.store.file_head import is_encrypted

CIPHER_MODULE = "sqlcipher3.dbapi2"
# Beside the database when it is encrypted; holds no secret, only that a key is needed.
ENCRYPTED_MARKER = "encrypted"


class EncryptionUnavailable(StoreError):
    """SQLCipher is not installed, so an encrypted database cannot be opened or made."""

    def __init__(self) -> None:
        super().__init__(
            "encryption needs SQLCipher, which is not installed "
            "(pip install 'callbook[encryption]')"
        )


class PassphraseNeeded(StoreError):
    """The database is encrypted and no passphrase was given."""


class WrongPassphrase(StoreError):
    """The passphrase does not open the database; nothing was changed."""


def cipher_module() -> ModuleType:
    """The SQLCipher DB-API module, or EncryptionUnavailable."""
    try:
        return importlib.import_module(CIPHER_MODULE)
    except ImportError:
        raise EncryptionUnavailable from None


def encryption_available() -> bool:
    """True when SQLCipher is installed here."""
    try:
        cipher_module()
    except EncryptionUnavailable:
        return False
    return True


def encryption_marked(folder: Path) -> bool:
    """True when the database in `folder` was encrypted by Callbook."""
    return (folder / ENCRYPTED_MARKER).exists()


def mark_encryption(folder: Path, encrypted: bool) -> None:
    """Record (or clear) that the database in `folder` is encrypted."""
    marker = folder / ENCRYPTED_MARKER
    if encrypted:
        fd = os.open(marker, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
        try:
            os.write(fd, b"The call book in this folder is encrypted with SQLCipher.\n")
            os.fsync(fd)
        finally:
            os.close(fd)
    else:
        marker.unlink(missing_ok=True)


def key_for(path: Path, passphrase: str | None) -> str | None:
    """The passphrase to open `path` with: none for a plain file, whatever the settings."""
    return passphrase if passphrase is not None and is_encrypted(path) else None


def key_statement(passphrase: str) -> str:
    """`PRAGMA key` for a passphrase, quoted so any character is safe."""
    if not passphrase:
        raise WrongPassphrase("the passphrase is empty")
    return "PRAGMA key = '" + passphrase.replace("'", "''") + "'"


def unlock(connection: Any, passphrase: str) -> None:
    """Give a fresh SQLCipher connection its key, before anything else is read."""
    # SQLCipher would otherwise print every failed page check of a wrong passphrase.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(key_statement(passphrase))
    connection.execute("PRAGMA temp_store = MEMORY")


def connect(
    path: Path, passphrase: str | None = None, read_only: bool = False, **options: Any
) -> Any:
    """A DB-API connection to `path`: plain sqlite3 without a passphrase, SQLCipher with one."""
    target = f"file:{quote(str(path))}?mode=ro" if read_only else str(path)
    if passphrase is None:
        return sqlite3.connect(target, uri=read_only, **options)
    module = cipher_module()
    connection = module.connect(target, uri=read_only, **options)
    try:
        unlock(connection, passphrase)
    except BaseException:
        connection.close()
        raise
    return connection


def database_errors() -> tuple[type[Exception], ...]:
    """The exception classes either driver raises for database errors."""
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)
    # Only a loaded SQLCipher can have raised: a plain start never pays for importing it.
    loaded = sys.modules.get(CIPHER_MODULE)
    if loaded is not None:
        errors += (loaded.Error,)
    return errors


def check_passphrase(path: Path, passphrase: str) -> None:
    """Raise WrongPassphrase unless `passphrase` opens the encrypted file at `path`."""
    try:
        with closing(connect(path, passphrase, read_only=True)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except database_errors() as error:
        if "not a database" in str(error):
            raise WrongPassphrase(
                f"the passphrase does not open {path.name}; nothing was changed. If you are "
                "sure of it, the file may be damaged: restore a backup"
            ) from None
        raise


def _new_file(path: Path) -> None:
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    os.close(fd)


def convert(
    source: Path, target: Path, passphrase_in: str | None, passphrase_out: str | None
) -> None:
    """Write `source` to a new `target` with another encryption (or none), checked.

    `sqlcipher_export` copies schema and rows; the user_version is carried over by hand.
    """
    module = cipher_module()
    _new_file(target)
    with closing(module.connect(str(source))) as connection:
        connection.execute("PRAGMA cipher_log_level = NONE")
        if passphrase_in is not None:
            connection.execute(key_statement(passphrase_in))
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        key = "" if passphrase_out is None else passphrase_out
        connection.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), key))
        connection.execute("SELECT sqlcipher_export('converted')")
        connection.execute(f"PRAGMA converted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE converted")
    with closing(connect(target, passphrase_out)) as check:
        verdict = check.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise StoreError(f"the converted copy failed its check: {verdict}")
    flush_to_disk(target)


def _row_counts(path: Path, passphrase: str | None) -> dict[str, int]:
    with closing(connect(path, passphrase, read_only=True)) as connection:
        tables = [
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: int(
                connection.execute(
                    'SELECT count(*) FROM "' + table.replace('"', '""') + '"'
                ).fetchone()[0]
            )
            for table in tables
        }


def convert_checked(
    source: Path, target: Path, passphrase_in: str | None, passphrase_out: str | None
) -> None:
    """`convert`, then prove every table came across whole; `target` is gone if not."""
    try:
        convert(source, target, passphrase_in, passphrase_out)
        if _row_counts(source, passphrase_in) != _row_counts(target, passphrase_out):
            raise StoreError("the converted copy does not hold the same rows")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
