"""Erasing one contact from an SQLite file so that none of their text is left in it.

It reads the schema rather than a fixed list of tables, so a table added later that points at
contacts is covered too; search indexes are merged so no old segment keeps their words.

An erase reaches the book, its WAL, its free pages and every backup. Before anything is
deleted a record of it is written beside the book (the contact's id and creation time, never
a name); it goes once every file is clean, so an erase cut short by a kill or a full disk is
finished at the next start.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from callbook.disk import disk_words
from callbook.paths import FILE_MODE, flush_to_disk
from callbook.store.backup import (
    BACKUPS_FOLDER,
    BackupError,
    backups_held,
    list_backups,
    remove_unfinished_copies,
)
from callbook.store.cipher import connect, database_errors, key_for
from callbook.store.engine import StoreError, write_failure

log = logging.getLogger(__name__)

CONTACTS = "contacts"
CONTACT_SEARCH = "contact_search"
ERASED = "(erased contact)"
_FTS5 = re.compile(r"CREATE\s+VIRTUAL\s+TABLE\s+.*\bUSING\s+fts5", re.IGNORECASE | re.DOTALL)
_TEXT_TYPES = ("TEXT", "CHAR", "CLOB", "VARCHAR", "JSON")


@dataclass(frozen=True)
class Reference:
    """A column of some table pointing at contacts, and what the schema does on delete."""

    table: str
    column: str
    on_delete: str


@dataclass
class Erased:
    """How many rows went from each table, and how many mentions were blanked elsewhere."""

    rows: dict[str, int] = field(default_factory=dict)
    mentions_blanked: int = 0

    @property
    def total(self) -> int:
        """Rows removed in all."""
        return sum(self.rows.values())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(connection: Connection) -> list[tuple[str, str]]:
    rows = connection.exec_driver_sql(
        "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%'"
    ).all()
    return [(str(r[0]), str(r[1])) for r in rows]


def fts5_tables(connection: Connection) -> list[str]:
    """The full-text search tables in the file."""
    return [name for name, sql in _tables(connection) if _FTS5.match(sql)]


def references_to_contacts(connection: Connection) -> list[Reference]:
    """Every column in the schema with a foreign key to contacts."""
    found = []
    for table, _sql in _tables(connection):
        if table == CONTACTS:
            continue
        for row in connection.exec_driver_sql(f"PRAGMA foreign_key_list({_quote(table)})"):
            # (id, seq, table, from, to, on_update, on_delete, match)
            if str(row[2]) == CONTACTS:
                found.append(Reference(table, str(row[3]), str(row[6]).upper()))
    return found


def _text_columns(connection: Connection, table: str) -> list[str]:
    columns = []
    for row in connection.exec_driver_sql(f"PRAGMA table_info({_quote(table)})"):
        declared = str(row[2]).upper()
        if any(kind in declared for kind in _TEXT_TYPES):
            columns.append(str(row[1]))
    return columns


def identifying_words(connection: Connection, contact_id: int) -> list[str]:
    """The names that identify the contact in text stored elsewhere (theirs, their family's)."""
    words: list[str] = []
    row = connection.exec_driver_sql(
        "SELECT trim(first_name || ' ' || last_name) FROM contacts WHERE id = ?", (contact_id,)
    ).first()
    if row and row[0]:
        words.append(str(row[0]))
    has_family = any(name == "family_members" for name, _ in _tables(connection))
    if has_family:
        for family in connection.exec_driver_sql(
            "SELECT name FROM family_members WHERE contact_id = ?", (contact_id,)
        ):
            # A first name alone ("Sam") would blank other people's notes; a full one will not.
            if family[0] and " " in str(family[0]).strip():
                words.append(str(family[0]).strip())
    return sorted(set(words), key=len, reverse=True)


def _blank_mentions(connection: Connection, references: list[Reference], words: list[str]) -> int:
    """Blank the contact's names in rows about no one in particular (a morning digest)."""
    blanked = 0
    for reference in references:
        table = _quote(reference.table)
        for column in _text_columns(connection, reference.table):
            name = _quote(column)
            for word in words:
                result = connection.exec_driver_sql(
                    f"UPDATE {table} SET {name} = replace({name}, ?, ?) "
                    f"WHERE {_quote(reference.column)} IS NULL AND instr({name}, ?) > 0",
                    (word, ERASED, word),
                )
                blanked += max(result.rowcount, 0)
    return blanked


def _keep_introductions_of_others(connection: Connection, contact_id: int) -> None:
    """An introduction stays on the other person's card as 'an introduction', nothing more.

    Its words may name the erased contact, so they go; the day stays, for the other's balance.
    """
    columns = {str(row[1]) for row in connection.exec_driver_sql("PRAGMA table_info(gives)")}
    if "other_contact_id" not in columns:
        return  # a book from before introductions were recorded
    connection.exec_driver_sql(
        "UPDATE gives SET contact_id = other_contact_id, other_contact_id = NULL, note = '', "
        "interaction_id = NULL WHERE contact_id = ? AND other_contact_id IS NOT NULL",
        (contact_id,),
    )
    connection.exec_driver_sql(
        "UPDATE gives SET other_contact_id = NULL, note = '' WHERE other_contact_id = ?",
        (contact_id,),
    )


def erase_contact_rows(connection: Connection, contact_id: int) -> Erased:
    """Delete the contact and every row that belongs to them, in the caller's transaction.

    Rows that the schema cascades are deleted explicitly too, so nothing depends on the
    foreign-key setting; columns that only mention the contact are left to the schema.
    """
    connection.exec_driver_sql("PRAGMA secure_delete = ON")
    erased = Erased()
    references = references_to_contacts(connection)
    words = identifying_words(connection, contact_id)
    if CONTACT_SEARCH in fts5_tables(connection):
        result = connection.exec_driver_sql(
            f"DELETE FROM {CONTACT_SEARCH} WHERE rowid = ?", (contact_id,)
        )
        erased.rows[CONTACT_SEARCH] = max(result.rowcount, 0)
    _keep_introductions_of_others(connection, contact_id)
    # Children of the contact's rows first (an interaction points at a loop), then the rest.
    for reference in sorted(references, key=lambda r: r.table != "interactions"):
        if reference.on_delete != "CASCADE":
            continue
        result = connection.exec_driver_sql(
            f"DELETE FROM {_quote(reference.table)} WHERE {_quote(reference.column)} = ?",
            (contact_id,),
        )
        erased.rows[reference.table] = erased.rows.get(reference.table, 0) + max(result.rowcount, 0)
    result = connection.exec_driver_sql("DELETE FROM contacts WHERE id = ?", (contact_id,))
    erased.rows[CONTACTS] = max(result.rowcount, 0)
    erased.mentions_blanked = _blank_mentions(connection, references, words)
    if any(t == "tags" for t, _ in _tables(connection)):
        # A tag no one carries any more may be a word only this contact had.
        result = connection.exec_driver_sql(
            "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM contact_tags)"
        )
        erased.rows["tags"] = max(result.rowcount, 0)
    for table in fts5_tables(connection):
        # Merging drops deleted entries from the index segments, which still hold the words.
        connection.exec_driver_sql(
            f"INSERT INTO {_quote(table)} ({_quote(table)}) VALUES ('optimize')"
        )
    return erased


def compact(
    database: Path | Any, passphrase: str | None = None, wait_for_readers_s: float = 5.0
) -> None:
    """VACUUM and empty the WAL, so deleted text leaves the file (outside any transaction).

    `database` is a file (opened with `passphrase` when encrypted, waiting this long for
    other programs' readers) or an open DB-API connection.
    """
    if isinstance(database, Path):
        opened = connect(database, passphrase, isolation_level=None, timeout=wait_for_readers_s)
        with closing(opened) as connection:
            compact(connection)
        return
    database.execute("PRAGMA secure_delete = ON")
    # VACUUM's scratch copy stays in memory: never a temp file holding the text.
    database.execute("PRAGMA temp_store = MEMORY")
    database.execute("VACUUM")
    mode = database.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() == "wal":
        busy = database.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            # Older pages, their words included, stay in the WAL until it can be emptied.
            raise StoreError("another program is reading the call book")


@dataclass(frozen=True)
class UnfinishedErasure:
    """An erase the rep confirmed, not yet done in every file: who, by id and creation time."""

    contact_id: int
    created_at: str
    from_backups: bool


@dataclass(frozen=True)
class BackupsCleaned:
    """How many backups were cleaned of a contact, which could not be, and why to try again."""

    cleaned: int = 0
    not_cleaned: tuple[Path, ...] = ()
    # Set when what stopped it will pass (a full disk, another program busy): the reason.
    again: str | None = None


_RECORD = ".erasing-"


def _record(database: Path, erasure: UnfinishedErasure) -> Path:
    # The creation time tells a contact from a later one given the same id.
    digest = hashlib.sha256(erasure.created_at.encode()).hexdigest()[:12]
    return database.with_name(f"{database.name}{_RECORD}{erasure.contact_id}-{digest}")


def note_erasure(database: Path, erasure: UnfinishedErasure) -> None:
    """Record an erase before it deletes anything, so a cut-short one is finished later."""
    record = _record(database, erasure)
    fresh = record.with_name(record.name + ".new")
    text = json.dumps(
        {
            "contact_id": erasure.contact_id,
            "created_at": erasure.created_at,
            "from_backups": erasure.from_backups,
        }
    )
    fd = os.open(fresh, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    try:
        os.write(fd, text.encode())
        os.fsync(fd)
    except BaseException:
        fresh.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)
    fresh.replace(record)
    flush_to_disk(database.parent)


def erasure_done(database: Path, erasure: UnfinishedErasure) -> None:
    """Drop the record of an erase that is done (or that deleted nothing)."""
    _record(database, erasure).unlink(missing_ok=True)
    try:
        flush_to_disk(database.parent)
    except OSError as error:
        log.warning("the folder could not be flushed after an erase: %s", error)


def unfinished_erasures(database: Path) -> list[UnfinishedErasure]:
    """The erases recorded beside `database` and not yet finished."""
    found = []
    for path in sorted(database.parent.glob(database.name + _RECORD + "*")):
        if path.name.endswith(".new"):
            # Cut short before the record was in place: that erase deleted nothing.
            path.unlink(missing_ok=True)
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(
                UnfinishedErasure(
                    int(data["contact_id"]), str(data["created_at"]), bool(data["from_backups"])
                )
            )
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("the erase record %s cannot be read: %s", path, error)
    return found


def erase_from_file(
    path: Path, erasure: UnfinishedErasure, passphrase: str | None, wait_for_readers_s: float = 5.0
) -> bool:
    """Erase the contact (same id, same creation time) from one database file, compacted.

    True when they were in it. The file is compacted either way: an erase cut short after
    its delete may have left their words in free pages.
    """
    engine = create_engine(
        "sqlite://", creator=lambda: connect(path, passphrase), poolclass=NullPool
    )
    try:
        with engine.begin() as connection:
            found = connection.exec_driver_sql(
                "SELECT 1 FROM contacts WHERE id = ? AND created_at = ?",
                (erasure.contact_id, erasure.created_at),
            ).first()
            if found is not None:
                erase_contact_rows(connection, erasure.contact_id)
    finally:
        engine.dispose()
    compact(path, passphrase, wait_for_readers_s)
    return found is not None


def _retry_reason(error: Exception) -> str | None:
    if isinstance(error, OSError):
        return disk_words(error)
    if isinstance(error, StoreError):
        return str(error)
    return write_failure(error)


def clean_backups(
    folder: Path, erasure: UnfinishedErasure, passphrase: str | None
) -> BackupsCleaned:
    """Erase the contact from every backup in `folder`, and every copy a crash left there."""
    failures: tuple[type[Exception], ...] = (
        OSError,
        StoreError,
        SQLAlchemyError,
        *database_errors(),
    )
    cleaned = 0
    not_cleaned: list[Path] = []
    again = None
    try:
        with backups_held(folder):
            remove_unfinished_copies(folder)
            for backup in list_backups(folder):
                try:
                    cleaned += erase_from_file(
                        backup.path, erasure, key_for(backup.path, passphrase)
                    )
                except failures as error:  # one unreadable backup must not stop the others
                    log.warning("could not erase the contact from %s: %s", backup.path, error)
                    not_cleaned.append(backup.path)
                    again = again or _retry_reason(error)
    except BackupError as error:
        return BackupsCleaned(cleaned, tuple(not_cleaned), str(error))
    return BackupsCleaned(cleaned, tuple(not_cleaned), again)


def finish_erasures(database: Path, passphrase: str | None) -> list[str]:
    """Finish every erase cut short; what still stands in the way of each unfinished one.

    Hold the writer lock, before any store of this process opens the book.
    """
    failures: tuple[type[Exception], ...] = (
        OSError,
        StoreError,
        SQLAlchemyError,
        *database_errors(),
    )
    problems = []
    for erasure in unfinished_erasures(database):
        try:
            # The window starts with a snapshot of its own open (its first look), which no
            # wait ends: the WAL is emptied at a later start, not after a pause at this one.
            erase_from_file(database, erasure, passphrase, wait_for_readers_s=0.1)
        except failures as error:
            problems.append(_retry_reason(error) or str(error))
            continue
        if erasure.from_backups:
            cleaned = clean_backups(database.parent / BACKUPS_FOLDER, erasure, passphrase)
            if cleaned.again is not None:
                problems.append(cleaned.again)
                continue
        erasure_done(database, erasure)
        log.info("finished erasing contact #%d, cut short before", erasure.contact_id)
    return problems
