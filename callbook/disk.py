"""What the disk said when a file could not be written, in the rep's words."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

_REFUSALS = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "you are not allowed to write there",
    errno.EPERM: "you are not allowed to write there",
    errno.EIO: "the disk could not be written (is it failing?)",
    errno.EFBIG: "the file would grow larger than this system allows",
}
if hasattr(errno, "EDQUOT"):
    _REFUSALS[errno.EDQUOT] = "your share of the disk is used up"


def disk_words(error: OSError) -> str:
    """Why the write failed: 'the disk is full', or what the system said."""
    return _REFUSALS.get(error.errno or 0) or error.strerror or str(error)


def why_unwritable(folder: Path) -> str | None:
    """Why a small file cannot be written in `folder` right now, or None when it can."""
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".callbook-probe-") as probe:
            probe.write(b"callbook")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        return disk_words(error)
    return None
