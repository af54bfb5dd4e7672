"""Bring a database to the newest schema: created at head, or backed up then upgraded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import OperationalError

from callbook.domain.retention import BackupReason
from callbook.store.backup import take_backup
from callbook.store.revision import HEAD_REVISION
from callbook.store.writer import WriterLock

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class MigrationReport:
    """What opening the store did to its schema."""

    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        """True when the schema moved."""
        return self.before != self.after


def alembic_config() -> Config:
    """Alembic settings pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this version of Callbook knows."""
    return HEAD_REVISION


def scripted_head() -> str | None:
    """The newest revision as the migration scripts themselves say."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, None for a database never migrated."""
    with engine.connect() as connection:
        try:
            found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        except OperationalError:
            return None  # no alembic_version table: never migrated
    return str(found[0][0]) if found else None


def upgrade(
    engine: Engine,
    db_path: Path,
    backups: Path,
    now: datetime,
    to: str = "head",
    zone: ZoneInfo | None = None,
    passphrase: str | None = None,
    writer: WriterLock | None = None,
) -> MigrationReport:
    """Upgrade to `to`; a database with data is backed up first (a rolling backup).

    The upgrade holds `writer` (the book's writer lock): two starts at once upgrade it once.
    """
    before = current_revision(engine)
    target = head_revision() if to == "head" else to
    if before == target:
        return MigrationReport(before, target, None)
    with (writer or WriterLock(db_path)).held():
        # Another start may have brought it up to date while this one waited its turn.
        before = current_revision(engine)
        backup = (
            _upgrade(engine, db_path, backups, now, to, zone, passphrase)
            if before != target
            else None
        )
    return MigrationReport(before, target, backup)


def _upgrade(
    engine: Engine,
    db_path: Path,
    backups: Path,
    now: datetime,
    to: str,
    zone: ZoneInfo | None,
    passphrase: str | None,
) -> Path | None:
    """Back up a database with data, then upgrade it; the backup's path, if one was taken."""
    backup = None
    if inspect(engine).get_table_names():
        taken = take_backup(
            db_path,
            backups,
            now,
            BackupReason.BEFORE_MIGRATION,
            zone or ZoneInfo("UTC"),
            passphrase,
        )
        backup = taken.path
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, to)
    return backup
