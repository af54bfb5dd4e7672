"""The menu bar a desktop app has, a shortcut list from the window's own actions, icons."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from callbook.domain.clock import FixedClock
from callbook.services.contacts import NewContact, add_contact
from callbook.store.engine import Store
from callbook.ui.help import ShortcutsDialog
from callbook.ui.icons import icon, icon_path
from callbook.ui.main_window import ACTION_ICONS, MainWindow
from callbook.ui.menus import action_name

WindowFactory = Callable[[], MainWindow]


def menu_items(window: MainWindow, title: str) -> list[str]:
    menu = window.menu_bar.menus[title]
    menu.aboutToShow.emit()
    return [action_name(a) for a in menu.actions() if not a.isSeparator()]


def test_the_usual_menus_are_there_with_quit_last_in_file(make_window: WindowFactory) -> None:
    window = make_window()
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Go", "Contact", "Help"]
    # Added later by another part of the app, as import and backups are.
    late = QAction("&Backups…", window)
    late.setObjectName("Backups")
    window.addAction(late)
    file_items = menu_items(window, "File")
    assert file_items[0] == "New contact"
    assert "Backups" in file_items
    assert file_items[-1] == "Quit"
    assert menu_items(window, "Go")[:2] == ["Today", "Contacts"]
    assert {"Call", "Text", "Email", "Copy number", "Log", "Snooze"} <= set(
        menu_items(window, "Contact")
    )
    assert menu_items(window, "Help") == ["Keyboard shortcuts", "About Callbook"]


def test_a_page_added_later_is_in_the_go_menu(make_window: WindowFactory) -> None:
    from PySide6.QtWidgets import QLabel

    window = make_window()
    action = QAction("Scri&pts", window)
    action.setObjectName("Scripts")
    action.setShortcut("Ctrl+4")
    window.add_page("scripts", QLabel("scripts"), action, lambda: None)
    assert "Scripts" in menu_items(window, "Go")


def test_the_shortcut_list_names_every_shortcut_of_the_window(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window()
    dialog = ShortcutsDialog(window.actions(), window)
    qtbot.addWidget(dialog)
    rows = [
        (dialog.list.topLevelItem(i).text(1), dialog.list.topLevelItem(i).text(2))
        for i in range(dialog.list.topLevelItemCount())
    ]
    assert ("Ctrl+Shift+C", "Call") in rows
    assert ("Ctrl+N", "New contact") in rows
    assert ("Ctrl+Q", "Quit") in rows
    assert ("v", "Left voicemail") in rows


def test_f1_opens_the_shortcut_list(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        seen.append(dialog.windowTitle())
        dialog.close()

    QTimer.singleShot(0, look)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert seen == ["Keyboard shortcuts — Callbook"]


def test_copy_number_puts_the_number_on_the_clipboard(
    make_window: WindowFactory, qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    add_contact(store, clock, NewContact("Ana", "Silva", phones=[("mobile", "+44 20 7946 8554")]))
    window = make_window()
    window.today_page.table.setFocus()
    qtbot.keyClick(
        window.today_page.table,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert QApplication.clipboard().text() == "+44 20 7946 8554"
    assert "Copied" in window.statusBar().currentMessage()


@pytest.mark.parametrize("name", sorted(set(ACTION_ICONS.values())))
def test_every_icon_ships_and_draws(name: str, qtbot: QtBot) -> None:
    assert icon_path(name).is_file()
    image = icon(name).pixmap(32, 32).toImage()
    painted = [
        image.pixelColor(x, y)
        for x in range(32)
        for y in range(32)
        if image.pixelColor(x, y).alpha()
    ]
    assert len(painted) > 20, "a picture, not a blank"


def test_icons_follow_a_dark_palette(qtbot: QtBot) -> None:
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    before = app.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    app.setPalette(dark)
    try:
        image = icon("call").pixmap(32, 32).toImage()
        strokes = [
            image.pixelColor(x, y)
            for x in range(32)
            for y in range(32)
            if image.pixelColor(x, y).alpha() == 255
        ]
        assert strokes and all(c.lightness() > 200 for c in strokes)
    finally:
        app.setPalette(before)


def test_the_icon_set_carries_its_licence() -> None:
    licence = (icon_path("call").parent / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence
