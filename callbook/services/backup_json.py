"""The full JSON backup: every table, versioned, restored only into an empty data folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Table, func, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from callbook import __version__
from callbook.domain.clock import Clock
from callbook.services import search
from callbook.services.changes import Invalid
from callbook.store.columns import UTCDateTime
from callbook.store.engine import Store
from callbook.store.migrate import current_revision
from callbook.store.models import Base

FORMAT = "callbook-backup"
VERSION = 1
# Tables whose rows an empty data folder may already hold; the backup's rows replace them.
REPLACEABLE = frozenset({"settings"})


@dataclass(frozen=True)
class RestoreReport:
    """How many rows of each table a restore brought back."""

    rows: dict[str, int]

    def describe(self) -> str:
        """'812 contacts, 9,340 interactions and 3 settings' (empty tables left out)."""
        words = [
            f"{count:,} {table.replace('_', ' ')}" for table, count in self.rows.items() if count
        ]
        if not words:
            return "an empty backup"
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@dataclass
class DamagedText:
    """Stored text that was not UTF-8 (written by some other program), read with U+FFFD in
    place of each bad byte so an export still goes out whole."""

    values: int = 0
    examples: list[str] = field(default_factory=list)

    def decode(self, data: bytes) -> str:
        """The text, with a replacement character for each byte that is not UTF-8."""
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.values += 1
            text = data.decode("utf-8", errors="replace")
            if len(self.examples) < 3:
                at = text.index("\ufffd")
                self.examples.append(text[max(at - 20, 0) : at + 20].replace("\n", " "))
            return text

    def warning(self) -> str | None:
        """What the rep should know, or None when every text was whole."""
        if not self.values:
            return None
        shown = "; ".join(f"'{example}'" for example in self.examples)
        return (
            f"{self.values:,} stored text{'s' if self.values != 1 else ''} held bytes that are "
            f"not UTF-8; they are written with \ufffd in their place ({shown})"
        )


@contextmanager
def reading_damaged_text(session: Session, damaged: DamagedText) -> Iterator[None]:
    """Within this block the session reads text that is not UTF-8 instead of failing."""
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    before = raw.text_factory
    raw.text_factory = damaged.decode
    try:
        yield
    finally:
        raw.text_factory = before


def backup_document(
    store: Store, clock: Clock, damaged: DamagedText | None = None
) -> dict[str, Any]:
    """Everything in the store as one JSON-ready document."""
    tables: dict[str, Any] = {}
    with store.read() as session, reading_damaged_text(session, damaged or DamagedText()):
        for table in Base.metadata.sorted_tables:
            columns = [c.name for c in table.columns]
            order = list(table.primary_key.columns) or list(table.columns)
            rows = session.execute(select(table).order_by(*order)).all()
            tables[table.name] = {
                "columns": columns,
                "rows": [[_to_json(value) for value in row] for row in rows],
            }
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": current_revision(store.engine),
        "app_version": __version__,
        "exported_at": clock.now().astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "tables": tables,
    }


def backup_bytes(store: Store, clock: Clock, damaged: DamagedText | None = None) -> bytes:
    """The backup document as UTF-8 JSON, readable and stable for the same data."""
    text = json.dumps(backup_document(store, clock, damaged), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def _to_json(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_json(table: Table, column: str, value: object, where: str) -> object:
    if value is None:
        return None
    kind = table.columns[column].type
    try:
        if isinstance(kind, UTCDateTime):
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        if isinstance(kind, DateTime):
            return datetime.fromisoformat(str(value))
        if isinstance(kind, Date):
            return date.fromisoformat(str(value))
    except ValueError:
        raise Invalid(f"{where}: {column} '{value}' is not a date") from None
    return value


def restore_json_backup(store: Store, text: str, dry_run: bool = False) -> RestoreReport:
    """Put a JSON backup into an empty store in one transaction; refuse anything else."""
    document = _parsed(text)
    tables = document["tables"]
    rows_by_table: dict[str, int] = {}
    try:
        with store.begin() as session:
            _require_empty(session)
            for table in Base.metadata.sorted_tables:
                data = tables.get(table.name)
                if data is None:
                    rows_by_table[table.name] = 0
                    continue
                rows = _rows(table, data)
                if table.name in REPLACEABLE:
                    session.execute(table.delete())
                if rows:
                    session.execute(table.insert(), rows)
                rows_by_table[table.name] = len(rows)
            search.rebuild(session)
            if dry_run:
                raise _DryRunDoneError
    except _DryRunDoneError:
        pass
    except IntegrityError as error:
        raise Invalid(
            f"the backup does not hold together, so nothing was restored: {error.orig}"
        ) from None
    except StatementError as error:
        raise Invalid(f"the backup holds a value that cannot be stored: {error.orig}") from None
    return RestoreReport(rows_by_table)


class _DryRunDoneError(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _parsed(text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise Invalid(
            f"this is not a readable JSON backup: line {error.lineno}, column {error.colno}: "
            f"{error.msg}"
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise Invalid("this JSON file is not a Callbook backup")
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise Invalid(
            f"this backup is format version {version}, newer than this Callbook reads "
            f"({VERSION}); update Callbook to restore it"
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise Invalid("this backup has no tables")
    known = {t.name: t for t in Base.metadata.sorted_tables}
    for name, data in tables.items():
        if name not in known:
            raise Invalid(
                f"this backup holds a table '{name}' this Callbook does not know "
                f"(it was made by a newer version, schema {document.get('schema')}); "
                "update Callbook to restore it"
            )
        if not isinstance(data, dict) or not isinstance(data.get("columns"), list):
            raise Invalid(f"table '{name}' in the backup has no column list")
        unknown = [c for c in data["columns"] if c not in known[name].columns]
        if unknown:
            raise Invalid(
                f"table '{name}' in the backup has columns this Callbook does not know "
                f"({', '.join(map(str, unknown))}); update Callbook to restore it"
            )
        if not isinstance(data.get("rows"), list):
            raise Invalid(f"table '{name}' in the backup has no rows list")
    return document


def _rows(table: Table, data: dict[str, Any]) -> list[dict[str, object]]:
    columns: list[str] = data["columns"]
    rows = []
    for number, row in enumerate(data["rows"], start=1):
        where = f"table {table.name}, row {number}"
        if not isinstance(row, list) or len(row) != len(columns):
            raise Invalid(f"{where} has {len(row)} values for {len(columns)} columns")
        rows.append(
            {
                name: _from_json(table, name, value, where)
                for name, value in zip(columns, row, strict=True)
            }
        )
    return rows


def _require_empty(session: Session) -> None:
    for table in Base.metadata.sorted_tables:
        if table.name in REPLACEABLE:
            continue
        count = session.scalar(select(func.count()).select_from(table)) or 0
        if count:
            raise Invalid(
                f"this data folder already holds {count:,} {table.name.replace('_', ' ')}; "
                "a full backup restores only into an empty data folder "
                "(give a new one with --data-dir)"
            )
