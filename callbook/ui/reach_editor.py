"""The ways-to-reach editor: a row per way with its kind, number or address, 'prefer' and Copy."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QToolButton, QWidget

from callbook.domain.vocabulary import ReachChannel
from callbook.services.ways_to_reach import NUMBER_WAYS, VALUE_WAYS, WayToReach
from callbook.ui.icons import icon
from callbook.ui.row_forms import FormRow

KIND_WORDS = {
    ReachChannel.PHONE: "Call",
    ReachChannel.TEXT: "Text",
    ReachChannel.EMAIL: "Email",
    ReachChannel.ASSISTANT: "Via assistant",
    ReachChannel.IN_PERSON: "In person",
    ReachChannel.VIDEO: "Video",
}
PHONE_LABELS = ("", "mobile", "work", "home", "other")
_NO_VALUE = {
    ReachChannel.ASSISTANT: "the assistant's name and phone are on the card",
    ReachChannel.IN_PERSON: "the place is on the card",
    ReachChannel.VIDEO: "a video call",
}


def hint_for(home_region: str) -> str:
    """What the editor says above its rows."""
    return (
        "Every number and address, and the ways they prefer ticked, best first. Numbers in "
        f"your country ({home_region}) as you dial them, others with + and the country code. "
        "Enter adds a way; Ctrl+Delete removes one."
    )


class WayRow(FormRow[WayToReach]):
    """One way to reach them: call or text a number, email an address, or the assistant."""

    copied = Signal(str)

    def __init__(self, way: WayToReach | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        given = way or WayToReach(ReachChannel.PHONE)
        self.kind = QComboBox()
        for kind, words in KIND_WORDS.items():
            self.kind.addItem(words, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(given.kind.value))
        self.label = QComboBox()
        self.label.setEditable(True)
        self.label.addItems(list(PHONE_LABELS))
        self.label.setCurrentText(given.label)
        self.value_field = QLineEdit(given.value)
        self.prefer = QCheckBox("Prefer")
        self.prefer.setChecked(given.preferred)
        self.prefer.setToolTip("A way they like: the ticked ways, top first, are the best way")
        self.copy = QToolButton()
        self.copy.setIcon(icon("copy"))
        self.copy.setText("Copy")
        self.copy.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.copy.setToolTip("Copy the number or address")
        self.add_field("kind", "Way", self.kind, 1)
        self.add_field("value", "Number or address", self.value_field, 3)
        self.add_field("label", "Which phone", self.label, 1)
        self.add_field("prefer", "Best way", self.prefer, 0)
        self.add_field("copy", "", self.copy, 0)
        self.copy.setAccessibleName("Copy")
        self.finish()
        self.kind.currentIndexChanged.connect(lambda _i: self._follow_kind())
        self.copy.clicked.connect(self.copy_value)
        self._follow_kind()

    def chosen_kind(self) -> ReachChannel:
        """The kind picked in the row."""
        return ReachChannel(self.kind.currentData())

    def _follow_kind(self) -> None:
        kind = self.chosen_kind()
        has_value = kind in VALUE_WAYS
        self.value_field.setEnabled(has_value)
        self.label.setEnabled(kind in NUMBER_WAYS)
        self.copy.setEnabled(has_value)
        if kind in NUMBER_WAYS:
            self.value_field.setPlaceholderText("e.g. (212) 555-0134 or +44 20 7946 0958")
        elif kind is ReachChannel.EMAIL:
            self.value_field.setPlaceholderText("e.g. dana@acme.example")
        else:
            self.value_field.setPlaceholderText(_NO_VALUE[kind])

    def copy_value(self) -> None:
        """Put the number or address on the clipboard."""
        text = self.value_field.text().strip()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)

    def value(self) -> WayToReach:
        kind = self.chosen_kind()
        typed = self.value_field.text() if kind in VALUE_WAYS else ""
        label = self.label.currentText() if kind in NUMBER_WAYS else ""
        return WayToReach(kind, typed, self.prefer.isChecked(), label)

    def is_blank(self) -> bool:
        return (
            self.chosen_kind() in VALUE_WAYS
            and not self.value_field.text().strip()
            and not self.prefer.isChecked()
        )

    def describe(self) -> str:
        way = self.value()
        return f"{KIND_WORDS[way.kind]} {way.value}".strip()
