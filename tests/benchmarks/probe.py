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
from PySide6.QtWidgets import QApplication, QLabel, QWidget


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


class FirstPaint(QObject):
    """Quits the app at the first paint of the widget `is_target` picks."""

    def __init__(self, app: QApplication, is_target: object) -> None:
        super().__init__()
        self.app = app
        self.is_target = is_target
        self.painted_at: float | None = None
        self.peak_kib = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            self.painted_at is None
            and event.type() == QEvent.Type.Paint
            and callable(self.is_target)
            and self.is_target(watched)
        ):
            self.painted_at = time.time()
            self.peak_kib = peak_kib()
            QTimer.singleShot(0, self.app.quit)
        return False


def painted_today(watched: QObject) -> bool:
    """The viewport of the Today list, once it has rows to show."""
    view = watched.parent()
    if not isinstance(watched, QWidget) or view is None:
        return False
    if type(view).__name__ != "ContactTable" or view.accessibleName() != "Who to call today":
        return False
    model = view.model()  # type: ignore[attr-defined]
    return model is not None and model.rowCount() > 0


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
    if argv[1] == "bare":
        label = QLabel("Callbook")
        watcher = FirstPaint(app, lambda w: w is label)
        app.installEventFilter(watcher)
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

        watcher = FirstPaint(app, painted_today)
        app.installEventFilter(watcher)
        run(["--data-dir", argv[2]])
    print(json.dumps({"painted_at": watcher.painted_at, "peak_kib": watcher.peak_kib}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
