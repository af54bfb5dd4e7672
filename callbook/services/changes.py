"""What a use case changed, so windows refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass

from callbook.domain.errors import Invalid, InvalidEntry
from callbook.store.errors import StoreError

__all__ = ["Changed", "Invalid", "InvalidEntry", "NotFound", "Refused", "StoreError"]


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


# What a change from the window can be refused with: the rep's input, a record gone, or the
# disk. Each message is written to be shown to the rep as it is.
Refused = (Invalid, NotFound, StoreError)
