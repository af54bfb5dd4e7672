"""One running Callbook per data folder: a lock file, and a local socket to hand work over."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QTimer, Signal

from callbook.disk import why_unwritable
from callbook.paths import FILE_MODE

if TYPE_CHECKING:
    # Loaded when the server starts or a second start asks, after the first paint.
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
# A request is one small JSON object on one line; anything bigger is refused unread.
MAX_MESSAGE_BYTES = 4096
COMMANDS = ("activate", "quick-log", "status")
LOCK_NAME = "callbook.lock"
RUNTIME_DIR_ENV = "CALLBOOK_RUNTIME_DIR"
# Unix socket paths are limited to about 104 bytes on macOS and 108 on Linux.
MAX_SOCKET_PATH = 100
CLIENT_IDLE_MS = 2000


class InstanceError(Exception):
    """The instance lock or socket cannot be used; the message says why."""


def _runtime_dir() -> Path:
    chosen = os.environ.get(RUNTIME_DIR_ENV) or os.environ.get("XDG_RUNTIME_DIR")
    return Path(chosen) if chosen else Path(tempfile.gettempdir())


def socket_name(folder: Path) -> str:
    """The local socket of the instance using `folder`: one per data folder and user."""
    digest = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    name = f"callbook-{os.getuid() if hasattr(os, 'getuid') else 0}-{digest}"
    if sys.platform == "win32":
        return name  # a named pipe, not a file
    path = _runtime_dir() / f"{name}.sock"
    if len(str(path)) > MAX_SOCKET_PATH:
        path = Path(tempfile.gettempdir()) / f"{name}.sock"
    return str(path)


def encode(message: dict[str, Any]) -> bytes:
    """One request or reply as it goes over the socket."""
    data = json.dumps({"version": PROTOCOL_VERSION, **message}, ensure_ascii=True)
    payload = data.encode("ascii") + b"\n"
    if len(payload) > MAX_MESSAGE_BYTES:
        raise InstanceError("message too large for the instance socket")
    return payload


def decode_request(line: bytes) -> str:
    """The command in a request line; a ValueError says what is wrong with it."""
    if len(line) > MAX_MESSAGE_BYTES:
        raise ValueError("message too large")
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("not a JSON message") from None
    if not isinstance(message, dict):
        raise ValueError("not a JSON object")
    if message.get("version") != PROTOCOL_VERSION:
        raise ValueError(f"unsupported protocol version {message.get('version')!r}")
    command = message.get("command")
    if command not in COMMANDS:
        raise ValueError(f"unknown command {command!r}")
    return str(command)


class InstanceGuard:
    """The lock that makes this process the one Callbook on its data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket_name = socket_name(folder)
        self.path = folder / LOCK_NAME
        self._lock = QLockFile(str(self.path))
        # Never stale by age: the app runs for days. A lock whose process is gone
        # (a crash, kill -9) is still recognised as stale and taken over.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """True when this process now holds the lock; False when another Callbook does."""
        if self._lock.tryLock(0):
            # Qt creates it as the umask allows; like every file in the folder it is the rep's only.
            self.path.chmod(FILE_MODE)
            return True
        error = self._lock.error()
        if error == QLockFile.LockError.LockFailedError:
            return False
        # Qt does not say why; a small write of our own finds out (a full disk, say).
        why = why_unwritable(self.folder)
        because = f": {why}" if why else ""
        raise InstanceError(f"cannot create the lock file in {self.folder}{because}")

    def holder(self) -> int | None:
        """The process id holding the lock, when it can be read."""
        pid, _host, _app = self._lock.getLockInfo()
        return int(pid) if pid > 0 else None

    def release(self) -> None:
        """Let the next Callbook start."""
        self._lock.unlock()


class _Connection(QObject):
    """One client: reads one line, answers it, and hangs up."""

    def __init__(self, socket: QLocalSocket, server: InstanceServer) -> None:
        super().__init__(server)
        self._socket = socket
        self._server = server
        self._buffer = bytearray()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(CLIENT_IDLE_MS)
        self._idle.timeout.connect(self._close)
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self._close)
        self._idle.start()

    def _read(self) -> None:
        self._buffer += bytes(self._socket.readAll().data())
        newline = self._buffer.find(b"\n")
        if newline < 0:
            if len(self._buffer) > MAX_MESSAGE_BYTES:
                self._answer({"ok": False, "error": "message too large"})
            return
        line = bytes(self._buffer[:newline])
        try:
            command = decode_request(line)
        except ValueError as error:
            log.warning("refused a message on the instance socket: %s", error)
            self._answer({"ok": False, "error": str(error)})
            return
        reply: dict[str, Any] = {"ok": True, "command": command}
        if command == "status":
            reply["status"] = self._server.status()
        self._answer(reply)
        if command != "status":
            self._server.requested.emit(command)

    def _answer(self, reply: dict[str, Any]) -> None:
        self._socket.readyRead.disconnect(self._read)
        self._socket.write(encode(reply))
        self._socket.flush()
        self._socket.disconnectFromServer()

    def _close(self) -> None:
        self._idle.stop()
        from PySide6.QtNetwork import QLocalSocket

        if self._socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            self._socket.abort()
        self._socket.deleteLater()
        self.deleteLater()


class InstanceServer(QObject):
    """Listens for a second start or `callbook log` and says what they asked for."""

    requested = Signal(str)
    """'activate' (bring the window forward) or 'quick-log' (open the quick log)."""

    def __init__(self, name: str, status: Callable[[], dict[str, Any]]) -> None:
        super().__init__()
        self._name = name
        self.status = status
        from PySide6.QtNetwork import QLocalServer

        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> None:
        """Start listening; a socket left by a crashed Callbook is removed first."""
        # Only the lock holder gets here, so whatever is at the name is stale.
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self._name)
        if not self._server.listen(self._name):
            raise InstanceError(f"cannot listen on {self._name}: {self._server.errorString()}")
        log.info("listening for other starts on %s", self._name)

    def close(self) -> None:
        """Stop listening (the socket file goes too)."""
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is not None:
                _Connection(socket, self)


def send(name: str, command: str, timeout_ms: int = 2000) -> dict[str, Any] | None:
    """Ask the running Callbook to do `command`; None when none is listening."""
    if command not in COMMANDS:
        raise ValueError(f"unknown command {command!r}")
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return None
    socket.write(encode({"command": command}))
    socket.waitForBytesWritten(timeout_ms)
    received = bytearray()
    deadline = time.monotonic() + timeout_ms / 1000
    while b"\n" not in received and len(received) <= MAX_MESSAGE_BYTES:
        left = int((deadline - time.monotonic()) * 1000)
        if left <= 0 or not socket.waitForReadyRead(left):
            break
        received += bytes(socket.readAll().data())
    socket.abort()
    line, newline, _rest = bytes(received).partition(b"\n")
    if not newline:
        return None
    try:
        reply = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(reply, dict) or reply.get("version") != PROTOCOL_VERSION:
        return None
    return reply


def hand_over(folder: Path, command: str, wait_s: float = 0.0) -> dict[str, Any] | None:
    """Send `command` to the Callbook on `folder`, retrying up to `wait_s` while it starts."""
    # Qt's sockets want an application object, even for blocking calls from a terminal.
    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0] if sys.argv else "callbook"])
    name = socket_name(folder)
    deadline = time.monotonic() + wait_s
    try:
        while True:
            reply = send(name, command)
            if reply is not None or time.monotonic() >= deadline:
                return reply
            time.sleep(0.1)
    finally:
        del app
