"""Starts Callbook through its installed console script and reports what was loaded at first paint.

Run as `python first_paint.py ARG...`: the arguments go to the `callbook` command as typed.
When the window first paints, it prints one JSON line, `{"painted": ..., "modules": [...]}`,
and quits before the store is opened behind the window.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import entry_points

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

# Imported here only to catch the paint; everything it imports the window start imports
# before its first paint anyway, so nothing is hidden from what is reported.
import callbook.app as app


class Report:
    """What the child saw: a paint of the window, and the modules loaded when it was over."""

    painted = False
    modules: list[str] | None = None


watch_paint = app.AfterFirstPaint.eventFilter
run_after_paint = app.AfterFirstPaint._run


def event_filter(self: app.AfterFirstPaint, watched: QObject, event: QEvent) -> bool:
    if event.type() == QEvent.Type.Paint:
        Report.painted = True
    return watch_paint(self, watched, event)


def report_instead(self: app.AfterFirstPaint) -> None:
    if Report.modules is None:
        Report.modules = sorted(sys.modules)
        print(json.dumps({"painted": Report.painted, "modules": Report.modules}), flush=True)
        QApplication.quit()


def main() -> int:
    """Run the console script's own entry with the given arguments."""
    app.AfterFirstPaint.eventFilter = event_filter  # type: ignore[method-assign]
    app.AfterFirstPaint._run = report_instead  # type: ignore[method-assign]
    (script,) = entry_points(group="console_scripts", name="callbook")
    sys.argv = ["callbook", *sys.argv[1:]]
    return int(script.load()())


if __name__ == "__main__":
    sys.exit(main())
