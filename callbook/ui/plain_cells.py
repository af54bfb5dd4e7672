"""Cells of plain text laid out once and drawn many times, for lists redrawn at every key."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
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
# What makes every laid-out text stale.
_RELAYOUT = frozenset(
    {QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.LayoutDirectionChange}
)


class PlainTextDelegate(QStyledItemDelegate):
    """Draws a cell's text as Qt's own delegate would, from a cache of laid-out texts.

    Qt's delegate shapes each cell's text anew at every paint (most of a keystroke's
    cost in the search results); a text seen before is drawn from its layout here.
    The current cell, where Qt draws a focus frame, is left to Qt's own delegate.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._laid_out: dict[tuple[str, int], QStaticText] = {}
        # The view's direction and text margin, read at the first paint after a change.
        self._look: tuple[Qt.LayoutDirection, int] | None = None
        if parent is not None:
            # The desktop's text size, style or direction can change with the window open.
            parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _RELAYOUT:
            self._laid_out.clear()
            self._look = None
        return False

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
        direction, margin = self._look or self._read_look(option)
        width = rect.width() - 2 * margin
        text = self._layout(str(value), width, direction, option)
        if direction == _RIGHT_TO_LEFT:
            x = rect.right() + 1 - margin - text.size().width()
        else:
            x = rect.left() + margin
        y = rect.top() + (rect.height() - text.size().height()) / 2
        # Elided to the cell's width, so no clipping is needed; the view set the font.
        painter.drawStaticText(QPointF(x, y), text)

    def _read_look(self, option: QStyleOptionViewItem) -> tuple[Qt.LayoutDirection, int]:
        # The same gap Qt's delegate leaves either side of the text, in the current style.
        widget = option.widget
        style = widget.style() if widget is not None else None
        frame = (
            style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget)
            if style is not None
            else 2
        )
        self._look = (option.direction, frame + 1)
        return self._look

    def _layout(
        self, value: str, width: int, direction: Qt.LayoutDirection, option: QStyleOptionViewItem
    ) -> QStaticText:
        key = (value, width)
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
        found.prepare(font=option.font)
        self._laid_out[key] = found
        return found
