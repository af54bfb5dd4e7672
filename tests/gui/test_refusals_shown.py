"""A change the disk refuses is said where the rep is looking, and nothing stored is lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from callbook.domain.card_fields import CardField
from callbook.domain.clock import FixedClock
from callbook.services.card import load_card
from callbook.services.changes import StoreError
from callbook.services.contacts import NewContact, add_contact
from callbook.store.engine import Store
from callbook.ui.dialogs import NewContactDialog
from callbook.ui.main_window import MainWindow
from callbook.ui.ops import ChangeBus, Published, run_change, the_change
from callbook.ui.quick_log import QuickLog, QuickLogStart

WindowFactory = Callable[[], MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
# Long enough to need pages the full disk does not have.
LONG_NOTE = "Talked about the regatta and the new boat. " * 2000


@pytest.fixture
def full_disk(store: Store) -> Iterator[None]:
    """From now on the book's file cannot grow a page: SQLite's own SQLITE_FULL."""

    def cap(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()
    event.listen(store.engine, "connect", cap)
    yield
    event.remove(store.engine, "connect", cap)
    store.engine.dispose()


def test_a_card_edit_on_a_full_disk_says_so_under_the_field_and_keeps_the_old_note(
    make_window: WindowFactory, qtbot: QtBot, store: Store, clock: FixedClock, full_disk: None
) -> None:
    ana = add_contact(store, clock, NewContact("Ana", "Silva"))
    window = make_window()
    window.show_card(ana)
    notes = window.card.fields[CardField.NOTES]
    assert isinstance(notes, QPlainTextEdit)
    notes.setFocus()
    notes.setPlainText(LONG_NOTE)
    qtbot.keyClick(notes, Qt.Key.Key_Return, CTRL)
    problem = window.card.errors[CardField.NOTES]
    assert "the disk is full" in problem.text() and problem.isVisible()
    assert "the disk is full" in window.statusBar().currentMessage()
    assert notes.toPlainText() == LONG_NOTE, "what the rep typed is kept"
    assert load_card(store, clock, ana).notes == ""


def test_a_new_contact_refused_by_the_disk_is_said_in_the_dialog(
    qtbot: QtBot, store: Store, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_args: object) -> int:
        raise StoreError("could not save: the disk is full; nothing of this change was saved")

    monkeypatch.setattr("callbook.ui.dialogs.add_contact", disk_full)
    bus = ChangeBus()
    published: list[Published] = []
    bus.published.connect(published.append)
    dialog = NewContactDialog(store, clock, bus, "US")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.first_name.setText("Ben")
    dialog.try_add()
    assert dialog.isVisible(), "the dialog stays open with what was typed"
    assert "the disk is full" in dialog.error.text()
    assert dialog.first_name.text() == "Ben"
    assert published == []


def test_a_quick_log_on_a_full_disk_stays_open_and_says_why(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    ana = add_contact(store, clock, NewContact("Ana", "Silva"))
    quick_log = QuickLog(store, clock, ChangeBus(), lambda: None)
    dialog = quick_log.open(QuickLogStart(ana))
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.outcome)
    qtbot.keyClick(dialog.outcome, Qt.Key.Key_V)
    dialog.note.setPlainText(LONG_NOTE)

    def cap(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()
    event.listen(store.engine, "connect", cap)
    try:
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Return, CTRL)
        assert quick_log.is_open()
        assert "the disk is full" in dialog.error.text()
        assert dialog.note.toPlainText() == LONG_NOTE
    finally:
        event.remove(store.engine, "connect", cap)
        store.engine.dispose()
        dialog.discard()
    with store.reading() as reader:
        assert reader.execute("SELECT count(*) FROM interactions").fetchone()[0] == 0


def test_a_change_is_published_once_with_who_made_it(store: Store, clock: FixedClock) -> None:
    bus = ChangeBus()
    published: list[Published] = []
    bus.published.connect(published.append)
    refusals: list[Exception] = []
    maker = object()
    from callbook.services.contacts import added

    new_id = run_change(
        bus,
        lambda: add_contact(store, clock, NewContact("Ana")),
        refusals.append,
        added,
        initiator=maker,
    )
    assert new_id is not None and not refusals
    assert [p.initiator for p in published] == [maker]
    assert new_id in published[0].changed.contacts
    assert (
        run_change(bus, lambda: add_contact(store, clock, NewContact("")), refusals.append, added)
        is None
    )
    assert "needs a name or a company" in str(refusals[0])
    assert len(published) == 1
    assert (
        run_change(bus, lambda: the_change(published[0].changed), refusals.append, the_change)
        is not None
    )
