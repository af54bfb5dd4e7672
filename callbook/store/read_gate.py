"""Reads of the book under way, and a swap of its file that waits for them and holds new ones."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ReadGate:
    """Many reads at once, or one swap of the file (a restore, an encryption switch).

    A read waits while a swap is under way, so it never reads a closed engine or a file
    half replaced; a swap waits for the reads under way to end. A thread may read inside
    its own read, and may swap while it reads (the window's thread, say).
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._reading = 0
        self._swapping: int | None = None  # the thread swapping, while it does
        self._mine = threading.local()

    def swap_asked(self) -> bool:
        """True while a swap waits for reads to end, or is under way."""
        with self._changed:
            return self._swapping is not None

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Read for the block; waits for a swap under way by another thread."""
        depth: int = getattr(self._mine, "depth", 0)
        if depth == 0:
            with self._changed:
                me = threading.get_ident()
                while self._swapping is not None and self._swapping != me:
                    self._changed.wait()
                self._reading += 1
        self._mine.depth = depth + 1
        try:
            yield
        finally:
            self._mine.depth = depth
            if depth == 0:
                with self._changed:
                    self._reading -= 1
                    self._changed.notify_all()

    @contextmanager
    def swapping(self) -> Iterator[None]:
        """Hold new reads and wait for those under way (but this thread's own) to end."""
        me = threading.get_ident()
        mine = 1 if getattr(self._mine, "depth", 0) else 0
        with self._changed:
            while self._swapping is not None:
                self._changed.wait()
            self._swapping = me
            while self._reading > mine:
                self._changed.wait()
        try:
            yield
        finally:
            with self._changed:
                self._swapping = None
                self._changed.notify_all()
