"""GUI fixtures: the main window over a fresh store, its settings file in the temp folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings
from pytestqt.qtbot import QtBot

from callbook.domain.clock import FixedClock
from callbook.services.demo import fill_with_demo
from callbook.store.engine import Store
from callbook.ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


@pytest.fixture(autouse=True)
def british_desktop() -> Iterator[None]:
    """Dates read '4 Dec' whatever the machine's language: the window follows the desktop's."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def settings_path(data_dir: Path) -> Path:
    """Where the window keeps its layout: inside the temp data folder, never in $HOME."""
    return data_dir / "window.ini"


@pytest.fixture
def make_window(
    qtbot: QtBot, store: Store, clock: FixedClock, settings_path: Path
) -> Iterator[WindowFactory]:
    """Build main windows over the test store, shown and ready for key presses."""
    made: list[MainWindow] = []

    def build() -> MainWindow:
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        window = MainWindow(store, clock, settings, home_region="US")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        made.append(window)
        return window

    yield build
    for window in made:
        window.close()


@pytest.fixture
def demo_store(store: Store, clock: FixedClock) -> Store:
    """The test store filled with 60 demo contacts."""
    fill_with_demo(store, clock.now(), 60, seed=3)
    return store
