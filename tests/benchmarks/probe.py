"""Started in a subprocess: time to a painted window (bare label, or Callbook's Today).

`callbook DIR` quits at Today's first paint; `settled DIR` runs on until the window has the
store open and everything wired (nudges planned, quick log, backups), for the peak memory
of a start as a whole.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel


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
    """Notes the first paint the probe waits for, then quits the app.

    The paint is caught by the painted widget's own class, never by a filter on the whole
    application: such a filter has PySide wrap every Qt object that gets an event (and
    build every enum of their classes), work the app itself never does, and much more of
    it for a full window than for a label.
    """

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.painted_at: float | None = None
        self.peak_kib = 0
        self.cpu_s = 0.0

    def painted(self) -> None:
        if self.painted_at is None:
            self.painted_at = time.time()
            self.peak_kib = peak_kib()
            self.cpu_s = cpu_seconds()
            QTimer.singleShot(0, self.app.quit)


def watch_label(first: FirstPaint) -> QLabel:
    """A bare label that tells `first` when it paints."""

    class WatchedLabel(QLabel):
        def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
            first.painted()
            super().paintEvent(event)

    return WatchedLabel("Callbook")


def watch_today(first: FirstPaint) -> None:
    """Have Callbook's Today list tell `first` when it paints with rows to show."""
    from callbook.ui import today_page

    class WatchedTable(today_page.ContactTable):
        def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and self.accessibleName() == "Who to call today":
                model = self.model()
                if model is not None and model.rowCount() > 0:
                    first.painted()
            return super().viewportEvent(event)

    today_page.ContactTable = WatchedTable  # type: ignore[misc]


class Settled(QObject):
    """Quits the app once the main window says everything is wired in."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.settled_at: float | None = None
        self.peak_kib = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._look_for_window)
        self._timer.start(5)

    def _look_for_window(self) -> None:
        for widget in self.app.topLevelWidgets():
            if type(widget).__name__ == "MainWindow":
                widget.settled.connect(self._settled)  # type: ignore[attr-defined]
                self._timer.stop()
                return

    def _settled(self) -> None:
        self.settled_at = time.time()
        self.peak_kib = peak_kib()
        QTimer.singleShot(0, self.app.quit)


def main(argv: list[str]) -> int:
    """`probe.py bare`, `probe.py callbook DATA_DIR` or `probe.py settled DATA_DIR`."""
    app = QApplication(["callbook"])
    watcher = FirstPaint(app)
    if argv[1] == "bare":
        label = watch_label(watcher)
        label.show()
        app.exec()
    elif argv[1] == "settled":
        from callbook.app import run

        settled = Settled(app)
        run(["--data-dir", argv[2]])
        print(json.dumps({"painted_at": settled.settled_at, "peak_kib": settled.peak_kib}))
        return 0
    else:
        from callbook.app import run

        watch_today(watcher)
        run(["--data-dir", argv[2]])
    print(
        json.dumps(
            {"painted_at": watcher.painted_at, "peak_kib": watcher.peak_kib, "cpu_s": watcher.cpu_s}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
