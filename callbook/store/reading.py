"""Plain reads: the DB-API connection under the store, for reads too big for the ORM."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol


class Rows(Protocol):
    """What a plain query hands back."""

    def __iter__(self) -> Iterator[Any]:
        """The rows one at a time, as tuples, never all held at once."""
        ...

    def fetchall(self) -> list[Any]:
        """Every row, as tuples."""
        ...

    def fetchone(self) -> Any:
        """The next row, or None."""
        ...


class Reader(Protocol):
    """A DB-API connection (sqlite3's, or SQLCipher's) in a read transaction."""

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Rows:
        """Run one statement."""
        ...
