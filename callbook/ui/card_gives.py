"""The card's 'Give before you ask': the give/ask balance, what was given, ideas to give next."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.domain.gives import balance_detail, balance_words
from callbook.services import gives as gives_service
from callbook.services.book import Store
from callbook.services.changes import Changed
from callbook.services.gives import DeletedGive, GiveLine, GivesLog
from callbook.ui.dates import short_date
from callbook.ui.editors import ErrorLabel

GIVES_SHOWN = 5
Apply = Callable[[Callable[[], Changed], ErrorLabel | None], bool]
"""Runs a change of the card through the window's one path; True when it was saved."""


def _text_label(accessible_name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible_name)
    return label


def split_idea(typed: str) -> tuple[str, str]:
    """'intro: Dana at Acme' as a kind word and the idea; an idea alone is an article or idea."""
    word, colon, rest = typed.partition(":")
    if colon and word.strip() and " " not in word.strip():
        return word.strip(), rest
    return "article", typed


class GivesSection(QGroupBox):
    """What the rep gave this contact, the balance against asks, and what to give next."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        apply: Apply,
        open_give: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Give before you ask", parent)
        self.setAccessibleName("Give before you ask")
        self._store = store
        self._clock = clock
        self._apply = apply
        self._contact_id: int | None = None
        box = QVBoxLayout(self)
        self.balance_label = _text_label("Give and ask balance")
        font = QFont(self.balance_label.font())
        font.setBold(True)
        self.balance_label.setFont(font)
        self.balance_detail = _text_label("Gives and asks, recent and all time")
        top = QHBoxLayout()
        lines = QVBoxLayout()
        lines.addWidget(self.balance_label)
        lines.addWidget(self.balance_detail)
        top.addLayout(lines, 1)
        self.give_button = QPushButton("&Give…")
        self.give_button.setAccessibleName("Give")
        self.give_button.setToolTip("Record something you gave them (Ctrl+Shift+G)")
        self.give_button.clicked.connect(lambda _checked=False: open_give())
        top.addWidget(self.give_button, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(top)
        self.given_holder = QWidget()
        self.given_layout = QVBoxLayout(self.given_holder)
        self.given_layout.setContentsMargins(0, 0, 0, 0)
        self.given_layout.setSpacing(2)
        box.addWidget(self.given_holder)
        self.gives_label = _text_label("What you gave")
        box.addWidget(self.gives_label)
        self.undo_bar = QWidget()
        undo_line = QHBoxLayout(self.undo_bar)
        undo_line.setContentsMargins(0, 0, 0, 0)
        self.undo_label = _text_label("Give deleted")
        self.undo_label.setTextFormat(Qt.TextFormat.PlainText)
        undo_line.addWidget(self.undo_label, 1)
        self.undo_button = QPushButton("&Undo delete")
        self.undo_button.setAccessibleName("Undo delete")
        self.undo_button.clicked.connect(lambda _checked=False: self.undo_delete())
        undo_line.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        self.undo_bar.hide()
        box.addWidget(self.undo_bar)
        self.give_rows: list[tuple[QLabel, QPushButton]] = []
        self._deleted: DeletedGive | None = None
        self.ideas_title = QLabel("<b>Things to give next</b>")
        box.addWidget(self.ideas_title)
        self.ideas_holder = QWidget()
        self.ideas_layout = QVBoxLayout(self.ideas_holder)
        self.ideas_layout.setContentsMargins(0, 0, 0, 0)
        self.ideas_layout.setSpacing(2)
        box.addWidget(self.ideas_holder)
        self.idea_field = QLineEdit()
        self.idea_field.setAccessibleName("An idea to give next")
        self.idea_field.setPlaceholderText(
            "An idea to give next, then Enter: an article to send, or intro: Dana at Acme"
        )
        self.idea_field.returnPressed.connect(self._add_idea)
        box.addWidget(self.idea_field)
        self.error = ErrorLabel()
        box.addWidget(self.error)
        self.idea_buttons: list[tuple[QPushButton, QPushButton]] = []

    def fill(self, gives: GivesLog) -> None:
        """Show one contact's gives, balance and ideas."""
        self._contact_id = gives.contact_id
        today = gives.balance.today
        self.balance_label.setText(balance_words(gives.balance))
        self.balance_detail.setText(balance_detail(gives.balance))
        shown = gives.gives[:GIVES_SHOWN]
        self._fill_given(shown, today)
        if len(gives.gives) > len(shown):
            self.gives_label.setText(f"… and {len(gives.gives) - len(shown):,} earlier")
        elif not shown:
            self.gives_label.setText(
                "Nothing given yet. An article, an intro, a note of congratulations: "
                "give before you ask."
            )
        self.gives_label.setVisible(len(gives.gives) > len(shown) or not shown)
        deleted = self._deleted
        if deleted is not None and gives.contact_id not in deleted.changed.contacts:
            self._deleted = None  # another card: its Undo is gone with it
        self.undo_bar.setVisible(self._deleted is not None)
        while self.ideas_layout.count():
            item = self.ideas_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.idea_buttons = []
        for idea in gives.ideas:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = idea.text if idea.other_name is None else f"{idea.text} (with {idea.other_name})"
            label = QLabel(f"☐ {escape(idea.kind.label)}: {escape(text)}")
            label.setWordWrap(True)
            line.addWidget(label, 1)
            given = QPushButton("Given ✓")
            given.setAccessibleName(f"Given: {idea.text}")
            given.setToolTip("Tick it off: it becomes a give, dated today")
            given.clicked.connect(lambda _c=False, i=idea.idea_id: self.tick_idea(i))
            drop = QPushButton("Drop")
            drop.setAccessibleName(f"Drop idea: {idea.text}")
            drop.clicked.connect(lambda _c=False, i=idea.idea_id: self.drop_idea(i))
            line.addWidget(given)
            line.addWidget(drop)
            self.ideas_layout.addWidget(row)
            self.idea_buttons.append((given, drop))
        self.ideas_title.setText(
            "<b>Things to give next</b>" if gives.ideas else "<b>Things to give next</b>: none yet"
        )
        self.error.show_problem("")

    def _fill_given(self, shown: Sequence[GiveLine], today: date) -> None:
        # One line a give, each with its own Delete: a mistaken give goes, Undo brings it back.
        while self.given_layout.count():
            item = self.given_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.give_rows = []
        for given in shown:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            label = QLabel(f"{short_date(given.given_on, today)}: {given.words()}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            line.addWidget(label, 1)
            delete = QPushButton("Delete")
            delete.setAccessibleName(f"Delete give: {given.words()}")
            delete.setToolTip("Recorded by mistake? Delete it; Undo brings it back")
            delete.clicked.connect(lambda _c=False, g=given.give_id: self.delete_give(g))
            line.addWidget(delete, 0, Qt.AlignmentFlag.AlignTop)
            self.given_layout.addWidget(row)
            self.give_rows.append((label, delete))

    def delete_give(self, give_id: int) -> bool:
        """Delete a give recorded by mistake; Undo delete brings it back."""
        taken: list[DeletedGive] = []

        def change() -> Changed:
            taken.append(gives_service.delete_give(self._store, self._clock, give_id))
            return taken[0].changed

        if not self._apply(change, self.error):
            return False
        self._deleted = taken[0]
        self.undo_label.setText(f"Deleted: {taken[0].words()}")
        self.undo_bar.show()
        self.undo_button.setFocus()
        return True

    def undo_delete(self) -> bool:
        """Put back the give just deleted."""
        deleted = self._deleted
        if deleted is None:
            return False
        if not self._apply(
            lambda: gives_service.restore_give(self._store, self._clock, deleted), self.error
        ):
            return False
        self._deleted = None
        self.undo_bar.hide()
        self.give_button.setFocus()
        return True

    def _add_idea(self) -> None:
        contact_id = self._contact_id
        if contact_id is None:
            return
        kind, text = split_idea(self.idea_field.text())
        if self._apply(
            lambda: gives_service.add_idea(self._store, self._clock, contact_id, text, kind),
            self.error,
        ):
            self.idea_field.clear()

    def tick_idea(self, idea_id: int) -> bool:
        """An idea was given: it becomes a give dated today."""
        return self._apply(
            lambda: gives_service.give_idea(self._store, self._clock, idea_id).changed,
            self.error,
        )

    def drop_idea(self, idea_id: int) -> bool:
        """Take an idea off the list without giving it."""
        return self._apply(lambda: gives_service.drop_idea(self._store, idea_id), self.error)
