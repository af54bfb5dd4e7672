"""File → Import: read, map unknown CSV columns, preview, then import with progress and cancel."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.interchange.csv_read import FIELDS, CsvTable, NeedsMapping, read_table
from callbook.interchange.encodings import DecodedText
from callbook.interchange.files import FileKind, kind_of, read_contacts, read_file_text
from callbook.interchange.merge import Action, ImportCancelledError
from callbook.interchange.records import ReadError, ReadResult
from callbook.interchange.regions import region_choices
from callbook.services.backup_json import RestoreReport, restore_json_backup
from callbook.services.book import Store
from callbook.services.changes import Changed, Invalid
from callbook.services.interchange import (
    ImportSummary,
    import_contacts,
    preview_import,
    save_home_region,
)

log = logging.getLogger(__name__)

# Rows of a large preview beyond this are summed up in one line: nobody reads 10,000 rows.
PREVIEW_ROWS = 2000
MAPPING_PREVIEW_ROWS = 5
REGION_PAUSE_MS = 400
ACTION_WORDS = {Action.NEW: "New", Action.MERGED: "Merged", Action.SKIPPED: "Skipped"}

# The result offers to merge this many pairs kept apart; the cards list every one.
MERGES_OFFERED = 5


class _Signals(QObject):
    """Carries a background job's news to the window's thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class BackgroundJob:
    """Runs one blocking call on a worker thread; cancel() asks it to stop at the next step."""

    def __init__(self, parent: QObject) -> None:
        self.signals = _Signals(parent)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """True while the call has not returned."""
        return self._thread is not None and self._thread.is_alive()

    def should_stop(self) -> bool:
        """Whether the rep asked to cancel."""
        return self._stop.is_set()

    def progress(self, done: int, total: int) -> None:
        """Report progress; raises ImportCancelledError once cancelled, to unwind the call."""
        if self._stop.is_set():
            raise ImportCancelledError
        self.signals.progressed.emit(done, total)

    def start(self, call: Callable[[], object]) -> None:
        """Run `call`; its result, failure or cancellation arrives as a signal."""
        self._stop.clear()

        def work() -> None:
            try:
                result = call()
            except ImportCancelledError:
                self.signals.cancelled.emit()
            except (Invalid, ReadError, ValueError) as error:
                self.signals.failed.emit(str(error))
            except Exception as error:  # a bug must reach the rep as a message, not a hang
                log.exception("import job failed")
                self.signals.failed.emit(f"the import stopped on an unexpected error: {error}")
            else:
                self.signals.succeeded.emit(result)

        self._thread = threading.Thread(target=work, name="callbook-import", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the call to stop; the transaction it is in rolls back."""
        self._stop.set()

    def wait(self, seconds: float = 30.0) -> None:
        """Block until the call has returned (used when the dialog closes)."""
        if self._thread is not None:
            self._thread.join(seconds)


class ColumnMapping(QWidget):
    """One drop-down per CSV column saying what it is, above a preview of the first rows."""

    def __init__(self, table: CsvTable, suggestion: dict[int, str]) -> None:
        super().__init__()
        self.table = table
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Callbook does not recognise this file's columns. Say what each column holds; "
            "columns left out are not imported."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        self.choices: list[QComboBox] = []
        first = table.rows[0][1] if table.rows else []
        for index, name in enumerate(table.header):
            example = first[index] if index < len(first) else ""
            label = QLabel(f"<b>{_html(name) or f'column {index + 1}'}</b>")
            shown = f"e.g. {example[:40]}" if example else "(empty in the first row)"
            choice = QComboBox()
            choice.setAccessibleName(f"Column {name or index + 1}")
            for key, text in FIELDS.items():
                choice.addItem(text, key)
            choice.setCurrentIndex(choice.findData(suggestion.get(index, "ignore")))
            label.setBuddy(choice)
            grid.addWidget(label, index, 0)
            grid.addWidget(QLabel(_html(shown)), index, 1)
            grid.addWidget(choice, index, 2)
            self.choices.append(choice)
        holder = QWidget()
        holder.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 2)
        layout.addWidget(QLabel("The first rows of the file:"))
        self.preview = QTableWidget(min(MAPPING_PREVIEW_ROWS, len(table.rows)), len(table.header))
        self.preview.setAccessibleName("First rows of the file")
        self.preview.setHorizontalHeaderLabels(table.header)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (_line, cells) in enumerate(table.rows[:MAPPING_PREVIEW_ROWS]):
            for column, cell in enumerate(cells[: len(table.header)]):
                self.preview.setItem(row, column, QTableWidgetItem(cell))
        layout.addWidget(self.preview, 1)
        self.problem = QLabel()
        self.problem.setAccessibleName("Problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setVisible(False)
        layout.addWidget(self.problem)

    def mapping(self) -> dict[int, str]:
        """Column index → field, leaving out the columns set to '(leave out)'."""
        return {
            index: str(choice.currentData())
            for index, choice in enumerate(self.choices)
            if choice.currentData() != "ignore"
        }

    def names_something(self) -> bool:
        """True when some column gives a name, company, phone or email."""
        wanted = {"full_name", "first_name", "last_name", "company", "email"}
        return any(f in wanted or f.startswith("phone:") for f in self.mapping().values())


def imported_names(summary: ImportSummary, limit: int = 8) -> str:
    """Who an import added and merged, a few by name, and who may be there twice."""
    lines = []
    for action, words in ((Action.NEW, "New"), (Action.MERGED, "Merged into your book")):
        names = [r.name for r in summary.records if r.action is action and r.name]
        if names:
            more = f" and {len(names) - limit:,} more" if len(names) > limit else ""
            lines.append(f"{words}: {', '.join(names[:limit])}{more}.")
    doubts = summary.possible_duplicates
    if doubts:
        lines.append(
            "Kept apart, check whether they are the same person: "
            + "; ".join(f"{r.name} ({r.details[0]})" if r.details else r.name for r in doubts[:3])
            + (f" and {len(doubts) - 3:,} more." if len(doubts) > 3 else ".")
        )
    return "\n".join(lines)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ImportDialog(QDialog):
    """Import one file: preview what is new, merged and skipped, then import it in one go."""

    imported = Signal(object)
    """The import finished and wrote something: a Changed for the window to refresh from."""
    merge_asked = Signal(int, int)
    """The rep wants to merge a contact just imported (first) with one it may be (second)."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        path: Path,
        region: str,
        region_saved: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self.path = path
        self._region = region
        self._text = DecodedText("", "UTF-8")
        self._kind: FileKind | None = None
        self._read: ReadResult | None = None
        self._preview: ImportSummary | None = None
        self._mapping: ColumnMapping | None = None
        self.summary: ImportSummary | None = None
        self._importing = False
        self.restored: RestoreReport | None = None
        self.setWindowTitle(f"Import {path.name}")
        self.setAccessibleName("Import contacts")
        self.setMinimumSize(720, 480)

        self.job = BackgroundJob(self)
        # Changing the country while a preview runs restarts it, after a short pause so
        # that stepping through the list does not start one preview per country.
        self._region_pause = QTimer(self)
        self._region_pause.setSingleShot(True)
        self._region_pause.setInterval(REGION_PAUSE_MS)
        self._region_pause.timeout.connect(self._region_settled)

        self.pages = QStackedWidget()
        self.working_page = self._build_working_page()
        self.mapping_holder = QWidget()
        self.mapping_holder.setLayout(QVBoxLayout())
        self.preview_page = self._build_preview_page()
        self.message_page = self._build_message_page()
        for page in (self.working_page, self.mapping_holder, self.preview_page, self.message_page):
            self.pages.addWidget(page)

        self.region_choice = QComboBox()
        self.region_choice.setAccessibleName("Country for numbers without a country code")
        for code, text in region_choices():
            self.region_choice.addItem(text, code)
        found = self.region_choice.findData(region.upper())
        self.region_choice.setCurrentIndex(max(found, 0))
        self.region_choice.currentIndexChanged.connect(self._region_changed)
        region_row = QHBoxLayout()
        region_label = QLabel(
            "Phone numbers without a country code are in:"
            if region_saved
            else "Your first import: which country are numbers without a country code in?"
        )
        region_label.setAccessibleName("Country question")
        region_label.setBuddy(self.region_choice)
        region_row.addWidget(region_label)
        region_row.addWidget(self.region_choice)
        region_row.addStretch(1)

        self.back_button = QPushButton("&Back to the columns")
        self.back_button.clicked.connect(self._back_to_mapping)
        self.continue_button = QPushButton("C&ontinue")
        self.continue_button.setAccessibleName("Continue")
        self.continue_button.clicked.connect(self._mapped)
        self.import_button = QPushButton("&Import")
        self.import_button.setAccessibleName("Import")
        self.import_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.import_button.clicked.connect(self._start_import)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.clicked.connect(self._cancel_clicked)
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (
            self.continue_button,
            self.import_button,
            self.cancel_button,
            self.close_button,
        ):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(region_row)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._show(self.working_page)
        self._start_reading()

    # -- pages ------------------------------------------------------------------------------

    def _build_working_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.working_label = QLabel("Reading the file…")
        self.working_label.setAccessibleName("What is happening")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setRange(0, 0)
        layout.addStretch(1)
        layout.addWidget(self.working_label)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        return page

    def _build_preview_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.headline = QLabel()
        self.headline.setAccessibleName("What the import will do")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.unreadable = QLabel()
        self.unreadable.setAccessibleName("Unreadable records")
        self.unreadable.setWordWrap(True)
        self.unreadable.setTextFormat(Qt.TextFormat.PlainText)
        self.unreadable.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.skip_unreadable = QCheckBox()
        self.skip_unreadable.setAccessibleName("Leave out the unreadable records")
        self.skip_unreadable.toggled.connect(self._update_import_button)
        self.records = QTableWidget(0, 4)
        self.records.setAccessibleName("Records in the file")
        self.records.setHorizontalHeaderLabels(["Where", "Name", "What happens", "Details"])
        self.records.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.records.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.records.verticalHeader().setVisible(False)
        header = self.records.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.headline)
        layout.addWidget(self.unreadable)
        layout.addWidget(self.skip_unreadable)
        layout.addWidget(self.records, 1)
        return page

    def _build_message_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.message = QLabel()
        self.message.setAccessibleName("Result")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Who came in, a few by name: the rep sees what the import did, not one bare line.
        self.outcome = QLabel()
        self.outcome.setAccessibleName("What was imported")
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.hide()
        layout.addWidget(self.message)
        layout.addWidget(self.outcome)
        self.merge_buttons: list[QPushButton] = []
        self.merge_holder = QVBoxLayout()
        layout.addLayout(self.merge_holder)
        layout.addStretch(1)
        return page

    def _offer_merges(self, summary: ImportSummary) -> None:
        """A button for each of the first few pairs kept apart: merge them on the card."""
        pairs: list[tuple[int, int, str, str]] = []
        for record in summary.possible_duplicates[:MERGES_OFFERED]:
            new, other = record.target, record.possible_duplicate_of
            if new is None or other is None or new.contact_id is None or other.contact_id is None:
                continue
            pairs.append((new.contact_id, other.contact_id, record.name, other.name))
        for new_id, other_id, name, other_name in pairs:
            button = QPushButton(f"Merge {name} and {other_name}…")
            button.setAccessibleName(f"Merge {name} and {other_name}")
            button.clicked.connect(
                lambda _c=False, one=new_id, two=other_id: self._merge_asked(one, two)
            )
            self.merge_holder.addWidget(button)
            self.merge_buttons.append(button)

    def _merge_asked(self, new_id: int, other_id: int) -> None:
        self.accept()
        self.merge_asked.emit(new_id, other_id)

    def _finish_compact(self) -> None:
        """A result needs no preview's room: the dialog shrinks to what it says."""
        self.setMinimumSize(420, 0)
        self.resize(max(480, self.sizeHint().width()), self.sizeHint().height())

    def _show(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        mapping = page is self.mapping_holder
        preview = page is self.preview_page
        done = page is self.message_page
        self.region_choice.setEnabled(not self._importing and not done)
        self.back_button.setVisible(preview and self._mapping is not None)
        self.continue_button.setVisible(mapping)
        self.import_button.setVisible(preview)
        self.cancel_button.setVisible(not done)
        self.close_button.setVisible(done)
        if done:
            self._finish_compact()
        if mapping:
            self.continue_button.setDefault(True)
        elif preview:
            self._update_import_button()
            self.import_button.setDefault(True)
            self.import_button.setFocus()
        elif done:
            self.close_button.setDefault(True)
            self.close_button.setFocus()

    def _working(self, text: str) -> None:
        self.cancel_button.setEnabled(True)
        self.working_label.setText(text)
        self.progress.setRange(0, 0)
        self._show(self.working_page)

    # -- steps ------------------------------------------------------------------------------

    def _run(self, call: Callable[[BackgroundJob], object], done: Callable[[Any], None]) -> None:
        """Run one step in the background; news from a step since replaced is ignored."""
        if self.job.running:
            self.job.cancel()
            self.job.wait()
        job = BackgroundJob(self)
        self.job = job

        def current(handler: Callable[..., None]) -> Callable[..., None]:
            return lambda *args: handler(*args) if self.job is job else None

        job.signals.progressed.connect(current(self._progressed))
        job.signals.succeeded.connect(current(done))
        job.signals.failed.connect(current(self._failed))
        job.signals.cancelled.connect(current(self._cancelled))
        job.start(lambda: call(job))

    @property
    def region(self) -> str:
        """The country chosen for numbers without a country code."""
        return str(self.region_choice.currentData())

    def _start_reading(self) -> None:
        self._working(f"Reading {self.path.name}…")
        region = self.region

        def read(job: BackgroundJob) -> object:
            self._text = read_file_text(self.path)
            self._kind = kind_of(self.path, self._text)
            if self._kind is FileKind.BACKUP:
                return restore_json_backup(self._store, self._text.text, dry_run=True)
            try:
                return read_contacts(self.path, self._text, region, None, job.progress)
            except NeedsMapping as needs:
                return needs

        self._run(read, self._read_done)

    def _read_done(self, result: object) -> None:
        if isinstance(result, RestoreReport):
            self._show_backup(result)
        elif isinstance(result, NeedsMapping):
            self._show_mapping(result)
        else:
            assert isinstance(result, ReadResult)
            self._read = result
            self._start_preview()

    def _show_mapping(self, needs: NeedsMapping) -> None:
        self._mapping = ColumnMapping(needs.table, needs.suggestion)
        layout = self.mapping_holder.layout()
        assert layout is not None
        while layout.count():
            item = layout.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        layout.addWidget(self._mapping)
        self._show(self.mapping_holder)
        if self._mapping.choices:
            self._mapping.choices[0].setFocus()

    def _mapped(self) -> None:
        assert self._mapping is not None
        if not self._mapping.names_something():
            self._mapping.problem.setText(
                "Choose at least one column with a name, company, phone or email."
            )
            self._mapping.problem.setVisible(True)
            return
        mapping = self._mapping.mapping()
        table = self._mapping.table
        region = self.region
        self._working("Reading the rows…")
        decoded = self._text

        def read(job: BackgroundJob) -> ReadResult:
            result = read_table(table, region, mapping, job.progress, decoded.odd_lines)
            result.warnings[:0] = decoded.notes()
            return result

        self._run(read, self._read_done)

    def _back_to_mapping(self) -> None:
        self._show(self.mapping_holder)

    def _start_preview(self) -> None:
        assert self._read is not None
        result, region = self._read, self.region
        self._working("Comparing with your contacts…")
        self._run(
            lambda job: preview_import(self._store, result, region, job.progress, job.should_stop),
            self._preview_done,
        )

    def _preview_done(self, summary: object) -> None:
        assert isinstance(summary, ImportSummary)
        self._preview = summary
        notes = "".join(f"\n{w[:1].upper()}{w[1:]}." for w in summary.warnings)
        doubtful = (
            "\nPossible duplicates are kept as contacts of their own; the list names whom "
            "each one might be, so you can decide."
            if summary.possible_duplicates
            else ""
        )
        self.headline.setText(
            f"{self.path.name} ({summary.kind}): {summary.headline()}. "
            "Nothing you already have is overwritten: merged contacts only gain what they lack."
            f"{doubtful}{notes}"
        )
        broken = summary.broken
        self.unreadable.setVisible(bool(broken))
        self.skip_unreadable.setVisible(bool(broken))
        self.skip_unreadable.setChecked(False)
        if broken:
            listed = "\n".join(str(b) for b in broken[:20])
            more = f"\n… and {len(broken) - 20:,} more" if len(broken) > 20 else ""
            self.unreadable.setText(
                f"{len(broken):,} record{'s' if len(broken) != 1 else ''} cannot be read:\n"
                f"{listed}{more}"
            )
            self.skip_unreadable.setText(
                f"Leave out the {len(broken):,} unreadable record"
                f"{'s' if len(broken) != 1 else ''} and import the rest"
            )
        self._fill_records(summary)
        self._show(self.preview_page)

    def _fill_records(self, summary: ImportSummary) -> None:
        shown = summary.records[:PREVIEW_ROWS]
        extra = len(summary.records) - len(shown)
        self.records.setRowCount(len(shown) + (1 if extra else 0))
        for row, record in enumerate(shown):
            values = [
                record.where,
                record.name,
                ACTION_WORDS[record.action],
                "; ".join(record.details),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.records.setItem(row, column, item)
        if extra:
            self.records.setItem(len(shown), 1, QTableWidgetItem(f"… and {extra:,} more records"))
        self.records.resizeColumnsToContents()

    def _update_import_button(self) -> None:
        summary = self._preview
        if summary is None:
            self.import_button.setEnabled(False)
            return
        writes = summary.new + summary.merged
        self.import_button.setText(
            f"&Import ({summary.new:,} new, {summary.merged:,} merged)" if writes else "&Import"
        )
        allowed = writes > 0 and (not summary.broken or self.skip_unreadable.isChecked())
        self.import_button.setEnabled(allowed)

    def _region_changed(self) -> None:
        # Numbers read in another country may now match, or stop matching, a contact.
        if self._read is not None and not self._importing:
            self._region_pause.start()

    def _region_settled(self) -> None:
        if self._mapping is not None:
            self._mapped()  # CSV dates are read day-first or month-first by country
        elif self._kind is FileKind.CSV:
            self._start_reading()
        else:
            self._start_preview()

    def _show_backup(self, report: RestoreReport) -> None:
        self._preview = None
        self.headline.setText(
            f"{self.path.name} is a full Callbook backup holding {report.describe()}. "
            "It restores only into an empty data folder, and this one is empty."
        )
        self.unreadable.setVisible(False)
        self.skip_unreadable.setVisible(False)
        self.records.setRowCount(0)
        self._show(self.preview_page)
        self.import_button.setText("&Restore")
        self.import_button.setEnabled(True)

    def _start_import(self) -> None:
        self._region_pause.stop()
        self._importing = True
        if self._kind is FileKind.BACKUP:
            text = self._text.text
            self._working("Restoring the backup…")
            self._run(lambda _job: restore_json_backup(self._store, text), self._restore_done)
            return
        assert self._read is not None
        result, region = self._read, self.region
        skip = self.skip_unreadable.isChecked()
        self._working("Importing…")
        self.progress.setRange(0, max(len(result.records), 1))

        def run(job: BackgroundJob) -> object:
            summary = import_contacts(
                self._store,
                self._clock,
                result,
                region,
                skip_unreadable=skip,
                progress=job.progress,
                should_stop=job.should_stop,
            )
            save_home_region(self._store, region)
            return summary

        self._run(run, self._import_done)

    def _import_done(self, summary: object) -> None:
        assert isinstance(summary, ImportSummary)
        self.summary = summary
        self.message.setText(f"Imported {self.path.name}: {summary.headline()}.")
        self.outcome.setText(imported_names(summary))
        self.outcome.setVisible(bool(self.outcome.text()))
        self._offer_merges(summary)
        self._show(self.message_page)
        if summary.changed.contacts:
            self.imported.emit(summary.changed)

    def _restore_done(self, report: object) -> None:
        assert isinstance(report, RestoreReport)
        self.restored = report
        self.message.setText(f"Restored {report.describe()} from {self.path.name}.")
        self._show(self.message_page)
        self.imported.emit(Changed(today=True, loops=True, contact_list=True))

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            stage = self.working_label.text().split(":")[0].rstrip("…")
            self.working_label.setText(f"{stage}: {done:,} of {total:,}")

    def _failed(self, text: str) -> None:
        self.message.setText(f"Nothing was imported: {text}")
        self._show(self.message_page)

    def _cancelled(self) -> None:
        self.message.setText("Import cancelled; nothing was changed.")
        self._show(self.message_page)

    # -- closing ----------------------------------------------------------------------------

    def _cancel_clicked(self) -> None:
        if self.job.running:
            self.cancel_button.setEnabled(False)
            self.working_label.setText("Cancelling…")
            self.job.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        """Escape or Cancel: a running import is stopped and rolled back first."""
        if self.job.running:
            self.job.cancel()
            self.job.wait()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing the window cancels a running import and waits for its rollback."""
        if self.job.running:
            self.job.cancel()
            self.job.wait()
        super().closeEvent(event)
