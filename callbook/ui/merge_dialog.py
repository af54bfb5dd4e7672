"""Merge two cards of one person: pick the values to keep where they differ, then merge."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.services.book import Store
from callbook.services.changes import Changed
from callbook.services.duplicates import MergeField, MergePreview, merge_contacts
from callbook.ui.editors import ErrorLabel
from callbook.ui.ops import ChangeBus, run_change, the_change


class MergeDialog(QDialog):
    """Both cards side by side where they differ; the text below says what merging does."""

    merged = Signal(int)
    """The merge was saved: the id of the card that stays."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        bus: ChangeBus,
        preview: MergePreview,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._bus = bus
        self.preview = preview
        self.setWindowTitle(f"Merge {preview.other_name} into {preview.kept_name}")
        self.setAccessibleName("Merge two cards")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{_html(preview.kept_name)}</b> and <b>{_html(preview.other_name)}</b> "
            "become one card."
            + (" Where they differ, pick what the card keeps:" if preview.differences else "")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.choices: dict[MergeField, tuple[QRadioButton, QRadioButton]] = {}
        self.what_happens = QLabel()
        self.what_happens.setAccessibleName("What merging does")
        self.what_happens.setWordWrap(True)
        self.what_happens.setTextFormat(Qt.TextFormat.PlainText)
        if preview.differences:
            grid = QGridLayout()
            grid.setHorizontalSpacing(16)
            for column, whose in ((1, preview.kept_name), (2, preview.other_name)):
                grid.addWidget(QLabel(f"<i>{_html(whose)}'s card</i>"), 0, column)
            for row, difference in enumerate(preview.differences, start=1):
                label = QLabel(difference.field.label)
                kept = QRadioButton(difference.kept)
                other = QRadioButton(difference.other)
                for button, whose in ((kept, preview.kept_name), (other, preview.other_name)):
                    button.setAccessibleName(
                        f"{difference.field.label}: {button.text()} ({whose}'s card)"
                    )
                group = QButtonGroup(self)
                group.addButton(kept)
                group.addButton(other)
                kept.setChecked(True)
                other.toggled.connect(self._describe)
                grid.addWidget(label, row, 0)
                grid.addWidget(kept, row, 1)
                grid.addWidget(other, row, 2)
                self.choices[difference.field] = (kept, other)
            layout.addLayout(grid)
        layout.addWidget(self.what_happens)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.merge_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText("&Merge")
        self.merge_button.setAccessibleName("Merge")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.try_merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._describe()

    def taken_from_other(self) -> frozenset[MergeField]:
        """The fields where the rep picked the other card's value."""
        return frozenset(field for field, (_k, other) in self.choices.items() if other.isChecked())

    def _describe(self) -> None:
        self.what_happens.setText(self.preview.description(self.taken_from_other()))

    def try_merge(self) -> bool:
        """Merge as chosen; on a refusal the dialog stays open saying why."""
        preview, taken = self.preview, self.taken_from_other()
        self.error.show_problem("")
        changed = run_change(
            self._bus,
            lambda: merge_contacts(
                self._store, self._clock, preview.kept_id, preview.other_id, taken
            ),
            lambda error: self.error.show_problem(str(error)),
            the_change,
            initiator=self,
        )
        if not isinstance(changed, Changed):
            return False
        self.merged.emit(preview.kept_id)
        self.accept()
        return True


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
