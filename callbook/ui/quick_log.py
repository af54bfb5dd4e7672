"""The quick log: right after a call, who, what happened and a note, saved in a few keys (F6)."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFocusEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.domain.gives import GIVE_KEYS, quick_give_problem
from callbook.domain.quick_log import (
    CHANNEL_KEYS,
    DIRECTION_KEYS,
    OUTCOME_KEYS,
    PURPOSE_KEYS,
    default_purpose,
    direction_for,
    next_attempt_text,
    parse_duration,
    warn_second_try,
)
from callbook.domain.scripts import KIND_WORDS
from callbook.domain.vocabulary import Channel, Direction, GiveKind, Outcome, Purpose, ScriptKind
from callbook.services.book import Store
from callbook.services.call_log import Logged
from callbook.services.changes import Invalid, NotFound, StoreError
from callbook.services.drafts import (
    Draft,
    PendingDraft,
    discard_draft,
    log_from_draft,
    pending_drafts,
    save_draft,
)
from callbook.services.log_entry import LogForm, build_entry, next_due
from callbook.services.quick_log import QuickLogContact, quick_log_contact, script_choices
from callbook.services.scripts import filled_for
from callbook.ui.choice_row import ChoiceRow
from callbook.ui.contact_picker import ContactPicker
from callbook.ui.dates import weekday_date, weekday_date_time
from callbook.ui.ops import ChangeBus, run_change
from callbook.ui.script_text import ScriptPreview

log = logging.getLogger(__name__)

# The draft is written at most this long after the first unsaved change, however fast the
# rep types: a timer that is not restarted by every key, so it never falls further behind.
DRAFT_DELAY_MS = 400
CHANNEL_LABELS = {
    Channel.PHONE: "Phone",
    Channel.TEXT: "Text",
    Channel.EMAIL: "Email",
    Channel.IN_PERSON: "In person",
    Channel.VIDEO: "Video",
}
NOTE_HINT = "What was said (plain text, any length)"


class Field(StrEnum):
    """The parts of the form an error can point at."""

    CONTACT = "contact"
    OUTCOME = "outcome"
    GAVE = "gave"
    INTRODUCED = "introduced"
    NEXT_DUE = "next-due"
    DURATION = "duration"


@dataclass(frozen=True)
class QuickLogStart:
    """Where the quick log was opened from: a contact, and the Today reason if from Today."""

    contact_id: int | None = None
    today_reason: str | None = None


class NoteEdit(QPlainTextEdit):
    """Plain-text note of any length; Tab moves on rather than typing a tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setAccessibleName("Note")
        self.setPlaceholderText(NOTE_HINT)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.ensureCursorVisible()


class QuickLogDialog(QDialog):
    """The post-call note: contact, outcome key, purpose, channel, note, next step, script."""

    logged = Signal(object)  # Logged

    def __init__(
        self,
        store: Store,
        clock: Clock,
        bus: ChangeBus,
        start: QuickLogStart | None = None,
        draft: PendingDraft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._bus = bus
        self._start = start or QuickLogStart()
        self._draft_id: int | None = None
        self._started_at = None if draft is None else draft.draft.started_at
        self._contact: QuickLogContact | None = None
        self._purpose_touched = False
        self._discard_armed = False
        self._touched = False
        self._restoring = False
        self._due_problem = ""
        self.setWindowTitle("Quick log")
        self.setObjectName("quickLog")
        self.setModal(False)
        self.setMinimumWidth(640)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.flush_draft)
        self._build()
        if draft is not None:
            self._restore(draft)
        elif self._start.contact_id is not None:
            self._use_contact(self._start.contact_id)
            self.outcome.setFocus()
        else:
            self.picker.setFocus()
        self._refresh_warning()
        self._show_gave()

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.recovered = QLabel()
        self.recovered.setObjectName("recoveredBanner")
        self.recovered.setWordWrap(True)
        self.recovered.hide()
        self.picker = ContactPicker(self._store)
        self.about = QLabel()
        self.about.setObjectName("contactAbout")
        self.about.setWordWrap(True)
        self.about.hide()
        self.warning = QLabel()
        self.warning.setObjectName("sameDayWarning")
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName("Warning")
        self.warning.setStyleSheet(
            "QLabel#sameDayWarning { background: #fff3cd; color: #664d03;"
            " border: 1px solid #ffe69c; padding: 6px; }"
        )
        self.warning.hide()
        self.outcome: ChoiceRow[Outcome] = ChoiceRow(
            "Outcome", OUTCOME_KEYS, {o: o.label for o in Outcome}, advance_on_key=True
        )
        self.purpose: ChoiceRow[Purpose] = ChoiceRow(
            "Purpose", PURPOSE_KEYS, {p: p.label for p in Purpose}, advance_on_key=False
        )
        self.channel: ChoiceRow[Channel] = ChoiceRow(
            "Channel", CHANNEL_KEYS, CHANNEL_LABELS, advance_on_key=False
        )
        self.gave: ChoiceRow[GiveKind] = ChoiceRow(
            "What was given", GIVE_KEYS, {k: k.label for k in GiveKind}, advance_on_key=False
        )
        self.gave_label = QLabel("&Gave")
        self.gave_label.setBuddy(self.gave)
        # The other side of an introduction, picked by name as the contact is.
        self.introduced = ContactPicker(self._store)
        self.introduced.field.setAccessibleName("Introduced to")
        self.introduced.field.setPlaceholderText(
            "Introduced to whom? A name from your contacts, or leave empty"
        )
        self.introduced_label = QLabel("Introduced &to")
        self.introduced_label.setBuddy(self.introduced.field)
        self.channel.set_value(Channel.PHONE)
        self.direction: ChoiceRow[Direction] = ChoiceRow(
            "Direction", DIRECTION_KEYS, {d: d.label for d in Direction}, advance_on_key=False
        )
        self.direction.set_value(Direction.OUTBOUND)
        self._direction_touched = False
        self.duration = QLineEdit()
        self.duration.setAccessibleName("Duration")
        self.duration.setPlaceholderText("Minutes, e.g. 12 or 1:30 (optional)")
        self.duration.setMaximumWidth(260)
        self.purpose.set_value(default_purpose(self._start.today_reason, False, None))
        self.note = NoteEdit()
        self.next_step = QLineEdit()
        self.next_step.setPlaceholderText("Next step (optional), e.g. send the pricing")
        self.next_step.setAccessibleName("Next step")
        self.next_due = QLineEdit()
        self.next_due.setPlaceholderText("When: +2, tomorrow, fri, 2026-12-01")
        self.next_due.setAccessibleName("Next step date")
        self.next_due.setMaximumWidth(260)
        # Wide enough that the examples in the placeholder can be read.
        hint = self.next_due.fontMetrics().horizontalAdvance(self.next_due.placeholderText())
        self.next_due.setMinimumWidth(min(260, hint + 24))
        self.due_feedback = QLabel()
        self.due_feedback.setObjectName("dueFeedback")
        self.due_feedback.setAccessibleName("Next step date check")
        self.script = QComboBox()
        self.script.setAccessibleName("Script used")
        self.script.addItem("No script", None)
        for choice in script_choices(self._store):
            kind = KIND_WORDS.get(ScriptKind(choice.kind), choice.kind).lower()
            self.script.addItem(f"{choice.name} ({kind})", choice.script_id)
        self.script_text = ScriptPreview("The script, filled in")
        self.script_text.hide()
        self.error = QLabel()
        self.error.setObjectName("quickLogError")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        self.error.setStyleSheet("QLabel#quickLogError { color: #b02a37; font-weight: bold; }")
        self.error.hide()
        self.save_button = QPushButton("Save  (Ctrl+Enter)")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Cancel  (Esc)")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)

        due_row = QHBoxLayout()
        due_row.addWidget(self.next_due)
        due_row.addWidget(self.due_feedback, 1)
        form = QFormLayout()
        form.addRow("&Who", self.picker)
        form.addRow("", self.about)
        form.addRow("&Outcome", self.outcome)
        form.addRow("&Note", self.note)
        form.addRow("&Purpose", self.purpose)
        form.addRow(self.gave_label, self.gave)
        form.addRow(self.introduced_label, self.introduced)
        form.addRow("C&hannel", self.channel)
        form.addRow("&Direction", self.direction)
        form.addRow("D&uration", self.duration)
        form.addRow("Ne&xt step", self.next_step)
        when = QLabel("&When")
        when.setBuddy(self.next_due)
        form.addRow(when, due_row)
        form.addRow("&Script", self.script)
        form.addRow("", self.script_text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.recovered)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        # Tab goes where the rep's eyes go: who, what happened, what was said, then the rest.
        chain: Sequence[QWidget] = (
            self.picker.field,
            self.outcome,
            self.note,
            self.purpose,
            self.gave,
            self.introduced.field,
            self.channel,
            self.direction,
            self.duration,
            self.next_step,
            self.next_due,
            self.script,
            self.cancel_button,
            self.save_button,
        )
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)

        self.picker.picked.connect(self._contact_picked)
        self.picker.cleared.connect(self._contact_cleared)
        self.picker.edited.connect(self._changed)
        self.outcome.picked.connect(self._outcome_picked)
        self.purpose.picked.connect(self._purpose_picked)
        self.gave.picked.connect(self._gave_picked)
        self.introduced.edited.connect(self._changed)
        self.channel.picked.connect(self._changed)
        self.direction.picked.connect(self._direction_picked)
        self.duration.textEdited.connect(self._changed)
        self.note.textChanged.connect(self._changed)
        self.next_step.textEdited.connect(self._changed)
        self.next_due.textEdited.connect(self._due_typed)
        self.script.currentIndexChanged.connect(self._changed)
        self.script.currentIndexChanged.connect(self._show_script)

    # -- contact ---------------------------------------------------------------------------

    def _use_contact(self, contact_id: int) -> None:
        try:
            found = quick_log_contact(self._store, self._clock, contact_id)
        except NotFound as error:
            self._show_error(str(error), Field.CONTACT)
            return
        self._contact = found
        self.picker.show_contact(found.contact_id, found.name)
        if not self._purpose_touched:
            waiting = found.waiting.purpose if found.waiting else None
            self.purpose.set_value(
                default_purpose(self._start.today_reason, found.checkin_due, waiting)
            )
            self._show_gave()
        self._show_about(found)
        self._refresh_warning()
        self._show_script()

    def _show_script(self, *_index: object) -> None:
        """The script picked, filled for the contact: what was (or is about to be) said."""
        script_id = self.script.currentData()
        contact_id = self.picker.contact_id()
        if script_id is None:
            self.script_text.hide()
            return
        try:
            if contact_id is None:
                self.script_text.show_plain("Pick who it is for to see the script filled in.")
            else:
                self.script_text.show_filled(
                    # The quick log shows the words, not the figures: none are read for it.
                    filled_for(self._store, self._clock, script_id, contact_id, figures={})
                )
        except NotFound as error:
            self.script_text.show_plain(str(error))
        self.script_text.show()

    def _show_about(self, found: QuickLogContact) -> None:
        parts = [found.company] if found.company else []
        today = self._today()
        if found.waiting is not None:
            waiting = found.waiting
            tries = f"{waiting.attempts} attempt" + ("s" if waiting.attempts != 1 else "")
            parts.append(
                f"waiting on them {waiting.days_waiting} day"
                + ("s" if waiting.days_waiting != 1 else "")
                + f", {tries}, next try {next_attempt_text(waiting.next_attempt_on, today)}"
            )
        elif found.checkin_due:
            parts.append("personal check-in due")
        self.about.setText(" · ".join(parts))
        self.about.setVisible(bool(parts))

    def _contact_picked(self, contact_id: int) -> None:
        self._use_contact(contact_id)
        self._changed()
        self.outcome.setFocus()

    def _contact_cleared(self) -> None:
        self._contact = None
        self.about.hide()
        self._refresh_warning()
        self._show_script()

    # -- reacting to the rep ---------------------------------------------------------------

    def _outcome_picked(self, value: str = "") -> None:
        if value and not self._direction_touched:
            # 'They replied' came from them, unless the rep said otherwise.
            self.direction.set_value(direction_for(Outcome(value)))
        self._refresh_warning()
        self._changed()

    def _direction_picked(self, _value: str = "") -> None:
        self._direction_touched = True
        self._changed()

    def _purpose_picked(self, _value: str = "") -> None:
        self._purpose_touched = True
        self._show_gave()
        self._changed()

    def _show_gave(self) -> None:
        # What was given is asked only of a give; the note says the rest.
        giving = self.purpose.value() is Purpose.GIVE
        self.gave.setVisible(giving)
        self.gave_label.setVisible(giving)
        introducing = giving and self.gave.value() is GiveKind.INTRO
        self.introduced.setVisible(introducing)
        self.introduced_label.setVisible(introducing)
        if giving:
            self.note.setPlaceholderText(
                "What you gave, first line: e.g. intro to Dana at Acme for their ERP search"
            )
        else:
            self.note.setPlaceholderText(NOTE_HINT)

    def _gave_picked(self, _value: str = "") -> None:
        self._show_gave()
        if self.introduced.isVisible():
            self.introduced.setFocus()  # an introduction: on to who else, by name
        self._changed()

    def _due_typed(self, _text: str = "") -> None:
        self._check_due()
        self._changed()

    def _check_due(self) -> bool:
        typed = self.next_due.text()
        self._due_problem = ""
        if not typed.strip():
            self.due_feedback.setText("")
            return True
        try:
            when = next_due(typed, self._today())
        except Invalid as error:
            self._due_problem = str(error)
            self.due_feedback.setStyleSheet("color: #b02a37;")
            self.due_feedback.setText(f"⚠ {error}")
            return False
        self.due_feedback.setStyleSheet("")
        assert when is not None
        self.due_feedback.setText(f"→ {when:%A %d %B %Y}")
        return True

    def _refresh_warning(self) -> None:
        found = self._contact
        if found is None or not warn_second_try(self.outcome.value(), found.tried_today):
            self.warning.hide()
            return
        earlier = ""
        if found.last_try_at is not None and found.last_try_outcome is not None:
            local = found.last_try_at.astimezone(self._clock.zone())
            earlier = f" ({found.last_try_outcome.label.lower()} at {local:%H:%M})"
        self.warning.setText(
            f"⚠ You already tried {found.name} today{earlier}. Several messages a week, "
            "but never two the same day, their calendar. Ctrl+Enter saves it anyway."
        )
        self.warning.show()

    def _changed(self, *_what: object) -> None:
        if self._restoring:
            return
        self._touched = True
        self._discard_armed = False
        self.error.hide()
        if not self._draft_timer.isActive():
            self._draft_timer.start()

    def _today(self) -> date:
        return self._clock.now().astimezone(self._clock.zone()).date()

    # -- drafts ----------------------------------------------------------------------------

    def draft(self) -> Draft:
        """What the form holds now, as a draft."""
        outcome = self.outcome.value()
        purpose = self.purpose.value()
        channel = self.channel.value()
        gave = self.gave.value()
        return Draft(
            draft_id=self._draft_id,
            contact_id=self.picker.contact_id(),
            contact_text=self.picker.text(),
            outcome=outcome.value if outcome else "",
            purpose=purpose.value if purpose else "",
            channel=channel.value if channel else "",
            note=self.note.toPlainText(),
            next_step=self.next_step.text(),
            next_due_text=self.next_due.text(),
            give_kind=gave.value if gave else "",
            direction=self._picked_direction(),
            duration_text=self.duration.text(),
            script_id=self.script.currentData(),
            started_at=self._started_at,
        )

    def _picked_direction(self) -> str:
        direction = self.direction.value()
        return direction.value if direction is not None and self._direction_touched else ""

    def is_untouched(self) -> bool:
        """True while the rep has typed or picked nothing in it (and it is no recovered draft)."""
        return not self._touched and self._draft_id is None

    def draft_id(self) -> int | None:
        """The stored draft's id, once something worth keeping was typed."""
        return self._draft_id

    def flush_draft(self) -> None:
        """Write the draft now (the timer calls this; so does quitting)."""
        self._draft_timer.stop()
        current = self.draft()
        try:
            if current.is_empty:
                # Nothing worth offering back; a draft emptied by the rep goes too.
                if self._draft_id is not None:
                    discard_draft(self._store, self._draft_id)
                    self._draft_id = None
                return
            saved = save_draft(self._store, self._clock, current)
        except StoreError as error:
            # The draft is a safety net: what was typed stays on screen, and the rep knows.
            log.warning("the quick log's draft was not kept: %s", error)
            self._show_error(f"{error}. What you typed is still here.")
            return
        self._draft_id = saved.draft_id
        self._started_at = saved.started_at

    def _restore(self, pending: PendingDraft) -> None:
        draft = pending.draft
        self._restoring = True
        try:
            self._draft_id = draft.draft_id
            if draft.contact_id is not None:
                self._use_contact(draft.contact_id)
            elif draft.contact_text:
                self.picker.show_typed(draft.contact_text)
            if draft.outcome:
                self.outcome.set_value(Outcome(draft.outcome))
            if draft.purpose:
                self.purpose.set_value(Purpose(draft.purpose))
                self._purpose_touched = True
            if draft.channel:
                self.channel.set_value(Channel(draft.channel))
            if draft.direction in {d.value for d in Direction}:
                self.direction.set_value(Direction(draft.direction))
                self._direction_touched = True
            elif draft.outcome:
                self.direction.set_value(direction_for(Outcome(draft.outcome)))
            self.duration.setText(draft.duration_text)
            if draft.give_kind in {k.value for k in GiveKind}:
                self.gave.set_value(GiveKind(draft.give_kind))
            self._show_gave()
            self.note.setPlainText(draft.note)
            self.next_step.setText(draft.next_step)
            self.next_due.setText(draft.next_due_text)
            self._check_due()
            at = self.script.findData(draft.script_id)
            self.script.setCurrentIndex(max(0, at))
        finally:
            self._restoring = False
        when = draft.updated_at.astimezone(self._clock.zone()) if draft.updated_at else None
        today = self._clock.now().astimezone(self._clock.zone()).date()
        since = f" from {weekday_date_time(when, today)}" if when else ""
        self.recovered.setText(
            f"Recovered{since}: Callbook closed before this was saved. "
            "Ctrl+Enter saves it; Esc twice throws it away."
        )
        self.recovered.show()
        if self.outcome.value() is None and draft.contact_id is not None:
            self.outcome.setFocus()
        else:
            self.note.setFocus()
            self.note.moveCursor(self.note.textCursor().MoveOperation.End)

    # -- saving and leaving ----------------------------------------------------------------

    def _show_error(self, text: str, field: Field | None = None) -> None:
        self.error.setText(f"⚠ {text}")
        self.error.show()
        target = (
            {
                Field.CONTACT: self.picker.field,
                Field.OUTCOME: self.outcome,
                Field.GAVE: self.gave,
                Field.INTRODUCED: self.introduced.field,
                Field.NEXT_DUE: self.next_due,
                Field.DURATION: self.duration,
            }.get(field)
            if field
            else None
        )
        if target is not None:
            target.setFocus()

    def save(self) -> None:
        """Store the log (and drop its draft) in one go; say what is wrong otherwise."""
        if self.picker.contact_id() is None and not self.picker.take_only_match():
            typed = self.picker.text().strip()
            problem = (
                f"more than one contact or none matches '{typed}': pick one with ↑ ↓ and Enter"
                if typed
                else "pick who the call was with"
            )
            self._show_error(problem, Field.CONTACT)
            return
        if self._contact is None or self._contact.contact_id != self.picker.contact_id():
            contact_id = self.picker.contact_id()
            assert contact_id is not None
            self._use_contact(contact_id)
        if not self._check_due():
            self._show_error(self._due_problem, Field.NEXT_DUE)
            return
        try:
            parse_duration(self.duration.text())
        except ValueError as error:
            self._show_error(str(error), Field.DURATION)
            return
        form = LogForm(
            contact_id=self.picker.contact_id(),
            outcome=self.outcome.value(),
            purpose=self.purpose.value() or Purpose.BUSINESS,
            channel=self.channel.value() or Channel.PHONE,
            note=self.note.toPlainText(),
            next_step=self.next_step.text(),
            next_due_text=self.next_due.text(),
            script_id=self.script.currentData(),
            direction=self.direction.value() if self._direction_touched else None,
            duration_text=self.duration.text(),
        )
        try:
            entry = build_entry(form, self._clock)
        except Invalid as error:
            field = Field.OUTCOME if form.outcome is None else Field.NEXT_DUE
            self._show_error(str(error), field)
            return
        gave = self.gave.value() if form.purpose is Purpose.GIVE else None
        if form.purpose is Purpose.GIVE:
            lacking = quick_give_problem(gave, form.note)
            if lacking is not None:
                self._show_error(lacking, Field.GAVE if gave is None else None)
                if gave is not None:
                    self.note.setFocus()
                return
        other: int | None = None
        if gave is GiveKind.INTRO and self.introduced.text().strip():
            if not self.introduced.take_only_match():
                typed = self.introduced.text().strip()
                self._show_error(
                    f"more than one contact or none matches '{typed}': pick who else was "
                    "introduced with ↑ ↓ and Enter, or leave it empty",
                    Field.INTRODUCED,
                )
                return
            other = self.introduced.contact_id()
        self._draft_timer.stop()
        logged = run_change(
            self._bus,
            lambda: log_from_draft(self._store, self._clock, entry, self._draft_id, gave, other),
            self._refused,
            lambda logged: logged.changed,
            initiator=self,
        )
        if logged is None:
            return
        self._draft_id = None
        self.logged.emit(logged)
        self.accept()

    def _refused(self, error: Exception) -> None:
        # Nothing was logged: what they typed is kept as a draft, and they see why here.
        self.flush_draft()
        self._show_error(str(error))

    def reject(self) -> None:
        """Esc: close at once when nothing was typed; otherwise Esc again to throw it away."""
        if not self.draft().is_empty and not self._discard_armed:
            self._discard_armed = True
            self.error.setText("Press Esc again to throw this quick log away.")
            self.error.show()
            return
        self.discard()

    def discard(self) -> None:
        """Close and throw away what was typed."""
        self._draft_timer.stop()
        if self._draft_id is not None:
            discard_draft(self._store, self._draft_id)
            self._draft_id = None
        self.done(QDialog.DialogCode.Rejected)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Closing the window (not Esc) keeps what was typed: it is offered back next time.
        self.flush_draft()
        self.done(QDialog.DialogCode.Rejected)
        event.accept()


def describe_logged(logged: Logged, name: str) -> str:
    """One line for the status bar after a save."""
    if logged.loop_effect.value in ("open", "attempt"):
        nxt = logged.next_attempt_on
        then = (
            f"next try {weekday_date(nxt, nxt)}" if nxt else "that was the last try by the cadence"
        )
        return f"Logged for {name}: waiting on them, attempt {logged.attempts}, {then}."
    if logged.loop_effect.value == "close":
        return f"Logged for {name}: they got back to you, no longer waiting."
    return f"Logged for {name}."


class QuickLog(QObject):
    """Opens at most one quick log, brings it forward, and offers drafts left by a crash."""

    opened = Signal()
    logged = Signal(object)  # Logged
    message = Signal(str)

    def __init__(
        self,
        store: Store,
        clock: Clock,
        bus: ChangeBus,
        parent_widget: Callable[[], QWidget | None],
    ) -> None:
        super().__init__()
        self._store = store
        self._clock = clock
        self._bus = bus
        self._parent_widget = parent_widget
        self._dialog: QuickLogDialog | None = None
        self._offer_queue: list[PendingDraft] = []

    @property
    def dialog(self) -> QuickLogDialog | None:
        """The open quick log, if any."""
        return self._dialog

    def is_open(self) -> bool:
        """True while a quick log is on screen."""
        return self._dialog is not None and self._dialog.isVisible()

    def open(self, start: QuickLogStart | None = None) -> QuickLogDialog:
        """Show the quick log, reusing the one already open (switching contact if untouched)."""
        if self._dialog is not None:
            dialog = self._dialog
            if start is not None and start.contact_id is not None and dialog.is_untouched():
                dialog.discard()
                return self.open(start)
            self._bring_forward(dialog)
            return dialog
        dialog = QuickLogDialog(
            self._store, self._clock, self._bus, start, parent=self._parent_widget()
        )
        return self._show(dialog)

    def offer_drafts(self) -> bool:
        """After a crash: open the newest unsaved draft; the others follow one by one."""
        self._offer_queue = pending_drafts(self._store)
        return self._offer_next()

    def _offer_next(self) -> bool:
        if self._dialog is not None or not self._offer_queue:
            return False
        pending = self._offer_queue.pop(0)
        log.info("offering back an unsaved quick log (draft %s)", pending.draft.draft_id)
        dialog = QuickLogDialog(
            self._store, self._clock, self._bus, draft=pending, parent=self._parent_widget()
        )
        self._show(dialog)
        return True

    def flush(self) -> None:
        """Write any draft still waiting on its timer (before quitting)."""
        if self._dialog is not None:
            self._dialog.flush_draft()

    def _show(self, dialog: QuickLogDialog) -> QuickLogDialog:
        self._dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.logged.connect(self._saved)
        dialog.finished.connect(self._finished)
        self._bring_forward(dialog)
        log.info("quick log opened")
        self.opened.emit()
        return dialog

    def _bring_forward(self, dialog: QuickLogDialog) -> None:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _saved(self, logged: Logged) -> None:
        dialog = self._dialog
        name = dialog.picker.text() if dialog is not None else "them"
        self.message.emit(describe_logged(logged, name))
        self.logged.emit(logged)

    def _finished(self, _result: int) -> None:
        # Only one quick log is ever open, so the one finishing is the one held.
        self._dialog = None
        self._offer_next()


def quick_log_action(
    parent: QWidget, quick_log: QuickLog, start: Callable[[], QuickLogStart | None]
) -> QAction:
    """The Ctrl+L action, working anywhere in the app; `start` says what is selected now."""
    action = QAction("&Quick log…", parent)
    action.setShortcut(QKeySequence("Ctrl+L"))
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action.setStatusTip("Log a call, voicemail or message right after it happened")

    def open_quick_log() -> None:
        quick_log.open(start())

    action.triggered.connect(open_quick_log)
    parent.addAction(action)
    return action
