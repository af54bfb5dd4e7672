"""What a terminal writes while the window is open shows in the window without F5."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from callbook.app import watch_outside_changes
from callbook.domain.card_fields import CardField
from callbook.domain.clock import FixedClock
from callbook.services.card_edits import edit_field
from callbook.services.contacts import NewContact, add_contact
from callbook.store.engine import Store
from callbook.store.opening import open_store
from callbook.ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def terminal(data_dir: Path, store: Store, clock: FixedClock) -> Iterator[Store]:
    """A second door on the same book, as `callbook log` in a terminal opens it."""
    other, _report = open_store(data_dir, clock.now())
    yield other
    other.close()


def shown_names(window: MainWindow) -> list[str]:
    model = window.today_page.model
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def test_a_contact_added_in_a_terminal_appears_on_today(
    make_window: WindowFactory, qtbot: QtBot, store: Store, terminal: Store, clock: FixedClock
) -> None:
    add_contact(store, clock, NewContact("Ana", "Silva"))
    window = make_window()
    window.refresh_today()
    watch_outside_changes(window, store)
    qtbot.wait(50)
    add_contact(terminal, clock, NewContact("Zoë", "Adler"))
    qtbot.waitUntil(lambda: any("Zoë" in name for name in shown_names(window)), timeout=5000)


def test_the_card_reads_again_unless_the_rep_is_typing_in_it(
    make_window: WindowFactory, qtbot: QtBot, store: Store, terminal: Store, clock: FixedClock
) -> None:
    ana = add_contact(store, clock, NewContact("Ana", "Silva", company="Northwind"))
    window = make_window()
    watch_outside_changes(window, store)
    window.show_card(ana)
    company = window.card.fields[CardField.COMPANY]
    title = window.card.fields[CardField.TITLE]
    assert isinstance(company, QLineEdit) and isinstance(title, QLineEdit)
    edit_field(terminal, clock, ana, CardField.TITLE, "Buyer")
    qtbot.waitUntil(lambda: title.text() == "Buyer", timeout=5000)
    # Half-typed text is the rep's: a change from outside does not wipe it.
    company.setText("Northwind Fo")
    edit_field(terminal, clock, ana, CardField.TITLE, "Head buyer")
    qtbot.wait(2500)
    assert company.text() == "Northwind Fo"
