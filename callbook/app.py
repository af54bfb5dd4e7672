"""The one place that wires store, services, scheduler and window together."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from callbook import __version__
from callbook.clock import SystemClock
from callbook.domain.clock import Clock
from callbook.instance import InstanceError, InstanceGuard, hand_over
from callbook.logs import log_to_folder
from callbook.paths import DataFolderError, data_folder, prepare_folder
from callbook.services.bulk import settle_after_start
from callbook.store.engine import Store, StoreError
from callbook.store.opening import DamagedDatabase, OpeningReport, open_store
from callbook.ui.icons import load_app_icon
from callbook.ui.main_window import MainWindow

log = logging.getLogger(__name__)
SETTINGS_FILE = "window.ini"
FALLBACK_REGION = "US"
# How long a second start waits for the first one to answer (it may still be opening).
HAND_OVER_WAIT_S = 5.0


def home_region() -> str:
    """The rep's country code for reading phone numbers typed without +, from the locale."""
    code = QLocale.territoryToCode(QLocale.system().territory())
    return code if len(code) == 2 else FALLBACK_REGION


def window_settings(folder: Path) -> QSettings:
    """Window size and layout, kept beside the database rather than in the home config."""
    return QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)


def open_window(store: Store, clock: Clock, folder: Path) -> MainWindow:
    """The main window over an open store; the caller shows it."""
    return MainWindow(store, clock, window_settings(folder), home_region())


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
        self._then()


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="callbook", add_help=False)
    parser.add_argument("--data-dir", default=None)
    known, _rest = parser.parse_known_args(list(argv))
    return known


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
        opened = _open_or_recover(folder, clock)
        if opened is None:
            guard.release()
            return 1
        store, report = opened
    except (DataFolderError, StoreError, InstanceError) as error:
        QMessageBox.critical(None, "Callbook cannot start", str(error))
        return 1
    if report.changed:
        log.info("schema %s -> %s (backup %s)", report.before, report.after, report.backup)
    stops: list[Callable[[], None]] = []
    try:
        window = open_window(store, clock, folder)

        def wire_the_rest() -> None:
            stops.extend(_wire_the_rest(app, window, store, clock, guard, report))
            settle_after_start()

        AfterFirstPaint(window, wire_the_rest)
        window.show()
        try:
            return app.exec()
        finally:
            for stop in stops:
                stop()
    finally:
        store.close()
        guard.release()


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
    from callbook.ui.durability_wiring import install_durability
    from callbook.ui.interchange_wiring import install_interchange
    from callbook.ui.nudges_wiring import install_nudges
    from callbook.ui.quick_log_wiring import install_quick_log

    # The country the rep confirmed at their first import wins over the desktop's locale.
    saved = saved_home_region(store)
    if saved:
        window.set_home_region(saved)
    nudges = install_nudges(window, store, clock)
    quick_log = install_quick_log(window, store, clock, nudges.tray)
    install_interchange(window, store, clock, home_region())
    install_durability(window, store, clock)
    if report.backup_problem:
        window.statusBar().showMessage(f"Today's backup failed: {report.backup_problem}", 60_000)
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
    return [nudges.stop, server.close]


def _open_or_recover(folder: Path, clock: Clock) -> tuple[Store, OpeningReport] | None:
    """Open the store; a damaged one is never written to, and its newest backup is offered.

    An encrypted one is opened with the passphrase from the keyring, else asked for; None
    when the rep gives up.
    """
    from callbook.services.encryption import encryption_state
    from callbook.ui.durability import ask_passphrase
    from callbook.ui.durability_wiring import recover_damaged_database

    passphrase = None
    if encryption_state(folder).encrypted:
        passphrase = ask_passphrase(folder)
        if passphrase is None:
            return None
    try:
        return open_store(folder, clock.now(), clock.zone(), passphrase)
    except DamagedDatabase as damaged:
        if not recover_damaged_database(folder, damaged.problem, clock, None, passphrase):
            return None
    return open_store(folder, clock.now(), clock.zone(), passphrase)


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
