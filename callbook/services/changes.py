"""What a use case changed, so windows refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass

from callbook.store.errors import StoreError

__all__ = ["Changed", "Invalid", "NotFound", "Refused", "StoreError"]


@dataclass(frozen=True)
class Changed:
    """A description of a change: the contacts touched and the views affected."""

    contacts: frozenset[int] = frozenset()
    today: bool = False
    loops: bool = False
    contact_list: bool = False
    scripts: bool = False

    def __or__(self, other: Changed) -> Changed:
        return Changed(
            self.contacts | other.contacts,
            self.today or other.today,
            self.loops or other.loops,
            self.contact_list or other.contact_list,
            self.scripts or other.scripts,
        )


class NotFound(LookupError):
    """The contact or record asked for is not in the store."""


class Invalid(ValueError):
    """Input the rep gave cannot be stored; the message says what is wrong."""


class InvalidEntry(Invalid):
    """One row of a list the rep edited cannot be stored: which row (from 0), which field."""

    def __init__(self, row: int, field: str, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.field = field


# What a change from the window can be refused with: the rep's input, a record gone, or the
# disk. Each message is written to be shown to the rep as it is.
Refused = (Invalid, NotFound, StoreError)
