"""Item models for Today, the contact list, search results and the timeline, fetched lazily."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from callbook.domain.clock import Clock
from callbook.domain.today import ReasonKind, TodayRow, rank_key
from callbook.services.card import TimelineEntry
from callbook.services.contact_list import (
    ContactListRow,
    ListQuery,
    SortBy,
    contact_page,
    count_contacts,
)
from callbook.services.search import SearchHit
from callbook.store.engine import Store

CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200
AnyIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
_NO_INDEX = QModelIndex()
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

CHANNEL_WORDS = {
    "phone": "Call",
    "text": "Text first",
    "email": "Email",
    "in-person": "In person",
    "video": "Video",
}


def days_ago(day: date, today: date) -> str:
    """'today', 'yesterday', '12 days ago'."""
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days:,} days ago"


def short_date(day: date, today: date) -> str:
    """'12 Mar', with the year when it is not this year."""
    return f"{day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")


def column_header(
    headers: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """A table's column title for headerData; None for anything else Qt asks."""
    if (
        orientation == Qt.Orientation.Horizontal
        and role == Qt.ItemDataRole.DisplayRole
        and 0 <= section < len(headers)
    ):
        return headers[section]
    return None


class _LazyTable(QAbstractTableModel, Generic[Row]):
    """A table whose rows are handed to the view a page at a time."""

    headers: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []
        self._shown = 0
        self._resetting = False

    def _begin_reset(self) -> None:
        self._resetting = True
        self.beginResetModel()

    def _end_reset(self) -> None:
        try:
            self.endResetModel()
        finally:
            self._resetting = False

    def _reset_rows(self, rows: list[Row]) -> None:
        self._begin_reset()
        self._rows = rows
        self._shown = min(PAGE, len(rows))
        self._end_reset()

    def rowCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.headers)

    def canFetchMore(self, parent: AnyIndex = _NO_INDEX) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and not self._resetting and self._shown < self._total()

    def fetchMore(self, parent: AnyIndex = _NO_INDEX) -> None:  # noqa: N802 - Qt's name
        # Views ask for more while the reset is still being announced; they ask again after.
        if parent.isValid() or self._resetting:
            return
        more = self._load_more(self._shown, PAGE)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def _total(self) -> int:
        return len(self._rows)

    def _load_more(self, start: int, count: int) -> int:
        return min(count, len(self._rows) - start)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_header(self.headers, section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def row_at(self, row: int) -> Row | None:
        """The snapshot shown on `row`, if any."""
        return self._rows[row] if 0 <= row < self._shown else None

    def total(self) -> int:
        """How many rows there are in all, loaded or not."""
        return self._total()


class TodayModel(_LazyTable[TodayRow]):
    """Who to call today and why; their local time is read from the clock when shown."""

    headers = ("Who", "Why", "Overdue", "Their time", "Best way")
    WHO, WHY, OVERDUE, THEIR_TIME, BEST_WAY = range(5)

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self._clock = clock
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[TodayRow]) -> None:
        """Show a freshly computed Today list."""
        self._reset_rows(list(rows))

    def rows(self) -> list[TodayRow]:
        """Every row of the list, loaded or not."""
        return list(self._rows)

    def replace_contacts(self, contact_ids: Collection[int], fresh: Sequence[TodayRow]) -> None:
        """Put `fresh` rows in place of those contacts' rows, each where its rank puts it."""
        for number in range(len(self._rows) - 1, -1, -1):
            if self._rows[number].contact.contact_id not in contact_ids:
                continue
            if number < self._shown:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self._rows[number]
                self._shown -= 1
                self.endRemoveRows()
            else:
                del self._rows[number]
        keys = [rank_key(row) for row in self._rows]
        for row in sorted(fresh, key=rank_key):
            key = rank_key(row)
            position = bisect_left(keys, key)
            keys.insert(position, key)
            if position < self._shown or self._shown == len(self._rows):
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, row)
                self._shown += 1
                self.endInsertRows()
            else:
                self._rows.insert(position, row)

    def row_of(self, contact_id: int) -> int | None:
        """Where a contact sits among the rows the view has loaded."""
        for number, row in enumerate(self._rows[: self._shown]):
            if row.contact.contact_id == contact_id:
                return number
        return None

    def refresh_times(self) -> None:
        """Tell the view their local times and open windows moved on."""
        if self._shown:
            self.dataChanged.emit(
                self.index(0, self.THEIR_TIME), self.index(self._shown - 1, self.BEST_WAY)
            )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == CONTACT_ID_ROLE:
            return row.contact.contact_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.WHY:
                return "\n".join(r.text for r in row.reasons)
            if column == self.BEST_WAY:
                return self._best_way(row, long=True)
            return self._display(row, column)
        if role == Qt.ItemDataRole.FontRole and column == self.BEST_WAY and self._open_now(row):
            return self._bold
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.OVERDUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _open_now(self, row: TodayRow) -> bool:
        opening = row.opening
        return opening is not None and opening.is_open(self._clock.now())

    def _display(self, row: TodayRow, column: int) -> str:
        contact = row.contact
        if column == self.WHO:
            tier = f"  [{contact.tier.value}]"
            return (
                f"{contact.name} · {contact.company}{tier}"
                if contact.company
                else (contact.name + tier)
            )
        if column == self.WHY:
            return row.reason
        if column == self.OVERDUE:
            late = row.top.days_overdue
            if row.top.kind is ReasonKind.DATE:
                return "this week" if late < 0 else "today"
            return "due today" if late <= 0 else f"{late:,} d"
        if column == self.THEIR_TIME:
            if contact.zone is None:
                return "zone unknown"
            there = self._clock.now().astimezone(contact.zone)
            return f"{there:%H:%M} {there:%a}"
        return self._best_way(row, long=False)

    def _best_way(self, row: TodayRow, long: bool) -> str:
        channel = CHANNEL_WORDS.get(row.best_channel.value, "") if row.best_channel else ""
        opening = row.opening
        if opening is None:
            return channel or "any time"
        now = self._clock.now()
        mine = self._clock.zone()
        if opening.is_open(now):
            when = f"● best time now, until {opening.ends_at.astimezone(mine):%H:%M}"
        else:
            start = opening.starts_at.astimezone(mine)
            today = now.astimezone(mine).date()
            day = "" if start.date() == today else f"{start:%a} "
            when = f"best {day}{start:%H:%M}"
            if long:
                when += " your time"
        return f"{channel}, {when}" if channel else when


class ContactListModel(_LazyTable[ContactListRow]):
    """Every contact, sorted and filtered in SQL, a page at a time."""

    headers = ("Name", "Company", "Title", "Tier", "Last personal check-in", "Days since")
    SORTS = (SortBy.NAME, SortBy.COMPANY, None, SortBy.TIER, SortBy.LAST_CHECKIN, SortBy.DAYS_SINCE)

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self._store = store
        self._clock = clock
        self._query = ListQuery()
        self._count = 0

    @property
    def query(self) -> ListQuery:
        """The order and filter shown now."""
        return self._query

    def set_query(self, query: ListQuery) -> None:
        """Show the list under another order or filter."""
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Read the count and the first page again."""
        self._begin_reset()
        self._count = count_contacts(self._store, self._query)
        self._rows = contact_page(self._store, self._clock, self._query, 0, PAGE)
        self._shown = len(self._rows)
        self._end_reset()

    def _total(self) -> int:
        return self._count

    def _load_more(self, start: int, count: int) -> int:
        page = contact_page(self._store, self._clock, self._query, start, count)
        self._rows.extend(page)
        return len(page)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.SORTS):
            return
        by = self.SORTS[column]
        if by is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(ListQuery(by, descending, self._query.tier, self._query.tag))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == CONTACT_ID_ROLE:
            return row.contact_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: ContactListRow, column: int) -> str:
        if column == 0:
            return row.name
        if column == 1:
            return row.company
        if column == 2:
            return row.title
        if column == 3:
            return row.tier.value
        if row.last_personal_checkin_at is None:
            return "never" if column == 4 else "—"
        if column == 4:
            today = self._clock.now().astimezone(self._clock.zone()).date()
            return short_date(
                row.last_personal_checkin_at.astimezone(self._clock.zone()).date(), today
            )
        return f"{row.days_since_checkin:,}" if row.days_since_checkin is not None else "—"

    def row_of(self, contact_id: int) -> int | None:
        """Where a contact sits among the loaded rows."""
        for number, row in enumerate(self._rows[: self._shown]):
            if row.contact_id == contact_id:
                return number
        return None


_HIT_ROLES = frozenset(
    {int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.AccessibleTextRole), CONTACT_ID_ROLE}
)


class SearchResultsModel(_LazyTable[SearchHit]):
    """What the type-ahead found, name matches first."""

    headers = ("Name", "Company", "Found in")

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        """Show the latest results."""
        self._reset_rows(list(hits))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles a cell at every keystroke; most are answered at once.
        if role not in _HIT_ROLES:
            return None
        hit = self.row_at(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role == CONTACT_ID_ROLE:
            return hit.contact_id
        column = index.column()  # display and accessible text alike
        if column == 0:
            return f"{hit.name}  [{hit.tier}]"
        if column == 1:
            return hit.company
        return hit.matched_in


class TimelineModel(_LazyTable[TimelineEntry]):
    """Every touch with a contact, newest first, in the rep's local time."""

    headers = ("When", "What", "Purpose", "Note", "Next step")

    def __init__(self, zone: Callable[[], ZoneInfo]) -> None:
        super().__init__()
        self._zone = zone

    def set_entries(self, entries: Sequence[TimelineEntry]) -> None:
        """Show one contact's timeline."""
        self._reset_rows(list(entries))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.row_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return self._display(entry, index.column())
        return None

    def _display(self, entry: TimelineEntry, column: int) -> str:
        if column == 0:
            local: datetime = entry.occurred_at.astimezone(self._zone())
            return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"
        if column == 1:
            via = CHANNEL_WORDS.get(entry.channel.value, entry.channel.value)
            if entry.channel.value == "phone":
                via = "Call"
            if entry.direction.value == "inbound":
                via = f"{via} from them"
            minutes = (
                f", {round(entry.duration_seconds / 60)} min"
                if entry.duration_seconds and entry.duration_seconds >= 60
                else ""
            )
            return f"{via}: {entry.outcome.label.lower()}{minutes}"
        if column == 2:
            return entry.purpose.label
        if column == 3:
            return entry.note.replace("\n", " ")
        if not entry.next_step and entry.next_step_due is None:
            return ""
        due = f" by {entry.next_step_due:%d %b}" if entry.next_step_due else ""
        done = " ✓" if entry.next_step_done else ""
        return f"{entry.next_step}{due}{done}"
