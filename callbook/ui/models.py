"""Item models for the contact list, search results and the timeline, fetched lazily."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from callbook.domain.clock import Clock
from callbook.domain.gives import asks_since_give_text
from callbook.services.book import Store
from callbook.services.card import TimelineEntry
from callbook.services.card_words import next_step_words, touch_words
from callbook.services.contact_list import (
    ContactListRow,
    ListQuery,
    SortBy,
    contact_page,
    count_contacts,
)
from callbook.services.search import SearchHit
from callbook.ui import tables
from callbook.ui.dates import say_days, short_date, weekday_date
from callbook.ui.tables import CONTACT_ID_ROLE, AnyIndex, LazyTable


class ContactListModel(LazyTable[ContactListRow]):
    """Every contact, sorted and filtered in SQL, a page at a time."""

    headers = (
        "Name",
        "Company",
        "Title",
        "Tier",
        "Last personal check-in",
        "Days since",
        "Asks since a give",
    )
    SORTS = (
        SortBy.NAME,
        SortBy.COMPANY,
        None,
        SortBy.TIER,
        SortBy.LAST_CHECKIN,
        SortBy.DAYS_SINCE,
        SortBy.ASKS_SINCE_GIVE,
    )
    ASKS_SINCE_GIVE = 6

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
        self._rows = contact_page(self._store, self._clock, self._query, 0, tables.PAGE)
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
        if column == self.ASKS_SINCE_GIVE:
            return asks_since_give_text(row.asks_since_give, row.last_give_on)
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


class SearchResultsModel(QStandardItemModel):
    """What the type-ahead found, name matches first.

    Its cells are held by Qt, so painting the results at every keystroke never calls back
    into Python; a key that leaves a row's hit as it was leaves the row alone.
    """

    headers = ("Who", "Found in")

    def __init__(self) -> None:
        super().__init__(0, len(self.headers))
        self.setHorizontalHeaderLabels(list(self.headers))
        # Cells made by setItemData below are copies of this one: shown, not editable.
        prototype = QStandardItem()
        prototype.setFlags(_ROW_FLAGS)
        self.setItemPrototype(prototype)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        """Show the latest results."""
        new, old = list(hits), self._hits
        self._hits = new
        if len(new) < len(old):
            self.removeRows(len(new), len(old) - len(new))
        if len(new) > len(old):
            # One insertion for all the rows added: the view lays out once.
            self.insertRows(len(old), len(new) - len(old))
        for row, hit in enumerate(new):
            if row >= len(old) or hit != old[row]:
                self.setItemData(self.index(row, 0), _who_cell(hit))
                self.setItemData(self.index(row, 1), {_DISPLAY: hit.matched_in})


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _who_cell(hit: SearchHit) -> dict[int, Any]:
    """Who they are in one cell, as on Today: one cell fewer to paint a row at every key."""
    who = f"{hit.name} · {hit.company}" if hit.company and hit.company != hit.name else hit.name
    return {_DISPLAY: f"{who}  [{hit.tier}]", CONTACT_ID_ROLE: hit.contact_id}


def timeline_html(entry: TimelineEntry, zone: ZoneInfo, today: date) -> str:
    """One touch as a paragraph of the card: when, what, why, the note and the next step."""
    local = entry.occurred_at.astimezone(zone)
    when = f"{weekday_date(local.date(), today)}, {local:%H:%M}"
    lines = [
        f"<b>{escape(when)}</b> · {escape(touch_words(entry))}"
        f" · <i>{escape(entry.purpose.label.lower())}</i>"
    ]
    if entry.note.strip():
        lines.append(escape(entry.note.strip()).replace("\n", "<br>"))
    step = next_step_words(entry, say_days(today))
    if step is not None:
        lines.append(escape(step))
    return f"<p style='margin-bottom:8px'>{'<br>'.join(lines)}</p>"
