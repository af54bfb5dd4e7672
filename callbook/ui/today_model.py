"""The Today list's item model: ranked whole, its rows built as the view reaches them."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from callbook.domain.clock import Clock
from callbook.domain.today import ReasonKind, TodayPlace, TodayRow, rank_key
from callbook.ui.tables import CONTACT_ID_ROLE, AnyIndex, LazyTable

RowLoader = Callable[[Sequence[int]], Sequence[TodayRow]]
"""Builds the full Today rows of the contacts asked for (those still due), in any order."""


def _no_rows(_contact_ids: Sequence[int]) -> Sequence[TodayRow]:
    # Without a loader every place would look "no longer due" and quietly vanish.
    raise LookupError("the Today list has nowhere to read its rows from yet")


class TodayModel(LazyTable[TodayPlace]):
    """Who to call today and why; their local time is read from the clock when shown.

    The whole list is ranked up front as light places; full rows (reasons, channels, best
    times) are built a page at a time as the view scrolls to them.
    """

    headers = ("Who and why", "Why", "Overdue", "Their time and best way", "Best way")
    WHO, WHY, OVERDUE, THEIR_TIME, BEST_WAY = range(5)
    # What the view shows: each row two lines, who over why and their time over the best
    # way, so the reason has the list's width beside the card and the nudges panel. Why and
    # best way stay columns of their own for the keyboard's screen readers and scripts.
    SHOWN = (WHO, THEIR_TIME)
    dropped = Signal()
    """Contacts ranked earlier turned out no longer due and left the list's unseen part."""
    # A tall screen's worth: the first look builds about as many rows as it shows (Qt asks
    # for one more page before the view is laid out), scrolling a few screens at a time.
    FIRST_PAGE = 50
    NEXT_PAGE = 100

    def __init__(self, clock: Clock, load_rows: RowLoader = _no_rows) -> None:
        super().__init__()
        self._clock = clock
        self._load_rows = load_rows
        self._built: dict[int, TodayRow] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def _page_size(self) -> int:
        return self.NEXT_PAGE

    def set_loader(self, load_rows: RowLoader) -> None:
        """Where rows come from from now on (the rows already built stay)."""
        self._load_rows = load_rows

    def set_list(self, places: Sequence[TodayPlace], built: Sequence[TodayRow] = ()) -> None:
        """Show a freshly ranked list; rows already built for some of it may come along."""
        self._begin_reset()
        self._rows = list(places)
        self._built = {row.contact.contact_id: row for row in built}
        self._shown = 0
        self._shown = self._load_more(0, self.FIRST_PAGE)
        self._end_reset()

    def set_rows(self, rows: Sequence[TodayRow]) -> None:
        """Show a list whose rows are all built already."""
        self.set_list([row.place for row in rows], rows)

    def rows(self) -> list[TodayRow]:
        """Every row of the list, built now where it was not yet."""
        self._load_more(self._shown, len(self._rows))
        return [self._built[place.contact_id] for place in self._rows]

    def today_row(self, row: int) -> TodayRow | None:
        """The full row shown on `row`, if any."""
        if not 0 <= row < self._shown:
            return None
        return self._built.get(self._rows[row].contact_id)

    def _load_more(self, start: int, count: int) -> int:
        while True:
            wanted = [
                place.contact_id
                for place in self._rows[start : start + count]
                if place.contact_id not in self._built
            ]
            if not wanted:
                break
            for row in self._load_rows(wanted):
                self._built[row.contact.contact_id] = row
            gone = {contact_id for contact_id in wanted if contact_id not in self._built}
            if not gone:
                break
            # No longer due since the list was ranked: they leave the part not yet shown.
            self._rows[start:] = [p for p in self._rows[start:] if p.contact_id not in gone]
            self.dropped.emit()
        return max(0, min(count, len(self._rows) - start))

    def replace_contacts(self, contact_ids: Collection[int], fresh: Sequence[TodayRow]) -> None:
        """Put `fresh` rows in place of those contacts' rows, each where its rank puts it."""
        for number in range(len(self._rows) - 1, -1, -1):
            if self._rows[number].contact_id not in contact_ids:
                continue
            self._built.pop(self._rows[number].contact_id, None)
            if number < self._shown:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self._rows[number]
                self._shown -= 1
                self.endRemoveRows()
            else:
                del self._rows[number]
        for row in sorted(fresh, key=rank_key):
            place = row.place
            self._built[place.contact_id] = row
            position = bisect_left(self._rows, place)
            if position < self._shown or self._shown == len(self._rows):
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, place)
                self._shown += 1
                self.endInsertRows()
            else:
                self._rows.insert(position, place)

    def row_of(self, contact_id: int) -> int | None:
        """Where a contact sits among the rows the view has loaded."""
        for number, place in enumerate(self._rows[: self._shown]):
            if place.contact_id == contact_id:
                return number
        return None

    def refresh_times(self) -> None:
        """Tell the view their local times and open windows moved on."""
        if self._shown:
            self.dataChanged.emit(
                self.index(0, self.THEIR_TIME), self.index(self._shown - 1, self.BEST_WAY)
            )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.today_row(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == CONTACT_ID_ROLE:
            return row.contact.contact_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._two_lines(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (self.WHO, self.WHY):
                reasons = "\n".join(row.lines)
                return (
                    reasons if column == self.WHY else f"{self._display(row, self.WHO)}\n{reasons}"
                )
            if column in (self.THEIR_TIME, self.BEST_WAY):
                return self._best_way(row, long=True)
            return self._display(row, column)
        if (
            role == Qt.ItemDataRole.FontRole
            and column in (self.THEIR_TIME, self.BEST_WAY)
            and self._open_now(row)
        ):
            return self._bold
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._two_lines(row, column).replace("\n", ": ", 1)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.OVERDUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _open_now(self, row: TodayRow) -> bool:
        opening = row.opening
        return opening is not None and opening.is_open(self._clock.now())

    def _two_lines(self, row: TodayRow, column: int) -> str:
        if column == self.WHO:
            return f"{self._display(row, self.WHO)}\n{row.reason_line}"
        if column == self.THEIR_TIME:
            return f"{self._display(row, self.THEIR_TIME)}\n{self._best_way(row, long=False)}"
        return self._display(row, column)

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
            return row.why
        if column == self.OVERDUE:
            late = row.top.days_overdue
            if row.top.kind is ReasonKind.DATE:
                return "this week" if late < 0 else "today"
            return "due today" if late <= 0 else f"{late:,} d"
        if column == self.THEIR_TIME:
            if contact.zone is None:
                return "zone unknown"
            now = self._clock.now()
            there = now.astimezone(contact.zone)
            # The day only when it is not the rep's own: "01:49 Sat" stands out.
            if there.date() == now.astimezone(self._clock.zone()).date():
                return f"{there:%H:%M}"
            return f"{there:%H:%M} {there:%a}"
        return self._best_way(row, long=False)

    def _best_way(self, row: TodayRow, long: bool) -> str:
        channel = row.best_channel.label if row.best_channel else ""
        opening = row.opening
        if opening is None:
            return channel or "any time"
        now = self._clock.now()
        mine = self._clock.zone()
        if opening.is_open(now):
            until = f"{opening.ends_at.astimezone(mine):%H:%M}"
            when = f"● best time now, until {until}" if long else f"● now, until {until}"
        else:
            start = opening.starts_at.astimezone(mine)
            today = now.astimezone(mine).date()
            day = "" if start.date() == today else f"{start:%a} "
            when = f"best time {day}{start:%H:%M} your time" if long else f"{day}{start:%H:%M}"
        return f"{channel}, {when}" if channel else when
