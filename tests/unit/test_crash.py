"""Crash tests the way SQLite tests itself: SIGKILL a writer at random moments, check it all."""

from __future__ import annotations

import importlib.util
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from callbook.domain.clock import FixedClock
from callbook.paths import DATABASE_NAME
from callbook.services.contacts import NewContact, add_contact
from callbook.store.backup import BACKUPS_FOLDER, damage_found, list_backups
from callbook.store.opening import open_store

sys.path.insert(0, str(Path(__file__).parent))
from crash_writer import at_for, note_for

WRITER = Path(__file__).with_name("crash_writer.py")
HAS_IMPORT = importlib.util.find_spec("callbook.services.interchange") is not None
VCARD = """BEGIN:VCARD
VERSION:3.0
N:Lindqvist;Maja;;;
FN:Maja Lindqvist
ORG:Nordhafen AG
TEL;TYPE=CELL:+49 40 1234567
NOTE:imported while being killed
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Okafor;Chidi;;;
FN:Chidi Okafor
ORG:Lagos Freight
EMAIL:chidi@example.com
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Novak;Petra;;;
FN:Petra Novak
ORG:Brno Steel
END:VCARD
"""
IMPORTED = {"Maja Lindqvist", "Chidi Okafor", "Petra Novak"}


class Writer:
    """The forking writer process, its output read on a thread so the test never blocks."""

    def __init__(self, folder: Path, contact_id: int, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER), str(folder), str(contact_id)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def until(self, prefix: str, acked: dict[int, int]) -> str:
        """Wait for a line starting with `prefix`, collecting acknowledgements meanwhile."""
        deadline = time.monotonic() + 30
        while True:
            line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if line.startswith("ack "):
                assert len(line.split()) == 3, repr(line)
                _, number, interaction_id = line.split()
                acked[int(number)] = int(interaction_id)
            elif line.startswith(prefix):
                return line

    def next_ack(self, acked: dict[int, int]) -> None:
        """Wait for the child's next acknowledged call."""
        before = len(acked)
        while len(acked) == before:
            line = self.lines.get(timeout=30)
            if line.startswith("done "):
                continue
            assert line.startswith("ack "), line
            _, number, interaction_id = line.split()
            acked[int(number)] = int(interaction_id)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()


def check_round(folder: Path, contact_id: int, acked: dict[int, int], importing: bool) -> int:
    """Every acknowledged call is there whole, nothing is half-written; the next number."""
    database = folder / DATABASE_NAME
    store, _report = open_store(folder, at_for(0))  # the health check at start
    store.close()
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = db.execute(
            "SELECT id, note, occurred_at, loop_id FROM interactions WHERE contact_id = ? "
            "ORDER BY id",
            (contact_id,),
        ).fetchall()
        numbers = {}
        for interaction_id, note, _at, _loop in rows:
            number = int(note.split(":", 1)[0].removeprefix("crash-"))
            assert note == note_for(number), f"call {number} is half-written"
            numbers[number] = interaction_id
        assert sorted(numbers) == list(range(len(numbers))), "a call is missing in the middle"
        for number, interaction_id in acked.items():
            assert numbers.get(number) == interaction_id, f"acknowledged call {number} is lost"
        # The contact and the loop were updated in the same transaction as the log entry.
        last_touch = db.execute(
            "SELECT last_touch_at FROM contacts WHERE id = ?", (contact_id,)
        ).fetchone()[0]
        newest = max((r[2] for r in rows), default=None)
        assert last_touch == newest
        for loop_id, attempts in db.execute("SELECT id, attempts FROM open_loops"):
            linked = db.execute(
                "SELECT count(*) FROM interactions WHERE loop_id = ? AND outcome != 'connected'",
                (loop_id,),
            ).fetchone()[0]
            assert linked == attempts, f"loop {loop_id} counts {attempts} tries, {linked} logged"
        names = {
            r[0] for r in db.execute("SELECT trim(first_name || ' ' || last_name) FROM contacts")
        }
        if importing:
            # An import is all or nothing, and a repeat merges rather than doubles.
            assert names & IMPORTED in (set(), IMPORTED)
            assert db.execute("SELECT count(*) FROM contacts").fetchone()[0] == len(names)
        searchable = db.execute("SELECT count(*) FROM contact_search").fetchone()[0]
        assert searchable == len(names)
    for backup in list_backups(folder / BACKUPS_FOLDER):
        assert damage_found(backup.path) is None, f"{backup.path.name} is damaged"
    return max(numbers, default=-1) + 1


@pytest.fixture
def writer(data_dir: Path, clock: FixedClock, tmp_path: Path) -> Iterator[tuple[Writer, int]]:
    store, _ = open_store(data_dir, clock.now())
    contact_id = add_contact(store, clock, NewContact("Ana", "Silva", company="Acme"))
    store.close()
    card = tmp_path / "three.vcf"
    card.write_text(VCARD, encoding="utf-8")
    env = {**os.environ, "CRASH_VCARD": str(card)}
    started = Writer(data_dir, contact_id, env)
    yield started, contact_id
    started.close()


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_no_acknowledged_call_is_lost_and_none_is_half_written_after_sigkill(
    writer: tuple[Writer, int], data_dir: Path
) -> None:
    process, contact_id = writer
    chance = random.Random(20261123)
    plan = ["log"] * 100 + ["backup"] * 15 + (["import"] * 15 if HAS_IMPORT else [])
    chance.shuffle(plan)
    acked: dict[int, int] = {}
    next_number = 0
    started = time.monotonic()
    killed_while_writing = 0
    imported = False
    for round_number, mode in enumerate(plan):
        process.send(f"{round_number} {mode} {next_number}")
        pid = int(process.until("child ", acked).split()[1])
        before = len(acked)
        # Kill points are chosen, never timed: the machine may be slow or loaded. A log
        # round is killed after 1 to 4 acknowledged calls, or before the first (while the
        # store is still being opened, checked and backed up). A backup or import round is
        # killed right after a call, while its backup or import is under way, or once it
        # has finished.
        if mode == "log":
            calls = 0 if chance.random() < 0.15 else chance.randint(1, 4)
            for _call in range(calls):
                process.next_ack(acked)
        else:
            process.next_ack(acked)
            if chance.random() < 0.5:
                process.until("done ", acked)
        os.kill(pid, signal.SIGKILL)
        process.send("reap")
        status = int(process.until("reaped ", acked).split()[1])
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
            f"round {round_number}: the writer stopped by itself (status {status})"
        )
        killed_while_writing += len(acked) > before
        imported = imported or mode == "import"
        next_number = check_round(data_dir, contact_id, acked, imported)
    elapsed = time.monotonic() - started
    assert len(plan) >= 115
    assert killed_while_writing >= len(plan) * 2 // 3, "too few kills landed while writing"
    assert len(acked) >= 200
    if HAS_IMPORT:
        with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as db:
            names = {
                r[0] for r in db.execute("SELECT first_name || ' ' || last_name FROM contacts")
            }
        assert names >= IMPORTED, "no import round ever finished"
    print(f"{len(plan)} rounds, {len(acked)} acknowledged calls, {elapsed:.1f} s")
