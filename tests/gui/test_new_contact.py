"""Adding a contact: typing starts in the first name and every problem shows at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from callbook.domain.clock import FixedClock
from callbook.services.card import load_card
from callbook.store.engine import Store
from callbook.store.models import Contact
from callbook.ui.dialogs import NewContactDialog
from callbook.ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier


def type_into_focus(qtbot: QtBot, text: str) -> None:
    for char in text:
        focused = QApplication.focusWidget()
        assert focused is not None, "nothing has the keyboard focus"
        qtbot.keyClick(focused, char)


def contacts(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Contact)) or 0


def when_dialog_opens(then: Callable[[NewContactDialog], None]) -> None:
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewContactDialog) or not dialog.isActiveWindow():
            QTimer.singleShot(20, look)
            return
        then(dialog)

    QTimer.singleShot(0, look)


def test_ctrl_n_types_into_the_first_name_and_enter_adds_them(
    make_window: WindowFactory, qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    window = make_window()
    seen: dict[str, str] = {}

    def fill(dialog: NewContactDialog) -> None:
        seen["focus"] = QApplication.focusWidget().accessibleName()  # type: ignore[union-attr]
        type_into_focus(qtbot, "Ana")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # type: ignore[arg-type]
        type_into_focus(qtbot, "Silva")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # type: ignore[arg-type]

    when_dialog_opens(fill)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert seen["focus"] == "First name"
    assert window.card.contact_id is not None
    assert load_card(store, clock, window.card.contact_id).name == "Ana Silva"


def test_every_problem_shows_under_its_field_at_once(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    from callbook.ui.ops import ChangeBus

    dialog = NewContactDialog(store, clock, ChangeBus(), "US")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.first_name)
    dialog.phone.setText("12")
    dialog.email.setText("ana@")
    dialog.zone.setText("Atlantis")
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    shown = {which.value: label.text() for which, label in dialog.problems.items()}
    assert "needs a name" in shown["name"]
    assert "too few" in shown["phone"]
    assert shown["email"]
    assert "Atlantis" in shown["time_zone"]
    assert all(label.isVisible() for label in dialog.problems.values())
    assert QApplication.focusWidget() is dialog.first_name, "the first problem has the cursor"
    assert contacts(store) == 0
    # Put right, the problems go and the city is read as its zone.
    dialog.first_name.setText("Ana")
    dialog.phone.setText("")
    dialog.email.setText("ana@northwind.example")
    dialog.zone.setText("chicago")
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert dialog.contact_id is not None
    assert load_card(store, clock, dialog.contact_id).time_zone == "America/Chicago"


def test_the_snooze_dialog_shows_its_whole_title_and_hint(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    from callbook.services.contacts import NewContact, add_contact
    from callbook.ui.dialogs import SnoozeDialog
    from callbook.ui.ops import ChangeBus

    name = "Maximiliane Oberhuber-Rasmussen"
    ana = add_contact(store, clock, NewContact("Maximiliane", "Oberhuber-Rasmussen"))
    dialog = SnoozeDialog(store, clock, ChangeBus(), ana, name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() > dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()) + 100
    hint = dialog.until.fontMetrics().horizontalAdvance(dialog.until.placeholderText())
    assert dialog.until.width() > hint
