"""The app's own log: a file in the data folder, owner-only, never on the rep's terminal."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from callbook.paths import owner_only_file

LOG_NAME = "callbook.log"


def log_to_folder(folder: Path, level: int = logging.INFO) -> Path:
    """Send log records to `folder`/callbook.log (rotated at 1 MB, mode 0600)."""
    path = folder / LOG_NAME
    owner_only_file(path)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
