"""A short list edited as a form: a row of labelled fields per item, each problem under its field.

Keyboard first: Tab walks the fields row by row, Enter adds a row after the one being
typed in, Ctrl+Delete (or the row's ✕) removes it and Undo puts it back; Ctrl+S saves.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callbook.services.changes import InvalidEntry
from callbook.ui.editors import ErrorLabel
from callbook.ui.icons import icon

T = TypeVar("T")


class FormRow(QFrame, Generic[T]):
    """One item of the list as fields side by side, each with its problem shown under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formRow")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 4, 0, 4)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(2)
        self.problems: dict[str, ErrorLabel] = {}
        self.inputs: list[QWidget] = []
        self.headings: list[QLabel] = []
        self.remove_button = QToolButton(self)
        self.remove_button.setText("✕")
        self.remove_button.setAutoRaise(True)
        self._column = 0

    def add_field(self, name: str, title: str, field: QWidget, stretch: int = 1) -> None:
        """Put `field` in the next column with `title` above it and its problem below."""
        heading = QLabel(title, self)
        heading.setBuddy(field)
        heading.setObjectName("fieldHeading")
        self.headings.append(heading)
        self.grid.addWidget(heading, 0, self._column)
        self.grid.addWidget(field, 1, self._column)
        problem = ErrorLabel(self)
        self.grid.addWidget(problem, 2, self._column)
        self.grid.setColumnStretch(self._column, stretch)
        field.setAccessibleName(title)
        self.problems[name] = problem
        self.inputs.append(field)
        self._column += 1

    def finish(self) -> None:
        """Put the row's remove button last, once every field is in."""
        self.grid.addWidget(self.remove_button, 1, self._column, Qt.AlignmentFlag.AlignTop)

    def show_headings(self, shown: bool) -> None:
        """Field names above the first row only: the rows below read as a table."""
        for heading in self.headings:
            heading.setVisible(shown)

    def focus_chain(self) -> list[QWidget]:
        """The row's widgets in the order Tab visits them."""
        return [*self.inputs, self.remove_button]

    def show_problem(self, field: str, text: str) -> None:
        """Say under `field` what is wrong; the first field when the name is not one of ours."""
        label = self.problems.get(field) or next(iter(self.problems.values()))
        label.show_problem(text)

    def clear_problems(self) -> None:
        """Take every message away."""
        for label in self.problems.values():
            label.show_problem("")

    def value(self) -> T:
        """What the row holds now."""
        raise NotImplementedError

    def is_blank(self) -> bool:
        """True when nothing was typed into the row."""
        raise NotImplementedError

    def describe(self) -> str:
        """The row in a few words, for 'Removed …'."""
        raise NotImplementedError


class RowsDialog(QDialog, Generic[T]):
    """Edit a short list as rows of fields; saved all at once, refusals shown under the field."""

    def __init__(
        self,
        title: str,
        hint: str,
        add_text: str,
        make_row: Callable[[T | None], FormRow[T]],
        values: Sequence[T],
        save: Callable[[list[T]], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._make_row = make_row
        self._save = save
        self.rows: list[FormRow[T]] = []
        self._removed: tuple[int, T] | None = None

        layout = QVBoxLayout(self)
        if hint:
            tip = QLabel(hint, self)
            tip.setWordWrap(True)
            layout.addWidget(tip)
        self._holder = QWidget()
        self._rows_layout = QVBoxLayout(self._holder)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(4)
        self._rows_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._holder)
        layout.addWidget(scroll, 1)

        self.add_button = QPushButton(icon("add"), add_text, self)
        self.add_button.setAccessibleName(add_text.replace("&", ""))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.undo_bar = QWidget(self)
        undo_line = QHBoxLayout(self.undo_bar)
        undo_line.setContentsMargins(0, 0, 0, 0)
        self.undo_label = QLabel(self.undo_bar)
        self.undo_button = QPushButton("&Undo", self.undo_bar)
        self.undo_button.setAccessibleName("Undo remove")
        self.undo_button.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_button.clicked.connect(self.undo_remove)
        undo_line.addWidget(self.undo_label, 1)
        undo_line.addWidget(self.undo_button)
        self.undo_bar.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.undo_bar, 1)
        actions.addStretch(0)
        layout.addLayout(actions)

        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setShortcut(QKeySequence("Ctrl+S"))
        save_button.setAccessibleName("Save")
        save_button.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        cancel.setAutoDefault(False)
        layout.addWidget(self.buttons)
        for widget in (self.add_button, self.undo_button, *self.buttons.buttons()):
            widget.installEventFilter(self)

        for value in values:
            self.add_row(value, focus=False)
        if not values:
            self.add_row(focus=False)
        self.rows[0].focus_chain()[0].setFocus()
        # Room for an email address or a note in each row, at whatever font size.
        width = max(640, self.sizeHint().width(), self.fontMetrics().averageCharWidth() * 100)
        self.resize(width, min(560, max(300, self.sizeHint().height())))

    # -- rows -------------------------------------------------------------------------------

    def add_row(self, value: T | None = None, after: int | None = None, focus: bool = True) -> None:
        """Add a row (after row `after`, else at the end) and start typing in it."""
        row = self._make_row(value)
        at = len(self.rows) if after is None else after + 1
        self.rows.insert(at, row)
        self._rows_layout.insertWidget(at, row)
        row.show()
        row.remove_button.setAccessibleName(f"Remove row {at + 1}")
        row.remove_button.setToolTip("Remove this row (Ctrl+Delete)")
        row.remove_button.clicked.connect(lambda _c=False, r=row: self.remove_row(r))
        for widget in row.focus_chain():
            widget.installEventFilter(self)
        self._chain()
        if focus:
            row.focus_chain()[0].setFocus()

    def remove_row(self, row: FormRow[T]) -> None:
        """Take a row out; Undo puts it back where it was."""
        if row not in self.rows:
            return
        at = self.rows.index(row)
        self._removed = (at, row.value())
        words = row.describe()
        self.rows.remove(row)
        row.hide()
        row.deleteLater()
        self.undo_label.setText(f"Removed {words}." if words else "Removed an empty row.")
        self.undo_bar.show()
        if self.rows:
            self.rows[min(at, len(self.rows) - 1)].focus_chain()[0].setFocus()
        else:
            self.undo_button.setFocus()
        self._chain()

    def undo_remove(self) -> None:
        """Put back the row removed last."""
        if self._removed is None:
            return
        at, value = self._removed
        self._removed = None
        self.undo_bar.hide()
        self.add_row(value, after=at - 1)

    def values(self) -> list[T]:
        """What the rows hold, blank rows left out."""
        return [row.value() for row in self.rows if not row.is_blank()]

    def _focus_order(self) -> list[QWidget]:
        widgets = [w for row in self.rows for w in row.focus_chain()]
        return [*widgets, self.add_button, self.undo_button, *self.buttons.buttons()]

    def _chain(self) -> None:
        for number, row in enumerate(self.rows):
            row.show_headings(number == 0)
        for first, second in itertools.pairwise(self._focus_order()):
            QWidget.setTabOrder(first, second)

    def _step_focus(self, watched: QObject, forward: bool) -> bool:
        # Rows added later join Qt's chain unreliably (inner editors, focus proxies), so
        # Tab walks the order the rows are shown in.
        order = [w for w in self._focus_order() if w.isVisibleTo(self) and w.isEnabled()]
        if watched not in order:
            return False
        at = order.index(watched)
        order[(at + (1 if forward else -1)) % len(order)].setFocus(
            Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        )
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                forward = event.key() == Qt.Key.Key_Tab and not (
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                )
                if self._step_focus(watched, forward):
                    return True
            row = self._row_of(watched)
            if row is not None and self._row_key(row, watched, event):
                return True
        return super().eventFilter(watched, event)

    def _row_key(self, row: FormRow[T], watched: QObject, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            if watched is row.remove_button:
                self.remove_row(row)
            else:
                self.add_row(after=self.rows.index(row))
            return True
        if key == Qt.Key.Key_Z and mods == Qt.KeyboardModifier.ControlModifier and self._removed:
            # Right after a row is removed, Ctrl+Z brings it back before it undoes typing.
            self.undo_remove()
            return True
        if key == Qt.Key.Key_Delete and (
            mods & Qt.KeyboardModifier.ControlModifier or watched is row.remove_button
        ):
            self.remove_row(row)
            return True
        return False

    def _row_of(self, watched: QObject) -> FormRow[T] | None:
        for row in self.rows:
            if watched in row.focus_chain():
                return row
        return None

    # -- saving -----------------------------------------------------------------------------

    def try_save(self) -> None:
        """Store every row; a refusal shows under the field it is about."""
        for row in self.rows:
            row.clear_problems()
        self.error.show_problem("")
        if self._save(self.values()):
            self.accept()

    def refused(self, error: Exception) -> None:
        """Show why the rows were not kept: under the field when the refusal names one."""
        if isinstance(error, InvalidEntry):
            kept = [row for row in self.rows if not row.is_blank()]
            if 0 <= error.row < len(kept):
                kept[error.row].show_problem(error.field, str(error))
                kept[error.row].focus_chain()[0].setFocus()
                return
        self.error.show_problem(str(error))
