"""Today painted from a first look at the file, the store attached behind it: the real start."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from callbook.app import SETTINGS_FILE, run
from callbook.clock import SystemClock
from callbook.domain.clock import FixedClock
from callbook.services.card import load_card
from callbook.services.demo import fill_with_demo
from callbook.services.today import today_places, today_rows
from callbook.store.engine import Store
from callbook.store.first_look import first_look, has_contacts
from callbook.store.opening import open_store
from callbook.ui.main_window import CONTACTS, SEARCH, TODAY, MainWindow
from callbook.ui.tables import CONTACT_ID_ROLE
from callbook.ui.today_model import TodayModel

CTRL = Qt.KeyboardModifier.ControlModifier
# Far longer than a start takes; only there so that a broken start fails instead of hanging.
START_WATCHDOG_MS = 30_000


def shown_ids(model: TodayModel) -> list[int]:
    """The contacts on Today, top to bottom, as far as the rep can scroll."""
    while model.canFetchMore():
        model.fetchMore()
    return [model.index(row, 0).data(CONTACT_ID_ROLE) for row in range(model.rowCount())]


def shown_texts(model: TodayModel) -> list[list[str]]:
    """Every cell of Today as the rep reads it."""
    while model.canFetchMore():
        model.fetchMore()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def focused() -> QObject:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


@pytest.fixture
def look(demo_store: Store, data_dir: Path) -> Iterator[sqlite3.Connection]:
    """A first look at the demo call book, as the start takes it."""
    connection = first_look(data_dir)
    assert connection is not None
    yield connection
    connection.close()


@pytest.fixture
def shell(
    qtbot: QtBot, clock: FixedClock, settings_path: Path, look: sqlite3.Connection
) -> Iterator[MainWindow]:
    """A window with no store yet, showing Today from the first look, active for keys."""
    window = MainWindow(None, clock, QSettings(str(settings_path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    places = today_places(look, clock.now(), clock.zone())
    window.show_first_look(
        places,
        lambda ids: today_rows(look, clock.now(), clock.zone(), ids),
        bool(places) or has_contacts(look),
    )
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    window.close()


def test_the_first_look_shows_the_today_a_full_window_shows(
    qtbot: QtBot, shell: MainWindow, demo_store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    full = MainWindow(
        demo_store, clock, QSettings(str(tmp_path / "full.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(full)
    assert not shell.attached
    assert full.attached
    ids = shown_ids(shell.today_page.model)
    assert ids, "the demo always has someone due"
    assert ids == shown_ids(full.today_page.model)
    assert shown_texts(shell.today_page.model) == shown_texts(full.today_page.model)
    assert shell.today_page.heading.text() == full.today_page.heading.text()
    assert shell.today_page.stack.currentWidget() is shell.today_page.table
    # The first one is current, ready for the arrow keys.
    assert shell.today_page.table.current_contact() == ids[0]


def test_before_the_store_is_open_nothing_needs_it_and_keys_do_no_harm(
    qtbot: QtBot, shell: MainWindow
) -> None:
    table = shell.today_page.table
    assert focused() is table
    assert not shell.search_field.isEnabled()
    for action in (
        shell.act_contacts,
        shell.act_search,
        shell.act_new,
        shell.act_refresh,
        shell.act_call,
        shell.act_text,
        shell.act_email,
        shell.act_log,
        shell.act_snooze,
        shell.act_card,
    ):
        assert not action.isEnabled(), action.objectName()
    assert shell.act_today.isEnabled()
    assert shell.statusBar().currentMessage() == "Opening your call book…"
    ids = shown_ids(shell.today_page.model)

    qtbot.keyClick(table, "f", CTRL)
    qtbot.keyClick(focused(), "/")
    qtbot.keyClicks(shell.search_field, "ana")
    qtbot.keyClick(focused(), "2", CTRL)
    qtbot.keyClick(focused(), Qt.Key.Key_F5)

    assert focused() is table
    assert shell.search_field.text() == ""
    assert shell.current_page() == TODAY
    assert shell.pages.currentWidget() is shell.today_page
    assert shown_ids(shell.today_page.model) == ids
    assert table.current_contact() == ids[0]
    assert not shell.attached


def test_attaching_brings_contacts_search_and_the_card_of_the_row_chosen_before(
    qtbot: QtBot, shell: MainWindow, demo_store: Store, clock: FixedClock
) -> None:
    table = shell.today_page.table
    ids = shown_ids(shell.today_page.model)
    assert len(ids) >= 3
    # The rep moves down the list while the store is still opening.
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    chosen = ids[2]
    assert table.current_contact() == chosen

    shell.attach(demo_store)

    assert shell.attached
    assert "Opening" not in shell.statusBar().currentMessage()
    assert shell.card.contact_id == chosen
    name = load_card(demo_store, clock, chosen).name
    assert shell.card.name_label.text() == name
    assert shell.current_page() == TODAY
    assert table.current_contact() == chosen
    assert shell.search_field.isEnabled()
    assert shell.act_contacts.isEnabled()

    qtbot.keyClick(focused(), "2", CTRL)
    assert shell.current_page() == CONTACTS
    assert shell.pages.currentWidget() is shell.contacts_page
    assert shell.contacts_page.model.rowCount() > 0

    qtbot.keyClick(focused(), "f", CTRL)
    assert focused() is shell.search_field
    first_name = name.split()[0]
    qtbot.keyClicks(shell.search_field, first_name)
    assert shell.current_page() == SEARCH
    model = shell.search_page.model
    found = [model.index(row, 0).data(CONTACT_ID_ROLE) for row in range(model.rowCount())]
    assert chosen in found
    qtbot.keyClick(shell.search_field, Qt.Key.Key_Escape)
    assert shell.current_page() == CONTACTS


def test_an_empty_books_first_run_buttons_wait_for_the_store(
    qtbot: QtBot, clock: FixedClock, settings_path: Path, store: Store, data_dir: Path
) -> None:
    empty = first_look(data_dir)
    assert empty is not None
    window = MainWindow(None, clock, QSettings(str(settings_path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    try:
        places = today_places(empty, clock.now(), clock.zone())
        window.show_first_look(places, lambda _ids: [], False)
    finally:
        empty.close()
    first_run = window.today_page.first_run
    assert window.today_page.stack.currentWidget() is first_run
    assert not first_run.demo_button.isEnabled()  # nothing to fill yet: no dead click
    window.attach(store)
    assert first_run.demo_button.isEnabled() and first_run.add_button.isEnabled()


# -- the real start -------------------------------------------------------------------------


@dataclass
class Seen:
    """What the window showed at its first paint and once everything was wired in."""

    known: list[MainWindow]
    window: MainWindow | None = None
    painted: bool = False
    attached_at_paint: bool | None = None
    page_at_paint: str | None = None
    today_rows_at_paint: int = 0
    current_at_paint: int | None = None
    settled: bool = False
    attached_at_settled: bool | None = None
    page_at_settled: str | None = None
    card_at_settled: int | None = None
    search_enabled_at_settled: bool | None = None
    contacts_at_settled: int = 0
    timed_out: bool = False


class StartWatcher(QObject):
    """Follows the window a start makes: its first paint, then `settled`, then quits."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        # Windows other tests left behind are not this start's.
        self.seen = Seen([w for w in app.topLevelWidgets() if isinstance(w, MainWindow)])
        self.watchdog = QTimer(self)
        self.watchdog.setSingleShot(True)
        self.watchdog.timeout.connect(self._too_long)
        self.watchdog.start(START_WATCHDOG_MS)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if (
            self.seen.window is None
            and kind == QEvent.Type.Show
            and isinstance(watched, MainWindow)
            and not any(watched is known for known in self.seen.known)
        ):
            # Shown before the start's event loop runs: nothing can have settled yet.
            self.seen.window = watched
            watched.settled.connect(self._settled)
        elif kind == QEvent.Type.Paint and not self.seen.painted and watched is self.seen.window:
            self._first_paint(watched)
        return False

    def _first_paint(self, window: MainWindow) -> None:
        self.seen.painted = True
        self.seen.attached_at_paint = window.attached
        self.seen.page_at_paint = window.current_page()
        if window.pages.currentWidget() is window.today_page:
            self.seen.today_rows_at_paint = window.today_page.model.rowCount()
            self.seen.current_at_paint = window.today_page.table.current_contact()

    def _settled(self) -> None:
        window = self.seen.window
        assert window is not None
        self.seen.settled = True
        self.seen.attached_at_settled = window.attached
        if window.attached:
            self.seen.page_at_settled = window.current_page()
            self.seen.card_at_settled = window.card.contact_id
            self.seen.search_enabled_at_settled = window.search_field.isEnabled()
            self.seen.contacts_at_settled = window.contacts_page.model.rowCount()
        # Quit as the rep does: close the window, and the app ends.
        QTimer.singleShot(0, self._quit)

    def _quit(self) -> None:
        if self.seen.window is not None:
            self.seen.window.close()
        self.app.quit()

    def _too_long(self) -> None:
        self.seen.timed_out = True
        if self.seen.window is not None:
            self.seen.window.close()
        self.app.exit(1)

    def done(self) -> Seen:
        self.watchdog.stop()
        self.app.removeEventFilter(self)
        self.seen.known.clear()
        return self.seen


@pytest.fixture
def start_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> Iterator[Path]:
    """A data folder whose call book has demo contacts, closed, as the last run left it."""
    runtime = Path(tempfile.mkdtemp(prefix="cbrt"))
    monkeypatch.setenv("CALLBOOK_RUNTIME_DIR", str(runtime))
    root = logging.getLogger()
    level = root.level
    folder = tmp_path / "start"
    now = SystemClock().now()
    store, _report = open_store(folder, now)
    try:
        fill_with_demo(store, now, 60, seed=3)
    finally:
        store.close()
    yield folder
    # The start logs to the data folder; later tests must not.
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    shutil.rmtree(runtime, ignore_errors=True)


def start_and_watch(qtbot: QtBot, qapp: QApplication, folder: Path) -> tuple[int, Seen]:
    watcher = StartWatcher(qapp)
    try:
        code = run(["--data-dir", str(folder)])
    finally:
        seen = watcher.done()
        if seen.window is not None:
            seen.window.close()
            seen.window.deleteLater()
    # Let the window and everything wired into it go before the next test.
    qtbot.wait(10)
    if seen.timed_out:
        log = folder / "callbook.log"
        written = log.read_text(encoding="utf-8") if log.exists() else "(no log)"
        pytest.fail(f"the start never settled; the window showed {seen}; its log:\n{written}")
    return code, seen


@pytest.mark.slow
def test_the_real_start_paints_today_before_the_store_is_attached(
    qtbot: QtBot, qapp: QApplication, start_folder: Path
) -> None:
    code, seen = start_and_watch(qtbot, qapp, start_folder)
    assert code == 0
    assert seen.painted
    assert seen.attached_at_paint is False, "Today waited for the store instead of a look"
    assert seen.page_at_paint == TODAY
    assert seen.today_rows_at_paint > 0
    assert seen.current_at_paint is not None
    assert seen.settled
    assert seen.attached_at_settled is True
    assert seen.page_at_settled == TODAY
    assert seen.search_enabled_at_settled is True
    # The row that was current at the first paint has its card once the store is open.
    assert seen.card_at_settled == seen.current_at_paint


@pytest.mark.slow
def test_the_real_start_on_contacts_opens_the_store_first_and_ends_on_contacts(
    qtbot: QtBot, qapp: QApplication, start_folder: Path
) -> None:
    remembered = QSettings(str(start_folder / SETTINGS_FILE), QSettings.Format.IniFormat)
    remembered.setValue("window/page", CONTACTS)
    remembered.sync()
    del remembered
    code, seen = start_and_watch(qtbot, qapp, start_folder)
    assert code == 0
    assert seen.painted
    # No Today flashes by on the way: Contacts is the first thing painted.
    assert seen.attached_at_paint is True
    assert seen.page_at_paint == CONTACTS
    assert seen.settled
    assert seen.attached_at_settled is True
    assert seen.page_at_settled == CONTACTS
    assert seen.contacts_at_settled > 0
    assert seen.search_enabled_at_settled is True


@pytest.mark.slow
def test_a_first_look_that_cannot_read_the_file_opens_the_store_in_full_instead(
    qtbot: QtBot, qapp: QApplication, start_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import callbook.app

    def malformed(*_args: object) -> object:
        raise sqlite3.DatabaseError("database disk image is malformed")

    # A damaged page only Today reads: the full opening checks the file instead.
    monkeypatch.setattr(callbook.app, "today_places", malformed)
    code, seen = start_and_watch(qtbot, qapp, start_folder)
    assert code == 0
    assert seen.attached_at_paint is True
    assert seen.today_rows_at_paint > 0
    assert seen.settled and seen.attached_at_settled is True


@pytest.mark.slow
def test_an_opening_that_fails_behind_the_first_look_is_said_and_ends_the_start(
    qtbot: QtBot, qapp: QApplication, start_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    import callbook.store.opening

    said: list[str] = []

    def refused(*_args: object, **_kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(start_folder))

    monkeypatch.setattr(callbook.store.opening, "open_store", refused)
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, title, text: said.append(text))
    )
    code, seen = start_and_watch(qtbot, qapp, start_folder)
    assert code == 1
    assert seen.painted and seen.attached_at_paint is False
    assert not seen.settled
    assert said and "Permission denied" in said[0]
