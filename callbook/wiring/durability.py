"""Backups, restore and erase in the main window, and the damaged-database question at start."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from callbook.domain.clock import Clock
from callbook.services.backups import (
    RestoreRefused,
    RestoreSummary,
    newest_backup,
    restore_from,
)
from callbook.services.book import Store
from callbook.services.changes import Changed
from callbook.ui.durability import (
    BackupsDialog,
    DamagedAtStartBox,
    EncryptionDialog,
    erase_with_confirmation,
)
from callbook.ui.main_window import MainWindow
from callbook.wiring.interchange import file_menu

EVERYTHING = Changed(today=True, loops=True, contact_list=True)


class DailyBackup(QObject):
    """Today's backup, taken on a worker thread once the window is up; said if it fails."""

    finished = Signal()

    def __init__(self, window: MainWindow, store: Store, clock: Clock) -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self._clock = clock
        self.taken: Path | None = None
        self.problem: str | None = None
        self._thread: threading.Thread | None = None
        self.finished.connect(self._say_so)

    def start(self) -> None:
        """Take today's backup, if none was taken yet, without holding up the window."""
        self._thread = threading.Thread(target=self._take, name="daily-backup", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Block until the backup is written: before a restore, an erase, a re-key or quit."""
        if self._thread is None or not self._thread.is_alive():
            return
        self._window.statusBar().showMessage("Finishing today's backup…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        # Painted before the wait, which holds the window still until the backup is written.
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        try:
            self._thread.join()
        finally:
            QApplication.restoreOverrideCursor()
            self._window.statusBar().clearMessage()

    def _take(self) -> None:
        from callbook.services.backups import daily_backup_if_due_now

        self.taken, self.problem = daily_backup_if_due_now(self._store, self._clock)
        self.finished.emit()

    @Slot()
    def _say_so(self) -> None:
        if self.problem:
            self._window.statusBar().showMessage(f"Today's backup failed: {self.problem}", 60_000)


@dataclass
class DurabilityInWindow:
    """The actions added to the window, kept together so none is garbage-collected."""

    window: MainWindow
    store: Store
    clock: Clock
    backups_action: QAction
    erase_action: QAction
    encryption_action: QAction
    daily_backup: DailyBackup

    def open_backups(self) -> BackupsDialog:
        """Show the backups dialog (modal); returns it for whoever wants to drive it."""
        # Restoring, listing or erasing backups works on the finished set of files.
        self.daily_backup.wait()
        dialog = BackupsDialog(self.store, self.clock, self.window)
        dialog.restored.connect(self.after_restore)
        dialog.open()
        return dialog

    def open_encryption(self) -> EncryptionDialog:
        """Show the encryption settings (modal); returns the dialog."""
        self.daily_backup.wait()
        dialog = EncryptionDialog(self.store, self.clock, self.window)
        dialog.switched.connect(lambda _changed: self.window.apply_change(EVERYTHING))
        dialog.open()
        return dialog

    def after_restore(self, summary: RestoreSummary) -> None:
        """Everything on screen came from the old database: read it all again."""
        shown = self.window.current_contact()
        self.window.card.clear()
        self.window.apply_change(EVERYTHING)
        if shown is not None:
            self.window.show_card(shown)
        self.window.statusBar().showMessage(
            f"Restored {summary.contacts:,} contacts from {summary.restored_from.name}.", 10000
        )

    def erase_current(self) -> None:
        """Erase the contact whose card is shown, after the rep confirms."""
        contact_id = self.window.current_contact()
        if contact_id is None:
            self.window.statusBar().showMessage("Pick the contact to erase first.", 5000)
            return
        # A backup still being written must not escape the erase.
        self.daily_backup.wait()
        erased = erase_with_confirmation(self.store, self.clock, contact_id, self.window)
        if erased is None:
            return
        self.window.card.clear()
        self.window.apply_change(erased.changed)
        self.window.statusBar().showMessage(
            f"Erased {erased.name} and everything about them, here and in "
            f"{erased.backups_cleaned:,} backups.",
            10000,
        )


def install_durability(window: MainWindow, store: Store, clock: Clock) -> DurabilityInWindow:
    """Add File → Backups… (Ctrl+Shift+B) and Erase contact (Ctrl+Shift+Del, card menu)."""
    backups = QAction("&Backups…", window)
    backups.setObjectName("Backups")
    backups.setShortcut(QKeySequence("Ctrl+Shift+B"))
    backups.setToolTip("Back up, save a copy, or restore a backup (Ctrl+Shift+B)")
    backups.setStatusTip("Back up, save a copy, or restore a backup")
    erase = QAction("E&rase contact…", window)
    erase.setObjectName("Erase contact")
    erase.setShortcut(QKeySequence("Ctrl+Shift+Del"))
    erase.setToolTip("Erase the contact shown, with everything about them (Ctrl+Shift+Del)")
    erase.setStatusTip("Erase the contact shown, with everything about them")
    encryption = QAction("E&ncryption…", window)
    encryption.setObjectName("Encryption")
    encryption.setStatusTip("Encrypt your call book and its backups with a passphrase")
    wired = DurabilityInWindow(
        window, store, clock, backups, erase, encryption, DailyBackup(window, store, clock)
    )
    encryption.triggered.connect(lambda _checked=False: wired.open_encryption())
    backups.triggered.connect(lambda _checked=False: wired.open_backups())
    erase.triggered.connect(lambda _checked=False: wired.erase_current())
    window.addAction(backups)
    window.addAction(erase)
    menu = file_menu(window)
    menu.addSeparator()
    menu.addAction(backups)
    menu.addAction(encryption)
    # The card's own menu (right click, or the Menu key): what can be done to this contact.
    card = window.card
    card.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    card.addActions([window.act_call, window.act_text, window.act_email, window.act_log])
    card.addAction(window.act_snooze)
    separator = QAction(card)
    separator.setSeparator(True)
    card.addAction(separator)
    card.addAction(erase)
    return wired


def recover_damaged_database(
    folder: Path,
    problem: str,
    clock: Clock,
    parent: QWidget | None = None,
    passphrase: str | None = None,
) -> bool:
    """At start: offer the newest good backup for a damaged database; True once restored.

    The damaged file is kept aside untouched; a refused restore says why and asks again.
    """
    newest = newest_backup(folder, passphrase)
    while True:
        box = DamagedAtStartBox(problem, newest, clock, parent)
        box.exec()
        chosen = box.chosen_backup(newest)
        if chosen is None and box.clickedButton() is box.choose_button:
            continue  # the file dialog was cancelled: ask again
        if chosen is None:
            return False
        try:
            restore_from(folder, chosen, clock, passphrase)
        except RestoreRefused as error:
            QMessageBox.warning(parent, "Nothing was restored", str(error))
            continue
        return True
