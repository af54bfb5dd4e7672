"""Backups, restore, a damaged database at start, and erasing a contact: the dialogs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callbook import keychain
from callbook.domain.clock import Clock
from callbook.domain.words import counted
from callbook.paths import DATABASE_NAME
from callbook.services.backups import (
    BackupError,
    BackupRow,
    RestoreRefused,
    RestoreSummary,
    back_up_now,
    backups_of,
    check_backup,
    restore_in_place,
)
from callbook.services.book import Store, StoreError
from callbook.services.changes import Invalid, NotFound
from callbook.services.encryption import (
    MIN_PASSPHRASE,
    EncryptionChanged,
    WrongPassphrase,
    check_passphrase,
    encryption_state,
    turn_off_encryption,
    turn_on_encryption,
)
from callbook.services.erase import ErasedContact, erase_contact, erase_preview
from callbook.ui.dates import weekday_date_time

BACKUP_FILES = "Callbook backups (*.sqlite3 *.db);;All files (*)"


def _size(size_bytes: int) -> str:
    if size_bytes >= 1 << 20:
        return f"{size_bytes / (1 << 20):.1f} MB"
    return f"{max(1, size_bytes // 1024)} KB"


def _local(at: datetime, clock: Clock) -> str:
    local = at.astimezone(clock.zone())
    return weekday_date_time(local, clock.now().astimezone(clock.zone()).date())


# -- erasing a contact ---------------------------------------------------------------------


def erase_question(store: Store, contact_id: int) -> str:
    """What the rep is asked before an erase: who, and how much goes with them."""
    preview = erase_preview(store, contact_id)
    company = f" ({preview.company})" if preview.company else ""
    return (
        f"Erase {preview.name}{company} completely?\n\n"
        f"Their card, {counted(preview.family, 'family member')}, "
        f"{counted(preview.interactions, 'logged touch', 'logged touches')}, "
        f"{counted(preview.open_loops, 'open loop')}, {preview.gives_words()}, "
        "drafts and search entries are deleted "
        "from Callbook and from its backups. Files you exported yourself are not touched.\n\n"
        "This cannot be undone."
    )


class EraseContactBox(QMessageBox):
    """The confirmation before an erase: Cancel is the default, Erase must be chosen."""

    def __init__(self, store: Store, contact_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Erase contact")
        self.setText(erase_question(store, contact_id))
        self.erase_button = self.addButton(
            "&Erase for ever", QMessageBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setAccessibleName("Erase for ever")
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)


def erase_with_confirmation(
    store: Store, clock: Clock, contact_id: int, parent: QWidget | None = None
) -> ErasedContact | None:
    """Ask, then erase; None when the rep said no or the contact is already gone."""
    try:
        box = EraseContactBox(store, contact_id, parent)
    except NotFound:
        return None
    box.exec()
    if box.clickedButton() is not box.erase_button:
        return None
    try:
        erased = erase_contact(store, clock, contact_id)
    except NotFound:
        return None
    except StoreError as error:
        QMessageBox.warning(parent, "Erase contact", f"Nothing was erased: {error}")
        return None
    if erased.unfinished is not None:
        QMessageBox.warning(parent, "Erase contact", f"{erased.unfinished}.")
    return erased


# -- the backups dialog --------------------------------------------------------------------


class BackupsDialog(QDialog):
    """The backups kept, a backup now, a copy elsewhere, and restoring one of them."""

    restored = Signal(object)
    """A backup was restored (a RestoreSummary): everything on screen is out of date."""

    def __init__(self, store: Store, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self.setWindowTitle("Backups")
        self.setAccessibleName("Backups")
        self.resize(720, 420)
        self._rows: list[BackupRow] = []

        intro = QLabel(
            "Callbook backs up your call book each day at start and before every upgrade, "
            "import and restore. It keeps the last 7 days and 4 weeks before them."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Backups kept")
        self.table.setHorizontalHeaderLabels(["Taken", "Why", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.status = QLabel()
        self.status.setAccessibleName("Backup status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.back_up_button = QPushButton("&Back up now")
        self.save_copy_button = QPushButton("&Save a copy to…")
        self.restore_button = QPushButton("&Restore this backup…")
        self.restore_file_button = QPushButton("Restore from a &file…")
        close = QPushButton("Close")
        close.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        self.back_up_button.clicked.connect(self.back_up)
        self.save_copy_button.clicked.connect(self.save_copy)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button, keys in (
            (self.back_up_button, "Ctrl+B"),
            (self.save_copy_button, "Ctrl+S"),
            (self.restore_button, "Ctrl+R"),
            (self.restore_file_button, "Ctrl+O"),
        ):
            plain = button.text().replace("&", "").rstrip("…")
            button.setAccessibleName(plain)
            # Mnemonics are not shown on every desktop; these keys always work.
            shortcut = QAction(plain, self)
            shortcut.setShortcut(QKeySequence(keys))
            shortcut.triggered.connect(button.click)
            self.addAction(shortcut)
            button.setToolTip(f"{plain} ({keys})")
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        """Show the backups kept, newest first."""
        self._rows = backups_of(self._store.path.parent)
        self.table.setRowCount(len(self._rows))
        for row, backup in enumerate(self._rows):
            cells = (_local(backup.taken_at, self._clock), backup.why, _size(backup.size_bytes))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(backup.path))
                self.table.setItem(row, column, item)
        if self._rows:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self._rows))
        if not self._rows:
            self.status.setText("No backups yet. The first is taken tomorrow at start.")

    def selected(self) -> BackupRow | None:
        """The backup the rep has picked."""
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    def back_up(self) -> None:
        """A backup into the backups folder, kept until the rep deletes it."""
        try:
            path = back_up_now(self._store, self._clock)
        except BackupError as error:
            self.status.setText(f"The backup failed: {error}")
            return
        self.reload()
        self.status.setText(f"Backed up to {path}.")

    def save_copy(self) -> None:
        """A checked copy wherever the rep wants it (a USB stick, another disk)."""
        suggested = str(Path.home() / f"callbook-{self._clock.now():%Y-%m-%d}.sqlite3")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save a copy of your call book", suggested, BACKUP_FILES
        )
        if chosen:
            self.save_copy_to(Path(chosen))

    def save_copy_to(self, target: Path) -> bool:
        """Write a checked copy to `target`; says what happened either way."""
        try:
            back_up_now(self._store, self._clock, target)
        except BackupError as error:
            self.status.setText(f"The copy was not saved: {error}")
            return False
        self.status.setText(f"Saved a copy to {target}.")
        return True

    def restore_selected(self) -> None:
        """Restore the backup picked in the list, after the rep confirms."""
        backup = self.selected()
        if backup is not None:
            self.restore(backup.path)

    def restore_from_file(self) -> None:
        """Restore a backup file from anywhere, after the rep confirms."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Restore a backup", str(Path.home()), BACKUP_FILES
        )
        if chosen:
            self.restore(Path(chosen))

    def restore_question(self, source: Path) -> str | None:
        """What the rep confirms before a restore; None (and a message) for a bad file."""
        try:
            summary = check_backup(source)
        except RestoreRefused as error:
            self.status.setText(f"Nothing was restored: {error}")
            return None
        return (
            f"Restore {source.name}, with {counted(summary.contacts, 'contact')} and "
            f"{summary.interactions:,} logged touches?\n\n"
            "Your call book as it is now is backed up first, so you can go back to it."
        )

    def restore(self, source: Path, confirmed: bool = False) -> RestoreSummary | None:
        """Restore `source` in place of the call book; the window reloads from it."""
        question = self.restore_question(source)
        if question is None:
            return None
        if not confirmed:
            answer = QMessageBox.question(
                self,
                "Restore a backup",
                question,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        try:
            summary = restore_in_place(self._store, source, self._clock)
        except (RestoreRefused, StoreError) as error:
            self.status.setText(f"Nothing was restored: {error}")
            return None
        self.reload()
        undo = (
            f" Your call book as it was is kept as {summary.previous_backup.name}."
            if summary.previous_backup
            else ""
        )
        self.status.setText(
            f"Restored {counted(summary.contacts, 'contact')} from {source.name}.{undo}"
        )
        self.restored.emit(summary)
        return summary


# -- a damaged database at start -----------------------------------------------------------


class DamagedAtStartBox(QMessageBox):
    """At start the database failed its check: restore the newest good backup, or quit."""

    def __init__(
        self,
        problem: str,
        newest: BackupRow | None,
        clock: Clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("Your call book is damaged")
        self.setText(
            "Callbook found damage in your call book and has not changed it.\n\n"
            f"What it found: {problem}"
        )
        self.restore_button: QPushButton | None = None
        if newest is not None:
            self.setInformativeText(
                f"The newest good backup is from {_local(newest.taken_at, clock)} "
                f"({newest.why}). Restore it? The damaged file is kept aside, untouched."
            )
            self.restore_button = self.addButton(
                "&Restore newest backup", QMessageBox.ButtonRole.AcceptRole
            )
        else:
            self.setInformativeText(
                "No good backup was found. Keep the file as it is and ask for help, "
                "or choose a backup file you saved elsewhere."
            )
        self.choose_button = self.addButton(
            "&Choose a backup file…", QMessageBox.ButtonRole.ActionRole
        )
        self.quit_button = self.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button or self.quit_button)
        self.setEscapeButton(self.quit_button)

    def chosen_backup(self, newest: BackupRow | None) -> Path | None:
        """After exec(): the backup the rep chose to restore, or None to quit."""
        clicked = self.clickedButton()
        if clicked is self.restore_button and newest is not None:
            return newest.path
        if clicked is self.choose_button:
            chosen, _filter = QFileDialog.getOpenFileName(
                self.parentWidget(), "Restore a backup", str(Path.home()), BACKUP_FILES
            )
            return Path(chosen) if chosen else None
        return None


# -- encryption ----------------------------------------------------------------------------


def _secret_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class EncryptionDialog(QDialog):
    """Turn encryption at rest on (a new passphrase, twice) or off (the passphrase again)."""

    switched = Signal(object)
    """Encryption was turned on or off (an EncryptionChanged)."""

    def __init__(self, store: Store, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self.setWindowTitle("Encryption")
        self.setAccessibleName("Encryption")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.passphrase = _secret_field("Passphrase")
        self.repeated = _secret_field("The same passphrase again")
        self.status = QLabel()
        self.status.setAccessibleName("Encryption status")
        self.status.setWordWrap(True)
        self.switch_button = QPushButton()
        self.switch_button.setDefault(True)
        self.switch_button.clicked.connect(self.switch)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        form = QFormLayout()
        form.addRow("&Passphrase", self.passphrase)
        form.addRow("&Again", self.repeated)
        self._repeat_label = form.labelForField(self.repeated)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.switch_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._show_state()

    def _show_state(self) -> None:
        state = encryption_state(self._store.path.parent, self._store)
        encrypted = self._store.passphrase is not None
        if not state.available and not encrypted:
            self.explanation.setText(
                "Encryption needs SQLCipher, which is not installed on this computer "
                "(pip install 'callbook[encryption]')."
            )
        elif encrypted:
            self.explanation.setText(
                "Your call book and its backups are encrypted. To turn encryption off, "
                "give the passphrase again."
            )
        else:
            self.explanation.setText(
                "Encrypt your call book and its backups with a passphrase of at least "
                f"{MIN_PASSPHRASE} characters. "
                + (
                    "It is kept in your desktop keyring."
                    if keychain.keyring_usable()
                    else "There is no desktop keyring here, so Callbook will ask for it at "
                    "each start. Without it your call book cannot be opened: keep it safe."
                )
            )
        self.switch_button.setText("Turn encryption &off" if encrypted else "&Encrypt")
        self.switch_button.setAccessibleName(self.switch_button.text().replace("&", ""))
        self.switch_button.setEnabled(state.available or encrypted)
        self.repeated.setVisible(not encrypted)
        if self._repeat_label is not None:
            self._repeat_label.setVisible(not encrypted)
        self.passphrase.clear()
        self.repeated.clear()

    def switch(self) -> EncryptionChanged | None:
        """Encrypt or decrypt with what was typed; says what happened either way."""
        typed = self.passphrase.text()
        try:
            changed, done = self._switch_with(typed)
        except (Invalid, StoreError) as error:
            said = str(error)
            self.status.setText(
                said[:1].upper() + said[1:]
                if "nothing was changed" in said
                else f"Nothing was changed: {said}"
            )
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return None
        self._show_state()
        left = len(changed.backups_not_converted)
        self.status.setText(
            f"{done} {counted(changed.backups_converted, 'backup')} converted too."
            + (f" {counted(left, 'older backup')} left as it was." if left else "")
        )
        self.switched.emit(changed)
        return changed

    def _switch_with(self, typed: str) -> tuple[EncryptionChanged, str]:
        """Encrypt with `typed` (as repeated), or decrypt with it; and what to say of it."""
        folder = self._store.path.parent
        if self._store.passphrase is None:
            changed = turn_on_encryption(self._store, self._clock, typed, self.repeated.text())
            kept = keychain.remember_passphrase(folder, typed)
            return changed, "Your call book is encrypted." + (
                " The passphrase is kept in your desktop keyring." if kept else ""
            )
        changed = turn_off_encryption(self._store, self._clock, typed)
        keychain.forget_passphrase(folder)
        return changed, "Your call book is no longer encrypted."


def ask_passphrase(folder: Path, parent: QWidget | None = None) -> str | None:
    """At start, the passphrase of an encrypted call book: from the keyring, else asked.

    A wrong one is said and asked again; None when the rep gives up.
    """
    saved = keychain.saved_passphrase(folder)
    if saved is not None:
        try:
            check_passphrase(folder / DATABASE_NAME, saved)
            return saved
        except WrongPassphrase:
            keychain.forget_passphrase(folder)
    prompt = "Your call book is encrypted. Its passphrase:"
    while True:
        typed, ok = QInputDialog.getText(parent, "Callbook", prompt, QLineEdit.EchoMode.Password)
        if not ok:
            return None
        try:
            check_passphrase(folder / DATABASE_NAME, typed)
        except WrongPassphrase:
            prompt = (
                "That passphrase does not open your call book; nothing was changed.\nTry again:"
            )
            continue
        keychain.remember_passphrase(folder, typed)
        return typed
