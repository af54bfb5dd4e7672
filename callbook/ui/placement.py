"""Windows open where the rep can see all of them: on screen, over the window they came from."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget


def _screen_of(widget: QWidget) -> QScreen | None:
    screen = widget.screen() if widget.isVisible() else None
    return screen or QGuiApplication.primaryScreen()


def fitted(frame: QRect, available: QRect) -> QRect:
    """`frame` made no larger than `available` and moved wholly inside it."""
    room = available
    width = min(frame.width(), room.width())
    height = min(frame.height(), room.height())
    left = min(max(frame.left(), room.left()), room.right() - width + 1)
    top = min(max(frame.top(), room.top()), room.bottom() - height + 1)
    return QRect(left, top, width, height)


def place_over(window: QWidget, over: QWidget | None) -> None:
    """Size `window` to fit the screen and centre it over `over` (or the screen)."""
    screen = _screen_of(over) if over is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    wanted = QRect(0, 0, window.width(), window.height())
    centre = over.frameGeometry().center() if over is not None else available.center()
    wanted.moveCenter(centre)
    window.setGeometry(fitted(wanted, available))


def keep_on_screen(window: QWidget) -> None:
    """Shrink and move a restored window back onto the screen it is on."""
    screen = _screen_of(window)
    if screen is None:
        return
    frame = window.geometry()
    inside = fitted(frame, screen.availableGeometry())
    if inside != frame:
        window.setGeometry(inside)
