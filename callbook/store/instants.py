"""Instants as the store keeps them: naive UTC text, read back aware."""

from __future__ import annotations

from datetime import UTC, datetime

# The text SQLAlchemy's SQLite DateTime writes; rows written or read without the ORM
# (bulk demo data, Today's plain-tuple queries) must match it byte for byte. The width is
# fixed, so comparing the text compares the instants.
_STORED_LAYOUT = "%Y-%m-%d %H:%M:%S.%f"


def stored_instant_text(at: datetime) -> str:
    """An aware instant as the store keeps it: naive UTC text."""
    return at.astimezone(UTC).strftime(_STORED_LAYOUT)


def instant_from_stored(stored: str | None) -> datetime | None:
    """A stored instant read back aware in UTC; None stays None."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC) if stored else None
