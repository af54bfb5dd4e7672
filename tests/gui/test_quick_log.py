"""The quick log driven with real key presses: outcome keys, Ctrl+Enter, warnings, drafts (F6)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from callbook.domain.clock import FixedClock
from callbook.domain.quick_log import OUTCOME_KEYS
from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.contacts import NewContact, add_contact
from callbook.services.drafts import Draft, pending_drafts, save_draft
from callbook.services.loops import waiting_on_them
from callbook.store.engine import Store
from callbook.store.models import Interaction, Script
from callbook.ui.ops import ChangeBus
from callbook.ui.quick_log import (
    DRAFT_DELAY_MS,
    QuickLog,
    QuickLogDialog,
    QuickLogStart,
    quick_log_action,
)
from callbook.ui.waiting import WaitingModel, WaitingPage

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


class Keyboard:
    """Presses keys where the focus is, as a rep would, and counts them."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(self, key: Qt.Key | str, modifier: Qt.KeyboardModifier = NO) -> None:
        target = QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard focus"
        self.qtbot.keyClick(target, key, modifier)
        self.count += 1

    def type(self, text: str) -> None:
        for char in text:
            if char.isascii():
                self.press(char)
                continue
            # A Hebrew or Arabic layout sends the character as the key's text; QTest's
            # character overloads only carry Latin-1.
            target = QApplication.focusWidget()
            assert target is not None, "nothing has the keyboard focus"
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(kind, 0, NO, char))
            self.count += 1


def interactions(store: Store) -> list[Interaction]:
    with store.read() as session:
        return list(session.scalars(select(Interaction).order_by(Interaction.id)))


@pytest.fixture
def ana(store: Store, clock: FixedClock) -> int:
    return add_contact(
        store, clock, NewContact("Ana", "Silva", company="Acme Sails", time_zone="Europe/Berlin")
    )


@pytest.fixture
def bus() -> ChangeBus:
    """The change bus the quick log publishes on, as the app's composition root makes it."""
    return ChangeBus()


@pytest.fixture
def quick_log(store: Store, clock: FixedClock, bus: ChangeBus) -> Iterator[QuickLog]:
    controller = QuickLog(store, clock, bus, lambda: None)
    yield controller
    # The controller's dialogs delete themselves when done; close any still open.
    if controller.dialog is not None:
        controller.dialog.discard()


def open_dialog(
    qtbot: QtBot, quick_log: QuickLog, start: QuickLogStart | None = None
) -> QuickLogDialog:
    dialog = quick_log.open(start)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return dialog


def test_voicemail_on_a_contact_from_today_takes_at_most_six_keys(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QWidget())
    # The Today row the rep is on: Ana, whose personal check-in is overdue.
    quick_log_action(window, quick_log, lambda: QuickLogStart(ana, "checkin"))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.centralWidget().setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    window.centralWidget().setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(quick_log.is_open)
    assert quick_log.dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is quick_log.dialog.outcome)
    keys.press("v")
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())

    assert keys.count <= 6
    (saved,) = interactions(store)
    assert (saved.contact_id, saved.outcome, saved.purpose, saved.channel) == (
        ana,
        "voicemail",
        "checkin",
        "phone",
    )
    (waiting,) = waiting_on_them(store, clock)
    assert (waiting.name, waiting.attempts) == ("Ana Silva", 1)


@pytest.mark.parametrize(("key", "outcome"), list(OUTCOME_KEYS.items()))
def test_each_outcome_has_one_key_shown_on_its_button(
    qtbot: QtBot, quick_log: QuickLog, ana: int, key: str, outcome: Outcome
) -> None:
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    assert dialog.outcome.button(outcome).text().startswith(f"[{key}] ")
    keys = Keyboard(qtbot)
    keys.press(key)
    assert dialog.outcome.value() is outcome
    assert dialog.outcome.button(outcome).isChecked()
    # One key answers; the note is next, ready for typing.
    assert QApplication.focusWidget() is dialog.note


def test_type_ahead_by_name_or_company_then_enter_picks(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    other = add_contact(store, clock, NewContact("Anders", "Berg", company="Nordic Oil"))
    dialog = open_dialog(qtbot, quick_log)
    keys = Keyboard(qtbot)
    assert QApplication.focusWidget() is dialog.picker.field
    keys.type("nordic")
    assert dialog.picker.matches.count() == 1
    assert "Anders Berg" in dialog.picker.matches.item(0).text()
    for _ in "nordic":
        keys.press(Qt.Key.Key_Backspace)
    keys.type("an")
    names = [dialog.picker.matches.item(i).text() for i in range(dialog.picker.matches.count())]
    assert len(names) == 2
    keys.press(Qt.Key.Key_Down)
    chosen = dialog.picker.matches.currentItem().data(Qt.ItemDataRole.UserRole)
    keys.press(Qt.Key.Key_Return)
    assert dialog.picker.contact_id() == chosen
    assert chosen in (ana, other)
    assert QApplication.focusWidget() is dialog.outcome
    keys.press("c")
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    assert [i.contact_id for i in interactions(store)] == [chosen]


def test_purpose_and_channel_are_reached_with_tab_and_picked_with_a_key(
    qtbot: QtBot, store: Store, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    assert dialog.purpose.value() is Purpose.CHECKIN  # a new contact is due a check-in
    assert dialog.channel.value() is Channel.PHONE
    keys = Keyboard(qtbot)
    keys.press("n")
    keys.type("Sent the article")
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.purpose
    keys.press("g")
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.gave  # a give asks what was given
    keys.press("a")
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.channel
    keys.press("e")
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    (saved,) = interactions(store)
    assert (saved.outcome, saved.purpose, saved.channel, saved.note) == (
        "no-answer",
        "give",
        "email",
        "Sent the article",
    )


def test_a_proposal_emailed_is_picked_by_key_and_waits_as_a_proposal(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    proposal = dialog.purpose.button(Purpose.PROPOSAL)
    assert proposal.text() == "[r] Proposal"
    assert proposal.accessibleName() == "Proposal"
    assert "r proposal" in dialog.purpose.accessibleDescription()
    keys = Keyboard(qtbot)
    keys.press("n")
    keys.type("Q1 proposal: 12 seats")
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.purpose
    keys.press("r")
    assert dialog.purpose.value() is Purpose.PROPOSAL and proposal.isChecked()
    keys.press(Qt.Key.Key_Tab)
    keys.press("e")
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    (saved,) = interactions(store)
    assert (saved.purpose, saved.channel) == ("proposal", "email")

    page = WaitingPage(store, clock, ChangeBus())
    qtbot.addWidget(page)
    page.reload()
    assert page.proxy.index(0, WaitingModel.WHAT).data() == (
        "Proposal of Mon 23 Nov: Q1 proposal: 12 seats"
    )


def test_a_business_contact_starts_on_business(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    log_interaction(store, clock, LogEntry(ana, Outcome.CONNECTED, Purpose.CHECKIN))
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    assert dialog.purpose.value() is Purpose.BUSINESS
    dialog.discard()
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana, "checkin"))
    assert dialog.purpose.value() is Purpose.CHECKIN


def test_a_second_try_the_same_day_warns_and_still_saves(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    log_interaction(store, clock, LogEntry(ana, Outcome.VOICEMAIL, Purpose.BUSINESS))
    clock.advance(timedelta(hours=2))
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana, "chase"))
    assert dialog.warning.isVisible()
    assert "already tried Ana Silva today (left voicemail at 16:00)" in dialog.warning.text()
    assert "never two the same day" in dialog.warning.text()
    keys = Keyboard(qtbot)
    keys.press("c")  # reaching them is never a problem
    assert not dialog.warning.isVisible()
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    keys.press("v")
    assert dialog.warning.isVisible()
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    assert [i.outcome for i in interactions(store)] == ["voicemail", "voicemail"]
    (waiting,) = waiting_on_them(store, clock)
    assert waiting.attempts == 2


def test_a_bad_date_says_what_is_wrong_and_saves_nothing(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    keys = Keyboard(qtbot)
    keys.press("c")
    dialog.next_step.setFocus()
    keys.type("Send pricing")
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.next_due
    keys.type("someday")
    assert "not a date I understand; try +2, tomorrow, fri or 2026-12-01" in (
        dialog.due_feedback.text()
    )
    keys.press(Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert "'someday' is not a date I understand" in dialog.error.text()
    assert QApplication.focusWidget() is dialog.next_due
    assert interactions(store) == []

    dialog.next_due.selectAll()
    keys.type("2026-02-30")
    keys.press(Qt.Key.Key_Return, CTRL)
    assert "not a day on the calendar" in dialog.error.text()
    dialog.next_due.selectAll()
    keys.type("2026-11-01")
    keys.press(Qt.Key.Key_Return, CTRL)
    assert "has already passed" in dialog.error.text()
    assert interactions(store) == []

    dialog.next_due.selectAll()
    keys.type("fri")
    assert dialog.due_feedback.text() == "→ Friday 27 November 2026"
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    (saved,) = interactions(store)
    assert (saved.next_step, str(saved.next_step_due)) == ("Send pricing", "2026-11-27")


def test_a_next_step_without_a_date_is_refused_and_missing_choices_are_named(
    qtbot: QtBot, store: Store, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log)
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_Return, CTRL)
    assert "pick who the call was with" in dialog.error.text()
    keys.type("ana")
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_Return, CTRL)
    assert "pick what happened (c, v, n, g, b, w or r)" in dialog.error.text()
    assert QApplication.focusWidget() is dialog.outcome
    keys.press("c")
    dialog.next_step.setFocus()
    keys.type("Call Sam")
    keys.press(Qt.Key.Key_Return, CTRL)
    assert "the next step needs a date" in dialog.error.text()
    assert interactions(store) == []


def test_a_long_note_with_emoji_and_right_to_left_text_is_kept_whole(
    qtbot: QtBot, store: Store, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    keys = Keyboard(qtbot)
    keys.press("c")
    assert isinstance(QApplication.focusWidget(), QPlainTextEdit)
    keys.type("שלום ")
    # Emoji arrive the way an emoji picker sends them: committed by the input method.
    emoji = QInputMethodEvent()
    emoji.setCommitString("👋 ")
    QApplication.sendEvent(dialog.note, emoji)
    long_part = "Talked about the regatta ⛵ and مرحبا بك. " * 20_000
    dialog.note.insertPlainText(long_part)
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    (saved,) = interactions(store)
    assert saved.note == "שלום 👋 " + long_part


def test_the_script_used_is_saved(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    with store.begin() as session:
        script = Script(name="Curious 20s", kind="voicemail", body="Hi", created_at=clock.now())
        session.add(script)
        session.flush()
        script_id = script.id
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    assert dialog.script.itemText(1) == "Curious 20s (voicemail)"
    keys = Keyboard(qtbot)
    keys.press("v")
    dialog.script.setFocus()
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    assert [i.script_id for i in interactions(store)] == [script_id]


def test_the_draft_follows_the_typing_within_a_second_and_goes_on_save(
    qtbot: QtBot, store: Store, quick_log: QuickLog, ana: int
) -> None:
    assert DRAFT_DELAY_MS <= 1000
    open_dialog(qtbot, quick_log, QuickLogStart(ana))
    assert pending_drafts(store) == []  # opening alone leaves nothing to offer back
    keys = Keyboard(qtbot)
    keys.press("v")
    keys.type("Left a note about")
    qtbot.waitUntil(
        lambda: [p.draft.note for p in pending_drafts(store)] == ["Left a note about"],
        timeout=1000,
    )
    (pending,) = pending_drafts(store)
    assert (pending.contact_name, pending.draft.outcome) == ("Ana Silva", "voicemail")
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    assert pending_drafts(store) == []


def test_esc_twice_throws_the_draft_away_and_closing_the_window_keeps_it(
    qtbot: QtBot, store: Store, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    keys = Keyboard(qtbot)
    keys.press("v")
    keys.type("half a thought")
    dialog.flush_draft()
    keys.press(Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert "Esc again" in dialog.error.text()
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    assert pending_drafts(store) == []

    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    keys.press("v")
    keys.type("keep this")
    dialog.close()
    assert [p.draft.note for p in pending_drafts(store)] == ["keep this"]


def test_a_draft_left_behind_is_offered_back_and_saved(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    save_draft(
        store,
        clock,
        Draft(contact_id=ana, outcome="gatekeeper", purpose="business", note="Spoke to Tom"),
    )
    assert quick_log.offer_drafts()
    dialog = quick_log.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    assert dialog.recovered.isVisible()
    assert "Callbook closed before this was saved" in dialog.recovered.text()
    assert dialog.picker.text() == "Ana Silva"
    assert dialog.outcome.value() is Outcome.GATEKEEPER
    assert dialog.note.toPlainText() == "Spoke to Tom"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.note)
    Keyboard(qtbot).press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    assert [(i.outcome, i.note) for i in interactions(store)] == [("gatekeeper", "Spoke to Tom")]
    assert pending_drafts(store) == []


def test_ctrl_l_again_brings_the_same_quick_log_forward(
    qtbot: QtBot, quick_log: QuickLog, store: Store, clock: FixedClock, ana: int
) -> None:
    mike = add_contact(store, clock, NewContact("Mike", "Rowe"))
    first = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    # Untouched: a new start switches contact.
    second = open_dialog(qtbot, quick_log, QuickLogStart(mike))
    assert second.picker.text() == "Mike Rowe"
    assert not shiboken6.isValid(first)
    Keyboard(qtbot).press("v")
    # Something typed: the same quick log comes forward, nothing is lost.
    third = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    assert third is second
    assert third.outcome.value() is Outcome.VOICEMAIL


def test_a_name_half_typed_is_not_replaced_by_ctrl_l_from_a_row(
    qtbot: QtBot, quick_log: QuickLog, ana: int
) -> None:
    first = open_dialog(qtbot, quick_log)
    Keyboard(qtbot).type("mik")
    again = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    assert again is first
    assert again.picker.text() == "mik"


def test_esc_closes_the_match_list_before_the_quick_log(
    qtbot: QtBot, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log)
    keys = Keyboard(qtbot)
    keys.type("an")
    assert dialog.picker.matches.isVisible()
    keys.press(Qt.Key.Key_Escape)
    assert not dialog.picker.matches.isVisible()
    assert quick_log.is_open()


def test_direction_and_duration_are_entered_with_tab(
    qtbot: QtBot, store: Store, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    keys = Keyboard(qtbot)
    keys.press("c")
    for _ in range(3):  # past the note, the purpose and the channel
        keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.direction
    keys.press("i")  # they called
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.duration
    keys.type("1:30")
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    (saved,) = interactions(store)
    assert (saved.outcome, saved.direction, saved.duration_seconds) == ("connected", "inbound", 90)


def test_a_duration_that_makes_no_sense_is_said_at_the_field(
    qtbot: QtBot, store: Store, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    keys = Keyboard(qtbot)
    keys.press("c")
    dialog.duration.setText("soon")
    keys.press(Qt.Key.Key_Return, CTRL)
    assert quick_log.is_open()
    assert "not a duration" in dialog.error.text()
    assert QApplication.focusWidget() is dialog.duration
    assert interactions(store) == []


def test_they_replied_is_from_them_until_the_rep_says_otherwise(
    qtbot: QtBot, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    Keyboard(qtbot).press("r")
    assert dialog.direction.value() is Direction.INBOUND


def test_the_chosen_outcome_stands_out_from_the_rest(
    qtbot: QtBot, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    Keyboard(qtbot).press("v")
    chosen = dialog.outcome.button(Outcome.VOICEMAIL).grab().toImage()
    other = dialog.outcome.button(Outcome.BUSY).grab().toImage()
    middle = (chosen.width() // 2, 3)
    highlight = dialog.palette().color(dialog.palette().ColorRole.Highlight)
    painted = chosen.pixelColor(*middle)
    assert abs(painted.hue() - highlight.hue()) < 12 and painted.saturation() > 80
    assert other.pixelColor(other.width() // 2, 3).saturation() < 40, "the rest stay plain"


def test_direction_and_duration_survive_a_crash_in_the_draft(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    dialog = open_dialog(qtbot, quick_log, QuickLogStart(ana))
    keys = Keyboard(qtbot)
    keys.press("c")
    for _ in range(3):
        keys.press(Qt.Key.Key_Tab)
    keys.press("i")
    keys.press(Qt.Key.Key_Tab)
    keys.type("12")
    dialog.flush_draft()
    (pending,) = pending_drafts(store)
    assert (pending.draft.direction, pending.draft.duration_text) == ("inbound", "12")
    dialog.close()
    # As after a crash: the draft is offered back with what was picked and typed.
    assert quick_log.offer_drafts()
    again = quick_log.dialog
    assert again is not None
    qtbot.waitExposed(again)
    assert again.direction.value() is Direction.INBOUND
    assert again.duration.text() == "12"
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    Keyboard(qtbot).press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not quick_log.is_open())
    (saved,) = interactions(store)
    assert (saved.direction, saved.duration_seconds) == ("inbound", 12 * 60)


def test_a_draft_whose_direction_followed_the_outcome_keeps_following_it(
    qtbot: QtBot, store: Store, clock: FixedClock, quick_log: QuickLog, ana: int
) -> None:
    save_draft(store, clock, Draft(contact_id=ana, outcome="replied", purpose="business"))
    assert quick_log.offer_drafts()
    dialog = quick_log.dialog
    assert dialog is not None
    assert dialog.direction.value() is Direction.INBOUND
    assert dialog.draft().direction == ""
