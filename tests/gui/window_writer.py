"""A running window that saves calls of its own, for tests of two doors on one book.

Run as `python window_writer.py DATA_DIR CONTACT_ID EVERY_MS`. It starts the real window
through `callbook.app.run`; once the store is open and everything is wired it prints
`ready`, then on the GUI thread, as the quick log does, it logs a numbered call through
the window's own store every EVERY_MS, printing `ack N` after each commit (or `fail N
WHY`), until it is killed. It prints `noticed` each time the window reads again what
another program wrote.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer

import callbook.app as app
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.services.call_log import LogEntry, log_interaction


def say(line: str) -> None:
    """One line in one write, so the reader never sees half of one."""
    os.write(sys.stdout.fileno(), (line + "\n").encode())


def main() -> int:
    folder, contact_id, every_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    wire_the_rest = app._wire_the_rest

    def wired(*args: Any) -> list[Callable[[], None]]:
        stops = wire_the_rest(*args)
        window, store, clock = args[1], args[2], args[3]
        numbers = itertools.count(1)

        def save() -> None:
            number = next(numbers)
            entry = LogEntry(
                contact_id, Outcome.VOICEMAIL, Purpose.BUSINESS, note=f"window-{number}"
            )
            try:
                log_interaction(store, clock, entry)
            except Exception as error:
                say(f"fail {number} {error}")
                return
            say(f"ack {number}")

        show_outside_changes = window.show_outside_changes

        def noticed() -> None:
            show_outside_changes()
            say("noticed")

        window.show_outside_changes = noticed
        timer = QTimer(window)
        timer.timeout.connect(save)
        timer.start(every_ms)
        say("ready")
        return stops

    app._wire_the_rest = wired  # type: ignore[assignment]
    return app.run(["--data-dir", folder])


if __name__ == "__main__":
    sys.exit(main())
