"""One writer at a time on a call book, across every thread and every process that opens it.

SQLite before 3.51.3 can corrupt a WAL database when two connections write or checkpoint
at the same moment (the WAL-reset bug), and this machine's SQLite is older. So every
write transaction, every checkpoint and every swap of the file holds this lock: a lock
file beside the database, taken with `flock` (which, unlike SQLite's own POSIX locks, no
other open or close of a file in the same process can drop). A second writer waits for
the first instead of failing.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from callbook.paths import FILE_MODE

WRITER_SUFFIX = "-writer"
# Long enough for a terminal import of thousands of cards to finish; a save waits this
# long before it says another program holds the book.
WAIT_S = 30.0
_FIRST_NAP_S = 0.002
_LONGEST_NAP_S = 0.01
# A writer taking the lock again this soon after letting it go first waits out the rest of
# this, so that another program polling for it (every _LONGEST_NAP_S at most) gets its turn:
# a window saving back to back never starves a terminal's `callbook log`.
_TURN_S = 0.012


class WriterTimeout(Exception):
    """Another writer held the call book for longer than we wait."""


def writer_file(database: Path) -> Path:
    """The lock file of the database at `database`."""
    return database.with_name(database.name + WRITER_SUFFIX)


class WriterLock:
    """Held while this process writes; re-entrant within a thread, exclusive across all."""

    def __init__(self, database: Path, wait_s: float = WAIT_S) -> None:
        self._file = writer_file(database)
        self._wait_s = wait_s
        self._here = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._let_go_at = -_TURN_S

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the block, waiting for any other writer first."""
        deadline = time.monotonic() + self._wait_s
        if not self._here.acquire(timeout=self._wait_s):
            raise WriterTimeout("another part of Callbook kept the call book busy")
        try:
            if self._depth == 0:
                self._take(deadline)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._give_back()
        finally:
            self._here.release()

    def try_here(self) -> bool:
        """Take the in-process part without waiting; True when taken (release with `done`)."""
        return self._here.acquire(blocking=False)

    def done(self) -> None:
        """Release what `try_here` took."""
        self._here.release()

    def _take(self, deadline: float) -> None:
        since = time.monotonic() - self._let_go_at
        if since < _TURN_S:
            time.sleep(_TURN_S - since)
        fd = os.open(self._file, os.O_RDWR | os.O_CREAT, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        nap = _FIRST_NAP_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise WriterTimeout("another program is writing to the call book") from None
                time.sleep(nap)
                nap = min(nap * 2, _LONGEST_NAP_S)
        self._fd = fd

    def _give_back(self) -> None:
        if self._fd is not None:
            # Closing the descriptor releases the flock; it never touches SQLite's locks,
            # which are on the database file, not on this one.
            os.close(self._fd)
            self._fd = None
            self._let_go_at = time.monotonic()
