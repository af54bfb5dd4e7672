"""A writer to be killed: forks one child per round that logs numbered calls until SIGKILL.

Run as `python crash_writer.py DATA_DIR CONTACT_ID`. It imports everything once, then for
each line `ROUND MODE FIRST` on stdin forks a child that opens the store and logs calls
numbered FIRST, FIRST+1, ... through the real service layer, printing `ack N ID` after each
commit. MODE `backup` also takes a rolling backup between calls, MODE `import` imports a
small vCard file between calls (which takes a rolling backup first); each prints `done N`
when its backup or import after call N is finished, so the test can kill at that point.
The parent prints `child PID` so the test can kill it, and reaps it when told `reap`.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from callbook.domain.clock import FixedClock
from callbook.domain.retention import BackupReason
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.services.call_log import LogEntry, log_interaction
from callbook.store.backup import BACKUPS_FOLDER, take_backup
from callbook.store.opening import open_store

START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
OUTCOMES = (Outcome.VOICEMAIL, Outcome.NO_ANSWER, Outcome.CONNECTED)


def say(line: str) -> None:
    """One line in one write, so a kill never leaves half a line for the next one to join."""
    os.write(sys.stdout.fileno(), (line + "\n").encode())


def note_for(number: int) -> str:
    """The note of call `number`: long enough to span pages, checkable to the last byte."""
    return f"crash-{number}:" + ("x" * (number % 7) * 500) + f":end-{number}"


def at_for(number: int) -> datetime:
    """When call `number` happened: one minute apart, so order is checkable."""
    return START + timedelta(minutes=number)


def _import_once(store: object, clock: FixedClock, number: int) -> None:
    from callbook.interchange.files import read_contacts
    from callbook.services.interchange import import_contacts

    card = Path(os.environ["CRASH_VCARD"])
    result = read_contacts(card, card.read_text(encoding="utf-8"), "DE")
    import_contacts(store, clock, result, "DE")  # type: ignore[arg-type]


def child(folder: Path, contact_id: int, mode: str, first: int) -> None:
    """Open the store and log calls until killed."""
    clock = FixedClock(at_for(first), BERLIN)
    store, _report = open_store(folder, clock.now(), BERLIN)
    number = first
    while True:
        clock.instant = at_for(number)
        entry = LogEntry(
            contact_id,
            OUTCOMES[number % len(OUTCOMES)],
            Purpose.BUSINESS,
            note=note_for(number),
            occurred_at=at_for(number),
        )
        logged = log_interaction(store, clock, entry)
        say(f"ack {number} {logged.interaction_id}")
        if mode == "backup":
            take_backup(
                store.path, folder / BACKUPS_FOLDER, clock.now(), BackupReason.BEFORE_IMPORT, BERLIN
            )
            say(f"done {number}")
        elif mode == "import":
            _import_once(store, clock, number)
            say(f"done {number}")
        number += 1


def main() -> None:
    folder, contact_id = Path(sys.argv[1]), int(sys.argv[2])
    for line in sys.stdin:
        words = line.split()
        if words == ["reap"]:
            _pid, status = os.wait()
            say(f"reaped {status}")
            continue
        _round, mode, first = words[0], words[1], int(words[2])
        pid = os.fork()
        if pid == 0:
            try:
                child(folder, contact_id, mode, first)
            finally:
                os._exit(1)
        say(f"child {pid}")


if __name__ == "__main__":
    main()
