"""Opening the call book for one terminal command, and closing it after."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from callbook.cli.encryption import passphrase_for
from callbook.domain.clock import Clock
from callbook.store.engine import Store
from callbook.store.opening import open_store


@contextmanager
def opened_book(folder: Path, clock: Clock) -> Iterator[Store]:
    """The store in `folder`, opened (and brought up to date) for one command."""
    store, report = open_store(folder, clock.now(), clock.zone(), passphrase_for(folder))
    if report.backup_problem:
        print(f"callbook: warning: {report.backup_problem}", file=sys.stderr)
    try:
        yield store
    finally:
        store.close()
