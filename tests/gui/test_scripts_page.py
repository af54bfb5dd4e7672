"""The script library driven by keys: refused at save, previewed, picked in the quick log (F11)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose, ScriptKind
from callbook.services import scripts as scripts_service
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.card_edits import set_interests
from callbook.services.changes import Changed
from callbook.services.contacts import NewContact, add_contact
from callbook.services.scripts import ScriptDraft, save_script, script_library
from callbook.store.engine import Store
from callbook.store.models import Interaction
from callbook.ui.main_window import MainWindow
from callbook.ui.quick_log import QuickLog, QuickLogDialog, QuickLogStart
from callbook.wiring.scripts import SCRIPTS, ScriptsInWindow, install_scripts
from tests.gui.conftest import WindowFactory

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def press(qtbot: QtBot, key: Qt.Key | str, modifier: Qt.KeyboardModifier = NO) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    for char in text:
        if char == "\n":
            press(qtbot, Qt.Key.Key_Return)
        else:
            press(qtbot, char)


@pytest.fixture
def ana(store: Store, clock: FixedClock) -> int:
    contact = add_contact(store, clock, NewContact("Ana", "Silva", company="Acme Sails"))
    set_interests(store, clock, contact, ["sailing"])
    return contact


@pytest.fixture
def scripts_window(
    make_window: WindowFactory, store: Store, clock: FixedClock
) -> Iterator[tuple[MainWindow, ScriptsInWindow]]:
    window = make_window()
    wiring = install_scripts(window, store, clock)
    yield window, wiring
    wiring.figures.wait()  # no run left reading a store that closes


def test_a_bad_placeholder_is_refused_then_the_script_is_previewed_and_saved(
    qtbot: QtBot,
    store: Store,
    scripts_window: tuple[MainWindow, ScriptsInWindow],
    ana: int,
) -> None:
    window, wiring = scripts_window
    page = wiring.page
    press(qtbot, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: window.current_page() == SCRIPTS)
    assert page.empty.isVisible()  # no scripts yet: it says what to write

    press(qtbot, Qt.Key.Key_W, ALT)  # Ne&w script
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.editor.name)
    type_text(qtbot, "Half a tidbit")
    press(qtbot, Qt.Key.Key_O, ALT)  # W&ords
    assert QApplication.focusWidget() is page.editor.body
    type_text(qtbot, "Hi {first_name}, about\n{intrest}: call me")
    assert "about 3 s to say" in page.editor.length.text()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert page.editor.problem.isVisible()
    assert page.editor.problem.text() == (
        "⚠ in the script: {intrest} is not a placeholder; did you mean {interest}? "
        "at line 2, column 1"
    )
    assert script_library(store) == []

    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "Hi {first_name}, heard about {interest}? And {boss}. Call me")
    press(qtbot, Qt.Key.Key_V, ALT)  # Pre&view for
    type_text(qtbot, "Ana")
    qtbot.waitUntil(lambda: page.editor.picker.matches.count() == 1)
    press(qtbot, Qt.Key.Key_Return)
    words = page.editor.preview.words.text()
    assert "Hi Ana, heard about sailing?" in words
    assert "[boss?]" in words
    assert page.editor.preview.missing.isVisible()
    assert "Ana Silva has no boss noted" in page.editor.preview.missing.text()

    press(qtbot, Qt.Key.Key_S, CTRL)
    (saved,) = script_library(store)
    assert saved.name == "Half a tidbit"
    assert saved.body == "Hi {first_name}, heard about {interest}? And {boss}. Call me"
    assert not page.editor.problem.isVisible()
    assert page.current_script() == saved  # the list shows it, read from what was published


def test_retiring_takes_a_script_out_of_the_list_and_keeps_it_findable(
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    scripts_window: tuple[MainWindow, ScriptsInWindow],
) -> None:
    save_script(store, clock, ScriptDraft("Long pitch", ScriptKind.VOICEMAIL, "Hi " * 80))
    save_script(store, clock, ScriptDraft("Short", ScriptKind.VOICEMAIL, "Hi {first_name}"))
    window, wiring = scripts_window
    page = wiring.page
    press(qtbot, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: window.current_page() == SCRIPTS)
    assert page.proxy.rowCount() == 2
    page.select(next(s.script_id for s in script_library(store) if s.name == "Long pitch"))
    assert "⚠" in page.editor.length.text()  # 80 words: over 30 seconds
    press(qtbot, Qt.Key.Key_R, ALT)  # &Retire (a mnemonic clicks after a short flash)
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)
    press(qtbot, Qt.Key.Key_T, ALT)  # Show re&tired
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 2)
    assert [s.retired for s in script_library(store)] == [True, False]


def test_picking_a_script_in_the_quick_log_shows_it_filled_and_records_it(
    qtbot: QtBot, store: Store, clock: FixedClock, ana: int
) -> None:
    from callbook.ui.ops import ChangeBus

    script = save_script(
        store, clock, ScriptDraft("Tidbit", ScriptKind.VOICEMAIL, "Hi {first_name}, {interest}!")
    ).script_id
    quick_log = QuickLog(store, clock, ChangeBus(), lambda: None)
    dialog = quick_log.open(QuickLogStart(ana, "chase"))
    assert isinstance(dialog, QuickLogDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.outcome)
    press(qtbot, "v")  # left a voicemail
    assert not dialog.script_text.isVisible()
    press(qtbot, Qt.Key.Key_S, ALT)  # &Script
    assert QApplication.focusWidget() is dialog.script
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.script.currentData() == script
    assert dialog.script_text.isVisible()
    assert dialog.script_text.words.text() == "Hi Ana, sailing!"
    assert "about 2 s to say" in dialog.script_text.length.text()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    with store.read() as session:
        (logged,) = session.scalars(select(Interaction))
        assert (logged.outcome, logged.script_id) == ("voicemail", script)


def test_the_card_suggests_a_script_and_another_one_on_request(
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    scripts_window: tuple[MainWindow, ScriptsInWindow],
    ana: int,
) -> None:
    window, wiring = scripts_window
    window.show_card(ana)
    card = window.card
    assert "No check-in opener script yet" in card.script_title.text()
    save_script(store, clock, ScriptDraft("How are you", ScriptKind.OPENER, "Hi {first_name}!"))
    save_script(
        store, clock, ScriptDraft("Sailing", ScriptKind.OPENER, "{interest}, {first_name}?")
    )
    # A script saved from the page is published; the card takes the suggestion in from it.
    wiring.page.editor.show_draft(None)
    wiring.page.editor.name.setText("Third")
    editor_kind = wiring.page.editor.kind
    editor_kind.setCurrentIndex(editor_kind.findData(ScriptKind.OPENER.value))
    wiring.page.editor.body.setPlainText("Hello {first_name}")
    assert wiring.page.save()
    assert card.script_preview.isVisible()
    first = card.script_preview.words.text()
    assert first == "Hi Ana!"
    assert "(1 of 3)" in card.script_title.text()
    # A button just shown gets its place once the card is laid out again: click it there.
    qtbot.waitUntil(lambda: card.another_script.height() > 0)
    qtbot.mouseClick(card.another_script, Qt.MouseButton.LeftButton)
    assert card.script_preview.words.text() != first
    assert "(2 of 3)" in card.script_title.text()


def test_the_card_ranks_scripts_by_figures_worked_out_behind_the_window(
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    scripts_window: tuple[MainWindow, ScriptsInWindow],
    ana: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 50,000 contacts the figures take seconds to read: the window never waits for them."""
    window, wiring = scripts_window
    qtbot.waitUntil(lambda: not wiring.figures.working())
    read_on = []
    messages = scripts_service._messages

    def noted(reader: object) -> object:
        read_on.append(threading.current_thread() is threading.main_thread())
        return messages(reader)  # type: ignore[arg-type]

    monkeypatch.setattr(scripts_service, "_messages", noted)
    plain = _voicemail_script(store, clock, "A plain")
    returned = _voicemail_script(store, clock, "B returned")
    ben = add_contact(store, clock, NewContact("Ben"))
    cara = add_contact(store, clock, NewContact("Cara"))
    _log(store, clock, ben, Outcome.VOICEMAIL, returned)
    _log(store, clock, ben, Outcome.REPLIED)
    _log(store, clock, cara, Outcome.VOICEMAIL, plain)
    _log(store, clock, ana, Outcome.VOICEMAIL)  # Ana owes a call back: a voicemail is wanted

    window.show_card(ana)
    # The figures kept are from before these calls: the scripts stand by name.
    assert window.card.suggestion is not None
    assert window.card.suggestion.filled is not None
    assert window.card.suggestion.filled.script.name == "A plain"

    # A change published as the quick log publishes one has them worked out again, behind.
    window.bus.publish(Changed(contacts=frozenset({ana}), today=True, loops=True))
    qtbot.waitUntil(lambda: not wiring.figures.working())
    qtbot.waitUntil(
        lambda: (
            window.card.suggestion is not None
            and window.card.suggestion.filled is not None
            and window.card.suggestion.filled.script.name == "B returned"
        )
    )
    assert read_on and not any(read_on), "the figures were read on the window's thread"


def _voicemail_script(store: Store, clock: FixedClock, name: str) -> int:
    save_script(store, clock, ScriptDraft(name, ScriptKind.VOICEMAIL, "Hi {first_name}"))
    return next(s.script_id for s in script_library(store, figures={}) if s.name == name)


def _log(
    store: Store, clock: FixedClock, who: int, outcome: Outcome, script: int | None = None
) -> None:
    inbound = outcome is Outcome.REPLIED
    log_interaction(
        store,
        clock,
        LogEntry(
            who,
            outcome,
            Purpose.BUSINESS,
            Channel.PHONE,
            Direction.INBOUND if inbound else Direction.OUTBOUND,
            script_id=script,
        ),
    )
