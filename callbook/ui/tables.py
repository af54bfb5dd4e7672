"""What every list of the window shares: the contact id role, paging, column titles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200
AnyIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
_NO_INDEX = QModelIndex()
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


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


class LazyTable(QAbstractTableModel, Generic[Row]):
    """A table whose rows are handed to the view a page at a time."""

    headers: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []
        self._shown = 0
        self._resetting = False
        # Set by the view while it lays rows out: a tree view fetches a page at every
        # layout, seen or not; the view asks again for what is really on screen.
        self.fetch_held = False

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

    def _replace_rows(self, rows: list[Row]) -> None:
        """Show `rows` in place of those shown, telling the view only what moved.

        Cheaper than a reset for a list redone at every key: the view keeps its layout,
        its current row and its header, and repaints the rows that changed.
        """
        old, new = self._shown, min(PAGE, len(rows))
        # The rows kept show their old contents until the count has changed, as Qt expects.
        if new < old:
            self.beginRemoveRows(QModelIndex(), new, old - 1)
            self._rows, self._shown = self._rows[:new], new
            self.endRemoveRows()
        elif new > old:
            self.beginInsertRows(QModelIndex(), old, new - 1)
            self._rows, self._shown = self._rows[:old] + rows[old:new], new
            self.endInsertRows()
        self._rows = rows
        kept = min(old, new)
        if kept:
            self.dataChanged.emit(self.index(0, 0), self.index(kept - 1, self.columnCount() - 1))

    def rowCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.headers)

    def canFetchMore(self, parent: AnyIndex = _NO_INDEX) -> bool:  # noqa: N802 - Qt's name
        return (
            not parent.isValid()
            and not self._resetting
            and not self.fetch_held
            and self._shown < self._total()
        )

    def fetchMore(self, parent: AnyIndex = _NO_INDEX) -> None:  # noqa: N802 - Qt's name
        # Views ask for more while the reset is still being announced; they ask again after.
        if parent.isValid() or self._resetting:
            return
        more = self._load_more(self._shown, self._page_size())
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def _page_size(self) -> int:
        return PAGE

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
