"""What a database file's first bytes say, read once, before SQLite holds the file.

Closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's
included, and SQLite never takes them back. So the live database is read by Python only
before the first connection opens it; afterwards the open store says what it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLCipher writes whole pages of at least 1 KB; a text file is seldom that shape.
_SMALLEST_ENCRYPTED = 1024
_PAGE_STEP = 512


@dataclass(frozen=True)
class FileHead:
    """The size of a database file and how it begins."""

    size: int
    first_bytes: bytes

    @property
    def plain(self) -> bool:
        """True when it starts like a plain SQLite database."""
        return self.first_bytes == SQLITE_MAGIC

    @property
    def encrypted_shape(self) -> bool:
        """True for the shape of an encrypted database: whole pages, no plain header."""
        return self.size >= _SMALLEST_ENCRYPTED and self.size % _PAGE_STEP == 0 and not self.plain

    @property
    def empty(self) -> bool:
        """True for a file with no bytes at all."""
        return self.size == 0


def read_head(path: Path) -> FileHead | None:
    """How the file at `path` begins; None when there is no file or it cannot be read.

    Never call it on a database this process has open (see the module's docstring).
    """
    try:
        with path.open("rb") as file:
            first = file.read(len(SQLITE_MAGIC))
            size = file.seek(0, 2)
    except OSError:
        return None
    return FileHead(size, first)


def has_sqlite_header(path: Path) -> bool:
    """True when `path` starts like a plain SQLite database."""
    head = read_head(path)
    return head is not None and head.plain


def is_encrypted(path: Path) -> bool:
    """True for a file that looks like an encrypted database: whole pages, no plain header."""
    head = read_head(path)
    return head is not None and head.encrypted_shape
