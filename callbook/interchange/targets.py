"""Where an export goes: a file is replaced whole, a pipe or a terminal gets a stream.

A symbolic link is refused, not replaced by a file nor followed: replacing it would break
what the rep set up, and following it would replace a file somewhere else, perhaps one a
link in a shared folder was planted to reach. The message names where it points, so the
rep can give that path instead. A link to a pipe or a terminal (/dev/stdout) replaces
nothing, so it is written through.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from callbook.disk import disk_words
from callbook.interchange.files import write_private_file


def _is_stream(mode: int) -> bool:
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def write_export(path: Path, data: bytes) -> None:
    """Write `data` to `path` as the kind of thing it is; OSError says why it cannot be."""
    try:
        found = path.lstat()
    except FileNotFoundError:
        _write_file(path, data)
        return
    if stat.S_ISREG(found.st_mode):
        _write_file(path, data)
    elif stat.S_ISLNK(found.st_mode):
        try:
            points_at = path.stat().st_mode
        except OSError:
            points_at = 0
        if not _is_stream(points_at):
            raise OSError(f"it is a symbolic link to {path.resolve()}; export to that file itself")
        _write_stream(path, data)
    elif _is_stream(found.st_mode):
        _write_stream(path, data)
    elif stat.S_ISDIR(found.st_mode):
        raise OSError("it is a folder; name a file in it")
    elif stat.S_ISBLK(found.st_mode):
        raise OSError("it is a disk device; writing there would overwrite the disk")
    else:
        raise OSError("it is a socket, not a file")


def _write_file(path: Path, data: bytes) -> None:
    try:
        write_private_file(path, data)
    except OSError as error:
        # "the disk is full", where the system says "No space left on device".
        raise OSError(disk_words(error)) from None


def _write_stream(path: Path, data: bytes) -> None:
    # Neither created nor truncated: a pipe or a terminal is written to as it is.
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    try:
        if not _is_stream(os.fstat(fd).st_mode):
            # Swapped for a file since it was looked at: leave that file alone.
            raise OSError("it changed while being opened; try again")
        left = memoryview(data)
        while left:
            left = left[os.write(fd, left) :]
    except BrokenPipeError:
        raise OSError("the program reading it stopped before the end") from None
    finally:
        os.close(fd)
