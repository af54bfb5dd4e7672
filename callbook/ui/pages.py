"""The pages on the left of the window beside Today: Contacts and search results."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.domain.vocabulary import Tier
from callbook.services.book import Store
from callbook.services.contact_list import ListQuery
from callbook.services.search import SearchHit
from callbook.ui.models import ContactListModel, SearchResultsModel
from callbook.ui.plain_cells import PlainTextDelegate
from callbook.ui.today_page import ContactTable, heading


class ContactsPage(QWidget):
    """Every contact: sortable by name, company, tier and last check-in; filter by tier, tag."""

    def __init__(self, store: Store, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Contacts")
        self.heading = heading("Contacts", "Contacts heading")
        self.model = ContactListModel(store, clock)
        self.table = ContactTable("All contacts")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.header().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate((200, 200, 170, 50, 160, 90)):
            self.table.header().resizeSection(column, width)
        self.tier = QComboBox()
        self.tier.setAccessibleName("Filter by tier")
        self.tier.addItem("All tiers", None)
        for tier in Tier:
            self.tier.addItem(f"Tier {tier.value}", tier)
        self.tag = QComboBox()
        self.tag.setAccessibleName("Filter by tag")
        self.tag.addItem("All tags", None)
        self.tier.activated.connect(self._filter)
        self.tag.activated.connect(self._filter)
        tier_label = QLabel("&Tier")
        tier_label.setBuddy(self.tier)
        tag_label = QLabel("T&ag")
        tag_label.setBuddy(self.tag)
        filters = QHBoxLayout()
        filters.addWidget(self.heading)
        filters.addStretch(1)
        filters.addWidget(tier_label)
        filters.addWidget(self.tier)
        filters.addWidget(tag_label)
        filters.addWidget(self.tag)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

    def set_tags(self, tags: list[str]) -> None:
        """Offer the tags in use as filters, keeping the chosen one."""
        chosen = self.tag.currentData()
        self.tag.clear()
        self.tag.addItem("All tags", None)
        for name in tags:
            self.tag.addItem(name, name)
        index = self.tag.findData(chosen)
        self.tag.setCurrentIndex(max(index, 0))

    def reload(self) -> None:
        """Read the list again under the same order and filter."""
        self.model.reload()
        self._updateheading()

    def _filter(self) -> None:
        query = self.model.query
        tier = self.tier.currentData()
        self.model.set_query(
            ListQuery(
                query.sort_by,
                query.descending,
                Tier(tier) if tier else None,
                self.tag.currentData(),
            )
        )
        self._updateheading()

    def _updateheading(self) -> None:
        total = self.model.total()
        filtered = self.tier.currentData() is not None or self.tag.currentData() is not None
        noun = "contact" if total == 1 else "contacts"
        self.heading.setText(f"{total:,} {noun}" + (" (filtered)" if filtered else ""))


class SearchPage(QWidget):
    """What the type-ahead found; Enter opens the card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Search results")
        self.heading = heading("Search", "Search heading")
        # The heading changes at every keystroke: one line whose size never moves the layout.
        self.heading.setWordWrap(False)
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.model = SearchResultsModel()
        self.table = ContactTable("Search results")
        self.table.setModel(self.model)
        self.table.setItemDelegate(PlainTextDelegate(self.table))
        for column, width in enumerate((380, 260)):
            self.table.header().resizeSection(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)

    def show_hits(self, typed: str, hits: list[SearchHit], limit: int) -> None:
        """Show the results for `typed`, the first one current."""
        self.model.set_hits(hits)
        if not typed.strip():
            self.heading.setText("Type a name, company, interest or family name (Esc goes back)")
        elif not hits:
            self.heading.setText(f"Nobody matches “{typed.strip()}”")
        elif len(hits) >= limit:
            self.heading.setText(f"The first {limit} matches for “{typed.strip()}”: type more")
        else:
            noun = "match" if len(hits) == 1 else "matches"
            self.heading.setText(f"{len(hits)} {noun} for “{typed.strip()}”")
        if hits:
            # The window shows the first match's card once typing pauses, not per keystroke.
            self.table.set_current_quietly(self.model.index(0, 0))
