"""In-place editors for the card: one-line fields and notes, and the message under a field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


class ErrorLabel(QLabel):
    """A message under a field saying what is wrong with what was typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("Input problem")
        self.setObjectName("errorLabel")
        self.hide()

    def show_problem(self, text: str) -> None:
        """Show `text`, or hide when empty."""
        self.setText(f"⚠ {text}" if text else "")
        self.setVisible(bool(text))


class InlineField(QLineEdit):
    """A one-line field that asks to be saved when the rep presses Enter or leaves it."""

    save_requested = Signal(str)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText("—")
        self._saved = ""
        self.editingFinished.connect(self._finished)

    def show_value(self, text: str) -> None:
        """Show the stored value (not a change to save)."""
        self._saved = text
        self.setText(text)
        self.setCursorPosition(0)

    def accept_value(self) -> None:
        """What is typed is now what is stored."""
        self._saved = self.text()

    def is_edited(self) -> bool:
        """True when the text differs from what is stored."""
        return self.text() != self._saved

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and self.is_edited():
            self.setText(self._saved)
            return
        super().keyPressEvent(event)

    def _finished(self) -> None:
        if self.is_edited():
            self.save_requested.emit(self.text())


class NoteField(QPlainTextEdit):
    """A multi-line note saved when the rep leaves it or presses Ctrl+Enter."""

    save_requested = Signal(str)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("—")
        self._saved = ""
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)

    def show_value(self, text: str) -> None:
        """Show the stored value."""
        self._saved = text
        self.setPlainText(text)

    def accept_value(self) -> None:
        """What is typed is now what is stored."""
        self._saved = self.toPlainText()

    def is_edited(self) -> bool:
        """True when the text differs from what is stored."""
        return self.toPlainText() != self._saved

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._finish()
            return
        if event.key() == Qt.Key.Key_Escape and self.is_edited():
            self.setPlainText(self._saved)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self._finish()

    def _finish(self) -> None:
        if self.is_edited():
            self.save_requested.emit(self.toPlainText())
