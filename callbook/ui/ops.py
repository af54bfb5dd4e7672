"""One way for the window to run a change: the call, its refusal shown, its change published.

A widget hands the call to `run_change`; a refusal (bad input, a record gone, a full
disk) is reported where the rep is looking, and what changed is published on the one
`ChangeBus` with who made it. Views refresh from what is published, never by reloading
themselves after a write.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from callbook.services.changes import Changed, Refused, StoreError

log = logging.getLogger(__name__)

T = TypeVar("T")
Report = Callable[[Exception], None]


@dataclass(frozen=True)
class Published:
    """A change made from the window, and the widget that made it (None: not a widget)."""

    changed: Changed
    initiator: object | None = None


class ChangeBus(QObject):
    """Where every change made from the window is published; views refresh from it alone."""

    published = Signal(object)  # a Published

    def publish(self, changed: Changed, initiator: object | None = None) -> None:
        """Tell every view what changed."""
        self.published.emit(Published(changed, initiator))


def run_change(
    bus: ChangeBus,
    call: Callable[[], T],
    report: Report,
    changed_by: Callable[[T], Changed],
    initiator: object | None = None,
    taken_in: Callable[[], None] | None = None,
) -> T | None:
    """Run `call`; None when it was refused (and `report` was told why), else its result.

    What the result changed (`changed_by`) is published on `bus` with its `initiator`,
    after `taken_in` lets the widget that asked take in what was saved (a field marks
    its text as stored), so the views that refresh see it as saved.
    """
    try:
        result = call()
    except Refused as error:
        if isinstance(error, StoreError):
            log.warning("a change was not saved: %s", error)
        report(error)
        return None
    if taken_in is not None:
        taken_in()
    bus.publish(changed_by(result), initiator)
    return result


def the_change(changed: Changed) -> Changed:
    """For a call whose result is the change itself."""
    return changed
