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
) -> MigrationReport:
    """Upgrade to `to`; a database with data is backed up first (a rolling backup)."""
    before = current_revision(engine)
    target = head_revision() if to == "head" else to
    backup = None
    if before != target:
        has_tables = bool(inspect(engine).get_table_names())
        if has_tables:
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
    return MigrationReport(before, target, backup)
