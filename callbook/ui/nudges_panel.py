"""The in-app nudge panel: nudges waiting for the rep, with open, snooze and dismiss.

It is also the last way a nudge is shown, the one that always works when the desktop
has no tray to pop a notification from.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.domain.dates import WEEKDAYS
from callbook.domain.nudges import Nudge, SnoozeChoice

NUDGE_ROLE = Qt.ItemDataRole.UserRole + 1


def when_text(nudge: Nudge, clock: Clock) -> str:
    """'08:50' today, else 'Tue 08:50', in the rep's zone now."""
    local = nudge.at.astimezone(clock.zone())
    today = clock.now().astimezone(clock.zone()).date()
    if local.date() == today:
        return f"{local:%H:%M}"
    return f"{WEEKDAYS[local.weekday()].capitalize()} {local:%H:%M}"


class NudgeList(QListWidget):
    """The waiting nudges; Enter opens one, Delete dismisses it."""

    open_pressed = Signal()
    dismiss_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.open_pressed.emit()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem():
            self.dismiss_pressed.emit()
            return
        super().keyPressEvent(event)


class NudgesPanel(QWidget):
    """The nudge shown large on top, the others waiting below it."""

    open_requested = Signal(object)
    snooze_requested = Signal(object, object)
    dismiss_requested = Signal(object)
    history_requested = Signal()
    announced = Signal(object)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.setAccessibleName("Nudges")

        self.banner = QFrame()
        self.banner.setObjectName("nudgeBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("nudgeTitle")
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setAccessibleName("Nudge")
        self.body = QLabel()
        self.body.setObjectName("nudgeBody")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAccessibleName("Nudge details")

        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open the contact's card with the quick log ready")
        self.open_button.clicked.connect(self._open_current)
        self.snooze_button = QToolButton()
        self.snooze_button.setText("&Snooze")
        self.snooze_button.setAccessibleName("Snooze")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.snooze_button)
        self.snooze_actions: dict[SnoozeChoice, QAction] = {}
        for choice in SnoozeChoice:
            action = menu.addAction(choice.label)
            action.setObjectName(f"snooze-{choice.value}")
            action.triggered.connect(lambda _checked=False, c=choice: self._snooze_current(c))
            self.snooze_actions[choice] = action
        self.snooze_button.setMenu(menu)
        self.dismiss_button = QPushButton("&Dismiss")
        self.dismiss_button.clicked.connect(self._dismiss_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.addWidget(self.title)
        banner_layout.addWidget(self.body)
        banner_layout.addLayout(buttons)

        self.waiting = NudgeList()
        self.waiting.setObjectName("nudgeList")
        self.waiting.setAccessibleName("Nudges waiting")
        self.waiting.currentItemChanged.connect(lambda *_: self._show_current())
        self.waiting.itemActivated.connect(lambda _item: self._open_current())
        self.waiting.open_pressed.connect(self._open_current)
        self.waiting.dismiss_pressed.connect(self._dismiss_current)

        self.empty = QLabel("No nudges waiting.")
        self.empty.setObjectName("nudgesEmpty")
        self.empty.setWordWrap(True)
        history = QPushButton("&History and settings…")
        history.setObjectName("nudgeHistory")
        history.clicked.connect(self.history_requested.emit)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.empty)
        layout.addWidget(self.waiting, 3)
        # Keeps the banner at the top when the list below it is hidden.
        layout.addStretch(1)
        layout.addWidget(history)
        self._update()

    # -- what the center tells it ---------------------------------------------------------

    def nudges(self) -> list[Nudge]:
        """The nudges waiting, newest first."""
        return [self.waiting.item(i).data(NUDGE_ROLE) for i in range(self.waiting.count())]

    def current(self) -> Nudge | None:
        """The nudge shown in the banner."""
        item = self.waiting.currentItem()
        return item.data(NUDGE_ROLE) if item is not None else None

    def _row_of(self, key: str) -> int:
        for row in range(self.waiting.count()):
            if self.waiting.item(row).data(NUDGE_ROLE).key == key:
                return row
        return -1

    def add(self, nudge: Nudge) -> None:
        """List a nudge (newest on top); a nudge already listed is not listed twice."""
        if self._row_of(nudge.key) >= 0:
            return
        item = QListWidgetItem(f"{when_text(nudge, self._clock)}  {nudge.title}")
        item.setData(NUDGE_ROLE, nudge)
        item.setToolTip(nudge.body)
        self.waiting.insertItem(0, item)
        if self.waiting.currentItem() is None:
            self.waiting.setCurrentRow(0)
        self._update()

    def announce(self, nudge: Nudge) -> None:
        """List the nudge and put it in the banner, and draw the rep's eye to the window."""
        self.add(nudge)
        self.waiting.setCurrentRow(self._row_of(nudge.key))
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.show()
            dock.raise_()
        QApplication.alert(self.window())
        self.announced.emit(nudge)

    def remove(self, nudge: Nudge) -> None:
        """Take a nudge off the panel (it was opened, snoozed or dismissed)."""
        row = self._row_of(nudge.key)
        if row >= 0:
            self.waiting.takeItem(row)
        self._update()

    def set_waiting(self, nudges: list[Nudge]) -> None:
        """Start from these nudges (newest first), as left when the app was last closed."""
        self.waiting.clear()
        for nudge in reversed(nudges):
            self.add(nudge)
        if nudges:
            self.waiting.setCurrentRow(0)
        self._update()

    def set_next(self, upcoming: Nudge | None) -> None:
        """Say what comes next when nothing is waiting."""
        if upcoming is None:
            self.empty.setText("No nudges waiting, and none planned for the next two days.")
        else:
            self.empty.setText(
                f"No nudges waiting. Next: {when_text(upcoming, self._clock)} {upcoming.title}"
            )

    # -- what the rep does ------------------------------------------------------------------

    def _show_current(self) -> None:
        self._update()

    def _open_current(self) -> None:
        nudge = self.current()
        if nudge is not None:
            self.open_requested.emit(nudge)

    def _snooze_current(self, choice: SnoozeChoice) -> None:
        nudge = self.current()
        if nudge is not None:
            self.snooze_requested.emit(nudge, choice)

    def _dismiss_current(self) -> None:
        nudge = self.current()
        if nudge is not None:
            self.dismiss_requested.emit(nudge)

    def _update(self) -> None:
        nudge = self.current()
        self.banner.setVisible(nudge is not None)
        self.waiting.setVisible(self.waiting.count() > 1)
        self.empty.setVisible(nudge is None)
        if nudge is not None:
            self.title.setText(nudge.title)
            self.body.setText(nudge.body)
            self.open_button.setText("&Open card" if nudge.contact_id is not None else "&Open")


class PanelNotifier:
    """Shows a nudge in the in-app panel: works on every desktop."""

    def __init__(self, panel: NudgesPanel) -> None:
        self._panel = panel

    @property
    def name(self) -> str:
        """'panel'."""
        return "panel"

    def available(self) -> bool:
        """Always."""
        return True

    def show(self, nudge: Nudge) -> None:
        """Put the nudge in the panel's banner."""
        self._panel.announce(nudge)


def nudges_dock(
    panel: NudgesPanel, parent: QWidget | None = None, dock: QDockWidget | None = None
) -> QDockWidget:
    """The panel in a dock the rep can move or close (Ctrl+Shift+U brings it back).

    A dock the window keeps for it already is filled rather than a second one made.
    """
    if dock is None:
        dock = QDockWidget("Nudges", parent)
        dock.setObjectName("nudgesDock")
        dock.setAccessibleName("Nudges panel")
    dock.setWidget(panel)
    toggle = dock.toggleViewAction()
    toggle.setShortcut(QKeySequence("Ctrl+Shift+U"))
    toggle.setText("N&udges panel")
    return dock
