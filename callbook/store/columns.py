"""Column types: instants kept as UTC, read back aware."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator

# The text SQLAlchemy's SQLite DateTime writes; rows written or read without the ORM
# (bulk demo data, Today's plain-tuple queries) must match it byte for byte.
_STORED_LAYOUT = "%Y-%m-%d %H:%M:%S.%f"


def stored_instant_text(at: datetime) -> str:
    """An aware instant as the store keeps it: naive UTC text."""
    return at.astimezone(UTC).strftime(_STORED_LAYOUT)


def instant_from_stored(stored: str | None) -> datetime | None:
    """A stored instant read back aware in UTC; None stays None."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC) if stored else None


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC text; returns them aware in UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("only aware datetimes are stored")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)
