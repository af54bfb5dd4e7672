"""Search and the card stay in step: the arrows move the card, Esc goes back, pages clear."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from callbook.domain.clock import FixedClock
from callbook.services.contacts import NewContact, add_contact
from callbook.store.engine import Store
from callbook.ui.main_window import SEARCH, TODAY, MainWindow

WindowFactory = Callable[[], MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


def press(qtbot: QtBot, key: Qt.Key | str, modifier: Qt.KeyboardModifier = NONE) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


@pytest.fixture
def smiths(store: Store, clock: FixedClock) -> list[int]:
    """Three Smiths at three companies, and someone else."""
    add_contact(store, clock, NewContact("Ana", "Silva", company="Northwind"))
    return [
        add_contact(store, clock, NewContact(first, "Smith", company=company))
        for first, company in (("Alex", "Acme"), ("Blair", "Globex"), ("Casey", "Initech"))
    ]


def search_for(qtbot: QtBot, window: MainWindow, typed: str) -> None:
    press(qtbot, "f", CTRL)
    for char in typed:
        press(qtbot, char)


def test_the_card_follows_the_first_match_and_the_arrows(
    make_window: WindowFactory, qtbot: QtBot, smiths: list[int]
) -> None:
    window = make_window()
    search_for(qtbot, window, "smith")
    table = window.search_page.table
    assert table.current_contact() == smiths[0]
    qtbot.waitUntil(lambda: window.card.contact_id == smiths[0])
    press(qtbot, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.search_field, "typing stays in the field"
    assert table.current_contact() == window.card.contact_id == smiths[1]
    press(qtbot, Qt.Key.Key_Down)
    assert window.card.contact_id == smiths[2]
    press(qtbot, Qt.Key.Key_Up)
    assert window.card.contact_id == smiths[1]
    # In the results list itself the arrows move the card too.
    table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert window.card.contact_id == table.current_contact() == smiths[2]


def test_esc_on_the_card_goes_back_to_the_search(
    make_window: WindowFactory, qtbot: QtBot, smiths: list[int]
) -> None:
    window = make_window()
    search_for(qtbot, window, "blair")
    press(qtbot, Qt.Key.Key_Return)
    assert window.card.isAncestorOf(QApplication.focusWidget())
    press(qtbot, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.search_field
    assert window.current_page() == SEARCH
    press(qtbot, Qt.Key.Key_Escape)
    assert window.current_page() == TODAY
    assert window.search_field.text() == ""


def test_esc_on_the_card_goes_back_to_the_list(
    make_window: WindowFactory, qtbot: QtBot, smiths: list[int]
) -> None:
    window = make_window()
    window.today_page.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert window.card.isAncestorOf(QApplication.focusWidget())
    press(qtbot, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.today_page.table


def test_esc_in_an_edited_card_field_puts_it_back_and_stays(
    make_window: WindowFactory, qtbot: QtBot, smiths: list[int]
) -> None:
    window = make_window()
    window.today_page.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    field = next(iter(window.card.fields.values()))
    field.setFocus()
    stored = field.text()
    press(qtbot, "x")
    press(qtbot, Qt.Key.Key_Escape)
    assert field.text() == stored
    assert QApplication.focusWidget() is field


def test_a_page_shortcut_leaves_the_search_empty(
    make_window: WindowFactory, qtbot: QtBot, smiths: list[int]
) -> None:
    window = make_window()
    search_for(qtbot, window, "smith")
    press(qtbot, "1", CTRL)
    assert window.current_page() == TODAY
    assert window.search_field.text() == ""
    search_for(qtbot, window, "casey")
    press(qtbot, "2", CTRL)
    assert window.search_field.text() == ""
    assert window.contacts_page.table.hasFocus()
