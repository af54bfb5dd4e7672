"""Erasing one contact from an SQLite file so that none of their text is left in it.

It reads the schema rather than a fixed list of tables, so a table added later that points at
contacts is covered too; search indexes are merged so no old segment keeps their words.
"""

from __future__ import annotations

import re
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from callbook.store.cipher import connect

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


def compact(database: Path | Any, passphrase: str | None = None) -> None:
    """VACUUM and empty the WAL, so deleted text leaves the file (outside any transaction).

    `database` is a file (opened with `passphrase` when encrypted) or an open DB-API connection.
    """
    if isinstance(database, Path):
        with closing(connect(database, passphrase, isolation_level=None)) as connection:
            compact(connection)
        return
    database.execute("PRAGMA secure_delete = ON")
    database.execute("VACUUM")
    mode = database.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() == "wal":
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
