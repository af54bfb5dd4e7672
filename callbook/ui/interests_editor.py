"""The interests editor: a row per interest, in the order the rep would bring them up."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from callbook.ui.row_forms import FormRow

HINT = (
    "What they love, one a row: a team, a hobby, their kids' sport. Enter adds a row; "
    "Ctrl+Delete removes one."
)


class InterestRow(FormRow[str]):
    """One interest of theirs."""

    def __init__(self, interest: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.interest = QLineEdit(interest or "")
        self.interest.setPlaceholderText("e.g. sailing, the Cubs, jazz")
        self.add_field("interest", "Interest", self.interest)
        self.finish()

    def value(self) -> str:
        return self.interest.text()

    def is_blank(self) -> bool:
        return not self.interest.text().strip()

    def describe(self) -> str:
        return self.interest.text().strip()
