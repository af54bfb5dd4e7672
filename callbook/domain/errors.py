"""What the rep typed cannot be stored: the message says what is wrong, in their words."""

from __future__ import annotations


class Invalid(ValueError):
    """Input the rep gave cannot be stored; the message says what is wrong."""


class InvalidEntry(Invalid):
    """One row of a list the rep edited cannot be stored: which row (from 0), which field."""

    def __init__(self, row: int, field: str, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.field = field
