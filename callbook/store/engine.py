"""Opening the SQLite file: pragmas on every connection, one transaction per action."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from callbook.paths import owner_only_file
from callbook.store.reading import Reader

BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The store cannot be opened or written; the message says why."""


# What SQLite says when the disk, not the rep's input, stopped a save.
_WRITE_FAILURES = {
    "database or disk is full": "the disk is full",
    "disk i/o error": "the disk could not be written (is it full or failing?)",
    "attempt to write a readonly database": "the database file is read-only",
    "database is locked": "another program is holding the database",
    "unable to open database file": "the database file cannot be opened",
}


def write_failure(error: BaseException) -> str | None:
    """The rep's words for a save the disk refused, or None for any other error."""
    text = str(getattr(error, "orig", None) or error).lower()
    for clue, words in _WRITE_FAILURES.items():
        if clue in text:
            return words
    return None


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's own BEGIN decide transactions, so reads are transactional too.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        mode = cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"the database would not switch to WAL (it stayed in {mode})")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA temp_store=MEMORY")
    finally:
        cursor.close()


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path, passphrase: str | None = None) -> Engine:
    """An engine on `path` (created 0600) with WAL, full sync and foreign keys.

    With a passphrase the connections are SQLCipher's, each keyed before its first read.
    """
    owner_only_file(path)
    options: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000}}
    if passphrase is not None:
        from callbook.store.cipher import cipher_module, unlock

        options["module"] = cipher_module()

        def _key_first(dbapi_connection: Any, _record: Any) -> None:
            unlock(dbapi_connection, passphrase)

        engine = create_engine(f"sqlite:///{path}", **options)
        event.listen(engine, "connect", _key_first)
    else:
        engine = create_engine(f"sqlite:///{path}", **options)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


@dataclass
class Store:
    """The opened database: where it is, its engine, and its sessions."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    # Kept for backups and erasing from them, which open files of their own.
    passphrase: str | None = field(default=None, repr=False)

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        A save the disk refuses (full, failing, read-only) becomes a StoreError saying so;
        the transaction is rolled back and what was stored before is untouched.
        """
        try:
            with self.sessions.begin() as session:
                yield session
        except OperationalError as error:
            why = write_failure(error)
            if why is None:
                raise
            raise StoreError(f"could not save: {why}; nothing of this change was saved") from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with self.sessions() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """A plain connection in one read transaction: tuples, no ORM, for bulk reads."""
        with self.sessions() as session:
            yield plain_connection(session)

    def close(self) -> None:
        """Close every connection."""
        self.engine.dispose()


def plain_connection(session: Session) -> Reader:
    """The DB-API connection under a session, inside the session's transaction."""
    connection: Reader = session.connection().connection.driver_connection  # type: ignore[assignment]
    return connection


def store_on(engine: Engine, path: Path, passphrase: str | None = None) -> Store:
    """Wrap an engine in a Store whose objects stay readable after commit."""
    return Store(path, engine, sessionmaker(engine, expire_on_commit=False), passphrase)
