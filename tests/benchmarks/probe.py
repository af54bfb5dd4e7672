"""Started in a subprocess: time to a bare PySide6 window's first paint; hooks for `callbook`.

`probe.py bare` shows one label and prints when it painted. The real `callbook` command is
watched through door/sitecustomize.py, which calls `watch_today` or `watch_settled` here as
the window's modules load.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel

Noted = Callable[[dict[str, object]], None]


def peak_kib() -> int:
    """This process's own peak resident memory.

    ru_maxrss is not used: Linux carries it over exec from the parent, so a probe started
    by a large test process would report the parent's peak instead of its own.
    """
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cpu_seconds() -> float:
    """Processor time this process has used, its threads together, user and system."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


class FirstPaint:
    """Notes the first paint waited for, then quits the app.

    The paint is caught by the painted widget's own class, never by a filter on the whole
    application: such a filter has PySide wrap every Qt object that gets an event (and
    build every enum of their classes), work the app itself never does, and much more of
    it for a full window than for a label.
    """

    def __init__(self, noted: Noted) -> None:
        self._noted = noted
        self._done = False

    def painted(self) -> None:
        if not self._done:
            self._done = True
            self._noted({"painted_at": time.time(), "peak_kib": peak_kib(), "cpu_s": cpu_seconds()})
            QTimer.singleShot(0, QApplication.quit)


def watch_label(first: FirstPaint) -> QLabel:
    """A bare label that tells `first` when it paints."""

    class WatchedLabel(QLabel):
        def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
            first.painted()
            super().paintEvent(event)

    return WatchedLabel("Callbook")


def watch_today(today_page: ModuleType, noted: Noted) -> None:
    """Have Callbook's Today list say when it paints with rows to show."""
    first = FirstPaint(noted)

    class WatchedTable(today_page.ContactTable):  # type: ignore[name-defined,misc]
        def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and self.accessibleName() == "Who to call today":
                model = self.model()
                if model is not None and model.rowCount() > 0:
                    first.painted()
            return bool(super().viewportEvent(event))

    today_page.ContactTable = WatchedTable


def watch_settled(main_window: ModuleType, noted: Noted) -> None:
    """Have Callbook's main window say when everything is wired in, then quit."""
    window_class = main_window.MainWindow
    made = window_class.__init__

    def settled() -> None:
        noted({"painted_at": time.time(), "peak_kib": peak_kib(), "cpu_s": cpu_seconds()})
        QTimer.singleShot(0, QApplication.quit)

    def watched_init(self: object, *args: object, **kwargs: object) -> None:
        made(self, *args, **kwargs)
        self.settled.connect(settled)  # type: ignore[attr-defined]

    window_class.__init__ = watched_init


def main(argv: list[str]) -> int:
    """`probe.py bare`: one label, its first paint."""
    if argv[1:] != ["bare"]:
        print("usage: probe.py bare", file=sys.stderr)
        return 2
    result: dict[str, object] = {}
    app = QApplication(["callbook"])
    label = watch_label(FirstPaint(result.update))
    label.show()
    app.exec()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
