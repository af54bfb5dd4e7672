"""Ways a nudge reaches the rep, tried in order; the last one (the in-app panel) always works."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from callbook.domain.nudges import Nudge, NudgeKind

log = logging.getLogger(__name__)

TRAY_MESSAGE_MS = 20_000


class Notifier(Protocol):
    """One way of putting a nudge in front of the rep."""

    @property
    def name(self) -> str:
        """How the history says the nudge was shown: 'tray', 'panel'."""

    def available(self) -> bool:
        """True when this way works here and now."""

    def show(self, nudge: Nudge) -> None:
        """Put the nudge in front of the rep."""


class NoNotifierError(RuntimeError):
    """No way of showing a nudge worked (the in-app panel should always)."""


class TrayNotifier(QObject):
    """A desktop notification from the tray icon, where the desktop has a tray that shows them."""

    clicked = Signal(object)

    def __init__(self, tray: QSystemTrayIcon | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tray = tray
        self._last: Nudge | None = None
        if tray is not None:
            tray.messageClicked.connect(self._message_clicked)

    @property
    def name(self) -> str:
        """'tray'."""
        return "tray"

    def available(self) -> bool:
        """A visible tray icon on a desktop whose tray shows messages."""
        return (
            self._tray is not None
            and QSystemTrayIcon.isSystemTrayAvailable()
            and QSystemTrayIcon.supportsMessages()
            and self._tray.isVisible()
        )

    def show(self, nudge: Nudge) -> None:
        """Pop the nudge up from the tray; a click on it opens what it is about."""
        assert self._tray is not None
        self._last = nudge
        icon = (
            QSystemTrayIcon.MessageIcon.Warning
            if nudge.kind is NudgeKind.CATCH_UP
            else QSystemTrayIcon.MessageIcon.Information
        )
        self._tray.showMessage(nudge.title, nudge.body, icon, TRAY_MESSAGE_MS)

    def _message_clicked(self) -> None:
        # The tray only says "the message was clicked": it is the last one shown.
        if self._last is not None:
            self.clicked.emit(self._last)


class NotifierChain:
    """Tries each way in order and reports which one showed the nudge."""

    def __init__(self, notifiers: Sequence[Notifier]) -> None:
        if not notifiers:
            raise ValueError("a notifier chain needs at least one way to show a nudge")
        self._notifiers = list(notifiers)

    def show(self, nudge: Nudge) -> str:
        """Show the nudge the first way that works; its name, for the history."""
        for notifier in self._notifiers:
            if not notifier.available():
                continue
            try:
                notifier.show(nudge)
            except Exception:
                # A broken desktop service must not swallow the nudge: try the next way.
                log.exception("showing a nudge via %s failed", notifier.name)
                continue
            return notifier.name
        raise NoNotifierError(f"no way to show the nudge '{nudge.title}'")
