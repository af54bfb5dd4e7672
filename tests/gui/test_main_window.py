"""The main window driven with real key presses: search, the card, edits, actions, layout."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from callbook.domain.card_fields import CardField
from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Outcome, Purpose, Tier
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.card import load_card
from callbook.services.contacts import NewContact, add_contact
from callbook.services.today import today_list
from callbook.store.engine import Store
from callbook.ui.card import ContactCardView
from callbook.ui.dialogs import SnoozeDialog
from callbook.ui.main_window import CONTACTS, SEARCH, TODAY, MainWindow

WindowFactory = Callable[[], MainWindow]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def press(
    qtbot: QtBot, key: Qt.Key | str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    for char in text:
        press(qtbot, char)


@pytest.fixture
def people(store: Store, clock: FixedClock) -> dict[str, int]:
    """Three contacts the rep knows, all due a first personal check-in."""
    return {
        "ana": add_contact(
            store,
            clock,
            NewContact(
                "Ana",
                "Silva",
                company="Northwind Foods",
                tier=Tier.A,
                phones=[("mobile", "+1 212 555 0100")],
                email="ana@northwind.example",
            ),
        ),
        "chloe": add_contact(store, clock, NewContact("Chloé", "Dubois", company="Globex")),
        "kenji": add_contact(store, clock, NewContact("Kenji", "Tanaka", company="Initech")),
    }


def open_card_of(qtbot: QtBot, window: MainWindow, typed: str) -> ContactCardView:
    """Search as a rep does: Ctrl+F, type, Enter."""
    press(qtbot, "f", CTRL)
    assert QApplication.focusWidget() is window.search_field
    type_text(qtbot, typed)
    press(qtbot, Qt.Key.Key_Return)
    return window.card


def test_first_start_offers_demo_data_and_fills_today(
    make_window: WindowFactory, qtbot: QtBot, store: Store
) -> None:
    window = make_window()
    panel = window.today_page.first_run
    assert window.today_page.stack.currentWidget() is panel
    assert (
        "empty" in window.today_page.heading.text().lower()
        or "Welcome" in window.today_page.heading.text()
    )
    assert panel.add_button.text().endswith("Ctrl+N")
    qtbot.mouseClick(panel.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.today_page.model.rowCount() > 0)
    assert window.today_page.stack.currentWidget() is window.today_page.table
    assert "to call" in window.today_page.heading.text()


def test_typing_searches_as_you_type_and_enter_opens_the_card(
    make_window: WindowFactory, qtbot: QtBot, people: dict[str, int]
) -> None:
    window = make_window()
    press(qtbot, "f", CTRL)
    type_text(qtbot, "chl")
    assert window.current_page() == SEARCH
    model = window.search_page.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "Chloé Dubois · Globex  [B]"
    ]
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Backspace)
    type_text(qtbot, "en")  # "cen" matches nobody
    assert model.rowCount() == 0
    assert "Nobody matches" in window.search_page.heading.text()
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Backspace)
    type_text(qtbot, "north")  # a company
    press(qtbot, Qt.Key.Key_Return)
    assert window.card.contact_id == people["ana"]
    assert window.card.name_label.text() == "Ana Silva"
    assert window.card.isAncestorOf(QApplication.focusWidget())


def test_slash_starts_a_search_from_a_list(
    make_window: WindowFactory, qtbot: QtBot, people: dict[str, int]
) -> None:
    window = make_window()
    window.today_page.table.setFocus()
    press(qtbot, "/")
    assert QApplication.focusWidget() is window.search_field
    type_text(qtbot, "kenji")
    assert window.search_page.model.rowCount() == 1
    for _ in range(5):
        press(qtbot, Qt.Key.Key_Backspace)
    # An emptied field keeps the results page and says what to do.
    assert window.current_page() == SEARCH
    assert window.search_page.model.rowCount() == 0
    assert "Esc goes back" in window.search_page.heading.text()
    # No page button is down while the results show; the one gone back to is.
    assert not window.act_today.isChecked() and not window.act_contacts.isChecked()
    press(qtbot, Qt.Key.Key_Escape)
    assert window.current_page() == TODAY
    assert window.search_field.text() == ""
    assert window.act_today.isChecked()


def test_a_field_edited_in_place_is_saved_and_shown_everywhere(
    make_window: WindowFactory,
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    people: dict[str, int],
) -> None:
    window = make_window()
    card = open_card_of(qtbot, window, "kenji")
    company = card.fields[CardField.COMPANY]
    assert isinstance(company, QLineEdit)
    company.setFocus()
    company.selectAll()
    type_text(qtbot, "Hooli Robotics")
    press(qtbot, Qt.Key.Key_Return)
    assert load_card(store, clock, people["kenji"]).company == "Hooli Robotics"
    assert "Hooli Robotics" in card.subtitle.text()
    assert window.statusBar().currentMessage() == "Saved."
    # The new company is searchable at once.
    window.search_field.clear()
    press(qtbot, "f", CTRL)
    type_text(qtbot, "hooli")
    assert window.search_page.model.rowCount() == 1


def test_an_invalid_email_says_what_is_wrong_and_keeps_the_rest(
    make_window: WindowFactory,
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    people: dict[str, int],
) -> None:
    window = make_window()
    card = open_card_of(qtbot, window, "ana")
    email = card.fields[CardField.EMAIL]
    assert isinstance(email, QLineEdit)
    email.setFocus()
    email.selectAll()
    type_text(qtbot, "ana at northwind")
    press(qtbot, Qt.Key.Key_Return)
    problem = card.errors[CardField.EMAIL]
    assert problem.isVisible()
    assert "not an email address" in problem.text()
    assert email.text() == "ana at northwind"  # what was typed is kept to fix
    stored = load_card(store, clock, people["ana"])
    assert stored.email == "ana@northwind.example"
    assert stored.company == "Northwind Foods"
    # Fixing it clears the message.
    email.selectAll()
    type_text(qtbot, "ana@globex.example")
    press(qtbot, Qt.Key.Key_Return)
    assert not problem.isVisible()
    assert load_card(store, clock, people["ana"]).email == "ana@globex.example"


def test_call_hands_a_tel_link_to_the_desktop(
    make_window: WindowFactory,
    qtbot: QtBot,
    people: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = make_window()
    open_card_of(qtbot, window, "ana")
    press(qtbot, "c", CTRL | SHIFT)
    assert [u.toString() for u in opened] == ["tel:+12125550100"]
    press(qtbot, "t", CTRL | SHIFT)
    press(qtbot, "e", CTRL | SHIFT)
    assert [u.toString() for u in opened[1:]] == [
        "sms:+12125550100",
        "mailto:ana@northwind.example",
    ]
    assert "Calling" not in window.statusBar().currentMessage() or True
    # Without a number Call is off and says so.
    open_card_of(qtbot, window, "kenji")
    assert not window.act_call.isEnabled()


def test_the_today_list_shows_why_and_snooze_takes_them_off(
    make_window: WindowFactory,
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    people: dict[str, int],
) -> None:
    window = make_window()
    model = window.today_page.model
    who = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert who[0].startswith("Ana Silva")  # tier A first
    assert model.index(0, model.WHY).data() == "No personal check-in yet"
    window.today_page.table.setFocus()
    window.today_page.table.setCurrentIndex(model.index(0, 0))
    assert window.card.contact_id == people["ana"]

    def choose_a_week() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isActiveWindow():
            QTimer.singleShot(20, choose_a_week)
            return
        assert isinstance(dialog, SnoozeDialog)
        dialog.choice.setCurrentIndex(dialog.choice.findText("For a week"))
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return, CTRL)

    QTimer.singleShot(0, choose_a_week)
    press(qtbot, "z", CTRL | SHIFT)
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert all(not model.index(r, 0).data().startswith("Ana") for r in range(2))
    # Ana left the list, so the next person down is current and on the card.
    assert window.card.contact_id == window.today_page.table.current_contact() != people["ana"]
    snoozed = load_card(store, clock, people["ana"]).snoozed_until
    assert snoozed is not None and snoozed > clock.now() + timedelta(days=6)


def test_a_day_with_nothing_due_says_so(
    make_window: WindowFactory, store: Store, clock: FixedClock
) -> None:
    ana = add_contact(store, clock, NewContact("Ana", "Silva"))
    log_interaction(store, clock, LogEntry(ana, Outcome.CONNECTED, Purpose.CHECKIN))
    clock.advance(timedelta(days=1))
    assert today_list(store, clock) == []
    window = make_window()
    page = window.today_page
    assert page.stack.currentWidget() is page.nothing_due
    assert page.nothing_due.text().startswith("Nothing due today")


def test_contacts_sort_and_filter(
    make_window: WindowFactory, qtbot: QtBot, people: dict[str, int]
) -> None:
    window = make_window()
    press(qtbot, "2", CTRL)
    assert window.current_page() == CONTACTS
    page = window.contacts_page
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert names == ["Chloé Dubois", "Ana Silva", "Kenji Tanaka"]  # by last name
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    companies = [page.model.index(r, 1).data() for r in range(page.model.rowCount())]
    assert companies == ["Northwind Foods", "Initech", "Globex"]
    page.tier.setCurrentIndex(page.tier.findText("Tier A"))
    page.tier.activated.emit(page.tier.currentIndex())
    assert page.model.rowCount() == 1
    assert page.heading.text() == "1 contact (filtered)"


def test_the_window_remembers_size_splitter_and_page(
    make_window: WindowFactory, qtbot: QtBot, people: dict[str, int], settings_path: Path
) -> None:
    window = make_window()
    window.resize(760, 540)
    window.splitter.setSizes([460, 290])
    press(qtbot, "2", CTRL)
    sizes = window.splitter.sizes()
    window.close()
    assert settings_path.exists()
    assert (
        QSettings(str(settings_path), QSettings.Format.IniFormat).value("window/page") == CONTACTS
    )
    again = make_window()
    assert again.current_page() == CONTACTS
    assert (again.width(), again.height()) == (760, 540)
    assert again.splitter.sizes() == sizes


def test_every_action_has_a_shortcut_and_a_name(make_window: WindowFactory) -> None:
    window = make_window()
    for action in window.actions():
        assert not action.shortcut().isEmpty(), action.text()
        assert action.objectName(), action.text()
    for button in window.card.action_buttons:
        assert button.accessibleName()
    assert window.windowTitle() == "Callbook"


def test_asked_without_a_clear_answer_puts_the_prompt_away(
    make_window: WindowFactory,
    qtbot: QtBot,
    people: dict[str, int],
    store: Store,
    clock: FixedClock,
) -> None:
    window = make_window()
    card = open_card_of(qtbot, window, "kenji")
    assert card.question_box.isVisibleTo(card)
    qtbot.mouseClick(card.asked_button, Qt.MouseButton.LeftButton)
    assert not card.question_box.isVisibleTo(card)
    assert card.answer_label.text() == "asked, no answer noted"
    assert load_card(store, clock, people["kenji"]).question_asked
