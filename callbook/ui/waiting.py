"""Waiting on them: every message left unanswered, how long, how many tries, the next one (F8)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.domain.quick_log import next_attempt_text, waiting_summary
from callbook.domain.vocabulary import LoopKind
from callbook.services.book import Store
from callbook.services.loops import WaitingLoop, stop_chasing, waiting_count, waiting_on_them
from callbook.ui.dates import weekday_date
from callbook.ui.ops import ChangeBus, Published, run_change, the_change
from callbook.ui.tables import CONTACT_ID_ROLE, column_header
from callbook.ui.today_page import ContactTable

LOOP_ID_ROLE = Qt.ItemDataRole.UserRole + 20
SORT_ROLE = Qt.ItemDataRole.UserRole + 21
AnyIndex = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()

KIND_WORDS = {
    LoopKind.VOICEMAIL: "Voicemail",
    LoopKind.EMAIL: "Email",
    LoopKind.TEXT: "Text",
    LoopKind.PROPOSAL: "Proposal",
}


class WaitingModel(QAbstractTableModel):
    """Open loops as rows: who, what was left, days waiting, attempts, next try."""

    headers = ("Who", "Waiting on", "Days waiting", "Attempts", "Next try")
    WHO, WHAT, DAYS, ATTEMPTS, NEXT = range(5)

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self._clock = clock
        self._rows: list[WaitingLoop] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[WaitingLoop]) -> None:
        """Show a freshly read list."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[WaitingLoop]:
        """Every row, in the order read."""
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_header(self.headers, section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == CONTACT_ID_ROLE:
            return row.contact_id
        if role == LOOP_ID_ROLE:
            return row.loop_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.FontRole and column == self.NEXT and row.due(self._today()):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.DAYS, self.ATTEMPTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _today(self) -> Any:
        return self._clock.now().astimezone(self._clock.zone()).date()

    def _display(self, row: WaitingLoop, column: int) -> str:
        if column == self.WHO:
            return f"{row.name} · {row.company}" if row.company else row.name
        if column == self.WHAT:
            left = row.opened_at.astimezone(self._clock.zone())
            what = f"{KIND_WORDS[row.kind]} of {weekday_date(left.date(), self._today())}"
            first_line = row.subject.strip().splitlines()[0] if row.subject.strip() else ""
            return f"{what}: {first_line}" if first_line else what
        if column == self.DAYS:
            return f"{row.days_waiting:,}"
        if column == self.ATTEMPTS:
            return f"{row.attempts}"
        return next_attempt_text(row.next_attempt_on, self._today())

    def _tooltip(self, row: WaitingLoop, column: int) -> str:
        if column == self.WHAT and row.subject:
            return row.subject
        if column == self.NEXT and row.next_attempt_on is None:
            return "Every try of the chase cadence is used; stop chasing or wait for them."
        return self._display(row, column)

    def _sort_key(self, row: WaitingLoop, column: int) -> Any:
        if column == self.WHO:
            return row.name.casefold()
        if column == self.WHAT:
            return row.opened_at.timestamp()
        if column == self.DAYS:
            return row.days_waiting
        if column == self.ATTEMPTS:
            return row.attempts
        # Cadence done sorts last: nothing more is planned.
        return row.next_attempt_on.toordinal() if row.next_attempt_on else 10**9


class WaitingPage(QWidget):
    """The Waiting-on-them page: the total, the list, and what the rep can do about a row."""

    contact_chosen = Signal(int)
    log_requested = Signal(int)
    status = Signal(str)
    total_changed = Signal(int)

    def __init__(
        self, store: Store, clock: Clock, bus: ChangeBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._bus = bus
        # Shown, it reads again what any change touched; out of sight, when next shown.
        bus.published.connect(self._refresh_from)
        self.setAccessibleName("Waiting on them")
        self.model = WaitingModel(clock)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.total = QLabel()
        self.total.setObjectName("waitingTotal")
        self.total.setAccessibleName("Messages waiting")
        font = QFont(self.total.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.total.setFont(font)
        hint = QLabel(
            "Voicemails, emails, texts and proposals you left, until they answer. Enter logs "
            "the next try; a connected call or their reply takes them off."
        )
        hint.setWordWrap(True)
        self.table = ContactTable("Messages waiting to be returned")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(WaitingModel.DAYS, Qt.SortOrder.DescendingOrder)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WaitingModel.WHAT, QHeaderView.ResizeMode.Stretch)
        # Who and when to try next are what the rep scans for: room for both in full.
        header.resizeSection(WaitingModel.WHO, 190)
        header.resizeSection(WaitingModel.NEXT, 170)
        for narrow in (WaitingModel.DAYS, WaitingModel.ATTEMPTS):
            header.setSectionResizeMode(narrow, QHeaderView.ResizeMode.ResizeToContents)
        self.table.contact_chosen.connect(self.contact_chosen)
        self.table.contact_opened.connect(self.log_requested)
        self.log_button = QPushButton("&Log the next try…   Enter")
        self.log_button.clicked.connect(self._log_current)
        self.stop_button = QPushButton("&Stop chasing…   Del")
        self.stop_button.clicked.connect(self.stop_current)
        self.table.installEventFilter(self)
        self.empty = QLabel(
            "Nobody owes you a reply. A voicemail, email, text or proposal you leave shows up "
            "here with its days waiting and the next try, until they get back to you."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName("Nothing waiting")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.total)
        layout.addWidget(hint)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.table)

    def reload(self) -> None:
        """Read the open loops again, keeping the current row where it can."""
        current = self.current_loop()
        rows = waiting_on_them(self._store, self._clock)
        self.model.set_rows(rows)
        self.total.setText(waiting_summary(len(rows)))
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self.log_button.setEnabled(bool(rows))
        self.stop_button.setEnabled(bool(rows))
        self._select(current)
        self.total_changed.emit(len(rows))

    def _select(self, loop_id: int | None) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if loop_id is None or index.data(LOOP_ID_ROLE) == loop_id:
                self.table.setCurrentIndex(index)
                return
        self.table.select_first()

    def current_loop(self) -> int | None:
        """The open loop on the current row."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(LOOP_ID_ROLE)
        return int(value) if value is not None else None

    def _log_current(self) -> None:
        contact = self.table.current_contact()
        if contact is not None:
            self.log_requested.emit(contact)

    def stop_current(self) -> None:
        """Give up on the current row's message, after asking."""
        loop_id = self.current_loop()
        index = self.table.currentIndex()
        if loop_id is None:
            return
        who = str(index.siblingAtColumn(WaitingModel.WHO).data())
        answer = QMessageBox.question(
            self,
            "Stop chasing",
            f"Stop chasing {who}? The log keeps every try; a reply still shows up as usual.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def refused(error: Exception) -> None:
            self.status.emit(str(error))
            self.reload()  # the message may have been answered meanwhile

        stopped = run_change(
            self._bus,
            lambda: stop_chasing(self._store, self._clock, loop_id),
            refused,
            the_change,
            initiator=self,
        )
        if stopped is not None:
            self.status.emit(f"Stopped chasing {who}.")

    def _refresh_from(self, published: Published) -> None:
        changed = published.changed
        if self.isVisible() and (changed.loops or changed.today or changed.contact_list):
            self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self.stop_current()
            return True
        return super().eventFilter(watched, event)


class WaitingTotal(QPushButton):
    """The main window's '14 messages waiting to be returned'; a click opens the page."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setObjectName("waitingTotalButton")
        self.setFlat(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setToolTip("Open Waiting on them")
        self.refresh()

    def refresh(self) -> None:
        """Count the open loops again."""
        self.show_count(waiting_count(self._store))

    def show_count(self, count: int) -> None:
        """Show `count` without asking the store (the page just counted)."""
        self.setText(waiting_summary(count))
        self.setAccessibleName(waiting_summary(count))
