"""Copies of the live database made with SQLite's online backup API, never a file copy."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from callbook.paths import FILE_MODE


class BackupError(Exception):
    """A backup could not be written or did not check out."""


def backup_database(source: Path, target: Path) -> Path:
    """Copy `source` into `target` (0600) through a temp file, checked before it is renamed."""
    partial = target.with_name(target.name + ".partial")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
        os.close(fd)
        with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(partial)) as copy:
            live.backup(copy)
            verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
            # The copy is a standalone file: no WAL beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        if verdict != "ok":
            raise BackupError(f"the backup {target.name} failed its check: {verdict}")
        partial.replace(target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"could not write the backup {target}: {error}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target
