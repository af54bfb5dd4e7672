"""Merging from the card: a possible duplicate named on it, merged or marked as someone else."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from callbook.domain.clock import FixedClock
from callbook.interchange.files import read_contacts, read_file_text
from callbook.services.interchange import import_contacts
from callbook.store.engine import Store
from callbook.store.models import Contact
from callbook.ui.merge_dialog import MergeDialog
from callbook.wiring.interchange import install_interchange
from tests.gui.conftest import WindowFactory

DATA = Path(__file__).resolve().parents[1] / "data" / "interchange"
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def office(store: Store, clock: FixedClock) -> tuple[int, int]:
    """Ana Silva and Bob Jones, kept apart by an import though they share an office phone."""
    path = DATA / "shared_office_phone.vcf"
    import_contacts(store, clock, read_contacts(path, read_file_text(path), "DE"), "DE")
    with store.read() as session:
        ids = {c.last_name: c.id for c in session.scalars(select(Contact))}
    return ids["Silva"], ids["Jones"]


def names(store: Store) -> list[str]:
    with store.read() as session:
        return [f"{c.first_name} {c.last_name}" for c in session.scalars(select(Contact))]


def test_the_card_names_the_possible_duplicate_and_merges_it_from_the_keyboard(
    qtbot: QtBot, make_window: WindowFactory, store: Store, clock: FixedClock
) -> None:
    ana, bob = office(store, clock)
    window = make_window()
    window.open_card(bob)
    card = window.card
    assert card.duplicates_box.isVisible()
    ((line, merge, _apart),) = card.duplicate_rows
    assert line.other_name == "Ana Silva"
    merge.setFocus()
    qtbot.keyClick(merge, Qt.Key.Key_Space)
    dialog = card.findChild(MergeDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Merge Bob Jones into Ana Silva"
    assert "Bob Jones's own card is then removed." in dialog.what_happens.text()
    # Keep Bob's first name: the sentence says so before anything is merged.
    dialog.choices[next(iter(dialog.choices))][1].setChecked(True)
    assert "first name Bob" in dialog.what_happens.text()
    qtbot.waitUntil(dialog.isActiveWindow)
    focused = QApplication.focusWidget()
    assert focused is not None
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(focused, Qt.Key.Key_M, ALT)
    assert names(store) == ["Bob Silva"]
    assert card.contact_id == ana
    assert card.name_label.text() == "Bob Silva"
    assert not card.duplicates_box.isVisible()


def test_not_the_same_person_takes_the_suggestion_off_both_cards(
    qtbot: QtBot, make_window: WindowFactory, store: Store, clock: FixedClock
) -> None:
    ana, bob = office(store, clock)
    window = make_window()
    window.open_card(ana)
    card = window.card
    ((_line, _merge, apart),) = card.duplicate_rows
    apart.setFocus()
    qtbot.keyClick(apart, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not card.duplicates_box.isVisible())
    window.open_card(bob)
    assert card.contact_id == bob
    assert not card.duplicates_box.isVisible()
    assert sorted(names(store)) == ["Ana Silva", "Bob Jones"]
    assert QApplication.focusWidget() is not None


def test_the_import_result_offers_to_merge_the_pair_it_kept_apart(
    qtbot: QtBot, make_window: WindowFactory, store: Store, clock: FixedClock
) -> None:
    window = make_window()
    wiring = install_interchange(window, store, clock, "DE")
    dialog = wiring.open_import(DATA / "shared_office_phone.vcf")
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.preview_page, timeout=10_000)
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.message_page, timeout=15_000)
    (offer,) = dialog.merge_buttons
    assert offer.text() == "Merge Bob Jones and Ana Silva…"
    offer.setFocus()
    qtbot.keyClick(offer, Qt.Key.Key_Space)
    merge = window.card.findChild(MergeDialog)
    assert merge is not None
    assert window.card.name_label.text() == "Bob Jones"
    assert merge.windowTitle() == "Merge Bob Jones into Ana Silva"
    merge.reject()
