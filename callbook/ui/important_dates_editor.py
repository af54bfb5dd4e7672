"""The important-dates editor: a row per date with what it is and the day it falls on."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from callbook.services.card import ContactCard
from callbook.ui.row_forms import FormRow

ImportantDate = tuple[str, str]
"""What the date is, and the date as typed."""

HINT = (
    "Dates worth a call: a work anniversary, the day their company was founded. Dates as "
    "12 Apr 1985, or 12 Apr when the year does not matter. Enter adds a row."
)


class DateRow(FormRow[ImportantDate]):
    """One important date: what it is and when."""

    def __init__(self, given: ImportantDate | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label, typed = given or ("", "")
        self.label = QLineEdit(label)
        self.label.setPlaceholderText("e.g. Work anniversary")
        self.date = QLineEdit(typed)
        self.date.setPlaceholderText("e.g. 12 Apr")
        self.add_field("label", "What", self.label, 3)
        self.add_field("date", "Date", self.date, 2)
        self.finish()

    def value(self) -> ImportantDate:
        return self.label.text(), self.date.text()

    def is_blank(self) -> bool:
        return not (self.label.text().strip() or self.date.text().strip())

    def describe(self) -> str:
        return self.label.text().strip()


def important_dates(card: ContactCard) -> list[ImportantDate]:
    """The card's dates as the editor's rows."""
    return [(d.label, d.date_text) for d in card.dates]
