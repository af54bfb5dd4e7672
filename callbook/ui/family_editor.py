"""The family editor: a row per person with name, relation, birthday and a note."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from callbook.domain.card_fields import FamilyEntry
from callbook.services.card import ContactCard
from callbook.ui.row_forms import FormRow

RELATIONS = (
    "spouse",
    "partner",
    "daughter",
    "son",
    "child",
    "mother",
    "father",
    "sister",
    "brother",
    "grandchild",
    "friend",
)
HINT = (
    "A row for each person worth asking about. Birthdays as 12 Apr 2016, or just 12 Apr "
    "when the year is not known. Enter adds a row; Ctrl+Delete removes one."
)


class FamilyRow(FormRow[FamilyEntry]):
    """Someone in their family: name, relation, birthday, a note."""

    def __init__(self, entry: FamilyEntry | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        given = entry or FamilyEntry("")
        self.name = QLineEdit(given.name)
        self.name.setPlaceholderText("e.g. Mia")
        self.relation = QComboBox()
        self.relation.setEditable(True)
        self.relation.addItems(["", *RELATIONS])
        self.relation.setCurrentText(given.relation)
        self.birthday = QLineEdit(given.birthday)
        self.birthday.setPlaceholderText("e.g. 12 Apr")
        self.notes = QLineEdit(given.notes)
        self.notes.setPlaceholderText("e.g. loves horses, starts school in May")
        self.add_field("name", "Name", self.name, 3)
        self.add_field("relation", "Relation", self.relation, 2)
        self.add_field("birthday", "Birthday", self.birthday, 2)
        self.add_field("notes", "Note", self.notes, 4)
        self.finish()

    def value(self) -> FamilyEntry:
        return FamilyEntry(
            self.name.text(),
            self.relation.currentText(),
            self.birthday.text(),
            self.notes.text(),
        )

    def is_blank(self) -> bool:
        entry = self.value()
        return not any(p.strip() for p in (entry.name, entry.relation, entry.birthday, entry.notes))

    def describe(self) -> str:
        return self.name.text().strip()


def family_entries(card: ContactCard) -> list[FamilyEntry]:
    """The card's family as the editor's rows."""
    return [FamilyEntry(m.name, m.relation, m.birthday_text, m.notes) for m in card.family]
