"""A row of choices for the keyboard: each with its key shown, the chosen one unmistakable."""

from __future__ import annotations

from enum import StrEnum
from typing import Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QPushButton,
    QWidget,
)

# Seven outcomes do not fit one line of a dialog: they wrap, this many to a line.
CHOICES_PER_LINE = 4
Choice = TypeVar("Choice", bound=StrEnum)


class ChoiceRow(QFrame, Generic[Choice]):
    """One row of choices, each with its key shown; the key picks it, arrows move along."""

    picked = Signal(str)

    def __init__(
        self,
        title: str,
        keys: dict[str, Choice],
        labels: dict[Choice, str],
        advance_on_key: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._keys = keys
        self._advance = advance_on_key
        self._order: list[Choice] = list(keys.values())
        self._value: Choice | None = None
        self.setObjectName("choiceRow")
        # The chosen one is unmistakable: the highlight colour, bold, a tick.
        self.setStyleSheet(
            "QPushButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text); font-weight: bold;"
            " border: 1px solid palette(highlight); border-radius: 3px; padding: 3px 8px; }"
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(title)
        keys_text = ", ".join(f"{k} {labels[v].lower()}" for k, v in keys.items())
        self.setToolTip(f"{title}: press {keys_text}")
        self.setAccessibleDescription(f"Press {keys_text}")
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        # Seven outcomes do not fit one line of a dialog: wrap them, four to a line.
        columns = CHOICES_PER_LINE if len(keys) > CHOICES_PER_LINE + 1 else len(keys)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[Choice, QPushButton] = {}
        for position, (key, value) in enumerate(keys.items()):
            button = QPushButton(f"[{key}] {labels[value]}")
            button.setCheckable(True)
            # The row takes the keys; buttons are for the mouse only.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(labels[value])
            # Never squeezed below its text, bold once chosen: the key and the word show.
            bold = QFont(button.font())
            bold.setBold(True)
            button.setMinimumWidth(
                button.sizeHint().width()
                + QFontMetrics(bold).horizontalAdvance(button.text())
                - button.fontMetrics().horizontalAdvance(button.text())
                + 8
            )
            self._group.addButton(button, position)
            self._buttons[value] = button
            layout.addWidget(button, position // columns, position % columns)
        layout.setColumnStretch(columns, 1)
        self._group.idClicked.connect(self._clicked)

    def _clicked(self, position: int) -> None:
        self._pick(self._order[position], advance=False)

    def value(self) -> Choice | None:
        """The picked choice, None while nothing is."""
        return self._value

    def set_value(self, value: Choice | None) -> None:
        """Show `value` as picked (no signal: this is not the rep's doing)."""
        self._value = value
        self._group.setExclusive(False)
        for choice, button in self._buttons.items():
            button.setChecked(choice == value)
        self._group.setExclusive(True)

    def button(self, value: Choice) -> QPushButton:
        """The button for `value` (for the mouse, and for tests that look at the screen)."""
        return self._buttons[value]

    def _pick(self, value: Choice, advance: bool) -> None:
        self.set_value(value)
        self.picked.emit(value.value)
        if advance:
            self.focusNextChild()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        text = event.text().lower()
        if plain and text in self._keys:
            self._pick(self._keys[text], self._advance)
            return
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and plain:
            step = 1 if event.key() == Qt.Key.Key_Right else -1
            at = self._order.index(self._value) if self._value in self._order else -step
            self._pick(self._order[(at + step) % len(self._order)], advance=False)
            return
        super().keyPressEvent(event)
