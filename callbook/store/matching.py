"""Text the rep typed, matched as written: LIKE's wildcards in it are taken literally."""

from __future__ import annotations

from sqlalchemy import ColumnElement

# The character that makes the next one in a LIKE pattern stand for itself.
LIKE_ESCAPE = "\\"


def literal_pattern(text: str) -> str:
    """`text` as a LIKE pattern matching only itself: `%`, `_` and `\\` are escaped."""
    return (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


def starts_with(column: ColumnElement[str], text: str) -> ColumnElement[bool]:
    """`column` begins with `text`, character for character."""
    return column.like(literal_pattern(text) + "%", escape=LIKE_ESCAPE)


def contains(column: ColumnElement[str], text: str) -> ColumnElement[bool]:
    """`column` holds `text` somewhere, character for character."""
    return column.like("%" + literal_pattern(text) + "%", escape=LIKE_ESCAPE)
