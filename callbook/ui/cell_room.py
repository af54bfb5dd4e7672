"""A list cell that keeps room at its end for the buttons riding over the current row."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

EXTRA_HEIGHT = 6


class RoomForButtons(QStyledItemDelegate):
    """Sizes a column for its text and `room` pixels more; paints as every other cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.room = 0

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        first_line = str(index.data() or "").partition("\n")[0]
        # The buttons sit after the first line; the second runs under nothing.
        wanted = option.fontMetrics.horizontalAdvance(first_line) + self.room + 12
        # A little taller, so the buttons fit on the first line without hiding the second.
        return QSize(max(size.width(), wanted), size.height() + EXTRA_HEIGHT)
