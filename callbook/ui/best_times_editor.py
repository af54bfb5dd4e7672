"""The best-times editor: a row per window with the days ticked and a from and a to time."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QTimeEdit, QToolButton, QWidget

from callbook.domain.card_fields import NO_DAYS, BestTimeEntry, parse_clock_time, parse_weekdays
from callbook.domain.windows import WEEKDAY_NAMES
from callbook.services.card import ContactCard
from callbook.ui.row_forms import FormRow

DAY_LETTERS = ("M", "T", "W", "T", "F", "S", "S")
DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def hint_for(zone_words: str) -> str:
    """What the editor says above its rows."""
    return (
        f"Times in {zone_words}. Tick the days (Space ticks the one under the keyboard), "
        "then from and to. Enter adds a window; Ctrl+Delete removes one."
    )


class DayPicker(QWidget):
    """Seven day buttons that tick on and off; Mon–Fri ticked for a new window."""

    def __init__(self, days: frozenset[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(2)
        # A ticked day is unmistakable: the highlight colour, as the quick log's choices.
        self.setStyleSheet(
            "QToolButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text); font-weight: bold;"
            " border: 1px solid palette(highlight); border-radius: 3px; }"
        )
        self.buttons: list[QToolButton] = []
        for number, letter in enumerate(DAY_LETTERS):
            button = QToolButton(self)
            button.setText(letter)
            button.setCheckable(True)
            button.setChecked(number in days)
            button.setAccessibleName(DAY_WORDS[number])
            button.setToolTip(DAY_WORDS[number])
            button.setObjectName("dayButton")
            line.addWidget(button)
            self.buttons.append(button)

    def days(self) -> frozenset[int]:
        """The days ticked."""
        return frozenset(n for n, b in enumerate(self.buttons) if b.isChecked())

    def text(self) -> str:
        """The days as the service reads them: 'Mon Tue Fri'."""
        return " ".join(WEEKDAY_NAMES[d] for d in sorted(self.days())) or NO_DAYS


def _qtime(typed: str, otherwise: time) -> QTime:
    try:
        minutes = min(parse_clock_time(typed), 23 * 60 + 59)
    except ValueError:
        return QTime(otherwise.hour, otherwise.minute)
    return QTime(minutes // 60, minutes % 60)


def _days(typed: str) -> frozenset[int]:
    try:
        return parse_weekdays(typed)
    except ValueError:
        return frozenset()


class BestTimeRow(FormRow[BestTimeEntry]):
    """One best-time window: the days, from, to, and a note such as 'bagel shop'."""

    def __init__(self, entry: BestTimeEntry | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        given = entry or BestTimeEntry("Mon-Fri", "09:00", "10:00")
        self.day_picker = DayPicker(_days(given.days))
        self.start = QTimeEdit(_qtime(given.start, time(9)))
        self.end = QTimeEdit(_qtime(given.end, time(10)))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.note = QLineEdit(given.note)
        self.note.setPlaceholderText("e.g. bagel shop, before the office")
        self.add_field("days", "Days", self.day_picker, 0)
        self.add_field("start", "From", self.start, 0)
        self.add_field("end", "To", self.end, 0)
        self.add_field("note", "Note", self.note, 1)
        self.finish()

    def focus_chain(self) -> list[QWidget]:
        return [*self.day_picker.buttons, self.start, self.end, self.note, self.remove_button]

    def value(self) -> BestTimeEntry:
        return BestTimeEntry(
            self.day_picker.text(),
            self.start.time().toString("HH:mm"),
            self.end.time().toString("HH:mm"),
            self.note.text(),
        )

    def is_blank(self) -> bool:
        return False

    def describe(self) -> str:
        entry = self.value()
        return f"{entry.days} {entry.start}–{entry.end}"


def best_time_entries(card: ContactCard) -> list[BestTimeEntry]:
    """The card's best times as the editor's rows."""
    return [
        BestTimeEntry(
            " ".join(WEEKDAY_NAMES[d] for d in sorted(line.window.weekdays)),
            f"{line.window.start:%H:%M}",
            f"{line.window.end:%H:%M}",
            line.note,
        )
        for line in card.best_times
    ]
