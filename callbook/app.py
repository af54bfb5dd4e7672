"""The one place that wires store, services, scheduler and window together.

A start paints Today first, from a read-only first look at the database, and opens the
store in full (checked, SQLAlchemy loaded) right after, while the rep reads it; today's
backup is taken once the window is wired.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sqlite3
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

import callbook.ui  # noqa: F401 - first: PySide6 reads the source of no module after it
from callbook import __version__
from callbook.clock import SystemClock
from callbook.domain.clock import Clock
from callbook.domain.today import TodayRow
from callbook.instance import InstanceError, InstanceGuard, hand_over
from callbook.logs import log_to_folder
from callbook.paths import (
    DATABASE_NAME,
    DataFolderError,
    data_folder,
    owner_only_file,
    prepare_folder,
)
from callbook.services.bulk import settle_after_start
from callbook.services.today import today_places, today_rows
from callbook.store.file_head import FileHead, read_head
from callbook.store.first_look import first_look, has_contacts
from callbook.ui.icons import load_app_icon
from callbook.ui.main_window import TODAY, MainWindow
from callbook.ui.ops import ChangeBus

if TYPE_CHECKING:
    from callbook.store.engine import Store
    from callbook.store.opening import DamagedDatabase, OpeningReport

log = logging.getLogger(__name__)
SETTINGS_FILE = "window.ini"
FALLBACK_REGION = "US"
# How long a second start waits for the first one to answer (it may still be opening).
HAND_OVER_WAIT_S = 5.0
# How often the window looks for what a terminal or another program wrote to the book.
OUTSIDE_CHANGES_MS = 1000


def home_region() -> str:
    """The rep's country code for reading phone numbers typed without +, from the locale."""
    code = QLocale.territoryToCode(QLocale.system().territory())
    return code if len(code) == 2 else FALLBACK_REGION


def window_settings(folder: Path) -> QSettings:
    """Window size and layout, kept beside the database rather than in the home config."""
    # Qt keeps the mode of a file it rewrites: made 0600 first, it stays the rep's only.
    owner_only_file(folder / SETTINGS_FILE)
    return QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)


class AfterFirstPaint(QObject):
    """Runs `then` once the window has painted for the first time (or after a grace period).

    The nudges, quick log, import/export and backups are wired in after the rep sees
    Today: they are not needed for the first look, and their imports and first plan
    would otherwise stand between the start and a painted window.
    """

    GRACE_MS = 2000

    def __init__(self, window: MainWindow, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._then = then
        self._done = False
        window.installEventFilter(self)
        QTimer.singleShot(self.GRACE_MS, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._window and event.type() == QEvent.Type.Paint and not self._done:
            # Let the whole first paint reach the screen before the rest is wired in.
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        if self._done:
            return
        self._done = True
        self._window.removeEventFilter(self)
        # Held by the entry point while the start made what lives as long as the app.
        gc.enable()
        self._then()


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="callbook", add_help=False)
    parser.add_argument("--data-dir", default=None)
    known, _rest = parser.parse_known_args(list(argv))
    return known


class StoreOpener(QObject):
    """Opens the store on a worker thread while the window shows the first look.

    Most of the opening is SQLite's own work (the health check), which leaves the window
    free to paint and the main thread free to load the other pages.
    """

    finished = Signal()

    def __init__(self, folder: Path, clock: Clock, head: FileHead | None) -> None:
        super().__init__()
        self._folder = folder
        self._clock = clock
        self._head = head
        self.opened: tuple[Store, OpeningReport] | None = None
        self.failure: Exception | None = None
        self._thread = threading.Thread(target=self._open, name="open-store", daemon=True)

    def start(self) -> None:
        """Begin opening; `finished` is emitted on the main thread when it is done."""
        self._thread.start()

    def wait(self) -> None:
        """Block until the opening is over (at quit, so that nothing is left half-open)."""
        if self._thread.is_alive():
            self._thread.join()

    def _open(self) -> None:
        from callbook.store.opening import open_store

        try:
            self.opened = open_store(
                self._folder,
                self._clock.now(),
                self._clock.zone(),
                daily_backup=False,
                head=self._head,
                thorough=True,
            )
        except Exception as error:
            self.failure = error
        self.finished.emit()


def run(argv: Sequence[str]) -> int:
    """Open the main window and run until the rep quits."""
    args = _parse(argv)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "callbook"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Callbook")
    app.setApplicationDisplayName("Callbook")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("app.callbook.Callbook")
    app.setWindowIcon(load_app_icon())
    clock = SystemClock()
    try:
        folder = prepare_folder(data_folder(args.data_dir))
        log_to_folder(folder)
        guard = InstanceGuard(folder)
        if not guard.acquire():
            return _hand_to_running(folder, guard)
    except (DataFolderError, InstanceError) as error:
        QMessageBox.critical(None, "Callbook cannot start", str(error))
        return 1
    try:
        return _run_window(app, folder, clock, guard)
    finally:
        guard.release()


def _run_window(app: QApplication, folder: Path, clock: Clock, guard: InstanceGuard) -> int:
    """Show the window, open the store behind it, wire the rest; the app's exit code."""
    # The one change bus: every view refreshes from what is published on it.
    bus = ChangeBus()
    window = MainWindow(None, clock, window_settings(folder), home_region(), bus)
    start = WindowStart(app, window, folder, clock, guard)
    try:
        if not start.begin():
            return 1
        window.show()
        return app.exec()
    finally:
        start.finish()


class WindowStart(QObject):
    """Takes the window from its first paint to fully wired, then closes it all at quit."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        folder: Path,
        clock: Clock,
        guard: InstanceGuard,
    ) -> None:
        super().__init__()
        self._app = app
        self._window = window
        self._folder = folder
        self._clock = clock
        self._guard = guard
        self._look: sqlite3.Connection | None = None
        # Read before the first look opens the file, and never again while it is open.
        self._head: FileHead | None = None
        # Set when the list shown before the store opened may be wrong: read again then.
        self._look_failed = False
        self._opener: StoreOpener | None = None
        self._store: Store | None = None
        self._stops: list[Callable[[], None]] = []

    def begin(self) -> bool:
        """Put Today in the window, from a first look or the opened store; False to stop."""
        window = self._window
        if window.remembered_page() == TODAY:
            self._head = read_head(self._folder / DATABASE_NAME)
            self._look = first_look(self._folder, self._head)
        if self._look is not None and self._show_first_look(self._look):
            AfterFirstPaint(window, self._open_behind)
            return True
        self._close_look()
        from callbook.store.engine import StoreError

        try:
            opened = _open_here(self._folder, self._clock)
        except StoreError as error:
            QMessageBox.critical(None, "Callbook cannot start", str(error))
            return False
        if opened is None:
            return False
        self._store = opened[0]
        window.attach(opened[0])
        AfterFirstPaint(window, lambda: self._wire(opened[1]))
        return True

    def _show_first_look(self, look: sqlite3.Connection) -> bool:
        """Today from the first look; False when the file could not be read that way."""
        clock = self._clock
        try:
            places = today_places(look, clock.now(), clock.zone())
            anyone = bool(places) or has_contacts(look)
            self._window.show_first_look(places, self._rows_from_look, anyone)
        except sqlite3.Error as error:
            # A damaged page, say: the full opening checks the file and offers a backup.
            log.warning("the first look at the database failed (%s); opening it in full", error)
            return False
        return True

    def _rows_from_look(self, contact_ids: Sequence[int]) -> list[TodayRow]:
        look, clock = self._look, self._clock
        if look is None:
            return []
        try:
            return today_rows(look, clock.now(), clock.zone(), contact_ids)
        except sqlite3.Error as error:
            log.warning("rows could not be read at the first look (%s)", error)
            self._look_failed = True
            return []

    def _open_behind(self) -> None:
        self._opener = StoreOpener(self._folder, self._clock, self._head)
        self._opener.finished.connect(self._opened_behind)
        self._opener.start()
        _load_the_other_pages()

    @Slot()
    def _opened_behind(self) -> None:
        from callbook.store.opening import DamagedDatabase

        assert self._opener is not None
        opened, failure = self._opener.opened, self._opener.failure
        try:
            if isinstance(failure, DamagedDatabase):
                # The list shown came from a damaged file: the rep sees the offer to
                # restore, as on any start that finds damage, and the list is read again.
                self._window.hide()
                self._close_look()
                self._look_failed = True
                opened = _recover(self._folder, self._clock, failure, None)
            elif failure is not None:
                raise failure
        except Exception as error:
            log.exception("the store could not be opened")
            QMessageBox.critical(self._window, "Callbook cannot start", str(error))
            self._app.exit(1)
            return
        if opened is None:
            self._app.exit(1)
            return
        self._store = opened[0]
        self._window.attach(opened[0])
        self._close_look()
        if self._look_failed:
            self._window.refresh_today()
        self._window.show()
        self._wire(opened[1])

    def _wire(self, report: OpeningReport) -> None:
        assert self._store is not None
        if report.changed:
            log.info("schema %s -> %s (backup %s)", report.before, report.after, report.backup)
        self._stops.extend(
            _wire_the_rest(self._app, self._window, self._store, self._clock, self._guard, report)
        )
        settle_after_start()
        self._window.settled.emit()

    def _close_look(self) -> None:
        if self._look is not None:
            self._look.close()
            self._look = None

    def finish(self) -> None:
        """Stop what was wired and close the store, waiting for an opening still under way."""
        for stop in self._stops:
            stop()
        if self._opener is not None:
            self._opener.wait()
            if self._store is None and self._opener.opened is not None:
                self._store = self._opener.opened[0]
        self._close_look()
        if self._store is not None:
            self._store.close()


def _load_the_other_pages() -> None:
    """Import Contacts, search, the card and the rest while the store opens behind."""
    import callbook.ui.card
    import callbook.ui.pages
    import callbook.wiring.quick_log  # noqa: F401


def _wire_the_rest(
    app: QApplication,
    window: MainWindow,
    store: Store,
    clock: Clock,
    guard: InstanceGuard,
    report: OpeningReport,
) -> list[Callable[[], None]]:
    """Nudges, quick log, import/export, backups and the instance server; returns the stops."""
    from callbook.instance import InstanceServer
    from callbook.services.interchange import saved_home_region
    from callbook.wiring.durability import install_durability
    from callbook.wiring.insights import install_insights
    from callbook.wiring.interchange import install_interchange
    from callbook.wiring.nudges import install_nudges
    from callbook.wiring.quick_log import install_quick_log
    from callbook.wiring.scripts import install_scripts

    # The country the rep confirmed at their first import wins over the desktop's locale.
    saved = saved_home_region(store)
    if saved:
        window.set_home_region(saved)
    nudges = install_nudges(window, store, clock, window.bus)
    quick_log = install_quick_log(window, store, clock, nudges.tray)
    install_interchange(window, store, clock, home_region())
    scripts = install_scripts(window, store, clock)
    insights = install_insights(window, store, clock)
    durability = install_durability(window, store, clock)
    # Today's backup of a large book takes seconds: it is made while the rep works. A book
    # made just now has nothing to back up yet.
    if report.before is not None:
        durability.daily_backup.start()
    watch_outside_changes(window, store)
    server = InstanceServer(guard.socket_name, quick_log.status)
    server.requested.connect(quick_log.handle)
    try:
        server.listen()
    except InstanceError as error:
        log.warning("other starts cannot reach this window: %s", error)
    # A draft still waiting on its timer is written before the store closes.
    app.aboutToQuit.connect(quick_log.quick_log.flush)
    nudges.start()
    quick_log.start()
    return [
        nudges.stop,
        server.close,
        durability.daily_backup.wait,
        scripts.figures.wait,
        insights.page.wait,
    ]


def watch_outside_changes(window: MainWindow, store: Store) -> QTimer:
    """Have the window read again what a terminal or another program wrote, without F5."""
    watch = QTimer(window)
    watch.setInterval(OUTSIDE_CHANGES_MS)

    def look_outside() -> None:
        if store.outside_changes():
            window.show_outside_changes()

    store.outside_changes()  # from now on
    watch.timeout.connect(look_outside)
    watch.start()
    return watch


def _open_here(folder: Path, clock: Clock) -> tuple[Store, OpeningReport] | None:
    """Open the store before the window shows anything; None when the rep gives up.

    An encrypted one is opened with the passphrase from the keyring, else asked for.
    StoreError when it cannot be opened at all.
    """
    from callbook.services.encryption import encryption_state
    from callbook.store.opening import DamagedDatabase, open_store
    from callbook.ui.durability import ask_passphrase

    passphrase = None
    if encryption_state(folder).encrypted:
        passphrase = ask_passphrase(folder)
        if passphrase is None:
            return None
    try:
        return open_store(folder, clock.now(), clock.zone(), passphrase, daily_backup=False)
    except DamagedDatabase as damaged:
        return _recover(folder, clock, damaged, passphrase)


def _recover(
    folder: Path, clock: Clock, damaged: DamagedDatabase, passphrase: str | None
) -> tuple[Store, OpeningReport] | None:
    """A damaged database is never written to; its newest backup is offered instead."""
    from callbook.store.opening import open_store
    from callbook.wiring.durability import recover_damaged_database

    if not recover_damaged_database(folder, damaged.problem, clock, None, passphrase):
        return None
    return open_store(folder, clock.now(), clock.zone(), passphrase, daily_backup=False)


def _hand_to_running(folder: Path, guard: InstanceGuard) -> int:
    """Another Callbook has this data folder: bring its window forward instead of a second."""
    reply = hand_over(folder, "activate", wait_s=HAND_OVER_WAIT_S)
    if reply is not None and reply.get("ok"):
        log.info("another Callbook runs on %s; brought its window forward", folder)
        print("Callbook is already running; its window is in front now.", file=sys.stderr)
        return 0
    holder = guard.holder()
    process = f" (process {holder})" if holder else ""
    QMessageBox.warning(
        None,
        "Callbook is already running",
        f"Callbook is already running{process} on this data folder but does not answer. "
        "Close it, or end that process, and start Callbook again.",
    )
    return 1
