"""The Nudges page: what is coming up, what happened to every nudge, and when to be nudged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.domain.dates import WEEKDAYS
from callbook.domain.nudges import Nudge, NudgeSettings
from callbook.domain.zones import zone_words
from callbook.services.book import Store
from callbook.services.nudges import NudgeRecord, agenda, nudge_history, nudge_settings
from callbook.ui.dates import weekday_date_time

AnyIndex = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()
CONTACT_ROLE = Qt.ItemDataRole.UserRole + 1
AGENDA_DAYS = 7


def _local(clock: Clock, nudge: Nudge) -> str:
    local = nudge.at.astimezone(clock.zone())
    return weekday_date_time(local, clock.now().astimezone(clock.zone()).date())


class _Table(QAbstractTableModel):
    """A read-only table of rows made by `cells`, with the contact id of each row."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self._headers = list(headers)
        self._rows: list[tuple[list[str], int | None, str]] = []

    def set_rows(self, rows: list[tuple[list[str], int | None, str]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cells, contact_id, tip = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        if role == CONTACT_ROLE:
            return contact_id
        return None

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


def _tree(model: _Table, name: str) -> QTreeView:
    view = QTreeView()
    view.setModel(model)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
    return view


def history_rows(
    records: Sequence[NudgeRecord], clock: Clock
) -> list[tuple[list[str], int | None, str]]:
    """History lines: when, what happened, kind, the nudge, and its details in one line."""
    rows = []
    today = clock.now().astimezone(clock.zone()).date()
    for record in records:
        happened = record.happened_at.astimezone(clock.zone())
        what = record.event.label
        if record.snoozed_until is not None:
            until = record.snoozed_until.astimezone(clock.zone())
            what = f"Snoozed until {weekday_date_time(until, today)}"
        elif record.via and record.event.value == "fired":
            what = f"Shown ({record.via})"
        details = " · ".join(record.nudge.body.splitlines())
        rows.append(
            (
                [
                    weekday_date_time(happened, today),
                    what,
                    record.nudge.kind.label,
                    record.nudge.title,
                    details,
                    _local(clock, record.nudge),
                ],
                record.nudge.contact_id,
                record.nudge.body,
            )
        )
    return rows


class SettingsForm(QWidget):
    """When the rep wants to be nudged, and when to be left alone."""

    saved = Signal(object)

    def __init__(
        self, save: Callable[[NudgeSettings], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.digest = QCheckBox("Morning &digest at")
        self.digest_at = self._time_edit("Digest time")
        self.reminders_at = self._time_edit("Follow-ups, chases and dates time")
        self.best_time = QCheckBox("&Best-time reminders")
        self.lead = QSpinBox()
        self.lead.setRange(0, 120)
        self.lead.setSuffix(" min before")
        self.lead.setAccessibleName("Minutes before their best time")
        self.limit = QSpinBox()
        self.limit.setRange(0, 50)
        self.limit.setPrefix("at most ")
        self.limit.setSuffix(" a day")
        self.limit.setAccessibleName("Best-time reminders a day")
        self.quiet = QCheckBox("&Quiet hours from")
        self.quiet_from = self._time_edit("Quiet from")
        self.quiet_until = self._time_edit("Quiet until")
        self.quiet_days = [QCheckBox(day.capitalize()) for day in WEEKDAYS]
        for box, day in zip(self.quiet_days, WEEKDAYS, strict=True):
            box.setAccessibleName(f"Quiet all day {day.capitalize()}")
        self.message = QLabel()
        self.message.setObjectName("nudgeSettingsMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("&Save")
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.clicked.connect(self.save)

        self.zone_note = QLabel()
        self.zone_note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.zone_note)
        form.addRow(self.digest, self._row(self.digest_at))
        reminders_label = QLabel("Follow-ups, chases and dates &at")
        reminders_label.setBuddy(self.reminders_at)
        form.addRow(reminders_label, self._row(self.reminders_at))
        form.addRow(self.best_time, self._row(self.lead, self.limit))
        form.addRow(self.quiet, self._row(self.quiet_from, QLabel("until"), self.quiet_until))
        form.addRow("Quiet all day on", self._row(*self.quiet_days))
        form.addRow(self.message)
        form.addRow(self._row(self.save_button))
        self.digest.toggled.connect(self.digest_at.setEnabled)
        self.best_time.toggled.connect(self.lead.setEnabled)
        self.best_time.toggled.connect(self.limit.setEnabled)
        self.quiet.toggled.connect(self.quiet_from.setEnabled)
        self.quiet.toggled.connect(self.quiet_until.setEnabled)

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return row

    @staticmethod
    def _time_edit(name: str) -> QTimeEdit:
        edit = QTimeEdit()
        edit.setDisplayFormat("HH:mm")
        edit.setAccessibleName(name)
        return edit

    def show_settings(self, settings: NudgeSettings, zone: str) -> None:
        """Fill the form from stored settings; times are read in the rep's zone `zone`."""
        self.zone_note.setText(
            f"Times are your own wall-clock times, wherever you are (now {zone}). "
            "Best-time reminders follow each contact's own zone."
        )
        self.digest.setChecked(settings.digest)
        self.digest_at.setTime(QTime(settings.digest_at.hour, settings.digest_at.minute))
        self.digest_at.setEnabled(settings.digest)
        self.reminders_at.setTime(QTime(settings.reminders_at.hour, settings.reminders_at.minute))
        self.best_time.setChecked(settings.best_time)
        self.lead.setValue(settings.best_time_lead_minutes)
        self.limit.setValue(settings.best_time_daily_limit)
        quiet = settings.quiet_from is not None and settings.quiet_until is not None
        self.quiet.setChecked(quiet)
        quiet_from = settings.quiet_from or time(21, 0)
        quiet_until = settings.quiet_until or time(7, 0)
        self.quiet_from.setTime(QTime(quiet_from.hour, quiet_from.minute))
        self.quiet_until.setTime(QTime(quiet_until.hour, quiet_until.minute))
        self.quiet_from.setEnabled(quiet)
        self.quiet_until.setEnabled(quiet)
        self.lead.setEnabled(settings.best_time)
        self.limit.setEnabled(settings.best_time)
        for day, box in enumerate(self.quiet_days):
            box.setChecked(day in settings.quiet_days)
        self.message.clear()

    @staticmethod
    def _time(edit: QTimeEdit) -> time:
        value = edit.time()
        return time(value.hour(), value.minute())

    def settings(self) -> NudgeSettings:
        """The settings as filled in; ValueError says what makes no sense."""
        quiet = self.quiet.isChecked()
        return NudgeSettings(
            digest_at=self._time(self.digest_at),
            digest=self.digest.isChecked(),
            reminders_at=self._time(self.reminders_at),
            best_time=self.best_time.isChecked(),
            best_time_lead_minutes=self.lead.value(),
            best_time_daily_limit=self.limit.value(),
            quiet_from=self._time(self.quiet_from) if quiet else None,
            quiet_until=self._time(self.quiet_until) if quiet else None,
            quiet_days=frozenset(d for d, box in enumerate(self.quiet_days) if box.isChecked()),
        )

    def save(self) -> None:
        """Keep the settings, or say what is wrong and keep the stored ones."""
        try:
            settings = self.settings()
        except ValueError as error:
            self.message.setText(f"Not saved: {error}.")
            return
        self._save(settings)
        self.saved.emit(settings)
        self.message.setText("Saved. The nudges are planned by these settings now.")


class NudgesPage(QWidget):
    """Coming up, History and Settings, one tab each."""

    open_contact = Signal(int)

    def __init__(
        self,
        store: Store,
        clock: Clock,
        save_settings: Callable[[NudgeSettings], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self.setWindowTitle("Nudges — Callbook")
        self.setAccessibleName("Nudges")
        self.coming_model = _Table(["When", "Kind", "Nudge", "Details"])
        self.coming = _tree(self.coming_model, "Nudges coming up")
        self.history_model = _Table(["When", "What happened", "Kind", "Nudge", "Details", "Due"])
        self.history = _tree(self.history_model, "Nudge history")
        self.form = SettingsForm(save_settings)
        self.form.saved.connect(lambda _settings: self.reload())
        self.coming_heading = QLabel()
        self.coming_heading.setWordWrap(True)
        coming_page = QWidget()
        coming_layout = QVBoxLayout(coming_page)
        coming_layout.addWidget(self.coming_heading)
        coming_layout.addWidget(self.coming)
        self.history_heading = QLabel()
        history_page = QWidget()
        history_layout = QVBoxLayout(history_page)
        history_layout.addWidget(self.history_heading)
        history_layout.addWidget(self.history)
        self.tabs = QTabWidget()
        self.tabs.addTab(coming_page, "&Coming up")
        self.tabs.addTab(history_page, "&History")
        self.tabs.addTab(self.form, "Se&ttings")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        for view in (self.coming, self.history):
            view.activated.connect(self._opened)
        self.resize(900, 520)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def show_history(self) -> None:
        """Bring the History tab to the front."""
        self.tabs.setCurrentIndex(1)

    def reload(self) -> None:
        """Read the plan, the history and the settings afresh."""
        zone = zone_words(self._clock.zone().key)
        planned = agenda(self._store, self._clock, AGENDA_DAYS)
        self.coming_heading.setText(
            f"{len(planned)} nudges planned for the next {AGENDA_DAYS} days, times in {zone}. "
            "Quiet hours and quiet days are already taken into account."
            if planned
            else f"Nothing planned for the next {AGENDA_DAYS} days."
        )
        self.coming_model.set_rows(
            [
                (
                    [
                        _local(self._clock, n),
                        n.kind.label + (" (snoozed)" if n.snoozed else ""),
                        n.title,
                        " · ".join(n.body.splitlines()),
                    ],
                    n.contact_id,
                    n.body,
                )
                for n in planned
            ]
        )
        records = nudge_history(self._store)
        self.history_heading.setText(
            f"Every nudge shown, missed, opened, snoozed or dismissed, newest first "
            f"({len(records):,} events)."
            if records
            else "No nudges yet. Every nudge shown, opened, snoozed or dismissed is kept here."
        )
        self.history_model.set_rows(history_rows(records, self._clock))
        for view in (self.coming, self.history):
            for column in range(view.model().columnCount() - 1):
                view.resizeColumnToContents(column)
        self.form.show_settings(nudge_settings(self._store), zone)

    def _opened(self, index: QModelIndex) -> None:
        contact_id = index.data(CONTACT_ROLE)
        if isinstance(contact_id, int):
            self.open_contact.emit(contact_id)
