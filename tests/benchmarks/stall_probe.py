"""Started in a subprocess: the longest the window's event loop stood still, per thing done.

`stall_probe.py DATA_DIR VCARD_FILE COUNT` writes COUNT vCards to VCARD_FILE, starts the
real window on DATA_DIR, beats a 5 ms timer all along, and does what a rep does, one thing
at a time: waits out the start and the ten seconds after it, opens a card, types a search,
logs from the quick log, has the nudges replanned, takes the daily backup and imports
VCARD_FILE. It prints one JSON object: for each, the longest gap between two beats in
milliseconds.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from probe_hook import AfterImport
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import callbook.app as app

# Caught as the window loads them after its first paint, so that they load when they would.
INSTALLERS = {
    "callbook.wiring.nudges": "install_nudges",
    "callbook.wiring.quick_log": "install_quick_log",
    "callbook.wiring.durability": "install_durability",
    "callbook.wiring.interchange": "install_interchange",
}

BEAT_MS = 5
AFTER_START_S = 10.0
SETTLE_S = 1.5
KEY_GAP_MS = 120
TYPED = "northwind\b\b\b\b\b\b\b\b\bana sil"
CTRL = Qt.KeyboardModifier.ControlModifier


class Heartbeat(QObject):
    """A 5 ms timer noting when each of its beats ran."""

    def __init__(self) -> None:
        super().__init__()
        self.beats: list[float] = []
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(BEAT_MS)
        self._timer.timeout.connect(lambda: self.beats.append(time.perf_counter()))
        self._timer.start()

    def longest_gap_ms(self, since: float, until: float) -> float:
        """The longest stretch without a beat between `since` and `until`."""
        inside = [since, *(b for b in self.beats if since < b <= until), until]
        return max(b - a for a, b in itertools.pairwise(inside)) * 1000


class Rep:
    """Does one thing after another once the window has settled, timing each."""

    def __init__(self, beat: Heartbeat, vcards: Path) -> None:
        self.beat = beat
        self.vcards = vcards
        self.wired: dict[str, Any] = {}
        self.gaps: dict[str, float] = {}
        self._steps: list[tuple[str, Callable[[Callable[[], None]], None]]] = [
            ("start and the 10 s after it", self.wait_after_start),
            ("opening a card", self.open_card),
            ("typing a search", self.type_search),
            ("logging from the quick log", self.quick_log),
            ("a nudge replan", self.replan),
            ("the daily backup", self.back_up),
            ("importing 2,000 vCards", self.import_vcards),
        ]

    def catch(self, module: Any) -> None:
        """Keep what the app's installer in `module` made, to act on it later."""
        name = INSTALLERS[module.__name__]
        install = getattr(module, name)

        def caught(*args: Any, **kwargs: Any) -> Any:
            made = install(*args, **kwargs)
            self.wired[name] = made
            return made

        setattr(module, name, caught)

    def window_settled(self, window: Any) -> None:
        self.window = window
        self._next()

    def _next(self) -> None:
        if not self._steps:
            QApplication.quit()
            return
        name, step = self._steps.pop(0)
        # The start counts from the first beat: before it there is no window to freeze.
        since = self.beat.beats[0] if not self.gaps else time.perf_counter()

        def done() -> None:
            def measured() -> None:
                self.gaps[name] = self.beat.longest_gap_ms(since, time.perf_counter())
                self._next()

            QTimer.singleShot(int(SETTLE_S * 1000), measured)

        step(done)

    def wait_after_start(self, done: Callable[[], None]) -> None:
        QTimer.singleShot(int((AFTER_START_S - SETTLE_S) * 1000), done)

    def _first_on_today(self) -> int:
        contact = self.window.today_page.table.current_contact()
        assert contact is not None, "the demo has someone to call today"
        return int(contact)

    def open_card(self, done: Callable[[], None]) -> None:
        self.window.open_card(self._first_on_today())
        done()

    def type_search(self, done: Callable[[], None]) -> None:
        field = self.window.search_field
        field.setFocus()
        keys = list(TYPED)

        def press() -> None:
            if not keys:
                done()
                return
            key = keys.pop(0)
            if key == "\b":
                QTest.keyClick(field, Qt.Key.Key_Backspace)
            else:
                QTest.keyClicks(field, key)
            QTimer.singleShot(KEY_GAP_MS, press)

        press()

    def quick_log(self, done: Callable[[], None]) -> None:
        wiring = self.wired["install_quick_log"]
        self.window.show_page("today")
        wiring.open_for(self._first_on_today())

        def log_voicemail() -> None:
            dialog = wiring.quick_log.dialog
            QTest.keyClick(dialog.outcome, "v")
            QTest.keyClick(dialog.outcome, Qt.Key.Key_Return, CTRL)
            done()

        QTimer.singleShot(500, log_voicemail)

    def replan(self, done: Callable[[], None]) -> None:
        self.wired["install_nudges"].center.replan_soon()
        QTimer.singleShot(1000, done)

    def back_up(self, done: Callable[[], None]) -> None:
        daily = self.wired["install_durability"].daily_backup
        folder = self.window_store_folder() / "backups"
        for taken in folder.glob("*"):
            if taken.is_file() and taken.stat().st_mtime > time.time() - 24 * 3600:
                taken.unlink()
        daily.finished.connect(done, Qt.ConnectionType.SingleShotConnection)
        daily.start()

    def window_store_folder(self) -> Path:
        return Path(self.wired["install_durability"].store.path).parent

    def import_vcards(self, done: Callable[[], None]) -> None:
        dialog = self.wired["install_interchange"].open_import(self.vcards)

        def when_previewed() -> None:
            if dialog.pages.currentWidget() is not dialog.preview_page:
                QTimer.singleShot(50, when_previewed)
                return
            dialog.imported.connect(lambda _change: done())
            QTest.keyClick(dialog.import_button, Qt.Key.Key_Return, CTRL)

        when_previewed()


def main(argv: list[str]) -> int:
    """Start the window on argv[1] and go through the steps; print the gaps as JSON."""
    from test_import_speed import address_book

    Path(argv[2]).write_text(address_book(int(argv[3])), encoding="utf-8", newline="")
    qt_app = QApplication(["callbook"])
    beat = Heartbeat()
    rep = Rep(beat, Path(argv[2]))
    sys.meta_path.insert(0, AfterImport(dict.fromkeys(INSTALLERS, rep.catch)))
    made = app.MainWindow.__init__

    def watched(window: Any, *args: Any, **kwargs: Any) -> None:
        made(window, *args, **kwargs)
        window.settled.connect(lambda: rep.window_settled(window))

    app.MainWindow.__init__ = watched  # type: ignore[method-assign]
    app.run(["--data-dir", argv[1]])
    del qt_app
    print(json.dumps(rep.gaps))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
