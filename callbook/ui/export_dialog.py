"""File → Export: contacts as vCard, planned calls and dates as iCalendar, or a full backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.services.book import Store
from callbook.services.changes import Invalid, NotFound
from callbook.services.exports import ExportFormat, ExportReport, export_to_file
from callbook.ui.icons import icon

CHOICES = [
    (
        ExportFormat.VCARD,
        "&Contacts as vCard 4.0 (.vcf)",
        "For other address books and phones: names, phones, email, family, birthdays, notes.",
    ),
    (
        ExportFormat.ICS,
        "Ca&lendar (.ics)",
        "Follow-ups, chase attempts, check-ins of the next 60 days, birthdays and dates. "
        "Import it again later and your calendar updates the same events.",
    ),
    (
        ExportFormat.JSON,
        "&Full backup (.json)",
        "Everything, for restoring into an empty data folder with File → Import.",
    ),
]


# The widest the Save-to field grows for a long path, in pixels.
PATH_FIELD_MOST = 900


def default_folder() -> Path:
    """The rep's documents folder when it exists, else their home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    # A desktop may name a Documents folder nobody ever made: suggest one that is there.
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


class ExportDialog(QDialog):
    """Pick what to export and where; the file is written readable by the rep only."""

    exported = Signal(object)
    """An export was written: its ExportReport."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        current_contact: tuple[int, str] | None = None,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._current = current_contact
        self._folder = folder or default_folder()
        self.report: ExportReport | None = None
        self._suggested = ""
        self.setWindowTitle("Export")
        self.setAccessibleName("Export")
        layout = QVBoxLayout(self)

        self.kinds = QButtonGroup(self)
        self.kind_buttons: dict[ExportFormat, QRadioButton] = {}
        for kind, text, explanation in CHOICES:
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", ""))
            button.setToolTip(explanation)
            self.kinds.addButton(button)
            self.kind_buttons[kind] = button
            layout.addWidget(button)
            note = QLabel(explanation)
            note.setWordWrap(True)
            note.setContentsMargins(24, 0, 0, 6)
            layout.addWidget(note)
        self.only_current = QRadioButton()
        self.all_contacts = QRadioButton("&All contacts")
        self.all_contacts.setAccessibleName("All contacts")
        self.only_current.setAccessibleName("Only the contact shown")
        which = QHBoxLayout()
        which.setContentsMargins(24, 0, 0, 6)
        which.addWidget(self.all_contacts)
        which.addWidget(self.only_current)
        which.addStretch(1)
        layout.addLayout(which)
        self.all_contacts.setChecked(True)
        if current_contact is not None:
            self.only_current.setText(f"&Only {current_contact[1]}")
        else:
            self.only_current.setVisible(False)

        path_row = QHBoxLayout()
        path_label = QLabel("&Save to:")
        self.path_field = QLineEdit()
        self.path_field.setAccessibleName("File to write")
        path_label.setBuddy(self.path_field)
        self.choose_button = QPushButton(icon("folder"), "C&hoose…")
        self.choose_button.clicked.connect(self._choose)
        path_row.addWidget(path_label)
        path_row.addWidget(self.path_field, 1)
        path_row.addWidget(self.choose_button)
        layout.addLayout(path_row)
        self.note = QLabel()
        self.note.setAccessibleName("Note")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.note)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("&Export")
        self.export_button.setAccessibleName("Export")
        self.export_button.setShortcut(QKeySequence("Ctrl+Return"))
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.kinds.buttonToggled.connect(lambda _button, _on: self._kind_changed())
        self.path_field.textChanged.connect(lambda _text: self._check_path())
        self.kind_buttons[ExportFormat.VCARD].setChecked(True)
        self.path_field.setFocus()

    @property
    def kind(self) -> ExportFormat:
        """The format picked."""
        for kind, button in self.kind_buttons.items():
            if button.isChecked():
                return kind
        return ExportFormat.VCARD

    def _suggested_name(self) -> str:
        day = self._clock.now().astimezone(self._clock.zone()).date().isoformat()
        stem = {
            ExportFormat.VCARD: "contacts",
            ExportFormat.ICS: "calls",
            ExportFormat.JSON: "backup",
        }[self.kind]
        return f"callbook-{stem}-{day}{self.kind.suffix}"

    def _kind_changed(self) -> None:
        vcard = self.kind is ExportFormat.VCARD
        self.all_contacts.setEnabled(vcard)
        self.only_current.setEnabled(vcard)
        typed = self.path_field.text().strip()
        if not typed or typed == self._suggested:
            self._suggested = str(self._folder / self._suggested_name())
            self.path_field.setText(self._suggested)
        else:
            # Keep the folder and name the rep chose; only the ending follows the format.
            self.path_field.setText(str(Path(typed).with_suffix(self.kind.suffix)))
        self._fit_path()
        self._check_path()

    def _fit_path(self) -> None:
        # The whole path and file name in sight, up to most of a small screen.
        metrics = self.path_field.fontMetrics()
        wanted = metrics.horizontalAdvance(self.path_field.text()) + metrics.averageCharWidth() * 4
        self.path_field.setMinimumWidth(
            min(max(wanted, metrics.horizontalAdvance("x" * 58)), PATH_FIELD_MOST)
        )

    def _choose(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            "Export to",
            self.path_field.text() or str(self._folder / self._suggested_name()),
            f"*{self.kind.suffix}",
        )
        if chosen:
            self.path_field.setText(chosen)

    def _check_path(self) -> bool:
        typed = self.path_field.text().strip()
        path = Path(typed).expanduser() if typed else None
        if path is None:
            self.note.setText("Say where to save the file.")
            ok = False
        elif not path.parent.is_dir():
            self.note.setText(f"The folder {path.parent} does not exist.")
            ok = False
        elif path.is_dir():
            self.note.setText(f"{path} is a folder; add a file name.")
            ok = False
        elif path.exists():
            self.note.setText(f"{path.name} exists; exporting replaces it.")
            ok = True
        else:
            self.note.setText("The file will be readable by you only.")
            ok = True
        self.export_button.setEnabled(ok)
        return ok

    def export(self) -> None:
        """Write the export; a problem is shown in the dialog and nothing is left half-written."""
        if not self._check_path():
            return
        path = Path(self.path_field.text().strip()).expanduser()
        ids = (
            [self._current[0]]
            if self._current is not None
            and self.kind is ExportFormat.VCARD
            and self.only_current.isChecked()
            else None
        )
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.report = export_to_file(self._store, self._clock, self.kind, path, ids)
        except (Invalid, NotFound) as error:
            self.note.setText(f"Nothing was exported: {error}")
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.exported.emit(self.report)
        self.accept()
