"""The app as started by the rep: one instance, `callbook log` in a terminal, kill -9 drafts."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from callbook.instance import hand_over
from callbook.paths import DATABASE_NAME

pytestmark = pytest.mark.slow
START_TIMEOUT_S = 30.0


def first_line(process: subprocess.Popen[str], within_s: float = 30.0) -> str:
    """The child's first line of output, or fail after `within_s` instead of hanging."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], within_s)
    assert ready, f"no output from the child within {within_s:.0f} s"
    return process.stdout.readline().strip()


@pytest.fixture
def app_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> Iterator[dict[str, str]]:
    """A temp data folder and a short temp runtime folder, headless.

    `qapp` first: asking over the socket needs an application object, and the one the
    GUI tests share must be a full QApplication.
    """
    runtime = Path(tempfile.mkdtemp(prefix="cbrt"))
    # This process asks the app over the same socket, so it must look in the same place.
    monkeypatch.setenv("CALLBOOK_RUNTIME_DIR", str(runtime))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CALLBOOK_DATA_DIR": str(tmp_path / "data"),
        "CALLBOOK_RUNTIME_DIR": str(runtime),
        "PYTHONUNBUFFERED": "1",
    }
    yield env
    for leftover in runtime.iterdir():
        leftover.unlink()
    runtime.rmdir()


def callbook(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callbook", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
    )


def status(env: dict[str, str]) -> dict[str, Any] | None:
    reply = hand_over(Path(env["CALLBOOK_DATA_DIR"]), "status")
    return reply["status"] if reply and reply.get("ok") else None


def wait_for(check: Callable[[], Any], what: str, timeout: float = START_TIMEOUT_S) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def start_app(app_env: dict[str, str]) -> Iterator[Callable[[], subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "callbook"],
            env=app_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        started.append(process)
        wait_for(lambda: (status(app_env) or {}).get("window_visible"), "the window")
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(10)


def test_callbook_log_brings_up_the_running_windows_quick_log(
    app_env: dict[str, str], start_app: Callable[[], subprocess.Popen[str]]
) -> None:
    app = start_app()
    before = status(app_env)
    assert before is not None
    assert before["pid"] == app.pid
    assert not before["quick_log_open"]

    done = callbook(app_env, "log")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "The quick log is open in the Callbook window."
    after = wait_for(lambda: (s := status(app_env)) and s["quick_log_open"] and s, "quick log")
    assert after["activations"] == 1
    log_file = Path(app_env["CALLBOOK_DATA_DIR"]) / "callbook.log"
    assert "quick log opened" in log_file.read_text(encoding="utf-8")


def test_a_second_start_brings_the_first_window_forward_instead(
    app_env: dict[str, str], start_app: Callable[[], subprocess.Popen[str]]
) -> None:
    app = start_app()
    second = callbook(app_env)
    assert second.returncode == 0, second.stderr
    assert "already running" in second.stderr
    now = status(app_env)
    assert now is not None
    assert (now["pid"], now["activations"]) == (app.pid, 1)
    assert app.poll() is None


def test_after_kill_9_the_app_starts_again_and_callbook_log_without_it_says_how(
    app_env: dict[str, str], start_app: Callable[[], subprocess.Popen[str]]
) -> None:
    first = start_app()
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    refused = callbook(app_env, "log")
    assert refused.returncode == 2
    assert "Callbook is not running" in refused.stderr
    assert "callbook log CONTACT --outcome voicemail --purpose checkin" in refused.stderr
    # The lock and socket the killed app left behind do not stop the next one.
    second = start_app()
    assert (status(app_env) or {}).get("pid") == second.pid


TYPIST = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from callbook.clock import SystemClock
from callbook.services.contacts import NewContact, add_contact
from callbook.store.opening import open_store
from callbook.ui.ops import ChangeBus
from callbook.ui.quick_log import QuickLog, QuickLogStart

app = QApplication([])
clock = SystemClock()
store, _ = open_store(Path(sys.argv[1]), clock.now())
ana = add_contact(store, clock, NewContact("Ana", "Silva"))
quick_log = QuickLog(store, clock, ChangeBus(), lambda: None)
dialog = quick_log.open(QuickLogStart(ana))
QTest.keyClick(dialog.outcome, Qt.Key.Key_V)
QTest.keyClicks(dialog.note, "Left a message about the regatta")
print("typed", flush=True)
app.exec()
"""


def test_a_draft_typed_before_kill_9_is_offered_back_on_the_next_start(
    app_env: dict[str, str], start_app: Callable[[], subprocess.Popen[str]]
) -> None:
    folder = Path(app_env["CALLBOOK_DATA_DIR"])
    typist = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(folder)],
        env=app_env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert typist.stdout is not None
        assert first_line(typist) == "typed"
        typed_at = time.monotonic()
        # Nobody pressed save: the draft reaches the store on its own, within a second.
        wait_for(lambda: _draft_notes(folder), "the draft", timeout=5)
        assert time.monotonic() - typed_at < 1.0 + 0.5  # scheduling slack on a busy machine
    finally:
        typist.send_signal(signal.SIGKILL)
        typist.wait(10)
        if typist.stdout is not None:
            typist.stdout.close()
    assert _draft_notes(folder) == ["Left a message about the regatta"]

    start_app()
    offered = wait_for(lambda: (s := status(app_env)) and s["quick_log_open"] and s, "offer")
    assert offered["activations"] == 0  # opened by the app itself, not asked for
    log_file = folder / "callbook.log"
    assert "offering back an unsaved quick log" in log_file.read_text(encoding="utf-8")


def _draft_notes(folder: Path) -> list[str]:
    import sqlite3

    path = folder / DATABASE_NAME
    if not path.exists():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        try:
            rows = connection.execute("SELECT note FROM quick_log_drafts").fetchall()
        except sqlite3.OperationalError:
            return []
    return [row[0] for row in rows]
