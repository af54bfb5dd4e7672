"""The window open all day and `callbook log` from a terminal: one book, nothing lost."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from callbook.paths import DATABASE_NAME

pytestmark = pytest.mark.slow

WRITER = Path(__file__).with_name("window_writer.py")
TERMINAL_LOGS = 200
AT_ONCE = 4
WINDOW_EVERY_MS = 50
WINDOW_CONTACT, TERMINAL_CONTACT = 1, 2


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A demo book in a temp data folder, headless, with its own runtime folder."""
    runtime = Path(tempfile.mkdtemp(prefix="cbrt"))
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CALLBOOK_DATA_DIR": str(tmp_path / "data"),
        "CALLBOOK_RUNTIME_DIR": str(runtime),
        "PYTHONUNBUFFERED": "1",
    }
    made = terminal(environment, "demo", "--contacts", "20")
    assert made.returncode == 0, made.stderr
    yield environment
    for leftover in runtime.iterdir():
        leftover.unlink()
    runtime.rmdir()


def terminal(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callbook", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def lines_until(process: subprocess.Popen[str], wanted: str, within_s: float) -> list[str]:
    """The child's lines up to and including `wanted`; fails instead of hanging."""
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + within_s
    while not seen or seen[-1] != wanted:
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"the window never said {wanted!r}; it said {seen[-5:]}"
        line = process.stdout.readline()
        assert line, f"the window ended before {wanted!r}: {seen[-5:]}"
        seen.append(line.strip())
    return seen


def locks_on(pid: int, path: Path) -> list[str]:
    """The lines of /proc/locks that `pid` holds on the file at `path`."""
    inode = path.stat().st_ino
    held = []
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        # "1: POSIX  ADVISORY  READ 1234 fe:00:5678 ..." (a "->" marks a waiter)
        if "->" in fields:
            continue
        if fields[4] == str(pid) and int(fields[5].split(":")[2]) == inode:
            held.append(line)
    return held


def deleted_files_of(pid: int, folder: Path) -> list[str]:
    """Files in `folder` the process still has open that are gone from it."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith(str(folder)) and target.endswith("(deleted)"):
            found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the kernel's lock table")
# 200 terminal commands take a minute or two; a loaded machine may take several.
@pytest.mark.timeout(1200)
def test_terminal_logs_beside_a_saving_window_are_all_kept(env: dict[str, str]) -> None:
    database = Path(env["CALLBOOK_DATA_DIR"]) / DATABASE_NAME
    window = subprocess.Popen(
        [
            sys.executable,
            str(WRITER),
            env["CALLBOOK_DATA_DIR"],
            str(WINDOW_CONTACT),
            str(WINDOW_EVERY_MS),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        lines_until(window, "ready", within_s=180)
        # The window holds SQLite's lock on its book for its whole life...
        assert locks_on(window.pid, database), "the window holds no lock on its database"

        def log_from_terminal(number: int) -> subprocess.CompletedProcess[str]:
            return terminal(
                env,
                "log",
                str(TERMINAL_CONTACT),
                "--outcome",
                "voicemail",
                "--purpose",
                "business",
                "--note",
                f"terminal-{number}",
            )

        with ThreadPoolExecutor(AT_ONCE) as pool:
            results = list(pool.map(log_from_terminal, range(1, TERMINAL_LOGS + 1)))
        failed = [r.stderr.strip() for r in results if r.returncode != 0]
        assert not failed, f"{len(failed)} terminal logs failed, first: {failed[0]}"
        # ...so no terminal ever took the book for its own and deleted the window's WAL.
        assert locks_on(window.pid, database), "the window lost its lock on the database"
        assert not deleted_files_of(window.pid, database.parent)
        window.send_signal(signal.SIGKILL)
        said, _ = window.communicate(timeout=30)
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()
        if window.stdout is not None:
            window.stdout.close()
    acknowledged = {int(line.split()[1]) for line in said.splitlines() if line.startswith("ack")}
    assert not [line for line in said.splitlines() if line.startswith("fail")]
    assert len(acknowledged) >= 20, "the window hardly saved anything while the terminal logged"
    assert "noticed" in said.splitlines(), "the window never showed what the terminal wrote"
    with sqlite3.connect(database) as book:
        assert book.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        notes = {row[0] for row in book.execute("SELECT note FROM interactions")}
    book.close()
    lost_terminal = [n for n in range(1, TERMINAL_LOGS + 1) if f"terminal-{n}" not in notes]
    lost_window = [n for n in sorted(acknowledged) if f"window-{n}" not in notes]
    print(
        f"\n{TERMINAL_LOGS} terminal logs ({AT_ONCE} at a time) beside {len(acknowledged)} "
        f"window saves: {len(lost_terminal)} and {len(lost_window)} lost, integrity ok"
    )
    assert not lost_terminal, f"{len(lost_terminal)} of {TERMINAL_LOGS} terminal logs were lost"
    assert not lost_window, f"{len(lost_window)} of {len(acknowledged)} window saves were lost"
