"""One running Callbook: the lock, stale locks and sockets after a crash, the capped protocol."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from callbook.instance import (
    LOCK_NAME,
    MAX_MESSAGE_BYTES,
    InstanceGuard,
    InstanceServer,
    decode_request,
    encode,
    socket_name,
)


def first_line(process: subprocess.Popen[str], within_s: float = 30.0) -> str:
    """The child's first line of output, or fail after `within_s` instead of hanging."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], within_s)
    assert ready, f"no output from the child within {within_s:.0f} s"
    return process.stdout.readline().strip()


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A short private folder for the socket (socket paths are limited to ~100 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="cbrt"))
    monkeypatch.setenv("CALLBOOK_RUNTIME_DIR", str(folder))
    yield folder
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "data"
    made.mkdir(mode=0o700)
    return made


def ask(qtbot: QtBot, name: str, payload: bytes) -> bytes:
    """Send raw bytes to the server from this process and return everything it answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.ConnectedState)
    socket.write(payload)
    received = bytearray()

    def answered() -> bool:
        received.extend(bytes(socket.readAll().data()))
        return socket.state() == QLocalSocket.LocalSocketState.UnconnectedState

    qtbot.waitUntil(answered, timeout=3000)
    received.extend(bytes(socket.readAll().data()))
    return bytes(received)


def reply(raw: bytes) -> dict[str, Any]:
    line, newline, _rest = raw.partition(b"\n")
    assert newline, f"no complete reply in {raw!r}"
    answer = json.loads(line)
    assert answer["version"] == 1
    return dict(answer)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b"not json", "not a JSON message"),
        (b'["activate"]', "not a JSON object"),
        (b'{"command": "activate"}', "unsupported protocol version None"),
        (b'{"version": 2, "command": "activate"}', "unsupported protocol version 2"),
        (b'{"version": 1, "command": "rm -rf"}', "unknown command 'rm -rf'"),
        (b'{"version": 1}', "unknown command None"),
        (b"\xff\xfe", "not a JSON message"),
        (b'{"version": 1, "command": "' + b"x" * MAX_MESSAGE_BYTES + b'"}', "message too large"),
    ],
)
def test_a_request_is_checked_before_anything_is_done(line: bytes, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        decode_request(line)


def test_a_good_request_reads_back() -> None:
    assert decode_request(encode({"command": "quick-log"}).rstrip(b"\n")) == "quick-log"


def test_the_socket_is_per_data_folder_short_and_in_the_runtime_folder(
    runtime_dir: Path, tmp_path: Path
) -> None:
    one = socket_name(tmp_path / "a")
    assert one == socket_name(tmp_path / "a")
    assert one != socket_name(tmp_path / "b")
    assert Path(one).parent == runtime_dir
    assert len(one) <= 100


def test_only_one_holder_of_the_lock(folder: Path) -> None:
    first = InstanceGuard(folder)
    second = InstanceGuard(folder)
    assert first.acquire()
    assert not second.acquire()
    assert second.holder() == os.getpid()
    first.release()
    assert second.acquire()
    second.release()


HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from callbook.instance import InstanceGuard, InstanceServer
app = QCoreApplication([])
guard = InstanceGuard(Path(sys.argv[1]))
assert guard.acquire()
server = InstanceServer(guard.socket_name, lambda: {})
server.listen()
print("holding", flush=True)
time.sleep(60)
"""


def test_a_lock_and_socket_left_by_a_killed_callbook_are_taken_over(
    qtbot: QtBot, folder: Path, runtime_dir: Path
) -> None:
    crashed = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "CALLBOOK_RUNTIME_DIR": str(runtime_dir)},
    )
    try:
        assert crashed.stdout is not None
        assert first_line(crashed) == "holding"
        guard = InstanceGuard(folder)
        assert not guard.acquire()
        assert guard.holder() == crashed.pid
    finally:
        crashed.send_signal(signal.SIGKILL)
        crashed.wait(10)
        if crashed.stdout is not None:
            crashed.stdout.close()
    # kill -9 cleans nothing up: both files are still there.
    assert (folder / LOCK_NAME).exists()
    assert Path(guard.socket_name).exists()

    assert guard.acquire()
    server = InstanceServer(guard.socket_name, lambda: {"pid": os.getpid()})
    server.listen()
    try:
        answer = reply(ask(qtbot, guard.socket_name, encode({"command": "status"})))
        assert answer == {
            "version": 1,
            "ok": True,
            "command": "status",
            "status": {"pid": os.getpid()},
        }
    finally:
        server.close()
        guard.release()


@pytest.fixture
def server(folder: Path, runtime_dir: Path) -> Iterator[InstanceServer]:
    guard = InstanceGuard(folder)
    assert guard.acquire()
    running = InstanceServer(guard.socket_name, lambda: {"quick_log_open": False})
    running.listen()
    yield running
    running.close()
    guard.release()


def test_activate_and_quick_log_are_passed_on(
    qtbot: QtBot, server: InstanceServer, folder: Path
) -> None:
    name = socket_name(folder)
    for command in ("activate", "quick-log"):
        with qtbot.waitSignal(server.requested) as requested:
            answer = reply(ask(qtbot, name, encode({"command": command})))
        assert requested.args == [command]
        assert answer == {"version": 1, "ok": True, "command": command}


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        (b'{"version": 9, "command": "activate"}\n', "unsupported protocol version 9"),
        (b'{"version": 1, "command": "shutdown"}\n', "unknown command 'shutdown'"),
        (b"{{{{\n", "not a JSON message"),
        (b"a" * (MAX_MESSAGE_BYTES + 10), "message too large"),
    ],
)
def test_bad_or_oversized_requests_are_refused_and_do_nothing(
    qtbot: QtBot, server: InstanceServer, folder: Path, payload: bytes, problem: str
) -> None:
    with qtbot.assertNotEmitted(server.requested):
        answer = reply(ask(qtbot, socket_name(folder), payload))
    assert answer == {"version": 1, "ok": False, "error": problem}


def test_a_silent_client_is_dropped(qtbot: QtBot, server: InstanceServer, folder: Path) -> None:
    socket = QLocalSocket()
    socket.connectToServer(socket_name(folder))
    qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.ConnectedState)
    socket.write(b'{"version": 1, "comm')
    qtbot.waitUntil(
        lambda: socket.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=4000
    )
