"""A disk that fills up mid-save: a clear message, a rolled-back change, an intact database."""

from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from callbook.domain.clock import FixedClock
from callbook.paths import DATABASE_NAME
from callbook.services.contacts import NewContact, add_contact
from callbook.store.opening import open_store

BIG_NOTE = "The whole story of the plant visit. " * 3_000  # about 100 KB
# Room for SQLite's 32 KB lock file and the app's log, not for the note nor a backup copy.
LIMIT = 48 * 1024


def file_limit(max_bytes: int) -> Callable[[], None]:
    """What `ulimit -f` does: no file of the child may grow past `max_bytes`."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return limit


def callbook(
    folder: Path, *argv: str, limit: int | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callbook", *argv, "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=file_limit(limit) if limit else None,
        check=False,
    )


@pytest.fixture
def folder(data_dir: Path, clock: FixedClock) -> Path:
    store, _ = open_store(data_dir, clock.now())
    add_contact(store, clock, NewContact("Ana", "Silva", company="Acme"))
    store.close()
    # Today's backup is taken now, so the limited run below only tries to save the call.
    assert callbook(data_dir, "today").returncode == 0
    return data_dir


def interactions(folder: Path) -> list[str]:
    with closing(sqlite3.connect(folder / DATABASE_NAME)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [r[0][:20] for r in db.execute("SELECT note FROM interactions ORDER BY id")]


@pytest.mark.slow
def test_a_save_that_fills_the_disk_is_rolled_back_with_a_clear_message(folder: Path) -> None:
    done = callbook(folder, "log", "Ana", "--outcome", "connected", "--purpose", "checkin",
                    "--note", "first call")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (folder / DATABASE_NAME).stat().st_size > LIMIT
    full = callbook(
        folder,
        "log",
        "Ana",
        "--outcome",
        "voicemail",
        "--purpose",
        "business",
        "--note",
        BIG_NOTE,
        limit=LIMIT,
    )
    assert full.returncode == 1
    # A file-size limit reads as a write error; a full disk says "the disk is full".
    assert full.stderr.strip() == (
        "callbook: could not save: the disk could not be written (is it full or failing?); "
        "nothing of this change was saved"
    )
    assert interactions(folder) == ["first call"]

    # With room again, the rep carries on where they were.
    again = callbook(folder, "log", "Ana", "--outcome", "voicemail", "--purpose", "business",
                     "--note", "second call")  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert interactions(folder) == ["first call", "second call"]


@pytest.mark.slow
def test_a_backup_that_fills_the_disk_leaves_no_partial_file(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    result = callbook(folder, "backup", "-o", str(target), limit=LIMIT)
    assert result.returncode == 1
    assert result.stderr.startswith(f"callbook: could not write the backup {target}: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not target.exists()
    assert not list(tmp_path.glob("*.partial"))
    assert interactions(folder) == []
