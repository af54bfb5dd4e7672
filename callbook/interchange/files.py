"""Telling what kind of file the rep gave, reading it, and writing exports owner-only."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from callbook.interchange.csv_read import read_csv
from callbook.interchange.encodings import DecodedText, decode_text
from callbook.interchange.records import Progress, ReadError, ReadResult
from callbook.interchange.vcard_read import read_vcards

# Larger than any address book a rep keeps; a bigger file is a mistake, not contacts.
MAX_FILE_BYTES = 200 * 1024 * 1024
EXPORT_MODE = 0o600
READ_CHUNK = 4 * 1024 * 1024


class FileKind(StrEnum):
    """What a file the rep wants to import holds."""

    VCARD = "vcard"
    CSV = "csv"
    BACKUP = "backup"


def kind_of(path: Path, text: DecodedText | str) -> FileKind:
    """A vCard file, a CSV file or a Callbook JSON backup, judged by content then name."""
    if isinstance(text, DecodedText):
        text = text.text
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.upper().startswith("BEGIN:VCARD") or "\nBEGIN:VCARD" in head.upper():
        return FileKind.VCARD
    if head.startswith("{"):
        return FileKind.BACKUP
    suffix = path.suffix.lower()
    if suffix in {".vcf", ".vcard"}:
        return FileKind.VCARD
    if suffix == ".json":
        return FileKind.BACKUP
    return FileKind.CSV


def read_file_text(path: Path) -> DecodedText:
    """The file's text whatever its encoding; ReadError with a clear reason otherwise."""
    try:
        # Asked before opening: opening a pipe would wait for a writer that may never come.
        if path.is_dir():
            raise IsADirectoryError
        if not stat.S_ISREG(path.stat().st_mode):
            raise ReadError(
                f"{path} is not a file but a device or a pipe; save what it gives to a file "
                "and import that"
            )
        with path.open("rb") as handle:
            data = _read_at_most(handle, MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ReadError(f"there is no file {path}") from None
    except IsADirectoryError:
        raise ReadError(f"{path} is a folder, not a file") from None
    except OSError as error:
        raise ReadError(f"cannot read {path}: {error.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(
            f"{path.name} is more than {MAX_FILE_BYTES // 1_000_000} MB; "
            "that is too large to be contacts"
        )
    return decode_text(data)


def _read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """The file's bytes up to `limit`, in chunks: asking for `limit` bytes at once would set
    that much memory aside however small the file is (and it may have grown since)."""
    chunks: list[bytes] = []
    size = 0
    while size < limit and (chunk := handle.read(min(READ_CHUNK, limit - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_contacts(
    path: Path,
    text: DecodedText | str,
    region: str,
    mapping: Mapping[int, str] | None = None,
    progress: Progress | None = None,
) -> ReadResult:
    """Contacts from a vCard or CSV file's text (a backup is restored, not read here)."""
    decoded = text if isinstance(text, DecodedText) else DecodedText(text, "UTF-8")
    kind = kind_of(path, decoded.text)
    if kind is FileKind.VCARD:
        result = read_vcards(decoded.text, progress, decoded.odd_lines)
    elif kind is FileKind.CSV:
        result = read_csv(decoded.text, region, mapping, progress, decoded.odd_lines)
    else:
        raise ReadError(f"{path.name} is a Callbook backup; it is restored, not read as contacts")
    result.warnings[:0] = decoded.notes()
    return result


def write_private_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` readable by the owner only, all at once or not at all."""
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise OSError(f"the folder {folder} does not exist")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).chmod(EXPORT_MODE)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
