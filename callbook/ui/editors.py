"""In-place editors for the card: one-line fields, notes, and a table editor for lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
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


class ListEditor(QDialog):
    """Edit a short list (phones, family, best times) as a table; saved all at once.

    `save` stores the rows and says whether they were kept; a refusal is shown here
    through `refused`, and the editor stays open with what was typed.
    """

    def __init__(
        self,
        title: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[str]],
        save: Callable[[list[list[str]]], bool],
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._save = save
        self.table = QTableWidget(0, len(columns), self)
        self.table.setHorizontalHeaderLabels(list(columns))
        self.table.setAccessibleName(title)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        for values in rows:
            self._append(list(values))
        if not rows:
            self._append([""] * len(columns))

        add = QPushButton("&Add row", self)
        add.setAccessibleName("Add row")
        add.setShortcut(QKeySequence("Ctrl+Shift+A"))
        add.clicked.connect(self.add_row)
        remove = QPushButton("&Remove row", self)
        remove.setAccessibleName("Remove row")
        remove.setShortcut(QKeySequence("Ctrl+Shift+Backspace"))
        remove.clicked.connect(self.remove_row)
        up = QPushButton("Move &up", self)
        up.setAccessibleName("Move row up")
        up.setShortcut(QKeySequence("Ctrl+Shift+Up"))
        up.clicked.connect(lambda: self._move(-1))
        down = QPushButton("Move &down", self)
        down.setAccessibleName("Move row down")
        down.setShortcut(QKeySequence("Ctrl+Shift+Down"))
        down.clicked.connect(lambda: self._move(1))

        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._try_save)
        buttons.rejected.connect(self.reject)
        save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setShortcut(QKeySequence("Ctrl+S"))
        save_button.setAccessibleName("Save")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")

        row_buttons = QHBoxLayout()
        for button in (add, remove, up, down):
            row_buttons.addWidget(button)
        row_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        if hint:
            tip = QLabel(hint, self)
            tip.setWordWrap(True)
            layout.addWidget(tip)
        layout.addWidget(self.table)
        layout.addLayout(row_buttons)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _append(self, values: list[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(self.table.columnCount()):
            text = values[column] if column < len(values) else ""
            self.table.setItem(row, column, QTableWidgetItem(text))

    def add_row(self) -> None:
        """Add an empty row and start typing in it."""
        self._append([""] * self.table.columnCount())
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def remove_row(self) -> None:
        """Remove the current row."""
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        values = self.values()
        values[row], values[target] = values[target], values[row]
        self.table.setRowCount(0)
        for line in values:
            self._append(line)
        self.table.setCurrentCell(target, 0)

    def values(self) -> list[list[str]]:
        """What is in the table now, row by row."""
        rows = []
        for row in range(self.table.rowCount()):
            line = []
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                line.append(item.text() if item is not None else "")
            rows.append(line)
        return rows

    def _try_save(self) -> None:
        # Commit an edit still open in a cell before reading the table.
        editor = QApplication.focusWidget()
        if editor is not None and self.table.viewport().isAncestorOf(editor):
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if self._save(self.values()):
            self.accept()

    def refused(self, error: Exception) -> None:
        """Say under the table why the rows were not kept."""
        self.error.show_problem(str(error))
