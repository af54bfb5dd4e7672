"""Family, ways to reach and best times edited as forms, from the keyboard."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QTimeEdit
from pytestqt.qtbot import QtBot

from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import ReachChannel, Tier
from callbook.services.card import load_card
from callbook.services.contacts import NewContact, add_contact
from callbook.store.engine import Store
from callbook.ui.best_times_editor import BestTimeRow
from callbook.ui.family_editor import FamilyRow
from callbook.ui.main_window import MainWindow
from callbook.ui.reach_editor import WayRow
from callbook.ui.row_forms import RowsDialog

WindowFactory = Callable[[], MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


def press(qtbot: QtBot, key: Qt.Key | str, modifier: Qt.KeyboardModifier = NONE) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    for char in text:
        press(qtbot, char)


def tab(qtbot: QtBot, times: int = 1) -> None:
    for _ in range(times):
        press(qtbot, Qt.Key.Key_Tab)


@pytest.fixture
def ana(store: Store, clock: FixedClock) -> int:
    return add_contact(
        store,
        clock,
        NewContact(
            "Ana",
            "Silva",
            company="Northwind Foods",
            tier=Tier.A,
            time_zone="Chicago",
            phones=[("work", "+1 212 555 0100")],
            email="ana@northwind.example",
        ),
    )


def opened(qtbot: QtBot, dialog: RowsDialog[object] | None) -> RowsDialog[object]:
    assert isinstance(dialog, RowsDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def save(qtbot: QtBot) -> None:
    press(qtbot, "s", CTRL)


def test_family_rows_are_typed_with_tab_and_enter_and_a_bad_birthday_shows_under_it(
    make_window: WindowFactory, qtbot: QtBot, store: Store, clock: FixedClock, ana: int
) -> None:
    window = make_window()
    window.card.show_contact(ana)
    editor = opened(qtbot, window.card.edit_family())
    first = editor.rows[0]
    assert isinstance(first, FamilyRow)
    assert QApplication.focusWidget() is first.name
    type_text(qtbot, "Sam")
    tab(qtbot)
    type_text(qtbot, "son")
    tab(qtbot)
    type_text(qtbot, "30 Feb 2019")
    tab(qtbot)
    type_text(qtbot, "loves dinosaurs")
    press(qtbot, Qt.Key.Key_Return)
    # Enter added a second row and the keyboard is in its name.
    assert len(editor.rows) == 2
    second = editor.rows[1]
    assert isinstance(second, FamilyRow)
    assert QApplication.focusWidget() is second.name
    type_text(qtbot, "Lena")
    tab(qtbot)
    type_text(qtbot, "daughter")
    save(qtbot)
    qtbot.waitUntil(lambda: first.problems["birthday"].isVisible())
    assert "Sam's birthday" in first.problems["birthday"].text()
    assert not first.problems["name"].isVisible()
    assert editor.isVisible()
    assert load_card(store, clock, ana).family == ()

    first.birthday.setFocus()
    first.birthday.selectAll()
    type_text(qtbot, "12 Apr 2019")
    save(qtbot)
    qtbot.waitUntil(lambda: not editor.isVisible())
    family = load_card(store, clock, ana).family
    assert [(m.name, m.relation, m.birthday_text, m.notes) for m in family] == [
        ("Sam", "son", "12 Apr 2019", "loves dinosaurs"),
        ("Lena", "daughter", "", ""),
    ]
    assert "Ask about <b>Sam</b> (son)" in window.card.family_label.text()


def test_a_removed_person_comes_back_with_undo(
    make_window: WindowFactory, qtbot: QtBot, store: Store, clock: FixedClock, ana: int
) -> None:
    window = make_window()
    window.card.show_contact(ana)
    editor = opened(qtbot, window.card.edit_family())
    type_text(qtbot, "Sam")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Lena")
    press(qtbot, Qt.Key.Key_Delete, CTRL)
    assert len(editor.rows) == 1
    assert editor.undo_bar.isVisible()
    assert editor.undo_label.text() == "Removed Lena."
    press(qtbot, "z", CTRL)
    qtbot.waitUntil(lambda: len(editor.rows) == 2)
    assert [r.describe() for r in editor.rows] == ["Sam", "Lena"]
    save(qtbot)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert [m.name for m in load_card(store, clock, ana).family] == ["Sam", "Lena"]


def test_ways_to_reach_show_numbers_and_the_preferred_ways_and_save_them(
    make_window: WindowFactory, qtbot: QtBot, store: Store, clock: FixedClock, ana: int
) -> None:
    window = make_window()
    window.card.show_contact(ana)
    editor = opened(qtbot, window.card.edit_ways_to_reach())
    rows = editor.rows
    assert all(isinstance(r, WayRow) for r in rows)
    assert [(r.describe(), r.value().preferred) for r in rows] == [
        ("Call (212) 555-0100", False),
        ("Email ana@northwind.example", False),
    ]
    call = rows[0]
    assert isinstance(call, WayRow)
    call.copy.click()
    assert QApplication.clipboard().text() == "(212) 555-0100"

    # A new way: Text to her mobile, ticked as the one she prefers.
    call.value_field.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    text = editor.rows[1]
    assert isinstance(text, WayRow)
    assert QApplication.focusWidget() is text.kind
    text.kind.setCurrentIndex(text.kind.findData(ReachChannel.TEXT.value))
    tab(qtbot)
    assert QApplication.focusWidget() is text.value_field
    type_text(qtbot, "212 555 01")
    tab(qtbot)
    assert QApplication.focusWidget() is text.label
    tab(qtbot)
    assert isinstance(QApplication.focusWidget(), QCheckBox)
    press(qtbot, Qt.Key.Key_Space)
    save(qtbot)
    qtbot.waitUntil(lambda: text.problems["value"].isVisible())
    assert editor.isVisible()
    text.value_field.setFocus()
    type_text(qtbot, "99")
    save(qtbot)
    qtbot.waitUntil(lambda: not editor.isVisible())
    card = load_card(store, clock, ana)
    assert card.preferred_channels == (ReachChannel.TEXT,)
    assert [(p.label, p.e164) for p in card.phones] == [
        ("work", "+12125550100"),
        ("mobile", "+12125550199"),
    ]
    assert card.email == "ana@northwind.example"
    assert window.card.channels_label.text() == "Text first"


def test_a_second_email_is_refused_under_its_row(
    make_window: WindowFactory, qtbot: QtBot, store: Store, clock: FixedClock, ana: int
) -> None:
    window = make_window()
    window.card.show_contact(ana)
    editor = opened(qtbot, window.card.edit_ways_to_reach())
    editor.add_row()
    row = editor.rows[-1]
    assert isinstance(row, WayRow)
    row.kind.setCurrentIndex(row.kind.findData(ReachChannel.EMAIL.value))
    row.value_field.setFocus()
    type_text(qtbot, "ana@home.example")
    save(qtbot)
    qtbot.waitUntil(lambda: row.problems["value"].isVisible())
    assert "one email address" in row.problems["value"].text()
    assert load_card(store, clock, ana).email == "ana@northwind.example"


def test_best_times_are_days_ticked_and_times_picked(
    make_window: WindowFactory, qtbot: QtBot, store: Store, clock: FixedClock, ana: int
) -> None:
    window = make_window()
    window.card.show_contact(ana)
    editor = opened(qtbot, window.card.edit_best_times())
    row = editor.rows[0]
    assert isinstance(row, BestTimeRow)
    assert "Chicago time" in editor.findChildren(type(editor.undo_label))[0].text()
    # A new window starts Mon–Fri; Space on Friday takes it off.
    assert row.day_picker.days() == frozenset(range(5))
    assert QApplication.focusWidget() is row.day_picker.buttons[0]
    tab(qtbot, 4)
    assert QApplication.focusWidget() is row.day_picker.buttons[4]
    press(qtbot, Qt.Key.Key_Space)
    tab(qtbot, 3)
    start = QApplication.focusWidget()
    assert isinstance(start, QTimeEdit)
    start.setTime(start.time().fromString("06:45", "HH:mm"))
    tab(qtbot)
    end = QApplication.focusWidget()
    assert isinstance(end, QTimeEdit)
    end.setTime(end.time().fromString("06:30", "HH:mm"))
    tab(qtbot)
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    type_text(qtbot, "bagel shop")
    save(qtbot)
    qtbot.waitUntil(lambda: row.problems["end"].isVisible())
    assert "end after it starts" in row.problems["end"].text()
    end.setTime(end.time().fromString("07:30", "HH:mm"))
    save(qtbot)
    qtbot.waitUntil(lambda: not editor.isVisible())
    (line,) = load_card(store, clock, ana).best_times
    assert line.theirs == "Mon–Thu 06:45–07:30 their time"
    assert line.note == "bagel shop"


def test_a_window_with_no_day_ticked_says_so_under_the_days(
    make_window: WindowFactory, qtbot: QtBot, ana: int
) -> None:
    window = make_window()
    window.card.show_contact(ana)
    editor = opened(qtbot, window.card.edit_best_times())
    row = editor.rows[0]
    assert isinstance(row, BestTimeRow)
    for button in row.day_picker.buttons:
        button.setChecked(False)
    save(qtbot)
    qtbot.waitUntil(lambda: row.problems["days"].isVisible())
    assert "pick at least one day" in row.problems["days"].text()


def test_the_relation_offers_the_usual_words(
    make_window: WindowFactory, qtbot: QtBot, ana: int
) -> None:
    window = make_window()
    window.card.show_contact(ana)
    editor = opened(qtbot, window.card.edit_family())
    row = editor.rows[0]
    assert isinstance(row, FamilyRow)
    assert isinstance(row.relation, QComboBox)
    assert row.relation.findText("daughter") > 0


def test_interests_are_typed_one_a_row(
    make_window: WindowFactory, qtbot: QtBot, store: Store, clock: FixedClock, ana: int
) -> None:
    window = make_window()
    window.card.show_contact(ana)
    editor = opened(qtbot, window.card.edit_interests())
    type_text(qtbot, "sailing")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "jazz")
    save(qtbot)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert load_card(store, clock, ana).interests == ("sailing", "jazz")


def test_a_date_without_a_label_is_refused_under_its_label(
    make_window: WindowFactory, qtbot: QtBot, store: Store, clock: FixedClock, ana: int
) -> None:
    window = make_window()
    window.card.show_contact(ana)
    editor = opened(qtbot, window.card.edit_dates())
    row = editor.rows[0]
    tab(qtbot)
    type_text(qtbot, "12 Apr")
    save(qtbot)
    problem = row.problems["label"]
    qtbot.waitUntil(problem.isVisible)
    assert "needs a label" in problem.text()
    assert QApplication.focusWidget() is row.focus_chain()[0]
    type_text(qtbot, "Work anniversary")
    save(qtbot)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert [d.label for d in load_card(store, clock, ana).dates] == ["Work anniversary"]
