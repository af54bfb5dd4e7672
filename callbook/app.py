"""The one place that wires store, services, scheduler and window together."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from callbook import __version__
from callbook.clock import SystemClock
from callbook.domain.clock import Clock
from callbook.logs import log_to_folder
from callbook.paths import DataFolderError, data_folder, prepare_folder
from callbook.store.engine import Store, StoreError
from callbook.store.opening import open_store
from callbook.ui.main_window import MainWindow
from callbook.ui.nudges_wiring import install_nudges

log = logging.getLogger(__name__)
SETTINGS_FILE = "window.ini"
FALLBACK_REGION = "US"


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
    app.setDesktopFileName("callbook")
    clock = SystemClock()
    try:
        folder = prepare_folder(data_folder(args.data_dir))
        log_to_folder(folder)
        store, report = open_store(folder, clock.now())
    except (DataFolderError, StoreError) as error:
        QMessageBox.critical(None, "Callbook cannot start", str(error))
        return 1
    if report.changed:
        log.info("schema %s -> %s (backup %s)", report.before, report.after, report.backup)
    try:
        window = open_window(store, clock, folder)
        nudges = install_nudges(window, store, clock)
        window.show()
        nudges.start()
        try:
            return app.exec()
        finally:
            nudges.stop()
    finally:
        store.close()
