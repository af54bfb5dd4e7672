"""Windows open where the rep can see all of them: on screen, over the window they came from."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# Room left for a title bar the window manager has not drawn yet.
TITLE_BAR = 32


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


def _frame_extra(window: QWidget, like: QWidget | None) -> tuple[int, int, int, int]:
    """How far the window manager's frame reaches beyond the window: left, top, right, bottom.

    A window not shown yet has no frame: one like it (the window it opens over) tells.
    """
    sample = window if window.isVisible() or like is None else like
    frame, inner = sample.frameGeometry(), sample.geometry()
    return (
        inner.left() - frame.left(),
        inner.top() - frame.top(),
        frame.right() - inner.right(),
        frame.bottom() - inner.bottom(),
    )


def _inside(window: QWidget, wanted: QRect, available: QRect, like: QWidget | None) -> QRect:
    left, top, right, bottom = _frame_extra(window, like)
    room = available.adjusted(left, top, -right, -bottom)
    return fitted(wanted, room)


def place_over(window: QWidget, over: QWidget | None) -> None:
    """Size `window` to fit the screen, frame and all, and centre it over `over`."""
    screen = _screen_of(over) if over is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    wanted = QRect(0, 0, window.width(), window.height())
    centre = over.frameGeometry().center() if over is not None else available.center()
    wanted.moveCenter(centre)
    window.setGeometry(_inside(window, wanted, available, over))


def keep_on_screen(window: QWidget) -> None:
    """Shrink a window made or remembered larger than its screen, title bar and all.

    Where it goes is left to the window manager (and to Qt's restoreGeometry, which
    already brings a window remembered off screen back onto it).
    """
    screen = _screen_of(window)
    if screen is None:
        return
    available = screen.availableGeometry()
    left, top, right, bottom = _frame_extra(window, None)
    if not window.isVisible():
        top = max(top, TITLE_BAR)
    width = min(window.width(), available.width() - left - right)
    height = min(window.height(), available.height() - top - bottom)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
