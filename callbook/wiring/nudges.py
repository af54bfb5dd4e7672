"""Nudges in the main window: the tray, the panel dock, the Nudges page and the center's signals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QStyle,
    QSystemTrayIcon,
    QToolBar,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.domain.nudges import Nudge, SnoozeChoice
from callbook.nudges.center import NudgeCenter
from callbook.nudges.notifiers import Notifier, TrayNotifier
from callbook.nudges.scheduler import HEARTBEAT_MS
from callbook.services.book import Store
from callbook.services.nudges import open_nudges
from callbook.ui.dates import weekday_date
from callbook.ui.main_window import NUDGES_DOCK, TODAY, MainWindow
from callbook.ui.nudges_page import NudgesPage
from callbook.ui.nudges_panel import NudgesPanel, PanelNotifier, nudges_dock
from callbook.ui.ops import ChangeBus
from callbook.ui.placement import place_over


@dataclass
class NudgesInWindow:
    """Everything nudges added to the window, kept together so none is garbage-collected."""

    store: Store
    clock: Clock
    center: NudgeCenter
    panel: NudgesPanel
    dock: QDockWidget
    make_page: Callable[[], NudgesPage]
    tray: QSystemTrayIcon | None
    open_page_action: QAction
    made_page: NudgesPage | None = None

    @property
    def page(self) -> NudgesPage:
        """The nudges page (coming up, history, settings), made when first wanted."""
        if self.made_page is None:
            self.made_page = self.make_page()
        return self.made_page

    def start(self) -> None:
        """Plan, catch up on what was missed, and start the scheduler."""
        self.panel.set_waiting(open_nudges(self.store, self.clock))
        self.dock.setVisible(bool(self.panel.nudges()))
        self.center.start()

    def stop(self) -> None:
        """Stop the scheduler and take the tray icon away."""
        self.center.stop()
        if self.tray is not None:
            self.tray.hide()


def app_icon(widget: QWidget) -> QIcon:
    """The window's icon, else a stock one the desktop's style has."""
    icon = widget.windowIcon()
    if icon.isNull():
        icon = widget.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
    return icon


def make_tray(window: QMainWindow, open_page: QAction) -> QSystemTrayIcon | None:
    """A tray icon with a small menu, on desktops that have a tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(app_icon(window), window)
    tray.setToolTip("Callbook")
    menu = QMenu(window)
    show = menu.addAction("&Show Callbook")
    show.triggered.connect(lambda _checked=False: bring_to_front(window))
    menu.addAction(open_page)
    menu.addSeparator()
    quit_action = menu.addAction("&Quit")
    quit_action.triggered.connect(lambda _checked=False: window.close())
    tray.setContextMenu(menu)
    tray.activated.connect(
        lambda reason: (
            bring_to_front(window) if reason == QSystemTrayIcon.ActivationReason.Trigger else None
        )
    )
    tray.show()
    return tray


def bring_to_front(window: QWidget) -> None:
    """Show the window, restored if minimised, and give it the keyboard."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def _status(window: QMainWindow, text: str) -> None:
    window.statusBar().showMessage(text, 6000)


def _when(clock: Clock, at: datetime) -> str:
    local = at.astimezone(clock.zone())
    today = clock.now().astimezone(clock.zone()).date()
    day = "today" if local.date() == today else weekday_date(local.date(), today)
    return f"{day} at {local:%H:%M}"


def install_nudges(
    window: MainWindow,
    store: Store,
    clock: Clock,
    bus: ChangeBus,
    *,
    use_tray: bool = True,
    heartbeat_ms: int = HEARTBEAT_MS,
) -> NudgesInWindow:
    """Add nudges to the window; call start() on the result once the window is shown.

    A click on a nudge about a contact opens their card and then the log for them,
    through the window's `open_card` and `open_log_for`.
    """
    panel = NudgesPanel(clock)
    kept = window.findChild(QDockWidget, NUDGES_DOCK)
    dock = nudges_dock(panel, window, kept)
    if kept is None:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.addAction(dock.toggleViewAction())

    open_page = QAction("&Nudges…", window)
    open_page.setObjectName("Nudges")
    open_page.setShortcut(QKeySequence("Ctrl+Shift+N"))
    open_page.setToolTip("Nudges: coming up, history and settings (Ctrl+Shift+N)")
    window.addAction(open_page)
    toolbar = window.findChild(QToolBar, "mainToolbar")
    if toolbar is not None:
        toolbar.addAction(open_page)
    tray = make_tray(window, open_page) if use_tray else None

    tray_notifier = TrayNotifier(tray, window)
    notifiers: list[Notifier] = [tray_notifier, PanelNotifier(panel)]
    center = NudgeCenter(store, clock, notifiers, window, heartbeat_ms=heartbeat_ms)

    wired: NudgesInWindow

    def make_page() -> NudgesPage:
        # Made on first use: a rarely opened window, and 6 MiB of widgets at start.
        page = NudgesPage(store, clock, center.save_settings, window)
        page.setWindowFlag(Qt.WindowType.Window, True)
        page.open_contact.connect(open_contact)
        return page

    def show_page(history: bool = False) -> None:
        page = wired.page
        if not page.isVisible():
            place_over(page, window)
        page.reload()
        if history:
            page.show_history()
        bring_to_front(page)

    def open_contact(contact_id: int) -> None:
        bring_to_front(window)
        window.open_card(contact_id)
        # After the card is painted, so the quick log opens over the right contact.
        QTimer.singleShot(0, lambda: window.open_log_for(contact_id))

    def open_today() -> None:
        bring_to_front(window)
        window.show_page(TODAY)

    def snooze(nudge: Nudge, choice: SnoozeChoice) -> None:
        try:
            until = center.snooze(nudge, choice)
        except Exception as error:
            # The nudge stays in the panel, so nothing is lost; say why it could not be put off.
            _status(window, f"Could not snooze “{nudge.title}”: {error}")
            return
        _status(window, f"Snoozed: “{nudge.title}” comes back {_when(clock, until)}.")

    def show_next() -> None:
        now = clock.now()
        upcoming = [n for n in center.planned() if n.at > now]
        panel.set_next(upcoming[0] if upcoming else None)
        if wired.made_page is not None and wired.made_page.isVisible():
            wired.made_page.reload()

    open_page.triggered.connect(lambda _checked=False: show_page())
    panel.open_requested.connect(center.click)
    panel.snooze_requested.connect(snooze)
    panel.dismiss_requested.connect(center.dismiss)
    panel.history_requested.connect(lambda: show_page(history=True))
    tray_notifier.clicked.connect(center.click)
    center.shown.connect(panel.add)
    center.settled.connect(panel.remove)
    # What comes next moves on once a nudge has been shown or dealt with.
    center.shown.connect(lambda _nudge: show_next())
    center.settled.connect(lambda _nudge: show_next())
    center.replanned.connect(show_next)
    center.open_contact.connect(open_contact)
    center.open_today.connect(open_today)
    center.open_history.connect(lambda: show_page(history=True))
    # Every change made from the window replans the nudges.
    bus.published.connect(lambda published: center.changed(published.changed))
    wired = NudgesInWindow(store, clock, center, panel, dock, make_page, tray, open_page)
    return wired
