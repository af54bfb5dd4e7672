"""Import and export in the main window: File → Import…, File → Export…, and files dropped on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu

from callbook.domain.clock import Clock
from callbook.services.book import Store
from callbook.services.changes import NotFound
from callbook.services.contacts import resolve_contact
from callbook.ui.main_window import MainWindow

if TYPE_CHECKING:
    # The dialogs and the file formats behind them (vCard, CSV, iCalendar) load when the
    # rep first imports or exports, not with the window.
    from callbook.services.exports import ExportReport
    from callbook.ui.export_dialog import ExportDialog
    from callbook.ui.import_dialog import ImportDialog

IMPORTABLE = (".vcf", ".vcard", ".csv", ".json", ".txt")
FILE_FILTER = "Contacts (*.vcf *.vcard *.csv *.json);;All files (*)"


def dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The one local file being dragged, when it can be imported."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    if len(files) != 1 or files[0].suffix.lower() not in IMPORTABLE:
        return None
    return files[0]


class _DropOnWindow(QObject):
    """Lets the rep drop a .vcf, .csv or backup file anywhere on the window to import it."""

    def __init__(self, wiring: InterchangeInWindow) -> None:
        super().__init__(wiring.window)
        self._wiring = wiring

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if isinstance(event, QDragEnterEvent | QDropEvent) and event.type() in (
            QEvent.Type.DragEnter,
            QEvent.Type.DragMove,
            QEvent.Type.Drop,
        ):
            path = dropped_file(event)
            if path is None:
                return False
            event.acceptProposedAction()
            if event.type() == QEvent.Type.Drop:
                self._wiring.open_import(path)
            return True
        return False


@dataclass
class InterchangeInWindow:
    """Import and export as the window offers them, kept together for the window's lifetime."""

    window: MainWindow
    store: Store
    clock: Clock
    locale_region: str
    import_action: QAction = field(init=False)
    export_action: QAction = field(init=False)
    dialog: ImportDialog | None = None
    export_dialog: ExportDialog | None = None

    def open_import(self, path: Path) -> ImportDialog:
        """Start importing `path`: the dialog reads it and shows what would happen."""
        from callbook.services.interchange import saved_home_region
        from callbook.ui.import_dialog import ImportDialog

        saved = saved_home_region(self.store)
        dialog = ImportDialog(
            self.store,
            self.clock,
            path,
            saved or self.locale_region,
            region_saved=saved is not None,
            parent=self.window,
        )
        dialog.imported.connect(self.window.apply_change)
        dialog.merge_asked.connect(self.merge_on_card)
        dialog.finished.connect(lambda _result: self._import_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def merge_on_card(self, contact_id: int, other_id: int) -> None:
        """Show the contact's card and ask there how to merge it with `other_id`."""
        self.window.open_card(contact_id)
        self.window.card.merge_with(other_id)

    def _import_closed(self, dialog: ImportDialog) -> None:
        if dialog.summary is not None:
            self.window.statusBar().showMessage(
                f"Imported {dialog.path.name}: {dialog.summary.headline()}.", 8000
            )
        elif dialog.restored is not None:
            self.window.statusBar().showMessage(f"Restored {dialog.restored.describe()}.", 8000)

    def choose_import(self) -> None:
        """Ask for a file, then import it."""
        from callbook.ui.export_dialog import default_folder

        chosen, _filter = QFileDialog.getOpenFileName(
            self.window, "Import contacts", str(default_folder()), FILE_FILTER
        )
        if chosen:
            self.open_import(Path(chosen))

    def open_export(self) -> ExportDialog:
        """Offer the exports, for all contacts or the one on the card."""
        from callbook.ui.export_dialog import ExportDialog

        current: tuple[int, str] | None = None
        contact_id = self.window.current_contact()
        if contact_id is not None:
            try:
                current = (contact_id, resolve_contact(self.store, str(contact_id)).name)
            except NotFound:
                current = None
        dialog = ExportDialog(self.store, self.clock, current, parent=self.window)
        dialog.exported.connect(self._exported)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def _exported(self, report: ExportReport) -> None:
        self.window.statusBar().showMessage(f"{report.describe()}.", 8000)


def file_menu(window: QMainWindow) -> QMenu:
    """The window's File menu, made first in the menu bar when there is none yet."""
    bar = window.menuBar()
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == "File":
            return menu
    menu = QMenu("&File", window)
    first = bar.actions()[0] if bar.actions() else None
    if first is not None:
        bar.insertMenu(first, menu)
    else:
        bar.addMenu(menu)
    return menu


def install_interchange(
    window: MainWindow, store: Store, clock: Clock, locale_region: str
) -> InterchangeInWindow:
    """Add File → Import…/Export… (Ctrl+O, Ctrl+Shift+S) and dropping files on the window."""
    wiring = InterchangeInWindow(window, store, clock, locale_region)
    wiring.import_action = QAction("&Import contacts…", window)
    wiring.import_action.setObjectName("Import contacts")
    wiring.import_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
    wiring.import_action.setStatusTip("Import vCard or CSV contacts, or restore a full backup")
    wiring.import_action.triggered.connect(lambda _checked=False: wiring.choose_import())
    wiring.export_action = QAction("&Export…", window)
    wiring.export_action.setObjectName("Export")
    wiring.export_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
    wiring.export_action.setStatusTip("Export contacts, the calendar, or a full backup")
    wiring.export_action.triggered.connect(lambda _checked=False: wiring.open_export())
    menu = file_menu(window)
    first = menu.actions()[0] if menu.actions() else None
    if first is None:
        menu.addActions([wiring.import_action, wiring.export_action])
    else:
        menu.insertActions(first, [wiring.import_action, wiring.export_action])
        menu.insertSeparator(first)
    for action in (wiring.import_action, wiring.export_action):
        window.addAction(action)
    window.setAcceptDrops(True)
    window.installEventFilter(_DropOnWindow(wiring))
    window.today_page.first_run.offer_import(wiring.import_action)
    return wiring
