"""The quick log and Waiting on them inside the main window: Ctrl+L, the page, the total."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Outcome, Purpose, Tier
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.contacts import NewContact, add_contact
from callbook.store.engine import Store
from callbook.store.models import Interaction
from callbook.ui.main_window import MainWindow
from callbook.wiring.quick_log import WAITING, QuickLogInWindow, install_quick_log

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def ana(store: Store, clock: FixedClock) -> int:
    # Known for three weeks, never checked in: an overdue personal check-in on Today.
    clock.advance(timedelta(days=-21))
    cid = add_contact(store, clock, NewContact("Ana", "Silva", tier=Tier.A))
    clock.advance(timedelta(days=21))
    return cid


@pytest.fixture
def wired(
    qtbot: QtBot, store: Store, clock: FixedClock, tmp_path: Path, ana: int
) -> Iterator[QuickLogInWindow]:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, clock, settings, home_region="US")
    qtbot.addWidget(window)
    wiring = install_quick_log(window, store, clock)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield wiring
    if wiring.quick_log.dialog is not None:
        wiring.quick_log.dialog.discard()
    window.close()


def press(
    qtbot: QtBot, key: Qt.Key | str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def test_voicemail_from_a_today_row_in_three_keys_of_six(
    qtbot: QtBot, store: Store, wired: QuickLogInWindow, ana: int
) -> None:
    window = wired.window
    window.today_page.table.setFocus()
    assert window.today_page.table.current_contact() == ana
    assert wired.total.text() == "No messages waiting to be returned"
    keys = 0
    press(qtbot, Qt.Key.Key_L, CTRL)
    keys += 1
    qtbot.waitUntil(wired.quick_log.is_open)
    dialog = wired.quick_log.dialog
    assert dialog is not None
    assert dialog.picker.text() == "Ana Silva"
    assert dialog.purpose.value() is Purpose.CHECKIN  # the row is an overdue check-in
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.outcome)
    press(qtbot, "v")
    keys += 1
    press(qtbot, Qt.Key.Key_Return, CTRL)
    keys += 1
    qtbot.waitUntil(lambda: not wired.quick_log.is_open())
    assert keys <= 6
    with store.read() as session:
        saved = session.scalars(select(Interaction)).one()
    assert (saved.outcome, saved.purpose) == ("voicemail", "checkin")
    # The total in the window follows at once.
    assert wired.total.text() == "1 message waiting to be returned"
    assert "waiting on them, attempt 1" in window.statusBar().currentMessage()


def test_the_log_action_on_the_card_opens_the_quick_log(
    qtbot: QtBot, wired: QuickLogInWindow, ana: int
) -> None:
    window = wired.window
    window.show_card(ana)
    window.log_current()
    qtbot.waitUntil(wired.quick_log.is_open)
    assert wired.quick_log.dialog is not None
    assert wired.quick_log.dialog.picker.contact_id() == ana


def test_waiting_page_is_in_the_navigation_and_enter_logs_the_next_try(
    qtbot: QtBot, store: Store, clock: FixedClock, wired: QuickLogInWindow, ana: int
) -> None:
    log_interaction(store, clock, LogEntry(ana, Outcome.VOICEMAIL, Purpose.BUSINESS))
    clock.advance(timedelta(days=2))
    window = wired.window
    window.today_page.table.setFocus()
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert window.current_page() == WAITING
    assert wired.page.total.text() == "1 message waiting to be returned"
    assert wired.total.text() == "1 message waiting to be returned"
    assert wired.page.proxy.index(0, 0).data() == "Ana Silva"
    wired.page.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(wired.quick_log.is_open)
    dialog = wired.quick_log.dialog
    assert dialog is not None
    assert dialog.picker.contact_id() == ana
    assert dialog.purpose.value() is Purpose.BUSINESS  # the chase keeps the message's purpose
    assert "waiting on them 2 days, 1 attempt, next try today" in dialog.about.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.outcome)
    press(qtbot, "c")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not wired.quick_log.is_open())
    assert wired.page.total.text() == "No messages waiting to be returned"
    assert wired.total.text() == "No messages waiting to be returned"
    window.act_today.trigger()
    assert window.current_page() == "today"


def test_a_command_from_another_start_brings_the_window_and_quick_log_forward(
    qtbot: QtBot, wired: QuickLogInWindow
) -> None:
    wired.window.showMinimized()
    wired.handle("quick-log")
    qtbot.waitUntil(wired.quick_log.is_open)
    assert not wired.window.isMinimized()
    status = wired.status()
    assert (status["quick_log_open"], status["activations"]) == (True, 1)
    dialog = wired.quick_log.dialog
    assert dialog is not None
    assert dialog.picker.contact_id() is None  # from a terminal: type who it was


def test_the_tray_menu_has_the_quick_log(
    qtbot: QtBot, store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "tray.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, clock, settings, home_region="US")
    qtbot.addWidget(window)
    tray = QSystemTrayIcon(window)
    menu = QMenu(window)
    menu.addAction("&Show Callbook")
    menu.addSeparator()
    menu.addAction("&Quit")
    tray.setContextMenu(menu)
    wiring = install_quick_log(window, store, clock, tray)
    entries = [a.text() for a in menu.actions()]
    assert entries[:2] == ["&Show Callbook", "&Quick log…"]
    menu.actions()[1].trigger()
    qtbot.waitUntil(wiring.quick_log.is_open)
    assert wiring.quick_log.dialog is not None
    wiring.quick_log.dialog.discard()
