"""Cells of plain text laid out once and drawn many times, for lists redrawn at every key."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QPainter, QPalette, QStaticText, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

# Enough for the cells of a dozen keystrokes' results; the cache starts over beyond it.
CACHE_LIMIT = 2000
# Looked up once: a delegate paints every cell shown, at every keystroke.
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus
_ENABLED = QStyle.StateFlag.State_Enabled
_ACTIVE = QStyle.StateFlag.State_Active
_SELECTED = QStyle.StateFlag.State_Selected
_DISABLED = QPalette.ColorGroup.Disabled
_NORMAL = QPalette.ColorGroup.Normal
_INACTIVE = QPalette.ColorGroup.Inactive
_HIGHLIGHT = QPalette.ColorRole.Highlight
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_TEXT = QPalette.ColorRole.Text
_RIGHT_TO_LEFT = Qt.LayoutDirection.RightToLeft


class PlainTextDelegate(QStyledItemDelegate):
    """Draws a cell's text as Qt's own delegate would, from a cache of laid-out texts.

    Qt's delegate shapes each cell's text anew at every paint (most of a keystroke's
    cost in the search results); a text seen before is drawn from its layout here.
    The current cell, where Qt draws a focus frame, is left to Qt's own delegate.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Keyed by the font and direction too: a desktop's text size can change while
        # the window is open, and a right-to-left name reads differently in either.
        self._laid_out: dict[tuple[str, int, str, Qt.LayoutDirection], QStaticText] = {}
        self._margins: dict[int, int] = {}

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        state = option.state
        if state & _HAS_FOCUS:
            super().paint(painter, option, index)
            return
        value = index.data()
        if value is None:
            return
        rect = option.rect
        palette = option.palette
        if not state & _ENABLED:
            group = _DISABLED
        elif state & _ACTIVE:
            group = _NORMAL
        else:
            group = _INACTIVE
        if state & _SELECTED:
            painter.fillRect(rect, palette.brush(group, _HIGHLIGHT))
            painter.setPen(palette.color(group, _HIGHLIGHTED_TEXT))
        else:
            painter.setPen(palette.color(group, _TEXT))
        margin = self._text_margin(option)
        width = rect.width() - 2 * margin
        text = self._layout(str(value), width, option)
        if option.direction == _RIGHT_TO_LEFT:
            x = rect.right() + 1 - margin - text.size().width()
        else:
            x = rect.left() + margin
        y = rect.top() + (rect.height() - text.size().height()) / 2
        # Elided to the cell's width, so no clipping is needed; the view set the font.
        painter.drawStaticText(QPointF(x, y), text)

    def _layout(self, value: str, width: int, option: QStyleOptionViewItem) -> QStaticText:
        font = option.font
        direction = option.direction
        key = (value, width, font.key(), direction)
        found = self._laid_out.get(key)
        if found is not None:
            return found
        if len(self._laid_out) >= CACHE_LIMIT:
            self._laid_out.clear()
        metrics = option.fontMetrics
        one_line = value.replace("\n", " ")
        shown = metrics.elidedText(one_line, Qt.TextElideMode.ElideRight, max(width, 0))
        found = QStaticText(shown)
        found.setTextFormat(Qt.TextFormat.PlainText)
        # The paragraph runs the view's way, as in Qt's delegate: a Hebrew name in an
        # English window still ends with its tier on the right.
        layout = QTextOption()
        layout.setTextDirection(direction)
        layout.setWrapMode(QTextOption.WrapMode.NoWrap)
        found.setTextOption(layout)
        found.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
        found.prepare(font=font)
        self._laid_out[key] = found
        return found

    def _text_margin(self, option: QStyleOptionViewItem) -> int:
        # The same gap Qt's delegate leaves either side of the text, in the current style.
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is None:
            return 3
        margin = self._margins.get(id(style))
        if margin is None:
            margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
            self._margins = {id(style): margin}
        return margin
