"""The quick log and Waiting on them in the main window: Ctrl+L, the tray, the page, the total."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from callbook.domain.clock import Clock
from callbook.services.book import Store
from callbook.services.changes import Changed
from callbook.ui.main_window import TODAY, MainWindow
from callbook.ui.quick_log import QuickLog, QuickLogStart, quick_log_action
from callbook.ui.waiting import WaitingPage, WaitingTotal

log = logging.getLogger(__name__)

WAITING = "waiting"


def bring_forward(window: QWidget) -> None:
    """Show the window, restored if minimised, on top and with the keyboard."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def quick_log_start(window: MainWindow, waiting: WaitingPage) -> QuickLogStart:
    """What Ctrl+L starts from: the Today row, the waiting row, or the card shown."""
    page = window.current_page()
    if page == TODAY:
        index = window.today_page.table.currentIndex()
        row = window.today_page.model.today_row(index.row()) if index.isValid() else None
        if row is not None:
            return QuickLogStart(row.contact.contact_id, row.top.kind.value)
    elif page == WAITING:
        contact = waiting.table.current_contact()
        if contact is not None:
            return QuickLogStart(contact, "chase")
    contact = window.current_contact()
    return QuickLogStart(contact) if contact is not None else QuickLogStart()


@dataclass
class QuickLogInWindow:
    """What the quick log added to the window, kept together so none is garbage-collected."""

    window: MainWindow
    quick_log: QuickLog
    action: QAction
    page: WaitingPage
    page_action: QAction
    total: WaitingTotal
    activations: int = field(default=0)

    def start(self) -> None:
        """Once the window is up: offer back any quick log a crash left unsaved."""
        QTimer.singleShot(0, self.quick_log.offer_drafts)

    def current_start(self) -> QuickLogStart:
        """What Ctrl+L starts from now."""
        return quick_log_start(self.window, self.page)

    def open_for(self, contact_id: int) -> None:
        """The window's Log action: the quick log for one contact, with the row's reason."""
        start = self.current_start()
        reason = start.today_reason if start.contact_id == contact_id else None
        self.quick_log.open(QuickLogStart(contact_id, reason))

    def handle(self, command: str) -> None:
        """A second start or `callbook log` in a terminal asked for something."""
        self.activations += 1
        bring_forward(self.window)
        if command == "quick-log":
            # From a terminal nothing is selected: the rep types who it was.
            self.quick_log.open(QuickLogStart())
        log.info("asked by another start to %s", command)

    def status(self) -> dict[str, Any]:
        """What the running window is doing, for whoever asks over the instance socket."""
        return {
            "pid": os.getpid(),
            "window_visible": self.window.isVisible(),
            "quick_log_open": self.quick_log.is_open(),
            "page": self.window.current_page(),
            "activations": self.activations,
        }

    def refresh_from(self, changed: Changed) -> None:
        """Keep the waiting total in step with a change anywhere (the page keeps itself)."""
        if changed.loops or changed.today or changed.contact_list:
            self.total.refresh()


def install_quick_log(
    window: MainWindow, store: Store, clock: Clock, tray: QSystemTrayIcon | None = None
) -> QuickLogInWindow:
    """Add Ctrl+L, the tray entry, the Waiting page and the waiting total to the window."""
    quick_log = QuickLog(store, clock, window.bus, lambda: window)
    quick_log.setParent(window)
    page = WaitingPage(store, clock, window.bus)
    page_action = QAction("&Waiting", window)
    page_action.setObjectName("Waiting")
    page_action.setShortcut(QKeySequence("Ctrl+3"))
    page_action.setToolTip("Waiting on them: messages not yet returned (Ctrl+3)")
    total = WaitingTotal(store)
    action = quick_log_action(window, quick_log, lambda: quick_log_start(window, page))
    wiring = QuickLogInWindow(window, quick_log, action, page, page_action, total)
    window.add_page(WAITING, page, page_action, page.reload)
    window.statusBar().addPermanentWidget(total)
    total.clicked.connect(lambda: window.show_page(WAITING))
    page.total_changed.connect(total.show_count)
    page.contact_chosen.connect(window.show_card)
    page.log_requested.connect(lambda contact: quick_log.open(QuickLogStart(contact, "chase")))
    page.status.connect(lambda text: window.statusBar().showMessage(text, 5000))
    window.set_log_opener(wiring.open_for)
    window.bus.published.connect(lambda published: wiring.refresh_from(published.changed))
    quick_log.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    if tray is not None and tray.contextMenu() is not None:
        menu = tray.contextMenu()
        tray_action = QAction("&Quick log…", menu)
        tray_action.triggered.connect(lambda: wiring.handle("quick-log"))
        shown = menu.actions()
        if len(shown) > 1:
            menu.insertAction(shown[1], tray_action)  # right under "Show Callbook"
        else:
            menu.addAction(tray_action)
    return wiring
