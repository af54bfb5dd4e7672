"""Backups, restore, erase and the damaged-database question, driven from the keyboard."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from callbook.domain.clock import FixedClock
from callbook.paths import DATABASE_NAME
from callbook.services.backups import back_up_now
from callbook.services.contact_list import has_contacts
from callbook.services.contacts import NewContact, add_contact
from callbook.services.search import search_contacts
from callbook.store.cipher import is_encrypted
from callbook.store.engine import Store
from callbook.store.opening import DamagedDatabase, open_store
from callbook.ui.durability import BackupsDialog, EncryptionDialog, ask_passphrase
from callbook.ui.main_window import MainWindow
from callbook.wiring.durability import install_durability, recover_damaged_database

CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)
WindowFactory = Callable[[], MainWindow]


def when_modal(qtbot: QtBot, act: Callable[[QWidget], None]) -> None:
    """Once a modal dialog is up, act on it (as the rep would, with keys).

    Should acting fail, the dialog is closed so the test fails instead of hanging.
    """

    def attempt() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or not modal.isActiveWindow():
            # Mnemonics such as Alt+E reach only the active window, as on a real desktop.
            if modal is not None:
                modal.activateWindow()
            QTimer.singleShot(20, attempt)
            return
        try:
            act(modal)
        except BaseException:
            modal.close()
            raise

    QTimer.singleShot(0, attempt)


def names(store: Store) -> list[str]:
    return sorted(h.name for h in search_contacts(store, "a"))


@pytest.fixture
def two_people(store: Store, clock: FixedClock) -> dict[str, int]:
    return {
        "Ana": add_contact(store, clock, NewContact("Ana", "Silva", company="Acme")),
        "Mike": add_contact(store, clock, NewContact("Mike", "Rowe", company="Jupiter")),
    }


def test_erase_asks_first_and_enter_means_no(
    make_window: WindowFactory,
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    two_people: dict[str, int],
) -> None:
    window = make_window()
    install_durability(window, store, clock)
    window.open_card(two_people["Ana"])
    questions: list[str] = []

    def answer(key: Qt.Key, modifier: Qt.KeyboardModifier) -> Callable[[QWidget], None]:
        def act(modal: QWidget) -> None:
            assert isinstance(modal, QMessageBox)
            questions.append(modal.text())
            qtbot.keyClick(modal, key, modifier)

        return act

    when_modal(qtbot, answer(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))
    qtbot.keyClick(window, Qt.Key.Key_Delete, CTRL | SHIFT)
    assert questions and questions[0].startswith("Erase Ana Silva (Acme) completely?")
    assert "This cannot be undone." in questions[0]
    assert window.current_contact() == two_people["Ana"]
    assert len(search_contacts(store, "Ana")) == 1

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    when_modal(qtbot, answer(Qt.Key.Key_E, ALT))
    qtbot.keyClick(window, Qt.Key.Key_Delete, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.current_contact() != two_people["Ana"])
    assert search_contacts(store, "Ana") == []
    assert "Erased Ana Silva" in window.statusBar().currentMessage()
    assert [h.name for h in search_contacts(store, "Mike")] == ["Mike Rowe"]


def test_erase_is_in_the_card_menu_and_backups_in_the_file_menu(
    make_window: WindowFactory, store: Store, clock: FixedClock, two_people: dict[str, int]
) -> None:
    window = make_window()
    wired = install_durability(window, store, clock)
    assert window.card.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    texts = [a.text() for a in window.card.actions() if not a.isSeparator()]
    assert texts[-1] == "E&rase contact…"
    assert window.act_log in window.card.actions()
    file_actions = [
        a.text() for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()
    ]
    assert wired.backups_action.text() in file_actions


def test_backups_dialog_backs_up_and_restores_under_the_running_window(
    make_window: WindowFactory,
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    two_people: dict[str, int],
) -> None:
    window = make_window()
    install_durability(window, store, clock)
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL | SHIFT)
    dialog = window.findChild(BackupsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.table.rowCount() == 0
    qtbot.keyClick(dialog.table, Qt.Key.Key_B, CTRL)
    assert dialog.table.rowCount() == 1, dialog.status.text()
    assert dialog.table.item(0, 1).text() == "taken by hand"
    assert dialog.status.text().startswith("Backed up to ")

    clock.advance(timedelta(minutes=5))
    add_contact(store, clock, NewContact("Lena", "Berg"))
    window.open_card(two_people["Mike"])
    summary = dialog.restore(dialog.selected().path, confirmed=True)  # type: ignore[union-attr]
    assert summary is not None and summary.contacts == 2
    # The same store now reads the restored data, and the window shows it.
    assert search_contacts(store, "Lena") == []
    assert window.current_contact() == two_people["Mike"]
    assert "Restored 2 contacts" in window.statusBar().currentMessage()
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 1).text() == "before a restore"
    dialog.close()


def test_a_bad_file_or_a_full_disk_is_said_in_the_dialog(
    qtbot: QtBot, store: Store, clock: FixedClock, two_people: dict[str, int], tmp_path: Path
) -> None:
    dialog = BackupsDialog(store, clock)
    qtbot.addWidget(dialog)
    bad = tmp_path / "notes.txt"
    bad.write_text("not a backup", encoding="utf-8")
    assert dialog.restore(bad, confirmed=True) is None
    assert dialog.status.text().startswith("Nothing was restored: ")
    assert "does not start like an SQLite database" in dialog.status.text()
    assert has_contacts(store)
    if Path("/dev/full").exists():
        assert not dialog.save_copy_to(Path("/dev/full"))
        assert dialog.status.text() == (
            "The copy was not saved: could not write the backup to /dev/full: "
            "no space left on device"
        )
    assert dialog.save_copy_to(tmp_path / "copy.sqlite3")
    assert (tmp_path / "copy.sqlite3").stat().st_size > 0


def test_a_damaged_database_at_start_offers_the_newest_backup(
    qtbot: QtBot, data_dir: Path, clock: FixedClock
) -> None:
    store, _ = open_store(data_dir, clock.now(), clock.zone())
    for n in range(30):
        add_contact(store, clock, NewContact(f"Person{n}", "Example", notes="x" * 400))
    back_up_now(store, clock)
    store.close()
    database = data_dir / DATABASE_NAME
    data = bytearray(database.read_bytes())
    chance = random.Random(9)
    for _ in range(80):
        data[chance.randrange(100, len(data))] ^= 0x5A
    database.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabase) as caught:
        open_store(data_dir, clock.now(), clock.zone())

    shown: list[str] = []

    def accept(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox)
        shown.append(modal.text() + "\n" + modal.informativeText())
        qtbot.keyClick(modal, Qt.Key.Key_Return)

    when_modal(qtbot, accept)
    assert recover_damaged_database(data_dir, caught.value.problem, clock)
    assert "has not changed it" in shown[0]
    assert "The newest good backup is from Mon 23 Nov, 16:00" in shown[0]
    store, _ = open_store(data_dir, clock.now(), clock.zone())
    try:
        assert len(search_contacts(store, "Person", limit=100)) == 30
    finally:
        store.close()
    kept = [
        p
        for p in data_dir.iterdir()
        if p.name.startswith(DATABASE_NAME + ".damaged-") and not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(kept) == 1, "the damaged file is kept aside"


def test_quitting_at_the_damaged_question_changes_nothing(
    qtbot: QtBot, data_dir: Path, clock: FixedClock
) -> None:
    data_dir.mkdir(mode=0o700)
    database = data_dir / DATABASE_NAME
    database.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    before = database.read_bytes()
    when_modal(qtbot, lambda modal: qtbot.keyClick(modal, Qt.Key.Key_Escape))
    assert not recover_damaged_database(data_dir, "file is not a database", clock)
    assert database.read_bytes() == before


@pytest.fixture
def no_keyring() -> Iterator[None]:
    keyring = pytest.importorskip("keyring")
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(before)


@pytest.mark.slow
def test_encryption_is_turned_on_and_off_from_its_dialog(
    qtbot: QtBot, store: Store, clock: FixedClock, two_people: dict[str, int], no_keyring: None
) -> None:
    pytest.importorskip("sqlcipher3")
    dialog = EncryptionDialog(store, clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "ask for it at each start" in dialog.explanation.text()
    qtbot.keyClicks(dialog.passphrase, "short")
    qtbot.keyClicks(dialog.repeated, "short")
    qtbot.keyClick(dialog.repeated, Qt.Key.Key_Return)
    assert dialog.status.text() == "Nothing was changed: a passphrase needs at least 8 characters"
    assert store.passphrase is None

    dialog.passphrase.clear()
    dialog.repeated.clear()
    qtbot.keyClicks(dialog.passphrase, "harbour lights 7")
    qtbot.keyClicks(dialog.repeated, "harbour lights 7")
    qtbot.keyClick(dialog.repeated, Qt.Key.Key_Return)
    assert dialog.status.text().startswith("Your call book is encrypted.")
    assert store.passphrase == "harbour lights 7"
    assert is_encrypted(store.path)
    assert [h.name for h in search_contacts(store, "Ana")] == ["Ana Silva"]
    assert dialog.switch_button.text() == "Turn encryption &off"
    assert not dialog.repeated.isVisible()

    qtbot.keyClicks(dialog.passphrase, "harbour lights 8")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.status.text() == "That is not the passphrase; nothing was changed"
    assert is_encrypted(store.path)
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, "harbour lights 7")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.status.text().startswith("Your call book is no longer encrypted.")
    assert store.passphrase is None and not is_encrypted(store.path)


@pytest.mark.slow
def test_at_start_a_wrong_passphrase_is_said_and_asked_again(
    qtbot: QtBot, store: Store, clock: FixedClock, data_dir: Path, no_keyring: None
) -> None:
    pytest.importorskip("sqlcipher3")
    from callbook.services.encryption import turn_on_encryption

    turn_on_encryption(store, clock, "harbour lights 7")
    store.close()
    prompts: list[str] = []

    def type_in(text: str) -> Callable[[QWidget], None]:
        def act(modal: QWidget) -> None:
            assert isinstance(modal, QInputDialog)
            prompts.append(modal.labelText())
            line = modal.findChild(QLineEdit)
            assert line is not None and line.echoMode() == QLineEdit.EchoMode.Password
            qtbot.keyClicks(line, text)
            qtbot.keyClick(line, Qt.Key.Key_Return)
            if text == "wrong passphrase":
                when_modal(qtbot, type_in("harbour lights 7"))

        return act

    when_modal(qtbot, type_in("wrong passphrase"))
    assert ask_passphrase(data_dir) == "harbour lights 7"
    assert prompts[0] == "Your call book is encrypted. Its passphrase:"
    assert prompts[1].startswith("That passphrase does not open your call book")

    when_modal(qtbot, lambda modal: qtbot.keyClick(modal, Qt.Key.Key_Escape))
    assert ask_passphrase(data_dir) is None


def test_todays_backup_is_taken_behind_the_window_once_a_day(
    make_window: WindowFactory,
    qtbot: QtBot,
    two_people: dict[str, int],
    store: Store,
    clock: FixedClock,
) -> None:
    window = make_window()
    wired = install_durability(window, store, clock)
    backups = store.path.parent / "backups"
    before = set(backups.glob("*.sqlite3")) if backups.exists() else set()
    with qtbot.waitSignal(wired.daily_backup.finished, timeout=20_000):
        wired.daily_backup.start()
    taken = wired.daily_backup.taken
    assert taken is not None and taken.exists() and taken not in before
    assert wired.daily_backup.problem is None
    # A second start the same day leaves the backups as they are.
    again = install_durability(window, store, clock)
    with qtbot.waitSignal(again.daily_backup.finished, timeout=20_000):
        again.daily_backup.start()
    assert again.daily_backup.taken is None
    assert set(backups.glob("*.sqlite3")) == before | {taken}


def test_a_failed_backup_behind_the_window_is_said_in_the_status_bar(
    make_window: WindowFactory,
    qtbot: QtBot,
    two_people: dict[str, int],
    store: Store,
    clock: FixedClock,
) -> None:
    window = make_window()
    backups = store.path.parent / "backups"
    if backups.exists():
        for old in backups.iterdir():
            old.unlink()
        backups.rmdir()
    backups.write_text("not a folder")  # the backup folder cannot be made
    wired = install_durability(window, store, clock)
    with qtbot.waitSignal(wired.daily_backup.finished, timeout=20_000):
        wired.daily_backup.start()
    assert wired.daily_backup.taken is None
    assert "Today's backup failed" in window.statusBar().currentMessage()
    # Opening the backups waits for the backup thread, never beside it.
    wired.daily_backup.wait()
