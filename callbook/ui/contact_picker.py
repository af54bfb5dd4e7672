"""Picking a contact by typing part of a name: matches under the field, arrows and Enter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callbook.services.book import Store
from callbook.services.search import search_contacts

MATCHES_SHOWN = 8


class ContactPicker(QWidget):
    """Type-ahead over names and companies; Enter takes the highlighted contact."""

    picked = Signal(int)
    cleared = Signal()
    edited = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._contact_id: int | None = None
        self._picked_text = ""
        self.field = QLineEdit()
        self.field.setPlaceholderText("Who? Type a name or company")
        self.field.setAccessibleName("Contact")
        self.field.setClearButtonEnabled(True)
        self.matches = QListWidget()
        self.matches.setAccessibleName("Matching contacts")
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matches.setMaximumHeight(160)
        self.matches.hide()
        self.matches.itemClicked.connect(self._take_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.matches)
        self.setFocusProxy(self.field)
        self.field.textEdited.connect(self._typed)
        self.field.installEventFilter(self)

    def contact_id(self) -> int | None:
        """The contact picked, None until one is."""
        return self._contact_id

    def text(self) -> str:
        """What is in the field."""
        return self.field.text()

    def show_contact(self, contact_id: int, name: str) -> None:
        """Show `name` as the picked contact (no signal)."""
        self._contact_id = contact_id
        self._picked_text = name
        self.field.setText(name)
        self.matches.hide()

    def show_typed(self, text: str) -> None:
        """Put back text typed before a crash, and the matches for it."""
        self.field.setText(text)
        self._typed(text)

    def take_only_match(self) -> bool:
        """Pick the match when exactly one contact fits what is typed."""
        if self._contact_id is None and self.matches.count() == 1:
            self._take_item(self.matches.item(0))
        return self._contact_id is not None

    def _typed(self, text: str) -> None:
        if self._contact_id is not None and text != self._picked_text:
            self._contact_id = None
            self.cleared.emit()
        self.edited.emit()
        self.matches.clear()
        if not text.strip():
            self.matches.hide()
            return
        for hit in search_contacts(self._store, text, limit=MATCHES_SHOWN):
            label = hit.name + (
                f" · {hit.company}" if hit.company and hit.company != hit.name else ""
            )
            if hit.matched_in != "name":
                label += f"  ({hit.matched_in})"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, hit.contact_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, hit.name)
            self.matches.addItem(item)
        if self.matches.count():
            self.matches.setCurrentRow(0)
            self.matches.show()
        else:
            self.matches.hide()

    def _take_item(self, item: QListWidgetItem) -> None:
        contact_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.show_contact(contact_id, str(item.data(Qt.ItemDataRole.UserRole + 1)))
        self.picked.emit(contact_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            shown = self.matches.isVisible() and self.matches.count() > 0
            if shown and key == Qt.Key.Key_Escape:
                self.matches.hide()  # Esc closes the list first, then the quick log
                return True
            if shown and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.matches.count() - 1, self.matches.currentRow() + step))
                self.matches.setCurrentRow(row)
                return True
            plain_enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            )
            if plain_enter and shown:
                current = self.matches.currentItem()
                if current is not None:
                    self._take_item(current)
                return True
            if plain_enter:
                return True  # Enter alone never saves: Ctrl+Enter does
        return super().eventFilter(watched, event)
