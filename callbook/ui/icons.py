"""The app's icons, from the resources folder beside the package.

The Callbook icon is the app's own; every other icon is an outline icon of Tabler Icons
(MIT, resources/icons/tabler/LICENSE), drawn in the palette's text colour at whatever
size and scale the screen asks for, so it is crisp at 2× and follows a dark palette.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

# resources/ sits next to the callbook package in a checkout and an editable install;
# a bundle built from packaging/ puts it in the same place.
RESOURCES = Path(__file__).resolve().parents[2] / "resources"
ICON_SET = RESOURCES / "icons" / "tabler"


def app_icon_path() -> Path:
    """Where the Callbook icon lives."""
    return RESOURCES / "icons" / "callbook.svg"


def load_app_icon() -> QIcon:
    """The Callbook icon; an empty icon (the desktop's default) when the file is missing."""
    path = app_icon_path()
    return QIcon(str(path)) if path.is_file() else QIcon()


def icon_path(name: str) -> Path:
    """Where the icon `name` ('call', 'snooze') lives."""
    return ICON_SET / f"{name}.svg"


class _OutlineIcon(QIconEngine):
    """An outline icon painted in the current palette's colours for each mode."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self._svg = svg

    def _color(self, mode: QIcon.Mode) -> QColor:
        app = QGuiApplication.instance()
        palette = QGuiApplication.palette() if app is not None else QPalette()
        if mode is QIcon.Mode.Disabled:
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        if mode is QIcon.Mode.Selected:
            return palette.color(QPalette.ColorRole.HighlightedText)
        return palette.color(QPalette.ColorRole.WindowText)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        # A page button that is down is drawn on the highlight, as selected text is.
        down = state is QIcon.State.On and mode is QIcon.Mode.Normal
        shown = QIcon.Mode.Selected if down else mode
        colored = self._svg.replace(b"currentColor", self._color(shown).name().encode())
        renderer = QSvgRenderer(QByteArray(colored))
        renderer.render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def scaledPixmap(  # noqa: N802 - Qt's name
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = self.pixmap(size * scale, mode, state)
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return _OutlineIcon(self._svg)


def icon(name: str) -> QIcon:
    """The icon `name` from the shipped set; an empty icon when it is missing."""
    path = icon_path(name)
    if not path.is_file():
        return QIcon()
    return QIcon(_OutlineIcon(path.read_bytes()))
