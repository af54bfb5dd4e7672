"""The Today page, and the contact list widget every page shares."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.domain.today import TodayPlace, TodayRow
from callbook.ui.cell_room import RoomForButtons
from callbook.ui.dates import long_day
from callbook.ui.row_actions import RowActions
from callbook.ui.tables import CONTACT_ID_ROLE, LazyTable
from callbook.ui.today_model import TodayModel


class ContactTable(QTreeView):
    """A flat list of contacts: Enter opens the card, the current row picks the contact."""

    contact_chosen = Signal(int)
    contact_opened = Signal(int)

    def __init__(
        self, accessible_name: str, follows_current: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._follows_current = follows_current
        self._quiet = False
        self.setAccessibleName(accessible_name)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.activated.connect(self._opened)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt's name
        super().setModel(model)
        if self._follows_current:
            self.selectionModel().currentRowChanged.connect(self._chosen)

    def doItemsLayout(self) -> None:  # noqa: N802 - Qt's name
        # QTreeView fetches one more page whenever it lays out the root, before it knows
        # what fits; held here, rows are fetched when the view finds it can show more.
        model = self.model()
        if not isinstance(model, LazyTable):
            super().doItemsLayout()
            return
        model.fetch_held = True
        try:
            super().doItemsLayout()
        finally:
            model.fetch_held = False

    def contact_at(self, index: QModelIndex) -> int | None:
        """The contact shown on the row of `index`."""
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(CONTACT_ID_ROLE)
        return int(value) if value is not None else None

    def current_contact(self) -> int | None:
        """The contact on the current row."""
        return self.contact_at(self.currentIndex())

    def select_first(self) -> None:
        """Make the first row current, without moving focus."""
        model = self.model()
        if model is not None and model.rowCount() > 0:
            self.setCurrentIndex(model.index(0, 0))

    def set_current_quietly(self, index: QModelIndex) -> None:
        """Make `index` current without choosing its contact for the card."""
        self._quiet = True
        try:
            self.setCurrentIndex(index)
        finally:
            self._quiet = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            contact = self.current_contact()
            if contact is not None:
                self.contact_opened.emit(contact)
                return
        super().keyPressEvent(event)

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        contact = self.contact_at(current)
        if contact is not None and not self._quiet:
            self.contact_chosen.emit(contact)

    def _opened(self, index: QModelIndex) -> None:
        contact = self.contact_at(index)
        if contact is not None:
            self.contact_opened.emit(contact)


def heading(text: str, accessible_name: str) -> QLabel:
    label = QLabel(text)
    label.setAccessibleName(accessible_name)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class FirstRunPanel(QWidget):
    """What a first start shows: what Callbook does, demo data, or add someone."""

    demo_requested = Signal()
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Your call book is empty")
        title = heading("Your call book is empty", "Your call book is empty")
        text = QLabel(
            "Callbook tells you each morning who to call and why: personal check-ins that are "
            "overdue, voicemails waiting on a reply, follow-ups you promised and birthdays this "
            "week.\n\nTry it with 200 realistic demo contacts, bring in the contacts you "
            "already have, or add your first contact."
        )
        text.setWordWrap(True)
        self.demo_button = QPushButton("Fill with &demo data (200 contacts)")
        self.demo_button.setAccessibleName("Fill with demo data")
        self.demo_button.setDefault(True)
        self.demo_button.clicked.connect(self.demo_requested)
        self.add_button = QPushButton("&Add a contact…   Ctrl+N")
        self.add_button.setAccessibleName("Add a contact")
        self.add_button.clicked.connect(self.add_requested)
        # Shown once the window can import: see offer_import.
        self.import_button = QPushButton("&Import contacts…   Ctrl+O")
        self.import_button.setAccessibleName("Import contacts")
        self.import_button.hide()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(text)
        # One above the other: a narrow list beside the card still shows them whole.
        buttons = QVBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.add_button)
        row = QHBoxLayout()
        row.addLayout(buttons)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def offer_import(self, action: QAction) -> None:
        """Offer bringing in vCard and CSV files through the window's import `action`."""
        self.import_button.clicked.connect(lambda _checked=False: action.trigger())
        self.import_button.show()


class TodayPage(QWidget):
    """Who to call today and why, most pressing first."""

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Today")
        self._clock = clock
        self.heading = heading("Today", "Today heading")
        self.model = TodayModel(clock)
        self._has_contacts = False
        # The heading's count follows the list when someone drops out of its unseen part.
        self.model.dropped.connect(self._count_again)
        self.table = ContactTable("Who to call today")
        self.table.setModel(self.model)
        self._time_cell = RoomForButtons(self.table)
        self.row_actions: RowActions | None = None
        self.fit_columns()
        self.nothing_due = QLabel()
        self.nothing_due.setAccessibleName("Nothing due today")
        self.nothing_due.setWordWrap(True)
        self.nothing_due.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.first_run = FirstRunPanel()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.nothing_due)
        self.stack.addWidget(self.first_run)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)

    def fit_columns(self) -> None:
        """Size the columns to the window: who and why take the room left, their time its text.

        Each row reads on two lines (who over why, their time over the best way), so the
        reason has the list's width even beside the card and the nudges panel. Nothing
        scrolls sideways: what does not fit is cut with '…' and said whole on hover.
        """
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        # The short column is measured on the rows in sight, not on thousands.
        header.setResizeContentsPrecision(40)
        header.setSectionResizeMode(TodayModel.WHO, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TodayModel.THEIR_TIME, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(len(TodayModel.headers)):
            self.table.setColumnHidden(column, column not in TodayModel.SHOWN)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setItemDelegateForColumn(TodayModel.THEIR_TIME, self._time_cell)

    def show_row_actions(self, actions: Sequence[QAction]) -> None:
        """Put `actions` as buttons on the current row, beside their time."""
        self.row_actions = RowActions(self.table, actions, TodayModel.THEIR_TIME)
        self._time_cell.room = self.row_actions.sizeHint().width()
        self.row_actions.attach()
        # Measured again with the room for the buttons.
        self.model.layoutChanged.emit()

    def show_list(self, places: Sequence[TodayPlace], has_contacts: bool) -> None:
        """Show a freshly ranked list, keeping the current contact when still there."""
        self._has_contacts = has_contacts
        keep = self.table.current_contact()
        self.model.set_list(places)
        self._show_state(has_contacts)
        if keep is not None:
            found = self.model.row_of(keep)
            if found is not None:
                self.table.setCurrentIndex(self.model.index(found, 0))

    def update_contacts(
        self, contact_ids: Collection[int], rows: list[TodayRow], has_contacts: bool
    ) -> None:
        """Re-rank only the contacts a change touched; the rest of the list stays as it is.

        The current contact stays current where they moved to; when they left the list
        (logged, snoozed), the next one down becomes current, as in any list.
        """
        keep = self.table.current_contact()
        was_at = self.table.currentIndex().row()
        selection = self.table.selectionModel()
        blocked = selection.blockSignals(True)
        try:
            self.model.replace_contacts(contact_ids, rows)
            found = self.model.row_of(keep) if keep is not None else None
            if found is not None:
                self.table.setCurrentIndex(self.model.index(found, 0))
        finally:
            selection.blockSignals(blocked)
        if keep is not None and found is None and self.model.rowCount() > 0:
            self.table.setCurrentIndex(
                self.model.index(min(max(was_at, 0), self.model.rowCount() - 1), 0)
            )
            self.table.contact_chosen.emit(self.table.current_contact())
        self._has_contacts = has_contacts
        self._show_state(has_contacts)

    def _count_again(self) -> None:
        self._show_state(self._has_contacts)

    def _show_state(self, has_contacts: bool) -> None:
        count = self.model.total()
        local = self._clock.now().astimezone(self._clock.zone())
        day = long_day(local.date())
        if not has_contacts:
            self.heading.setText("Welcome to Callbook")
            self.stack.setCurrentWidget(self.first_run)
            return
        if not count:
            self.heading.setText(f"{day}: nothing due")
            self.nothing_due.setText(
                "Nothing due today: no check-ins overdue, no chases, no follow-ups, "
                "no birthdays this week.\n\nA good day to give before you ask: send someone "
                "an article or an intro."
            )
            self.stack.setCurrentWidget(self.nothing_due)
            return
        people = "1 person to call" if count == 1 else f"{count:,} people to call"
        self.heading.setText(f"{day}: {people}")
        self.stack.setCurrentWidget(self.table)
