"""A first look at the rep's database before it is opened: plain SQLite, read only."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from callbook.paths import DATABASE_NAME
from callbook.store.file_head import FileHead, read_head
from callbook.store.revision import HEAD_REVISION

log = logging.getLogger(__name__)


def first_look(folder: Path, head: FileHead | None = None) -> sqlite3.Connection | None:
    """A read-only connection to the database in `folder`, holding one snapshot, or None.

    The window paints Today from it while the store is still being opened (checked,
    SQLAlchemy loaded). Anything unusual gives None, and the full opening deals with it
    before anything is shown: no database yet, an empty or encrypted one, an older schema,
    one not in WAL mode (a backup copied into place: the read held here would block the
    opening's switch to WAL), or a file SQLite cannot read. Nothing is written through it.
    `head` is how the file begins, read before this call (see file_head), else read now.
    """
    path = folder / DATABASE_NAME
    head = head if head is not None else read_head(path)
    if head is None or not head.plain:
        return None
    connection = None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
        connection.execute("PRAGMA query_only=ON")
        if str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            connection.close()
            return None
        connection.execute("BEGIN")
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] != HEAD_REVISION:
            connection.close()
            return None
        return connection
    except sqlite3.Error as error:
        log.info("no first look at %s (%s); opening it in full first", path, error)
        if connection is not None:
            connection.close()
        return None


def has_contacts(connection: sqlite3.Connection) -> bool:
    """True when the call book has anyone in it."""
    return connection.execute("SELECT EXISTS (SELECT 1 FROM contacts)").fetchone()[0] == 1
