"""Started in a subprocess: a rep typing into the search field at 50,000 contacts.

`typing_probe.py DATA_DIR MADE_AT SETTINGS_FILE` prints one JSON list of
[milliseconds, text typed so far], one per key, each timed to the results painted.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

# What a rep types into the search field, one key at a time (Backspace as "\b").
TYPING = [
    "sam",
    "\b\b\bnorthwind",
    "\b" * 9 + "ana sil",
    "\b" * 7 + "golf",
    "\b" * 4 + "chloe",
    "\b" * 5 + "kowalski",
    "\b" * 8 + "sailing",
    "\b" * 7 + "ma",
    "\b\bglobex health",
    "\b" * 13 + "theo",
    "\b" * 4 + "o'brien",
]


class PaintCounter(QObject):
    """Counts the paints of one widget."""

    def __init__(self, watched: QObject) -> None:
        super().__init__()
        self.paints = 0
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def main(argv: list[str]) -> int:
    """Type every key of TYPING and print the time each took, painted."""
    app = QApplication(["callbook"])
    from callbook.domain.clock import FixedClock
    from callbook.services.bulk import settle_after_start
    from callbook.store.opening import open_store
    from callbook.ui.main_window import SEARCH, MainWindow

    clock = FixedClock(datetime.fromisoformat(argv[2]))
    store, _ = open_store(Path(argv[1]), clock.now(), daily_backup=False)
    window = MainWindow(store, clock, QSettings(argv[3], QSettings.Format.IniFormat))
    window.resize(1300, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    app.processEvents()
    settle_after_start()  # as the app does once the window is up
    field = window.search_field
    field.setFocus()
    view = window.search_page.table.viewport()
    painted = PaintCounter(view)
    timings: list[tuple[float, str]] = []
    for word in TYPING:
        for char in word:
            started = time.perf_counter()
            if char == "\b":
                QTest.keyClick(field, Qt.Key.Key_Backspace)
            else:
                QTest.keyClicks(field, char)
            # The results as the rep sees them: laid out and painted, as the event loop
            # does it (once), not just computed; painted by hand should Qt not have yet.
            before = painted.paints
            app.processEvents()
            if painted.paints == before:
                view.repaint()
            timings.append(((time.perf_counter() - started) * 1000, field.text()))
    assert window.current_page() == SEARCH
    assert window.search_page.model.rowCount() > 0
    window.close()
    store.close()
    print(json.dumps(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
