"""The store: file modes, pragmas on every connection, migrations with a backup first."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from callbook.domain.clock import FixedClock
from callbook.paths import DATABASE_NAME, DataFolderError, data_folder
from callbook.store.engine import Store, make_engine
from callbook.store.migrate import current_revision, head_revision, scripted_head, upgrade
from callbook.store.models import Base
from callbook.store.opening import open_store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_folder_is_owner_only_and_database_is_0600(store: Store, data_dir: Path) -> None:
    assert mode(data_dir) == 0o700
    assert mode(data_dir / DATABASE_NAME) == 0o600


def test_every_connection_has_wal_full_sync_and_foreign_keys(store: Store) -> None:
    for _ in range(3):
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_a_rolled_back_action_leaves_nothing_behind(store: Store, clock: FixedClock) -> None:
    with pytest.raises(RuntimeError), store.begin() as session:
        session.execute(
            text("INSERT INTO tags (name) VALUES ('half-written')"),
        )
        raise RuntimeError("crash mid-save")
    with store.read() as session:
        assert session.execute(text("SELECT count(*) FROM tags")).scalar() == 0


def test_new_database_is_created_at_head(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()


def test_the_known_head_is_the_newest_migration_script() -> None:
    # A new migration must also move HEAD_REVISION, or starts would skip it.
    assert head_revision() == scripted_head()


def test_an_unmigrated_database_has_no_revision(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "plain.sqlite3")
    try:
        assert current_revision(engine) is None
    finally:
        engine.dispose()


def test_migrations_match_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, Base.metadata)
    # FTS tables and their shadow tables are not modelled; only modelled tables are compared.
    assert [d for d in differences if not _about_unmodelled_table(d)] == []


def _about_unmodelled_table(difference: object) -> bool:
    return isinstance(difference, tuple) and difference[0] == "remove_table"


def test_reopening_an_up_to_date_store_changes_nothing(data_dir: Path, clock: FixedClock) -> None:
    first, report = open_store(data_dir, clock.now())
    first.close()
    again, report = open_store(data_dir, clock.now())
    again.close()
    assert not report.changed
    assert report.backup is None


def test_old_database_with_data_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_NAME
    engine = make_engine(path)
    upgrade(engine, path, tmp_path / "backups", datetime.now(UTC), to="0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO contacts (first_name, last_name, company, title, email, tier, notes, "
            "personal_notes, preferred_channels, place, assistant_name, assistant_phone, "
            "assistant_notes, boss_name, reception_notes, question_asked, question_answer, "
            "industry, role_function, on_their_mind, company_notes, checkin_due_at, created_at, "
            "updated_at) VALUES ('Ana', 'Silva', 'Acme', '', '', 'A', 'likes sailing', '', '[]', "
            "'', '', '', '', '', '', 0, '', '', '', '', '', '2026-01-01 00:00:00.000000', "
            "'2025-01-01 00:00:00.000000', '2025-01-01 00:00:00.000000')"
        )
    engine.dispose()

    store, report = open_store(tmp_path, datetime(2026, 11, 23, tzinfo=UTC))
    try:
        assert report.before == "0001"
        assert report.after == head_revision()
        with store.read() as session:
            row = session.execute(text("SELECT first_name, notes FROM contacts")).one()
        assert tuple(row) == ("Ana", "likes sailing")
        if report.changed:
            assert report.backup is not None
            with sqlite3.connect(report.backup) as backup:
                assert backup.execute("SELECT first_name FROM contacts").fetchone() == ("Ana",)
                assert backup.execute("PRAGMA quick_check").fetchone() == ("ok",)
            assert mode(report.backup) == 0o600
    finally:
        store.close()


def test_data_dir_option_beats_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CALLBOOK_DATA_DIR", str(tmp_path / "from-env"))
    assert data_folder(tmp_path / "given") == tmp_path / "given"
    assert data_folder() == tmp_path / "from-env"


def test_unusable_data_folder_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DataFolderError, match=r"not a folder|cannot create"):
        open_store(blocker / "inside", datetime.now(UTC))


def test_an_upgrade_waits_for_another_program_writing_and_then_runs_once(tmp_path: Path) -> None:
    """Two starts at once (a window and a terminal) never upgrade the same book together."""
    import subprocess
    import sys
    import threading

    from callbook.store.writer import writer_file

    path = tmp_path / DATABASE_NAME
    engine = make_engine(path)
    upgrade(engine, path, tmp_path / "backups", datetime.now(UTC), to="0001")
    engine.dispose()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.readline()",
            str(writer_file(path)),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        opened: list[Store] = []
        opening = threading.Thread(
            target=lambda: opened.append(open_store(tmp_path, datetime.now(UTC))[0])
        )
        opening.start()
        opening.join(0.5)
        assert opening.is_alive(), "the book was upgraded while another program wrote to it"
        holder.stdin.write("done\n")
        holder.stdin.flush()
        opening.join(30)
        assert opened, "the upgrade did not go ahead once the other program was done"
        store = opened[0]
        try:
            assert current_revision(store.engine) == head_revision()
        finally:
            store.close()
    finally:
        holder.kill()
        holder.communicate()
