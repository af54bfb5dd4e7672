"""Bulk reads: thousands of short-lived rows built at once, collected once at the end."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Hold the cycle collector while a bulk read runs, then let it run once.

    Building the Today list at 50,000 contacts makes tens of thousands of small objects;
    the collector would otherwise walk every live object several times on the way,
    costing about as much as the work itself. Reference counting still frees as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle_after_start() -> None:
    """Set aside everything start-up made (modules, the window) from later collections.

    Those objects live as long as the app; leaving them out of the collector's walks keeps
    its pauses short while the rep types and the lists refresh. Only the young generations
    are collected first: a full walk of what a 50,000-contact start holds froze the window
    for most of a second, to free next to nothing (start-up makes few cycles).
    """
    gc.collect(1)
    gc.freeze()
