"""Giving from the keyboard: the card's Give dialog, the quick log's give, the balance (F12)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.contacts import NewContact, add_contact
from callbook.services.gives import GiveForm, gives_log, record_give
from callbook.store.engine import Store
from callbook.store.models import Give, Interaction
from callbook.ui.give_dialog import GiveDialog
from callbook.ui.main_window import MainWindow
from callbook.ui.ops import ChangeBus
from callbook.ui.quick_log import QuickLog, QuickLogStart
from tests.gui.conftest import WindowFactory

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def press(qtbot: QtBot, key: Qt.Key | str, modifier: Qt.KeyboardModifier = NO) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClicks(target, text)


@pytest.fixture
def ana(store: Store, clock: FixedClock) -> int:
    contact = add_contact(store, clock, NewContact("Ana", "Silva", company="Acme Sails"))
    for days in (30, 20, 10):
        log_interaction(
            store,
            clock,
            LogEntry(
                contact,
                Outcome.CONNECTED,
                Purpose.BUSINESS,
                occurred_at=clock.now() - timedelta(days=days),
            ),
        )
    return contact


def gives(store: Store) -> list[Give]:
    with store.read() as session:
        return list(session.scalars(select(Give).order_by(Give.id)))


def test_a_give_from_the_card_in_a_few_keys_changes_the_balance_shown(
    qtbot: QtBot, make_window: WindowFactory, store: Store, ana: int
) -> None:
    window = make_window()
    window.open_card(ana)
    card = window.card
    assert card.gives.balance_label.text() == "3 asks and nothing given yet"
    press(qtbot, Qt.Key.Key_G, CTRL_SHIFT)
    dialog = card.findChild(GiveDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.kind)
    press(qtbot, "a")  # article or idea; the key moves on to what it was
    assert QApplication.focusWidget() is dialog.description
    type_text(qtbot, "the piece on sail lofts")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    (saved,) = gives(store)
    assert (saved.contact_id, saved.kind, saved.note) == (ana, "article", "the piece on sail lofts")
    assert card.gives.balance_label.text() == "Nothing asked since your last give, today"
    assert [label.text() for label, _delete in card.gives.give_rows] == [
        "23 Nov: Article or idea: the piece on sail lofts"
    ]


def test_the_give_dialog_says_what_is_missing_and_keeps_what_was_typed(
    qtbot: QtBot, make_window: WindowFactory, store: Store, ana: int
) -> None:
    window = make_window()
    window.open_card(ana)
    press(qtbot, Qt.Key.Key_G, CTRL_SHIFT)
    dialog = window.card.findChild(GiveDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.kind)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert "Pick what kind of give it was" in dialog.error.text()
    press(qtbot, "g")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert "say what you gave" in dialog.error.text()
    type_text(qtbot, "a case of wine")
    dialog.given_on.setText("2030-01-01")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert "still to come" in dialog.error.text()
    assert dialog.isVisible() and dialog.description.text() == "a case of wine"
    assert gives(store) == []


@pytest.fixture
def quick_log(store: Store, clock: FixedClock) -> Iterator[QuickLog]:
    controller = QuickLog(store, clock, ChangeBus(), lambda: None)
    yield controller
    if controller.dialog is not None:
        controller.dialog.discard()


def test_a_give_from_the_quick_log_asks_what_was_given_in_one_key(
    qtbot: QtBot, store: Store, quick_log: QuickLog, ana: int
) -> None:
    dialog = quick_log.open(QuickLogStart(ana))
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.outcome)
    assert not dialog.gave.isVisible()
    press(qtbot, "c")  # connected; on to the note
    type_text(qtbot, "Sent the regatta photos")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.purpose
    press(qtbot, "g")
    assert dialog.gave.isVisible()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert "pick what you gave" in dialog.error.text()
    assert QApplication.focusWidget() is dialog.gave
    press(qtbot, "g")  # a gift
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())

    (saved,) = gives(store)
    assert (saved.kind, saved.note) == ("gift", "Sent the regatta photos")
    with store.read() as session:
        touch = session.get(Interaction, saved.interaction_id)
        assert touch is not None and touch.purpose == "give"


def why_on_today(window: MainWindow, contact_id: int) -> str:
    model = window.today_page.model
    row = model.row_of(contact_id)
    assert row is not None, "not on Today"
    return str(model.index(row, model.WHY).data())


def test_today_suggests_a_give_and_drops_it_once_one_is_given_from_the_card(
    qtbot: QtBot, make_window: WindowFactory, store: Store, clock: FixedClock
) -> None:
    ana = add_contact(store, clock, NewContact("Ana", "Silva", company="Acme Sails"))
    for days in (11, 9, 7):
        entry = LogEntry(
            ana, Outcome.VOICEMAIL, Purpose.BUSINESS, occurred_at=clock.now() - timedelta(days=days)
        )
        log_interaction(store, clock, entry)
    window = make_window()
    why = why_on_today(window, ana)
    assert why.startswith("Chase attempt 4 on your voicemail")
    assert why.endswith(
        "Your last 3 touches were asks, nothing given yet: give something before the next ask"
    )
    model = window.today_page.model
    who = model.index(model.row_of(ana) or 0, model.WHO)
    assert str(who.data()).splitlines()[1].startswith("Give first · Chase attempt 4")
    window.open_card(ana)
    press(qtbot, Qt.Key.Key_G, CTRL_SHIFT)
    dialog = window.card.findChild(GiveDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.kind)
    press(qtbot, "a")
    type_text(qtbot, "the piece on sail lofts")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # The chase is still due; giving only took the suggestion away.
    qtbot.waitUntil(lambda: "give something" not in why_on_today(window, ana))
    assert why_on_today(window, ana).startswith("Chase attempt 4 on your voicemail")


def test_a_mistaken_give_is_deleted_from_the_card_and_undo_puts_it_back(
    qtbot: QtBot, make_window: WindowFactory, store: Store, clock: FixedClock, ana: int
) -> None:
    record_give(store, clock, GiveForm(ana, "gift", "a case of wine"))
    window = make_window()
    window.open_card(ana)
    card = window.card
    assert card.gives.balance_label.text() == "Nothing asked since your last give, today"
    ((label, delete),) = card.gives.give_rows
    assert label.text() == "23 Nov: Gift: a case of wine"
    assert delete.accessibleName() == "Delete give: Gift: a case of wine"
    delete.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is delete)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: card.gives.give_rows == [])
    assert gives(store) == []
    assert card.gives.balance_label.text() == "3 asks and nothing given yet"
    assert card.gives.undo_bar.isVisible()
    assert card.gives.undo_label.text() == "Deleted: Gift: a case of wine"
    assert QApplication.focusWidget() is card.gives.undo_button
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(card.gives.give_rows) == 1)
    assert not card.gives.undo_bar.isVisible()
    assert [g.note for g in gives(store)] == ["a case of wine"]
    assert card.gives.balance_label.text() == "Nothing asked since your last give, today"


def test_an_introduction_from_the_quick_log_names_the_other_side_by_type_ahead(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    dana = add_contact(store, clock, NewContact("Dana", "Quorblethwick", company="Zyxomatic"))
    dialog = quick_log.open(QuickLogStart(ana))
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.outcome)
    press(qtbot, "c")
    type_text(qtbot, "Introduced her to Dana for the ERP search")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, "g")  # a give
    assert not dialog.introduced.isVisible()
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.gave
    press(qtbot, "i")  # an introduction: on to who else
    assert dialog.introduced.isVisible()
    assert QApplication.focusWidget() is dialog.introduced.field
    type_text(qtbot, "Quorb")
    assert dialog.introduced.matches.count() == 1
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.introduced.text() == "Dana Quorblethwick"
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())

    (saved,) = gives(store)
    assert (saved.contact_id, saved.kind, saved.other_contact_id) == (ana, "intro", dana)
    assert saved.note == "Introduced her to Dana for the ERP search"
    (line,) = gives_log(store, clock, dana).gives
    assert line.other_name == "Ana Silva"


def test_an_introduction_to_the_same_person_is_refused_and_nothing_is_logged(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    dialog = quick_log.open(QuickLogStart(ana))
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.outcome)
    press(qtbot, "c")
    type_text(qtbot, "Intro to herself?")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, "g")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, "i")
    type_text(qtbot, "Ana Sil")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert "an introduction is between two people" in dialog.error.text()
    assert dialog.isVisible()
    assert gives(store) == []
    with store.read() as session:
        assert (
            session.scalars(select(Interaction)).all()
            == session.scalars(select(Interaction).where(Interaction.purpose == "business")).all()
        )
