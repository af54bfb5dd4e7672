"""Privacy: owner-only files whatever the umask, and a whole session with the network gone."""

from __future__ import annotations

import io
import os
import socket
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from callbook.cli import main as cli_main
from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.paths import DATABASE_NAME
from callbook.services.backups import back_up_now, restore_from
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.demo import fill_with_demo
from callbook.services.erase import erase_contact
from callbook.services.exports import ExportFormat, export_to_file
from callbook.services.search import search_contacts
from callbook.services.today import today_list
from callbook.store.opening import open_store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def no_umask() -> Iterator[None]:
    """A umask of 0, so any file made without an explicit mode would be world-readable."""
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def test_folder_database_wal_backups_exports_and_log_are_owner_only(
    no_umask: None, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    store, _ = open_store(data_dir, clock.now(), clock.zone())
    fill_with_demo(store, clock.now(), 5, 1)
    manual = back_up_now(store, clock)
    chosen = back_up_now(store, clock, tmp_path / "copy.sqlite3")
    exports = [
        export_to_file(store, clock, kind, tmp_path / f"export{kind.suffix}").path
        for kind in ExportFormat
    ]
    # While the store is open its WAL and index files exist beside it.
    wal = data_dir / (DATABASE_NAME + "-wal")
    shm = data_dir / (DATABASE_NAME + "-shm")
    assert wal.exists() and shm.exists()
    files = [data_dir / DATABASE_NAME, wal, shm, manual, chosen, *exports]
    for path in files:
        assert mode(path) == 0o600, f"{path.name} is {oct(mode(path))}"
    assert mode(data_dir) == 0o700
    assert mode(manual.parent) == 0o700
    store.close()

    # The terminal's own log and a restore keep the same modes.
    out = io.StringIO()
    assert cli_main(["today", "--data-dir", str(data_dir)], clock=clock, out=out) == 0
    assert mode(data_dir / "callbook.log") == 0o600
    restore_from(data_dir, chosen, clock)
    assert mode(data_dir / DATABASE_NAME) == 0o600
    for path in (data_dir / "backups").iterdir():
        assert mode(path) == 0o600, path.name
    leftovers = [p.name for p in data_dir.iterdir() if mode(p) & 0o077]
    assert leftovers == []


class NetworkUsed(AssertionError):
    """Something tried to reach the network."""


_blocking = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    # Catches sockets made anywhere in Python, also through names bound before the test.
    if not _blocking:
        return
    if event == "socket.__new__" and args[1] != socket.AF_UNIX:
        raise NetworkUsed(f"a network socket was made: {args}")
    if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.connect"):
        raise NetworkUsed(f"{event}{args}")


_hooked = False


@pytest.fixture
def network_gone(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Sockets raise, as on a plane; returns what tried."""
    global _blocking, _hooked
    tried: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        tried.append(f"{args} {kwargs}")
        raise NetworkUsed("the network was used")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    if not _hooked:
        sys.addaudithook(_audit)
        _hooked = True
    _blocking = True
    try:
        yield tried
    finally:
        _blocking = False


def test_a_whole_session_works_with_the_network_gone(
    network_gone: list[str], data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.com", 80))
    network_gone.clear()

    out = io.StringIO()
    assert cli_main(["demo", "--contacts", "30", "--data-dir", str(data_dir)], clock, out) == 0
    store, _ = open_store(data_dir, clock.now(), clock.zone())
    try:
        rows = today_list(store, clock)
        assert rows
        first = rows[0].contact
        hits = search_contacts(store, first.name.split()[0])
        assert first.contact_id in [h.contact_id for h in hits]
        log_interaction(
            store, clock, LogEntry(first.contact_id, Outcome.VOICEMAIL, Purpose.CHECKIN)
        )
        for kind in ExportFormat:
            report = export_to_file(store, clock, kind, tmp_path / f"out{kind.suffix}")
            assert report.path.stat().st_size > 0
        backup = back_up_now(store, clock)
        erase_contact(store, clock, rows[-1].contact.contact_id)
    finally:
        store.close()
    restore_from(data_dir, backup, clock)
    assert cli_main(["today", "--data-dir", str(data_dir)], clock, out) == 0
    assert network_gone == []
