"""Small dialogs of the main window: add a contact, snooze someone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.cadence import DEFAULT_RHYTHM_DAYS
from callbook.domain.clock import Clock
from callbook.domain.dates import parse_due
from callbook.domain.vocabulary import Tier
from callbook.domain.zones import place_names
from callbook.services.book import Store
from callbook.services.card_edits import snooze
from callbook.services.changes import Changed
from callbook.services.contacts import (
    ContactField,
    NewContact,
    add_contact,
    added,
    new_contact_problems,
)
from callbook.ui.editors import ErrorLabel
from callbook.ui.icons import icon
from callbook.ui.ops import ChangeBus, run_change, the_change


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setAccessibleName(ok_text.replace("&", ""))
    ok.setShortcut(QKeySequence("Ctrl+Return"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
    buttons.rejected.connect(dialog.reject)
    return buttons


def _line(name: str, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setAccessibleName(name)
    field.setPlaceholderText(placeholder)
    return field


class NewContactDialog(QDialog):
    """Add someone: a name or company is enough, the rest can come later."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        bus: ChangeBus,
        home_region: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a contact")
        self.setAccessibleName("Add a contact")
        self._store = store
        self._clock = clock
        self._bus = bus
        self._home_region = home_region
        self.changed: Changed | None = None
        self.contact_id: int | None = None
        self.first_name = _line("First name")
        self.last_name = _line("Last name")
        self.company = _line("Company")
        self.title_field = _line("Title", "e.g. Head of Procurement")
        self.phone = _line("Phone", "as you dial it, or +country code")
        self.email = _line("Email", "name@company.com")
        self.tier = QComboBox()
        self.tier.setAccessibleName("Tier")
        rhythm = DEFAULT_RHYTHM_DAYS
        self.tier.addItems(
            [
                f"A — check in every {rhythm[Tier.A]} days",
                f"B — every {rhythm[Tier.B]} days",
                f"C — every {rhythm[Tier.C]} days",
            ]
        )
        self.tier.setCurrentIndex(1)
        self.zone = _line("Time zone", "e.g. Chicago; else guessed from the phone")
        places = QCompleter(place_names(), self.zone)
        places.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        places.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.zone.setCompleter(places)
        self.error = ErrorLabel(self)
        # What is wrong with each field shows under it, all at once.
        self.problems = {
            ContactField.NAME: ErrorLabel(self),
            ContactField.PHONE: ErrorLabel(self),
            ContactField.EMAIL: ErrorLabel(self),
            ContactField.TIME_ZONE: ErrorLabel(self),
        }
        self._problem_fields = {
            ContactField.NAME: self.first_name,
            ContactField.PHONE: self.phone,
            ContactField.EMAIL: self.email,
            ContactField.TIME_ZONE: self.zone,
        }
        form = QFormLayout()
        form.addRow("&First name", self.first_name)
        form.addRow("&Last name", self.last_name)
        form.addRow("&Company", self.company)
        form.addRow("", self.problems[ContactField.NAME])
        form.addRow("T&itle", self.title_field)
        form.addRow("&Phone", self.phone)
        form.addRow("", self.problems[ContactField.PHONE])
        form.addRow("&Email", self.email)
        form.addRow("", self.problems[ContactField.EMAIL])
        form.addRow("Tie&r", self.tier)
        form.addRow("&Their city", self.zone)
        form.addRow("", self.problems[ContactField.TIME_ZONE])
        for label in self.problems.values():
            # A hidden row takes no room until it has something to say.
            form.setRowVisible(label, False)
        self._form = form
        buttons = _buttons(self, "&Add contact")
        buttons.accepted.connect(self.try_add)
        add = buttons.button(QDialogButtonBox.StandardButton.Ok)
        add.setIcon(icon("contact-new"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        # Typing belongs in the first name, not on a button.
        self.first_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.first_name.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def try_add(self) -> None:
        """Store the contact, or say everything that is wrong and keep what was typed."""
        new = self._typed()
        problems = new_contact_problems(new, self._home_region)
        for which, label in self.problems.items():
            text = problems.get(which, "")
            label.show_problem(text[:1].upper() + text[1:])
            self._form.setRowVisible(label, bool(text))
        if problems:
            first = next(w for k, w in self._problem_fields.items() if k in problems)
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            first.selectAll()
            return
        self.contact_id = run_change(
            self._bus,
            lambda: add_contact(self._store, self._clock, new, self._home_region),
            self.refused,
            added,
            initiator=self,
        )
        if self.contact_id is not None:
            self.accept()

    def _typed(self) -> NewContact:
        phone = self.phone.text().strip()
        email = self.email.text().strip()
        return NewContact(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            company=self.company.text(),
            title=self.title_field.text(),
            email=email,
            tier=(Tier.A, Tier.B, Tier.C)[self.tier.currentIndex()],
            phones=[("mobile", phone)] if phone else [],
            time_zone=self.zone.text() or None,
        )

    def refused(self, error: Exception) -> None:
        """Say why nothing was added, keeping what was typed."""
        self.error.show_problem(str(error))


SNOOZE_CHOICES = (
    ("Until tomorrow morning", 1),
    ("For 3 days", 3),
    ("For a week", 7),
    ("For two weeks", 14),
    ("For a month", 30),
)


class SnoozeDialog(QDialog):
    """Keep someone off Today for a while."""

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
        self.setWindowTitle(f"Snooze {contact_name}")
        self.setAccessibleName("Snooze")
        self._bus = bus
        self._store = store
        self._clock = clock
        self._contact_id = contact_id
        self.changed: Changed | None = None
        self.choice = QComboBox()
        self.choice.setAccessibleName("How long")
        for text, days in SNOOZE_CHOICES:
            self.choice.addItem(text, days)
        self.choice.addItem("Wake them now", 0)
        self.until = _line("Or until", "a date: fri, +10, 2026-12-01")
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.addRow("&Snooze", self.choice)
        form.addRow("Or &until", self.until)
        buttons = _buttons(self, "&Snooze")
        buttons.accepted.connect(self.try_snooze)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{contact_name} stays off Today until then."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setIcon(icon("snooze"))
        # Wide enough for the title and the hint in the date field, whole.
        self.until.setMinimumWidth(self.until.fontMetrics().horizontalAdvance("x" * 34))
        self.setMinimumWidth(
            max(420, self.fontMetrics().horizontalAdvance(self.windowTitle()) + 160)
        )

    def try_snooze(self) -> None:
        """Store the snooze, or say what is wrong."""
        zone = self._clock.zone()
        today = self._clock.now().astimezone(zone).date()
        day: date | None
        if self.until.text().strip():
            try:
                day = parse_due(self.until.text(), today)
            except ValueError as problem:
                self.error.show_problem(str(problem))
                return
            if day <= today:
                self.error.show_problem("Pick a day after today.")
                return
        else:
            days = int(self.choice.currentData())
            day = today + timedelta(days=days) if days else None
        until = datetime.combine(day, time(6, 0), tzinfo=zone) if day is not None else None
        snoozed = run_change(
            self._bus,
            lambda: snooze(self._store, self._clock, self._contact_id, until),
            lambda error: self.error.show_problem(str(error)),
            the_change,
            initiator=self,
        )
        if snoozed is not None:
            self.accept()
