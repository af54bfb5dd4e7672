"""The contact card: the pre-call brief, every field editable in place."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from html import escape
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.card_fields import THE_QUESTION, BestTimeEntry, CardField, FamilyEntry
from callbook.domain.clock import Clock
from callbook.domain.dates import days_until
from callbook.domain.scripts import KIND_WORDS, ReturnFigures
from callbook.domain.today import coming_soon
from callbook.domain.zones import zone_words
from callbook.services import card_edits
from callbook.services.book import Store
from callbook.services.card import ContactCard, load_card
from callbook.services.card_words import (
    best_time_words,
    birthday_soon,
    channels_words,
    checkin_detail,
    checkin_headline,
    family_words,
    loop_words,
    their_time_words,
)
from callbook.services.changes import Changed, Invalid, NotFound
from callbook.services.duplicates import (
    DuplicateLine,
    mark_not_same_person,
    merge_preview,
    possible_duplicates_of,
)
from callbook.services.gives import gives_log
from callbook.services.scripts import Suggestion, suggestion_for
from callbook.services.ways_to_reach import WayToReach, set_ways_to_reach, ways_of
from callbook.ui import (
    best_times_editor,
    family_editor,
    important_dates_editor,
    interests_editor,
    reach_editor,
)
from callbook.ui.card_gives import GivesSection
from callbook.ui.dates import say_days, short_date
from callbook.ui.editors import ErrorLabel, InlineField, NoteField
from callbook.ui.important_dates_editor import ImportantDate
from callbook.ui.models import timeline_html
from callbook.ui.ops import ChangeBus, run_change, the_change
from callbook.ui.reach_editor import WayRow
from callbook.ui.row_forms import FormRow, RowsDialog
from callbook.ui.script_text import ScriptPreview

T = TypeVar("T")


# The newest touches shown at first; "Show all" brings the rest that were loaded.
TIMELINE_FIRST = 12

ONE_LINE_FIELDS = (
    CardField.FIRST_NAME,
    CardField.LAST_NAME,
    CardField.COMPANY,
    CardField.TITLE,
    CardField.EMAIL,
    CardField.ACCOUNT_VALUE,
    CardField.TIME_ZONE,
    CardField.CHECKIN_RHYTHM,
    CardField.PLACE,
    CardField.ASSISTANT_NAME,
    CardField.ASSISTANT_PHONE,
    CardField.BOSS_NAME,
    CardField.QUESTION_ANSWER,
    CardField.INDUSTRY,
    CardField.ROLE_FUNCTION,
)
NOTE_FIELDS = (
    CardField.NOTES,
    CardField.PERSONAL_NOTES,
    CardField.ASSISTANT_NOTES,
    CardField.RECEPTION_NOTES,
    CardField.ON_THEIR_MIND,
    CardField.COMPANY_NOTES,
)


def _section(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    box.setAccessibleName(title)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return box, form


def _text_label(accessible_name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible_name)
    return label


class ContactCardView(QScrollArea):
    """One contact's brief: who they are, family, how to reach them, the log."""

    status = Signal(str)
    went_back = Signal()
    """Esc on the card: the keyboard goes back to the list the card was opened from."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        home_region: str,
        bus: ChangeBus,
        actions: Sequence[QAction] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus = bus
        self._store = store
        self._clock = clock
        self._home_region = home_region
        self._card: ContactCard | None = None
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Contact card")
        self.setFrameShape(QFrame.Shape.NoFrame)

        body = QWidget()
        body.setObjectName("cardBody")
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(16, 12, 16, 16)
        self._layout.setSpacing(10)
        self.setWidget(body)

        self.placeholder = QLabel(
            "Pick someone on Today or in Contacts, or press Ctrl+F to search.\n"
            "Their card shows here: family, interests, how to reach them and every call."
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setAccessibleName("No contact chosen")
        self._layout.addWidget(self.placeholder)

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(10)
        self._layout.addWidget(self.content)
        self._layout.addStretch(1)

        self.fields: dict[CardField, InlineField | NoteField] = {}
        self.errors: dict[CardField, ErrorLabel] = {}

        self._build_header(content, actions)
        self._build_duplicates(content)
        self._build_checkin(content)
        self._build_question(content)
        self._build_script(content)
        self.gives = GivesSection(store, clock, self._apply, self.give)
        content.addWidget(self.gives)
        give_action = QAction("Give…", self)
        give_action.setShortcut(QKeySequence("Ctrl+Shift+G"))
        give_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        give_action.triggered.connect(lambda _checked=False: self.give())
        self.addAction(give_action)
        self.give_action = give_action
        self._build_personal(content)
        self._build_reach(content)
        self._build_contact(content)
        self._build_research(content)
        self._build_waiting(content)
        self._build_timeline(content)
        self.content.hide()

    # -- building ---------------------------------------------------------------------------

    def _build_header(self, layout: QVBoxLayout, actions: Sequence[QAction]) -> None:
        self.name_label = _text_label("Name")
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.subtitle = _text_label("Title and company")
        self.local_time = _text_label("Their local time")
        self.reach_line = _text_label("Phones and email")
        layout.addWidget(self.name_label)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.local_time)
        layout.addWidget(self.reach_line)
        row = QHBoxLayout()
        self.action_buttons: list[QToolButton] = []
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            row.addWidget(button)
            self.action_buttons.append(button)
        row.addStretch(1)
        layout.addLayout(row)

    def _build_duplicates(self, layout: QVBoxLayout) -> None:
        self.duplicates_box = QFrame()
        self.duplicates_box.setObjectName("duplicatesBox")
        self.duplicates_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.duplicates_box.setAccessibleName("Possible duplicates")
        self.duplicates_layout = QVBoxLayout(self.duplicates_box)
        self.duplicates_error = ErrorLabel()
        self.duplicates_layout.addWidget(self.duplicates_error)
        self.duplicate_rows: list[tuple[DuplicateLine, QPushButton, QPushButton]] = []
        self._duplicates: list[DuplicateLine] = []
        self.duplicates_box.hide()
        layout.addWidget(self.duplicates_box)

    def _build_checkin(self, layout: QVBoxLayout) -> None:
        self.checkin_box = QFrame()
        self.checkin_box.setObjectName("checkinBox")
        self.checkin_box.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.checkin_box)
        self.checkin_label = _text_label("Last personal check-in")
        font = QFont(self.checkin_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.checkin_label.setFont(font)
        self.checkin_detail = _text_label("Check-in rhythm")
        box.addWidget(self.checkin_label)
        box.addWidget(self.checkin_detail)
        layout.addWidget(self.checkin_box)

    def _build_question(self, layout: QVBoxLayout) -> None:
        self.question_box = QFrame()
        self.question_box.setObjectName("questionBox")
        self.question_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.question_box.setAccessibleName("Ask them the question")
        box = QVBoxLayout(self.question_box)
        prompt = _text_label("The question to ask")
        prompt.setText(
            f"<b>Ask them:</b> “{escape(THE_QUESTION)}”<br>"
            "Nobody has asked yet. Write their answer here and follow it."
        )
        box.addWidget(prompt)
        self.question_field = self._inline(CardField.QUESTION_ANSWER)
        self.question_field.setPlaceholderText("Their answer, e.g. text first, then call after 4pm")
        box.addWidget(self.question_field)
        box.addWidget(self.errors[CardField.QUESTION_ANSWER])
        # Some answer "it depends": the prompt can go without a rule to follow.
        self.asked_button = QPushButton("Asked — no clear answer yet")
        self.asked_button.setAccessibleName("Asked, no clear answer yet")
        self.asked_button.clicked.connect(self.mark_question_asked)
        box.addWidget(self.asked_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.question_box)

    def _build_script(self, layout: QVBoxLayout) -> None:
        self.script_group = QGroupBox("What to say")
        self.script_group.setAccessibleName("What to say")
        box = QVBoxLayout(self.script_group)
        self.script_title = _text_label("Suggested script")
        self.script_preview = ScriptPreview("Suggested script, filled in")
        row = QHBoxLayout()
        self.another_script = QPushButton("&Another script")
        self.another_script.setAccessibleName("Another script")
        self.another_script.clicked.connect(self.next_suggestion)
        self.copy_script = QPushButton("Cop&y text")
        self.copy_script.setAccessibleName("Copy the filled text")
        self.copy_script.clicked.connect(self._copy_script)
        row.addWidget(self.another_script)
        row.addWidget(self.copy_script)
        row.addStretch(1)
        box.addWidget(self.script_title)
        box.addWidget(self.script_preview)
        box.addLayout(row)
        self._script_turn = 0
        self.suggestion: Suggestion | None = None
        # Until the window keeps the scripts' return figures, scripts are ranked by name.
        self._return_figures: Callable[[], Mapping[int, ReturnFigures]] = dict
        layout.addWidget(self.script_group)

    def _build_personal(self, layout: QVBoxLayout) -> None:
        group, form = _section("Family and interests")
        self.family_label = _text_label("Family")
        form.addRow(self._with_edit(self.family_label, "Edit &family…", self.edit_family))
        self.interests_label = _text_label("Interests")
        form.addRow(
            "Interests",
            self._with_edit(self.interests_label, "Edit &interests…", self.edit_interests),
        )
        self.dates_label = _text_label("Important dates")
        form.addRow("Dates", self._with_edit(self.dates_label, "Edit da&tes…", self.edit_dates))
        self._note_row(form, CardField.PERSONAL_NOTES)
        layout.addWidget(group)

    def _build_reach(self, layout: QVBoxLayout) -> None:
        group, form = _section("How to reach them")
        self.channels_label = _text_label("Preferred channels")
        form.addRow(
            "Best way",
            self._with_edit(self.channels_label, "Ways to &reach…", self.edit_ways_to_reach),
        )
        self.best_times_label = _text_label("Best times")
        form.addRow(
            "Best times",
            self._with_edit(self.best_times_label, "Edit &best times…", self.edit_best_times),
        )
        self.answer_label = _text_label("Their answer to the question")
        form.addRow("Asked “the question”", self.answer_label)
        for which in (
            CardField.PLACE,
            CardField.ASSISTANT_NAME,
            CardField.ASSISTANT_PHONE,
            CardField.BOSS_NAME,
        ):
            self._field_row(form, which)
        self._note_row(form, CardField.ASSISTANT_NOTES)
        self._note_row(form, CardField.RECEPTION_NOTES)
        layout.addWidget(group)

    def _build_contact(self, layout: QVBoxLayout) -> None:
        group, form = _section("Contact")
        for which in (
            CardField.FIRST_NAME,
            CardField.LAST_NAME,
            CardField.COMPANY,
            CardField.TITLE,
        ):
            self._field_row(form, which)
        self.phones_label = _text_label("Phones")
        form.addRow(
            "Phones", self._with_edit(self.phones_label, "Edit &phones…", self.edit_ways_to_reach)
        )
        self._field_row(form, CardField.EMAIL)
        self.tier_box = QComboBox()
        self.tier_box.addItems(["A", "B", "C"])
        self.tier_box.setAccessibleName("Tier")
        self.tier_box.activated.connect(
            lambda _i: self.save_field(CardField.TIER, self.tier_box.currentText())
        )
        form.addRow("Tier", self.tier_box)
        self.errors[CardField.TIER] = ErrorLabel()
        form.addRow("", self.errors[CardField.TIER])
        for which in (CardField.ACCOUNT_VALUE, CardField.TIME_ZONE, CardField.CHECKIN_RHYTHM):
            self._field_row(form, which)
        self.fields[CardField.TIME_ZONE].setPlaceholderText("e.g. America/Chicago")
        self.fields[CardField.CHECKIN_RHYTHM].setPlaceholderText("the tier's rhythm")
        self.tags_field = InlineField("Tags")
        self.tags_field.setPlaceholderText("comma separated, e.g. key account, golf")
        self.tags_field.save_requested.connect(self._save_tags)
        self.tags_error = ErrorLabel()
        form.addRow("Tags", self.tags_field)
        form.addRow("", self.tags_error)
        self._note_row(form, CardField.NOTES)
        layout.addWidget(group)

    def _build_research(self, layout: QVBoxLayout) -> None:
        group, form = _section("Research")
        self._field_row(form, CardField.INDUSTRY)
        self._field_row(form, CardField.ROLE_FUNCTION)
        self._note_row(form, CardField.ON_THEIR_MIND)
        self._note_row(form, CardField.COMPANY_NOTES)
        layout.addWidget(group)

    def _build_waiting(self, layout: QVBoxLayout) -> None:
        self.waiting_group, form = _section("Waiting on them")
        self.waiting_label = _text_label("Open loops")
        form.addRow(self.waiting_label)
        layout.addWidget(self.waiting_group)

    def _build_timeline(self, layout: QVBoxLayout) -> None:
        self.timeline_group = QGroupBox("Timeline")
        self.timeline_group.setAccessibleName("Timeline")
        box = QVBoxLayout(self.timeline_group)
        # Read as part of the brief, scrolled with the card: no table scrolling inside it.
        self.timeline = _text_label("Every call and message, newest first")
        self.timeline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timeline_count = _text_label("How many touches")
        self.timeline_more = QPushButton("Show &all")
        self.timeline_more.setAccessibleName("Show every touch")
        self.timeline_more.clicked.connect(self.show_whole_timeline)
        self._timeline_whole = False
        box.addWidget(self.timeline_count)
        box.addWidget(self.timeline)
        box.addWidget(self.timeline_more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.timeline_group)

    def _with_edit(self, label: QLabel, text: str, edit: Callable[[], object]) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label, 1)
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(edit)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return holder

    def _inline(self, which: CardField) -> InlineField:
        field = InlineField(which.label)
        field.save_requested.connect(lambda text, w=which: self.save_field(w, text))
        self.fields[which] = field
        self.errors[which] = ErrorLabel()
        return field

    def _field_row(self, form: QFormLayout, which: CardField) -> None:
        form.addRow(which.label, self._inline(which))
        form.addRow("", self.errors[which])

    def _note_row(self, form: QFormLayout, which: CardField) -> None:
        note = NoteField(which.label)
        note.save_requested.connect(lambda text, w=which: self.save_field(w, text))
        self.fields[which] = note
        self.errors[which] = ErrorLabel()
        form.addRow(which.label, note)
        form.addRow("", self.errors[which])

    # -- showing ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # A field being edited takes its own Esc (back to what was stored) first.
        if event.key() == Qt.Key.Key_Escape and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self.went_back.emit()
            return
        super().keyPressEvent(event)

    def set_home_region(self, region: str) -> None:
        """Show and read phone numbers for the rep's country `region`."""
        self._home_region = region
        self.reload()

    @property
    def card(self) -> ContactCard | None:
        """The card shown now."""
        return self._card

    @property
    def contact_id(self) -> int | None:
        """Whose card is shown."""
        return self._card.contact_id if self._card else None

    def show_contact(self, contact_id: int) -> bool:
        """Read and show one contact's card; False when they are gone."""
        if self._card is not None and self._card.contact_id != contact_id:
            self._save_pending_edits()
        try:
            card = load_card(self._store, self._clock, contact_id, self._home_region)
            gives = gives_log(self._store, self._clock, contact_id)
        except NotFound:
            self.clear()
            return False
        self._fill(card)
        self.gives.fill(gives)
        self._fill_duplicates(possible_duplicates_of(self._store, contact_id))
        return True

    def reload(self) -> None:
        """Read the shown contact again, after a change elsewhere."""
        if self._card is not None:
            self.show_contact(self._card.contact_id)

    def clear(self) -> None:
        """Show no one."""
        self._card = None
        self.content.hide()
        self.placeholder.show()

    def _save_pending_edits(self) -> None:
        for which, field in self.fields.items():
            if field.is_edited():
                text = field.toPlainText() if isinstance(field, NoteField) else field.text()
                self.save_field(which, text)

    def _fill(self, card: ContactCard) -> None:
        same_contact = self._card is not None and self._card.contact_id == card.contact_id
        self._card = card
        today = self._clock.now().astimezone(self._clock.zone()).date()
        self.placeholder.hide()
        self.content.show()
        self.name_label.setText(card.name)
        parts = [p for p in (card.title, card.company) if p]
        subtitle = " at ".join(parts) if len(parts) == 2 else (parts[0] if parts else "")
        tags = f" · {', '.join(card.tags)}" if card.tags else ""
        self.subtitle.setText(f"{subtitle} · Tier {card.tier.value}{tags}".lstrip(" ·"))
        self.local_time.setText(their_time_words(card))
        reach = [f"{escape(p.label)} <b>{escape(p.shown)}</b>" for p in card.phones]
        if card.email:
            reach.append(escape(card.email))
        self.reach_line.setText(
            " · ".join(reach) or "No phone or email yet: add them under Contact."
        )

        self._fill_checkin(card, today)
        self.question_box.setVisible(not card.question_asked)
        self.answer_label.setText(
            escape(card.question_answer)
            if card.question_answer
            else ("asked, no answer noted" if card.question_asked else "not yet — ask them")
        )
        self.family_label.setText(self._family_text(card, today))
        self.interests_label.setText(
            " · ".join(escape(i) for i in card.interests) or "none noted yet — what do they love?"
        )
        self.dates_label.setText(
            "<br>".join(
                f"{escape(d.label)}: {short_date(d.next_on, today)}"
                + (f" ({days_until(d.next_on, today)})" if coming_soon(d.next_on, today) else "")
                for d in card.dates
            )
            or "none"
        )
        self.channels_label.setText(channels_words(card))
        self.best_times_label.setText(self._best_times_text(card))
        self.phones_label.setText(
            "<br>".join(f"{escape(p.label)}: {escape(p.shown)}" for p in card.phones) or "none"
        )
        self.tier_box.setCurrentText(card.tier.value)
        for which, field in self.fields.items():
            # Keep what the rep is typing (or failed to save) on this same card: a change
            # read from elsewhere meanwhile must not wipe it.
            if same_contact and field.is_edited():
                continue
            field.show_value(card.field_text(which))
            self.errors[which].show_problem("")
        self.tags_field.show_value(", ".join(card.tags))
        self.tags_error.show_problem("")
        self.errors[CardField.TIER].show_problem("")
        self._fill_waiting(card, today)
        if not same_contact:
            self._script_turn = 0
            self._timeline_whole = False
        self.refresh_suggestion()
        self._fill_timeline(card)
        shown = len(card.timeline)
        self.timeline_count.setText(
            f"{card.timeline_total:,} touches"
            + (f", the newest {shown:,} shown" if shown < card.timeline_total else "")
            if card.timeline_total
            else "No calls or messages logged yet."
        )
        if not same_contact:
            self.verticalScrollBar().setValue(0)

    def _fill_timeline(self, card: ContactCard) -> None:
        entries = card.timeline if self._timeline_whole else card.timeline[:TIMELINE_FIRST]
        today = self._clock.now().astimezone(self._clock.zone()).date()
        self.timeline.setText(
            "".join(timeline_html(entry, self._clock.zone(), today) for entry in entries)
        )
        self.timeline.setVisible(bool(entries))
        self.timeline_more.setVisible(len(entries) < len(card.timeline))
        self.timeline_more.setText(f"Show &all {len(card.timeline):,}")

    def show_whole_timeline(self) -> None:
        """Show every touch loaded, not only the newest few."""
        self._timeline_whole = True
        if self._card is not None:
            self._fill_timeline(self._card)

    def _fill_checkin(self, card: ContactCard, today: date) -> None:
        say = say_days(today)
        zone = self._clock.zone()
        self.checkin_label.setText(checkin_headline(card, zone, today, say))
        self.checkin_detail.setText(checkin_detail(card, self._clock.now(), zone, today, say))

    def _family_text(self, card: ContactCard, today: date) -> str:
        if not card.family:
            return "No family noted yet. Ask about them, then add names and birthdays."
        say = say_days(today)
        lines = []
        for member in card.family:
            # The name stands out: it is what the rep says first.
            asked = escape(f"Ask about {member.name}")
            line = escape(family_words(member, today, say)).replace(
                asked, f"Ask about <b>{escape(member.name)}</b>", 1
            )
            lines.append(f"<b>{line}</b>" if birthday_soon(member, today) else line)
        return "<br>".join(lines)

    def _best_times_text(self, card: ContactCard) -> str:
        if not card.best_times:
            return "not known yet"
        lines = []
        for line in card.best_times:
            theirs, yours = best_time_words(line)
            # Their time and yours on lines of their own: a wrapped line gets cut in the form.
            text = f"{escape(theirs)}<br>&nbsp;&nbsp;{escape(yours)}"
            lines.append(f"<b>{text}</b>" if line.open_now else text)
        return "<br>".join(lines)

    def _fill_duplicates(self, lines: list[DuplicateLine]) -> None:
        if lines == self._duplicates:
            return
        self._duplicates = lines
        while self.duplicates_layout.count() > 1:
            item = self.duplicates_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.duplicate_rows = []
        for position, line in enumerate(lines):
            row = QWidget()
            row_layout = QVBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            buttons = QHBoxLayout()
            text = _text_label("Possible duplicate")
            company = f" ({escape(line.other_company)})" if line.other_company else ""
            text.setText(
                f"Might be the same person as <b>{escape(line.other_name)}</b>{company}: "
                f"{escape(line.why)}."
            )
            merge = QPushButton("&Merge…" if position == 0 else "Merge…")
            merge.setAccessibleName(f"Merge with {line.other_name}")
            merge.clicked.connect(lambda _c=False, other=line.other_id: self.merge_with(other))
            apart = QPushButton("Not the same person")
            apart.setAccessibleName(f"{line.other_name} is not the same person")
            apart.clicked.connect(lambda _c=False, other=line.other_id: self.not_the_same(other))
            row_layout.addWidget(text)
            buttons.addWidget(merge)
            buttons.addWidget(apart)
            buttons.addStretch(1)
            row_layout.addLayout(buttons)
            self.duplicates_layout.insertWidget(position, row)
            self.duplicate_rows.append((line, merge, apart))
        self.duplicates_box.setVisible(bool(lines))

    def merge_with(self, other_id: int) -> QWidget | None:
        """Open the merge dialog for the shown contact and `other_id`, the older card kept."""
        from callbook.ui.merge_dialog import MergeDialog

        card = self._card
        if card is None:
            return None
        kept, other = sorted((card.contact_id, other_id))
        try:
            preview = merge_preview(self._store, kept, other)
        except (Invalid, NotFound) as error:
            self.duplicates_error.show_problem(str(error))
            return None
        dialog = MergeDialog(self._store, self._clock, self._bus, preview, self)
        dialog.merged.connect(self._merged)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog

    def _merged(self, kept_id: int) -> None:
        self.show_contact(kept_id)
        self.status.emit("Merged into one card.")

    def not_the_same(self, other_id: int) -> bool:
        """The shown contact and `other_id` are two people: never suggested again."""
        card = self._card
        if card is None:
            return False
        contact_id = card.contact_id
        return self._apply(
            lambda: mark_not_same_person(self._store, self._clock, contact_id, other_id),
            self.duplicates_error,
        )

    def _fill_waiting(self, card: ContactCard, today: date) -> None:
        if not card.open_loops:
            self.waiting_label.setText("Nothing is waiting on them.")
            return
        say = say_days(today)
        zone = self._clock.zone()
        self.waiting_label.setText(
            "<br>".join(escape(loop_words(loop, zone, today, say)) for loop in card.open_loops)
        )

    def rank_scripts_by(self, figures: Callable[[], Mapping[int, ReturnFigures]]) -> None:
        """Rank suggested scripts by how often each got a call back, as `figures` gives them."""
        self._return_figures = figures

    def refresh_suggestion(self) -> None:
        """Read the script suggested for this contact's next call again."""
        card = self._card
        if card is None:
            return
        try:
            suggestion = suggestion_for(
                self._store, self._clock, card.contact_id, self._script_turn, self._return_figures()
            )
        except NotFound:
            return
        self.suggestion = suggestion
        wanted = suggestion.wanted
        kind = KIND_WORDS[wanted.kind].lower()
        filled = suggestion.filled
        if filled is None:
            self.script_title.setText(
                f"<b>No {kind} script yet</b> ({escape(wanted.reason)}). "
                "Write one on the Scripts page (Ctrl+4)."
            )
            self.script_preview.hide()
            self.another_script.hide()
            self.copy_script.hide()
            return
        count = len(suggestion.order)
        which = f"{self._script_turn % count + 1} of {count}" if count > 1 else "the only one"
        rotated = " · not the one left last time" if suggestion.rotated else ""
        self.script_title.setText(
            f"<b>{escape(filled.script.name)}</b> · {escape(kind)} · {escape(wanted.reason)}"
            f"{rotated} ({which})"
        )
        self.script_preview.show_filled(filled)
        self.script_preview.show()
        self.another_script.setVisible(count > 1)
        self.copy_script.show()
        self._fit_content()

    def _fit_content(self) -> None:
        # What was just shown or hidden takes its room now, not at the next event.
        body = self.widget()
        if body is None:
            return
        width = self.viewport().width()
        height = body.heightForWidth(width) if body.hasHeightForWidth() else -1
        body.resize(width, max(self.viewport().height(), height, body.minimumSizeHint().height()))

    def next_suggestion(self) -> None:
        """Show the next script of the rotation."""
        self._script_turn += 1
        self.refresh_suggestion()

    def _copy_script(self) -> None:
        if self.suggestion is not None and self.suggestion.filled is not None:
            QGuiApplication.clipboard().setText(self.suggestion.filled.text)
            self.status.emit("Copied the filled text.")

    # -- saving -----------------------------------------------------------------------------

    def _apply(
        self,
        change: Callable[[], Changed],
        problem: ErrorLabel | None,
        taken_in: Callable[[], None] | None = None,
    ) -> bool:
        """Run a change of this card through the window's one path; True when it was saved.

        The card (like every view) shows the result when the change is published.
        """

        def refused(error: Exception) -> None:
            if problem is not None and not isinstance(error, NotFound):
                problem.show_problem(str(error))
            self.status.emit(str(error))
            if isinstance(error, NotFound):
                self.clear()

        if problem is not None:
            problem.show_problem("")
        saved = (
            run_change(self._bus, change, refused, the_change, initiator=self, taken_in=taken_in)
            is not None
        )
        if saved:
            self.status.emit("Saved.")
        return saved

    def give(self) -> QWidget | None:
        """Open the give dialog for the shown contact."""
        from callbook.ui.give_dialog import GiveDialog

        card = self._card
        if card is None or not self.isVisible():
            return None
        dialog = GiveDialog(self._store, self._clock, self._bus, card.contact_id, card.name, self)
        dialog.accepted.connect(lambda: self.status.emit(f"Give to {card.name} recorded."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog

    def mark_question_asked(self) -> None:
        """Note that the question was asked though no clear answer came."""
        card = self._card
        if card is None:
            return
        self._apply(
            lambda: card_edits.set_question_asked(self._store, self._clock, card.contact_id, True),
            self.errors[CardField.QUESTION_ANSWER],
        )

    def save_field(self, which: CardField, text: str) -> bool:
        """Store one edited field; a problem shows under it and keeps what was typed."""
        card = self._card
        if card is None:
            return False
        field = self.fields.get(which)
        return self._apply(
            lambda: card_edits.edit_field(
                self._store, self._clock, card.contact_id, which, text, self._home_region
            ),
            self.errors[which],
            field.accept_value if field is not None else None,
        )

    def _save_tags(self, text: str) -> None:
        card = self._card
        if card is None:
            return
        names = [n for n in text.split(",") if n.strip()]
        self._apply(
            lambda: card_edits.set_tags(self._store, self._clock, card.contact_id, names),
            self.tags_error,
            self.tags_field.accept_value,
        )

    def _edit_rows(
        self,
        title: str,
        hint: str,
        add_text: str,
        make_row: Callable[[T | None], FormRow[T]],
        values: Sequence[T],
        save: Callable[[list[T]], Changed],
    ) -> RowsDialog[T]:
        def store_rows(rows: list[T]) -> bool:
            saved = run_change(
                self._bus, lambda: save(rows), dialog.refused, the_change, initiator=self
            )
            if saved is not None:
                self.status.emit("Saved.")
            return saved is not None

        dialog = RowsDialog(title, hint, add_text, make_row, values, store_rows, self)
        dialog.open()
        return dialog

    def edit_family(self) -> RowsDialog[FamilyEntry] | None:
        """Open the family editor: a row per person."""
        card = self._card
        if card is None:
            return None
        return self._edit_rows(
            f"Family of {card.name}",
            family_editor.HINT,
            "&Add a person",
            family_editor.FamilyRow,
            family_editor.family_entries(card),
            lambda rows: card_edits.set_family(self._store, self._clock, card.contact_id, rows),
        )

    def edit_interests(self) -> RowsDialog[str] | None:
        """Open the interests editor: a row per interest."""
        card = self._card
        if card is None:
            return None
        return self._edit_rows(
            f"Interests of {card.name}",
            interests_editor.HINT,
            "&Add an interest",
            interests_editor.InterestRow,
            list(card.interests),
            lambda rows: card_edits.set_interests(self._store, self._clock, card.contact_id, rows),
        )

    def edit_dates(self) -> RowsDialog[ImportantDate] | None:
        """Open the important dates editor: a row per date."""
        card = self._card
        if card is None:
            return None
        return self._edit_rows(
            f"Important dates of {card.name}",
            important_dates_editor.HINT,
            "&Add a date",
            important_dates_editor.DateRow,
            important_dates_editor.important_dates(card),
            lambda rows: card_edits.set_dates(self._store, self._clock, card.contact_id, rows),
        )

    def edit_ways_to_reach(self) -> RowsDialog[WayToReach] | None:
        """Open the ways-to-reach editor: numbers, email and the ways they prefer."""
        card = self._card
        if card is None:
            return None

        def make_row(way: WayToReach | None) -> WayRow:
            row = WayRow(way)
            row.copied.connect(lambda text: self.status.emit(f"Copied {text}."))
            return row

        return self._edit_rows(
            f"How to reach {card.name}",
            reach_editor.hint_for(self._home_region),
            "&Add a way",
            make_row,
            ways_of(card),
            lambda rows: set_ways_to_reach(
                self._store, self._clock, card.contact_id, rows, self._home_region
            ),
        )

    def edit_best_times(self) -> RowsDialog[BestTimeEntry] | None:
        """Open the best-times editor: a row per window, days ticked, from and to."""
        card = self._card
        if card is None:
            return None
        zone = (
            zone_words(card.time_zone) if card.time_zone else "your own time (theirs is not known)"
        )
        return self._edit_rows(
            f"Best times for {card.name}",
            best_times_editor.hint_for(zone),
            "&Add a window",
            best_times_editor.BestTimeRow,
            best_times_editor.best_time_entries(card),
            lambda rows: card_edits.set_best_times(self._store, self._clock, card.contact_id, rows),
        )
