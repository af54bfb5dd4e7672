"""File → Import and Export driven with the keyboard: preview, column mapping, cancel, drop."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from callbook.domain.clock import FixedClock
from callbook.interchange.merge import ImportCancelledError
from callbook.services.backup_json import backup_bytes
from callbook.services.changes import Changed
from callbook.services.contacts import NewContact, add_contact
from callbook.services.interchange import saved_home_region
from callbook.store.engine import Store
from callbook.store.models import Contact, Phone
from callbook.ui import import_dialog
from callbook.ui.export_dialog import ExportDialog
from callbook.ui.import_dialog import ImportDialog
from callbook.wiring.interchange import install_interchange

DATA = Path(__file__).resolve().parents[1] / "data" / "interchange"
CTRL = Qt.KeyboardModifier.ControlModifier


def contacts_in(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Contact)) or 0


def open_dialog(
    qtbot: QtBot, store: Store, clock: FixedClock, path: Path, region: str = "DE"
) -> ImportDialog:
    dialog = ImportDialog(store, clock, path, region, region_saved=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def wait_for_preview(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.preview_page, timeout=10_000)


def wait_for_message(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.message_page, timeout=15_000)


def test_a_vcard_previews_then_imports_with_ctrl_enter(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    dialog = open_dialog(qtbot, store, clock, DATA / "apple_contacts.vcf")
    wait_for_preview(qtbot, dialog)
    assert dialog.headline.text().startswith(
        "apple_contacts.vcf (vCard): 3 new, 0 merged, 0 skipped."
    )
    assert dialog.records.rowCount() == 3
    assert dialog.records.item(0, 1).text() == "Ana Maria Silva"
    assert contacts_in(store) == 0  # the preview wrote nothing
    with qtbot.waitSignal(dialog.imported, timeout=15_000) as imported:
        qtbot.keyClick(dialog.import_button, Qt.Key.Key_Return, CTRL)
    wait_for_message(qtbot, dialog)
    assert dialog.message.text() == "Imported apple_contacts.vcf: 3 new, 0 merged, 0 skipped."
    changed = imported.args[0]
    assert isinstance(changed, Changed) and len(changed.contacts) == 3
    assert contacts_in(store) == 3
    assert saved_home_region(store) == "DE"  # asked at the first import, remembered after


def test_the_first_import_asks_for_the_country(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    dialog = open_dialog(qtbot, store, clock, DATA / "google_contacts.vcf", region="US")
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Your first import: which country are numbers without a country code in?" in labels
    wait_for_preview(qtbot, dialog)
    assert dialog.region == "US"
    dialog.region_choice.setFocus()
    # J jumps to JE, then Down steps through JM and JO to JP; the preview is redone.
    qtbot.keyClick(dialog.region_choice, "J")
    for _ in range(3):
        qtbot.keyClick(dialog.region_choice, Qt.Key.Key_Down)
    assert dialog.region == "JP"
    wait_for_preview(qtbot, dialog)
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Return, CTRL)
    wait_for_message(qtbot, dialog)
    with store.read() as session:
        phones = set(session.scalars(select(Phone.e164)))
    assert "+819012345678" in phones  # 090-1234-5678 read as a Japanese mobile


def test_an_unknown_csv_gets_a_column_mapping_with_a_preview(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    dialog = open_dialog(qtbot, store, clock, DATA / "crm_export_utf16.csv")
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.mapping_holder, timeout=10_000)
    mapping = dialog._mapping
    assert mapping is not None
    assert [c.currentData() for c in mapping.choices][:3] == ["full_name", "company", "title"]
    assert mapping.preview.item(0, 0).text() == "Weber, Sabine"
    # The rep decides the remarks column is not worth importing.
    notes = mapping.choices[7]
    notes.setFocus()
    qtbot.keyClick(notes, Qt.Key.Key_Home)
    assert notes.currentData() == "ignore"
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    wait_for_preview(qtbot, dialog)
    assert "2 new" in dialog.headline.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_message(qtbot, dialog)
    with store.read() as session:
        sabine = session.scalars(select(Contact).where(Contact.last_name == "Weber")).one()
    assert (sabine.first_name, sabine.company, sabine.notes) == (
        "Sabine",
        "Müller & Söhne KG",
        "",
    )


def test_a_mapping_without_any_name_is_refused_in_place(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    dialog = open_dialog(qtbot, store, clock, DATA / "plain_utf8_bom.csv")
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.mapping_holder, timeout=10_000)
    mapping = dialog._mapping
    assert mapping is not None
    for choice in mapping.choices:
        choice.setCurrentIndex(choice.findData("ignore"))
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert mapping.problem.isVisible()
    assert "at least one column with a name" in mapping.problem.text()
    assert dialog.pages.currentWidget() is dialog.mapping_holder


def test_unreadable_records_must_be_left_out_knowingly(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    dialog = open_dialog(qtbot, store, clock, DATA / "broken_missing_end.vcf", region="NO")
    wait_for_preview(qtbot, dialog)
    assert (
        "2 records cannot be read:\ncard 1 (line 1): it has no END:VCARD"
        in dialog.unreadable.text()
    )
    assert not dialog.import_button.isEnabled()
    dialog.skip_unreadable.setFocus()
    qtbot.keyClick(dialog.skip_unreadable, Qt.Key.Key_Space)
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_message(qtbot, dialog)
    assert "1 new, 0 merged, 0 skipped, 2 unreadable" in dialog.message.text()
    assert contacts_in(store) == 1


def test_a_file_that_cannot_be_read_says_why_and_imports_nothing(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    dialog = open_dialog(qtbot, store, clock, DATA / "broken_binary.vcf")
    wait_for_message(qtbot, dialog)
    assert dialog.message.text().startswith(
        "Nothing was imported: this is not a text file (line 4 holds binary data)"
    )
    assert dialog.close_button.isVisible()


def big_vcard(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "many.vcf"
    path.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person{i};Test;;;\r\nFN:Test Person{i}\r\n"
            f"TEL;TYPE=CELL:+49 151 {i:08d}\r\nEND:VCARD\r\n"
            for i in range(count)
        ),
        encoding="utf-8",
    )
    return path


def test_cancel_during_a_large_import_leaves_the_store_as_it_was(
    qtbot: QtBot, store: Store, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_contact(store, clock, NewContact("Kept", "Contact"))
    writing = threading.Event()
    real_import = import_dialog.import_contacts

    def import_that_pauses_while_writing(*args: object, **kwargs: object) -> object:
        progress = kwargs["progress"]
        assert callable(progress)

        def slow_progress(done: int, total: int) -> None:
            if done > total // 2:  # rows are being written inside the transaction
                writing.set()
                for _ in range(500):
                    if kwargs["should_stop"]():  # type: ignore[operator]
                        break
                    threading.Event().wait(0.01)
            progress(done, total)

        kwargs["progress"] = slow_progress
        return real_import(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(import_dialog, "import_contacts", import_that_pauses_while_writing)
    dialog = open_dialog(qtbot, store, clock, big_vcard(tmp_path, 1500))
    wait_for_preview(qtbot, dialog)
    assert dialog.headline.text().startswith("many.vcf (vCard): 1,500 new")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(writing.is_set, timeout=10_000)
    assert dialog.progress.maximum() > 0
    assert dialog.cancel_button.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    wait_for_message(qtbot, dialog)
    assert dialog.message.text() == "Import cancelled; nothing was changed."
    assert contacts_in(store) == 1
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Phone)) == 0


def test_escape_while_importing_cancels_and_closes(
    qtbot: QtBot, store: Store, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()

    def import_until_stopped(*_args: object, **kwargs: object) -> object:
        started.set()
        should_stop = kwargs["should_stop"]
        assert callable(should_stop)
        while not should_stop():
            threading.Event().wait(0.01)
        raise ImportCancelledError

    monkeypatch.setattr(import_dialog, "import_contacts", import_until_stopped)
    dialog = open_dialog(qtbot, store, clock, DATA / "vcard40.vcf", region="GB")
    wait_for_preview(qtbot, dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set, timeout=5_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert not dialog.job.running
    assert contacts_in(store) == 0


def test_a_full_backup_restores_into_an_empty_folder(
    qtbot: QtBot, store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    from callbook.store.opening import open_store

    source, _report = open_store(tmp_path / "source", clock.now())
    try:
        add_contact(source, clock, NewContact("Ana", "Silva", company="Acme"))
        backup = tmp_path / "backup.json"
        backup.write_bytes(backup_bytes(source, clock))
    finally:
        source.close()
    dialog = open_dialog(qtbot, store, clock, backup)
    wait_for_preview(qtbot, dialog)
    assert "full Callbook backup holding 1 contacts" in dialog.headline.text()
    assert dialog.import_button.text() == "&Restore"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_message(qtbot, dialog)
    assert dialog.message.text() == "Restored 1 contacts from backup.json."
    assert contacts_in(store) == 1


def test_export_writes_the_chosen_format_owner_only(
    qtbot: QtBot, store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    ana = add_contact(store, clock, NewContact("Ana", "Silva"))
    add_contact(store, clock, NewContact("Ben", "Okafor"))
    dialog = ExportDialog(store, clock, (ana, "Ana Silva"), folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.path_field.text() == str(tmp_path / "callbook-contacts-2026-11-23.vcf")
    dialog.only_current.setChecked(True)
    dialog.activateWindow()
    with qtbot.waitSignal(dialog.exported) as exported:
        qtbot.keyClick(dialog.path_field, Qt.Key.Key_Return)
    report = exported.args[0]
    written = tmp_path / "callbook-contacts-2026-11-23.vcf"
    assert report.items == 1
    assert written.read_text(encoding="utf-8").count("BEGIN:VCARD") == 1
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_export_picks_the_ending_with_the_format_and_refuses_a_missing_folder(
    qtbot: QtBot, store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    dialog = ExportDialog(store, clock, None, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.only_current.isVisible()
    dialog.kind_buttons[dialog.kind.ICS].click()
    assert dialog.path_field.text().endswith("callbook-calls-2026-11-23.ics")
    dialog.path_field.setText(str(tmp_path / "nowhere" / "calls.ics"))
    assert not dialog.export_button.isEnabled()
    assert dialog.note.text() == f"The folder {tmp_path / 'nowhere'} does not exist."
    dialog.path_field.setText(str(tmp_path / "calls.ics"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "calls.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


# Qt events keep a pointer to their mime data: it must outlive them.
_KEPT_ALIVE: list[QMimeData] = []


def drag_file(window: object, path: Path, kind: type) -> object:
    mime = QMimeData()
    _KEPT_ALIVE.append(mime)
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    if kind is QDragEnterEvent:
        return QDragEnterEvent(
            QPoint(50, 50),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    return QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def test_file_menu_and_dropping_a_file_on_the_window_import_it(
    qtbot: QtBot, store: Store, clock: FixedClock, make_window: object
) -> None:
    assert callable(make_window)
    window = make_window()
    wiring = install_interchange(window, store, clock, "DE")
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[0] == "&File"
    file_actions = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert file_actions[:2] == ["&Import contacts…", "&Export…"]
    enter = drag_file(window, DATA / "google_contacts.vcf", QDragEnterEvent)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    not_contacts = drag_file(window, DATA / "photo.png", QDragEnterEvent)
    QApplication.sendEvent(window, not_contacts)
    assert not not_contacts.isAccepted()
    QApplication.sendEvent(window, drag_file(window, DATA / "google_contacts.vcf", QDropEvent))
    dialog = wiring.dialog
    assert dialog is not None and dialog.isVisible()
    wait_for_preview(qtbot, dialog)
    with qtbot.waitSignal(window.bus.published, timeout=15_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_message(qtbot, dialog)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == (
        "Imported google_contacts.vcf: 3 new, 0 merged, 0 skipped."
    )
    export = wiring.open_export()
    assert export.isVisible()
    assert export.kind_buttons[export.kind.VCARD].isChecked()
    export.reject()


def test_region_drop_down_lists_countries_with_their_codes(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    dialog = open_dialog(qtbot, store, clock, DATA / "vcard40.vcf", region="GB")
    assert dialog.region_choice.count() > 200
    assert dialog.region_choice.currentText() == "GB  +44"
    wait_for_preview(qtbot, dialog)


def test_changing_the_country_rereads_csv_dates_the_way_that_country_writes_them(
    qtbot: QtBot, store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    path = tmp_path / "outlook.csv"
    path.write_text(
        "First Name,Last Name,E-mail Address,Mobile Phone,Birthday\r\n"
        "Grace,Okonkwo,grace@lagos.example,+234 803 555 0101,5/7/1980\r\n",
        encoding="utf-8",
    )
    dialog = open_dialog(qtbot, store, clock, path, region="GB")
    wait_for_preview(qtbot, dialog)
    read_for_britain = dialog.job
    dialog.region_choice.setCurrentIndex(dialog.region_choice.findData("US"))
    # A one-row file is read again quicker than the working page can be seen, so wait for the
    # new read itself to start rather than for the page it shows meanwhile.
    qtbot.waitUntil(lambda: dialog.job is not read_for_britain, timeout=5_000)
    wait_for_preview(qtbot, dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_message(qtbot, dialog)
    with store.read() as session:
        grace = session.scalars(select(Contact).where(Contact.last_name == "Okonkwo")).one()
        (birthday,) = grace.dates
        assert (birthday.month, birthday.day) == (5, 7)  # 7 May in the US, 5 July in Britain


def test_an_empty_call_book_offers_to_import_the_contacts_you_have(
    qtbot: QtBot, store: Store, clock: FixedClock, make_window: object
) -> None:
    assert callable(make_window)
    window = make_window()
    first_run = window.today_page.first_run
    assert not first_run.import_button.isVisibleTo(first_run)
    wiring = install_interchange(window, store, clock, "DE")
    assert first_run.import_button.isVisibleTo(first_run)
    asked: list[bool] = []
    # The file chooser would block the test: only the request to import is checked.
    wiring.choose_import = lambda: asked.append(True)  # type: ignore[method-assign]
    qtbot.mouseClick(first_run.import_button, Qt.MouseButton.LeftButton)
    assert asked == [True]
