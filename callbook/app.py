"""The one place that wires store, services, scheduler and window together."""

from __future__ import annotations

from collections.abc import Sequence


def run(argv: Sequence[str]) -> int:
    """Open the main window and run until the rep quits."""
    raise SystemExit("callbook: the window is not built yet; try 'callbook today'")
