"""Buttons on the current row of a list: call, text, email, log and snooze that person."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHBoxLayout, QToolButton

from callbook.ui.menus import action_name


class RowActions(QFrame):
    """A small bar of the row's actions that sits at the right end of the current row.

    It rides over `column` (a column whose first line is short, such as their time) so it
    hides nothing the rep reads; the same actions stay on right click and the keyboard.
    """

    def __init__(self, view: QAbstractItemView, actions: Sequence[QAction], column: int) -> None:
        super().__init__(view.viewport())
        self.setObjectName("rowActions")
        self.setAccessibleName("Actions for this person")
        self._view = view
        self._column = column
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(0)
        self.buttons: list[QToolButton] = []
        for action in actions:
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            size = button.fontMetrics().height() - 2
            button.setIconSize(QSize(size, size))
            button.setAccessibleName(action_name(action))
            line.addWidget(button)
            self.buttons.append(button)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Highlight)
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(lambda _v: self.follow())
        view.horizontalScrollBar().valueChanged.connect(lambda _v: self.follow())
        self.hide()

    def attach(self) -> None:
        """Follow the view's current row from now on (its model is set)."""
        selection = self._view.selectionModel()
        selection.currentRowChanged.connect(lambda _c, _p: self.follow())
        model = self._view.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
        ):
            signal.connect(lambda *_args: self.follow())
        header = getattr(self._view, "header", None)
        if header is not None:
            header().sectionResized.connect(lambda *_args: self.follow_soon())
            header().geometriesChanged.connect(self.follow_soon)
        self.follow_soon()

    def follow_soon(self) -> None:
        """Follow once the view has laid out what just changed."""
        QTimer.singleShot(0, self, self.follow)

    def follow(self) -> None:
        """Sit on the current row, or hide when there is none in sight."""
        current = self._view.currentIndex()
        if not current.isValid():
            self.hide()
            return
        cell = self._view.visualRect(current.siblingAtColumn(self._column))
        if cell.isEmpty() or not self._view.viewport().rect().intersects(cell):
            self.hide()
            return
        size = self.sizeHint()
        # On the first line of the cell, at its right end: the line below stays readable.
        line = min(size.height(), cell.height() // 2)
        self.setGeometry(cell.right() - size.width() - 1, cell.top() + 1, size.width(), line)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.follow_soon()
        return super().eventFilter(watched, event)
