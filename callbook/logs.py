"""The app's own log: a file in the data folder, owner-only, never on the rep's terminal."""

from __future__ import annotations

import io
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from callbook.paths import FILE_MODE, owner_only_file

LOG_NAME = "callbook.log"


class OwnerOnlyLog(RotatingFileHandler):
    """A rotated log whose every file is 0600, and whose own failures stay off the terminal."""

    def _open(self) -> io.TextIOWrapper:
        # A rotation opens a new file: created 0600 whatever the umask, not 0644.
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        Path(self.baseFilename).chmod(FILE_MODE)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        # A full disk must not print a traceback on the rep's terminal: the record is lost,
        # and the command says what went wrong in its own words.
        del record


def log_to_folder(folder: Path, level: int = logging.INFO) -> Path:
    """Send log records to `folder`/callbook.log (rotated at 1 MB, every file 0600)."""
    path = folder / LOG_NAME
    owner_only_file(path)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    handler = OwnerOnlyLog(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
