"""Opening the rep's store: the folder, the file, the schema."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from callbook.paths import DATABASE_NAME, prepare_folder
from callbook.store.engine import Store, StoreError, make_engine, store_on
from callbook.store.migrate import MigrationReport, upgrade

log = logging.getLogger(__name__)

BACKUPS_FOLDER = "backups"
# Releases before this one can corrupt a WAL database when two connections reset it at once.
SAFE_SQLITE = (3, 51, 3)


def open_store(folder: Path, now: datetime) -> tuple[Store, MigrationReport]:
    """Open (creating or upgrading) the database in `folder`."""
    prepare_folder(folder)
    if sqlite3.sqlite_version_info < SAFE_SQLITE:
        log.warning(
            "SQLite %s is older than 3.51.3 (WAL-reset bug); Callbook keeps to one writer",
            sqlite3.sqlite_version,
        )
    path = folder / DATABASE_NAME
    try:
        engine = make_engine(path)
        report = upgrade(engine, path, folder / BACKUPS_FOLDER, now)
    except (SQLAlchemyError, sqlite3.Error) as error:
        raise StoreError(f"cannot open the database {path}: {error}") from None
    return store_on(engine, path), report
