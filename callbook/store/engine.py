"""Opening the SQLite file: pragmas on every connection, one transaction per action."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from callbook.paths import owner_only_file
from callbook.store.errors import StoreError
from callbook.store.read_gate import ReadGate
from callbook.store.reading import Reader
from callbook.store.writer import WriterLock, WriterTimeout

log = logging.getLogger(__name__)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "Store",
    "StoreError",
    "make_engine",
    "plain_connection",
    "store_on",
    "write_failure",
]

BUSY_TIMEOUT_MS = 5000
# Set on the engine that writes: its transactions begin IMMEDIATE, so the write lock is
# taken (or waited for within the busy timeout) before anything is read.
_WRITES = "callbook_writes"


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
    writes = connection.get_execution_options().get(_WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


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
    """The opened database: where it is, its engine, and its sessions.

    Every write holds the book's writer lock (one writer across all processes) and begins
    IMMEDIATE; `outside_changes` tells the window what another program wrote meanwhile.
    """

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    # Kept for backups and erasing from them, which open files of their own.
    passphrase: str | None = field(default=None, repr=False)
    writer: WriterLock = field(init=False, repr=False)
    _write_engine: Engine = field(init=False, repr=False)
    _writes: sessionmaker[Session] = field(init=False, repr=False)
    _file_id: tuple[int, int] | None = field(init=False, repr=False)
    _watching: threading.Lock = field(init=False, repr=False)
    _watch: Any = field(default=None, init=False, repr=False)
    _seen: int | None = field(default=None, init=False, repr=False)
    # Another program wrote before one of ours: still to be told at the next look.
    _outside: bool = field(default=False, init=False, repr=False)
    _swapping: bool = field(default=False, init=False, repr=False)
    # Reads wait while the file is swapped; the number says which file this is.
    _reads: ReadGate = field(init=False, repr=False)
    generation: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._reads = ReadGate()
        self.writer = WriterLock(self.path)
        self._write_engine = _writing(self.engine)
        self._writes = sessionmaker(self._write_engine, expire_on_commit=False)
        self._file_id = _file_id(self.path)
        self._watching = threading.Lock()

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back if it raises.

        It waits for any other writer first. A save the disk refuses (full, failing,
        read-only) becomes a StoreError saying so; the transaction is rolled back and what
        was stored before is untouched.
        """
        with self._own_write(), self._writes.begin() as session:
            yield session

    @contextmanager
    def begin_rows(self) -> Iterator[Connection]:
        """One write transaction on a plain SQLAlchemy connection, for bulk rows (demo data).

        The same writer lock, IMMEDIATE start and disk-full words as `begin`.
        """
        with self._own_write(), self._write_engine.begin() as connection:
            yield connection

    @contextmanager
    def _own_write(self) -> Iterator[None]:
        try:
            with self.exclusive():
                self._before_own_write()
                yield
                # Still the only writer: what the watch sees now is this process's own.
                self._note_own_write()
        except OperationalError as error:
            why = write_failure(error)
            if why is None:
                raise
            raise StoreError(f"could not save: {why}; nothing of this change was saved") from None

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the writer lock (for a write, a checkpoint, a VACUUM or a swap of the file).

        StoreError when another writer holds it too long, or when the file under this
        store was replaced (a restore from another window or terminal) since it opened.
        """
        try:
            with self.writer.held():
                if _file_id(self.path) != self._file_id:
                    raise StoreError(
                        "the call book was replaced (restored or re-encrypted) while this "
                        "was open; nothing of this change was saved: start again"
                    )
                yield
        except WriterTimeout as error:
            raise StoreError(f"could not save: {error}; nothing of this change was saved") from None

    @contextmanager
    def swapping(self) -> Iterator[None]:
        """Every connection closed and the writer lock held, while the file is replaced.

        Reads from other threads wait meanwhile, and those under way are let finish first.
        Open the new file inside the block and hand it to `replace_with`.
        """
        with self.writer.held(), self._reads.swapping():
            self._let_go()
            self._swapping = True
            try:
                yield
            finally:
                self._swapping = False

    def swap_asked(self) -> bool:
        """True while a restore or an encryption switch waits for reads to end, or is under way."""
        return self._reads.swap_asked()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with self._reads.reading(), self.sessions() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """A plain connection in one read transaction: tuples, no ORM, for bulk reads."""
        with self._reads.reading(), self.sessions() as session:
            yield plain_connection(session)

    def outside_changes(self) -> bool:
        """True when another program committed to the book since the last look (or write).

        A cheap read of SQLite's `data_version` on a connection kept for it; a write of
        this process under way is not mistaken for another's (the look waits its turn).
        """
        if self._swapping or not self.writer.try_here():
            return False
        try:
            # The window asks from its own thread: it never waits for a writer of ours.
            if not self._watching.acquire(blocking=False):
                return False
            try:
                version = self._data_version()
                changed = self._outside or (self._seen is not None and version != self._seen)
                self._seen, self._outside = version, False
                return changed
            finally:
                self._watching.release()
        finally:
            self.writer.done()

    def replace_with(self, fresh: Store) -> None:
        """Read and write the newly opened `fresh` (a restored or re-encrypted file) from now.

        The generation goes up: what was worked out from the file before (a nudge plan,
        figures) can tell it is out of date.
        """
        self.generation += 1
        with self._watching:
            self._close_watch()
        self.engine, self.sessions, self.passphrase = fresh.engine, fresh.sessions, fresh.passphrase
        self._write_engine, self._writes = fresh._write_engine, fresh._writes
        self._file_id = fresh._file_id
        self._seen, self._outside = None, False

    def close(self) -> None:
        """Close every connection; the last one's checkpoint holds the writer lock."""
        try:
            with self.writer.held():
                self._let_go()
        except WriterTimeout:
            log.warning("closing the call book while another program still writes to it")
            self._let_go()

    def _let_go(self) -> None:
        with self._watching:
            self._close_watch()
        self.engine.dispose()

    def _before_own_write(self) -> None:
        # What another program committed since the last look must not pass for ours.
        with self._watching:
            if self._seen is not None and self._data_version() != self._seen:
                self._outside = True

    def _note_own_write(self) -> None:
        with self._watching:
            if self._seen is not None:
                self._seen = self._data_version()

    def _data_version(self) -> int:
        if self._watch is None:
            self._watch = self.engine.raw_connection()
        return int(self._watch.driver_connection.execute("PRAGMA data_version").fetchone()[0])

    def _close_watch(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None


def _writing(engine: Engine) -> Engine:
    return engine.execution_options(**{_WRITES: True})


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def plain_connection(session: Session) -> Reader:
    """The DB-API connection under a session, inside the session's transaction."""
    connection: Reader = session.connection().connection.driver_connection  # type: ignore[assignment]
    return connection


def store_on(engine: Engine, path: Path, passphrase: str | None = None) -> Store:
    """Wrap an engine in a Store whose objects stay readable after commit."""
    return Store(path, engine, sessionmaker(engine, expire_on_commit=False), passphrase)
