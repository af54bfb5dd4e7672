"""Record a give from the card: what kind, what it was, when, and for an intro, who else."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.domain.gives import GIVE_KEYS
from callbook.domain.vocabulary import GiveKind
from callbook.services.book import Store
from callbook.services.gives import GiveForm, GiveRecorded, record_give
from callbook.ui.choice_row import ChoiceRow
from callbook.ui.contact_picker import ContactPicker
from callbook.ui.editors import ErrorLabel
from callbook.ui.ops import ChangeBus, run_change


class GiveDialog(QDialog):
    """Give: a key for the kind, a line for what it was; Ctrl+Enter records it."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        bus: ChangeBus,
        contact_id: int,
        contact_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._bus = bus
        self._contact_id = contact_id
        self._name = contact_name
        self.recorded: GiveRecorded | None = None
        self.setWindowTitle(f"Give to {contact_name}")
        self.setAccessibleName("Give")
        self.setMinimumWidth(560)
        self.kind: ChoiceRow[GiveKind] = ChoiceRow(
            "What kind", GIVE_KEYS, {k: k.label for k in GiveKind}, advance_on_key=True
        )
        self.description = QLineEdit()
        self.description.setAccessibleName("What you gave")
        self.description.setPlaceholderText("e.g. intro to Dana at Acme for their ERP search")
        self.other = ContactPicker(store)
        self.other.field.setAccessibleName("Introduced to")
        self.other.field.setPlaceholderText("For an introduction: who else, by name")
        self.given_on = QLineEdit()
        self.given_on.setAccessibleName("When given")
        self.given_on.setPlaceholderText("today; or yesterday, -3, mon, 2026-11-20")
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.addRow("&Kind", self.kind)
        form.addRow("&What", self.description)
        form.addRow("Introduced &to", self.other)
        form.addRow("W&hen", self.given_on)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Record give  (Ctrl+Enter)")
        ok.setAccessibleName("Record give")
        ok.setAutoDefault(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.try_record)
        buttons.rejected.connect(self.reject)
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.try_record)
        layout = QVBoxLayout(self)
        hint = QLabel(
            f"Something for {contact_name} with no ask attached. "
            "Press a key for the kind, then say what it was."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        QWidget.setTabOrder(self.kind, self.description)
        QWidget.setTabOrder(self.description, self.other.field)
        QWidget.setTabOrder(self.other.field, self.given_on)
        self.kind.setFocus()

    def try_record(self) -> None:
        """Record the give, or say what is wrong and keep what was typed."""
        kind = self.kind.value()
        if kind is None:
            keys = ", ".join(f"{key} {k.label.lower()}" for key, k in GIVE_KEYS.items())
            self.error.show_problem(f"Pick what kind of give it was: {keys}")
            self.kind.setFocus()
            return
        other: int | None = None
        if self.other.text().strip():
            if not self.other.take_only_match():
                self.error.show_problem(
                    f"More than one contact or none matches '{self.other.text().strip()}': "
                    "pick the other person with ↑ ↓ and Enter"
                )
                self.other.setFocus()
                return
            other = self.other.contact_id()
        form = GiveForm(
            self._contact_id, kind, self.description.text(), self.given_on.text(), other
        )
        self.recorded = run_change(
            self._bus,
            lambda: record_give(self._store, self._clock, form),
            self.refused,
            lambda recorded: recorded.changed,
            initiator=self,
        )
        if self.recorded is not None:
            self.accept()

    def refused(self, error: Exception) -> None:
        """Say why nothing was recorded, keeping what was typed."""
        self.error.show_problem(str(error))
