"""Nudges in the GUI: jobs reach the GUI thread, the panel when there is no tray, click to open."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.base import BaseScheduler
from PySide6.QtCore import QObject, Qt, QThread, Slot
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from callbook.domain.card_fields import BestTimeEntry
from callbook.domain.clock import FixedClock
from callbook.domain.nudges import Nudge, NudgeKind, SnoozeChoice
from callbook.nudges.center import NudgeCenter
from callbook.nudges.notifiers import NotifierChain, TrayNotifier
from callbook.nudges.scheduler import NudgeScheduler
from callbook.services.card_edits import set_best_times
from callbook.services.contacts import NewContact, add_contact
from callbook.services.nudges import NudgeEventKind, nudge_history, nudge_settings
from callbook.store.engine import Store
from callbook.ui.main_window import MainWindow
from callbook.ui.nudges_panel import PanelNotifier
from callbook.wiring.nudges import NudgesInWindow, install_nudges

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = date(2026, 11, 24)


def berlin(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(TUESDAY, time(hour, minute), tzinfo=BERLIN).astimezone(UTC)


class Receiver(QObject):
    """Lives on the GUI thread and notes which thread its slot ran on."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []
        self.threads: list[QThread] = []

    @Slot(str)
    def take(self, key: str) -> None:
        self.keys.append(key)
        self.threads.append(QThread.currentThread())


@pytest.fixture
def scheduler(qtbot: QtBot) -> Iterator[NudgeScheduler]:
    made = NudgeScheduler(grace=timedelta(seconds=1), heartbeat_ms=60_000)
    made.start()
    yield made
    made.shutdown()


def a_nudge(key: str, at: datetime) -> Nudge:
    return Nudge(key, NudgeKind.BEST_TIME, at, "Ana Silva: best time at 09:00", "", 1)


def test_a_jobs_signal_is_emitted_on_a_worker_and_handled_on_the_gui_thread(
    qtbot: QtBot, scheduler: NudgeScheduler
) -> None:
    emitted_on: list[int] = []
    scheduler.signals.due.connect(
        lambda _key: emitted_on.append(threading.get_ident()),
        Qt.ConnectionType.DirectConnection,
    )
    receiver = Receiver()
    scheduler.signals.due.connect(receiver.take, Qt.ConnectionType.QueuedConnection)
    soon = datetime.now(UTC) + timedelta(milliseconds=300)
    scheduler.post([a_nudge("best-time:1", soon)], soon + timedelta(days=1))
    qtbot.waitUntil(lambda: receiver.keys == ["best-time:1"], timeout=5000)
    assert emitted_on and emitted_on[0] != threading.get_ident()
    app = QApplication.instance()
    assert app is not None
    assert receiver.threads == [app.thread()]
    # A DateTrigger job runs once and is gone.
    assert "best-time:1" not in scheduler.job_times()


def test_a_job_later_than_its_grace_is_reported_missed_not_run(
    qtbot: QtBot, scheduler: NudgeScheduler
) -> None:
    ran: list[str] = []
    scheduler.signals.due.connect(ran.append)
    long_ago = datetime.now(UTC) - timedelta(minutes=5)
    with qtbot.waitSignal(scheduler.signals.missed, timeout=5000) as missed:
        scheduler.post([a_nudge("best-time:old", long_ago)], long_ago + timedelta(days=1))
    assert missed.args == ["best-time:old"]
    qtbot.wait(100)
    assert ran == []


def test_wakeups_restart_one_timer_instead_of_piling_up_new_ones(
    qtbot: QtBot, scheduler: NudgeScheduler, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = datetime.now(UTC) + timedelta(hours=1)
    scheduler.post([a_nudge("best-time:later", later)], later + timedelta(days=1))
    qtbot.wait(50)
    looked = []
    process = BaseScheduler._process_jobs

    def counting(self: BaseScheduler) -> float | None:
        looked.append(1)
        return process(self)  # type: ignore[no-any-return]

    monkeypatch.setattr(BaseScheduler, "_process_jobs", counting)
    for _ in range(50):
        scheduler.wakeup()
    qtbot.wait(300)
    # The stock QtScheduler cannot stop its PySide6 single-shot timers: 50 wakeups
    # would look at the jobs 50 times and leave 50 timers running.
    assert len(looked) == 1


def test_the_tray_is_skipped_where_the_desktop_has_none() -> None:
    tray = QSystemTrayIcon()
    notifier = TrayNotifier(tray)
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen has no tray
    assert not notifier.available()
    assert not TrayNotifier(None).available()


class FakeTray:
    """A tray that works, or throws, to see the chain's order."""

    def __init__(self, works: bool = True, breaks: bool = False) -> None:
        self.works, self.breaks, self.shown = works, breaks, []

    @property
    def name(self) -> str:
        return "tray"

    def available(self) -> bool:
        return self.works

    def show(self, nudge: Nudge) -> None:
        if self.breaks:
            raise RuntimeError("the notification service went away")
        self.shown.append(nudge)


def test_the_chain_tries_the_tray_first_and_falls_back_to_the_panel(
    qtbot: QtBot, clock: FixedClock
) -> None:
    from callbook.ui.nudges_panel import NudgesPanel

    panel = NudgesPanel(clock)
    qtbot.addWidget(panel)
    nudge = a_nudge("k", clock.now())
    working = FakeTray()
    assert NotifierChain([working, PanelNotifier(panel)]).show(nudge) == "tray"
    assert working.shown == [nudge] and panel.nudges() == []
    broken = FakeTray(breaks=True)
    assert NotifierChain([broken, PanelNotifier(panel)]).show(nudge) == "panel"
    assert panel.nudges() == [nudge]


# --- the whole thing in the main window ------------------------------------------------------


@pytest.fixture
def ana(store: Store, clock: FixedClock) -> int:
    """Ana in Berlin, due for a check-in, best reached 09:00–10:00 on weekdays."""
    clock.instant = berlin(8, 45)
    contact_id = add_contact(store, clock, NewContact("Ana", "Silva", time_zone="Europe/Berlin"))
    set_best_times(store, clock, contact_id, [BestTimeEntry("Mon-Fri", "09:00", "10:00")])
    return contact_id


@pytest.fixture
def logs_opened() -> list[int]:
    """The contacts the window was asked to open the log for."""
    return []


@pytest.fixture
def nudged(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    store: Store,
    clock: FixedClock,
    ana: int,
    logs_opened: list[int],
) -> Iterator[tuple[MainWindow, NudgesInWindow]]:
    window = make_window()
    window.set_log_opener(logs_opened.append)
    nudges = install_nudges(window, store, clock, window.bus)
    # The first plan is made behind the window, as at a start: the rep waits for nothing.
    with qtbot.waitSignal(nudges.center.replanned, timeout=5000):
        nudges.start()
    yield window, nudges
    nudges.stop()
    nudges.page.close()


def fire(qtbot: QtBot, nudges: NudgesInWindow, kind: NudgeKind) -> Nudge:
    """Emit the job's signal from a worker thread, as APScheduler does."""
    nudge = next(n for n in nudges.center.planned() if n.kind is kind)
    worker = threading.Thread(target=nudges.center.scheduler.signals.due.emit, args=(nudge.key,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: nudge.key in [n.key for n in nudges.panel.nudges()], timeout=3000)
    return nudge


def test_without_a_tray_the_in_app_panel_shows_the_nudge(
    qtbot: QtBot, nudged: tuple[MainWindow, NudgesInWindow], store: Store, clock: FixedClock
) -> None:
    _window, nudges = nudged
    assert nudges.tray is None
    # Opened at 08:45: the 08:00 digest was missed and shows at once, in the panel.
    assert nudges.dock.isVisible()
    assert nudges.panel.title.text() == "Today: 1 person to call"
    clock.instant = berlin(8, 50)
    best = fire(qtbot, nudges, NudgeKind.BEST_TIME)
    assert nudges.panel.title.text() == "Ana Silva: best time at 09:00"
    assert nudges.panel.body.isVisible()
    assert "Best time 09:00–10:00" in nudges.panel.body.text()
    shown = [r for r in nudge_history(store) if r.event is NudgeEventKind.FIRED]
    assert (shown[0].nudge.key, shown[0].via) == (best.key, "panel")


def test_enter_on_a_nudge_opens_the_card_with_the_log_ready(
    qtbot: QtBot,
    nudged: tuple[MainWindow, NudgesInWindow],
    clock: FixedClock,
    ana: int,
    logs_opened: list[int],
) -> None:
    window, nudges = nudged
    clock.instant = berlin(8, 50)
    fire(qtbot, nudges, NudgeKind.BEST_TIME)
    nudges.panel.waiting.setFocus()
    with qtbot.waitSignal(nudges.center.open_contact) as opened:
        qtbot.keyClick(nudges.panel.waiting, Qt.Key.Key_Return)
    assert opened.args == [ana]
    assert window.card.contact_id == ana
    qtbot.waitUntil(lambda: logs_opened == [ana])
    assert "Ana Silva: best time at 09:00" not in [n.title for n in nudges.panel.nudges()]


def test_clicking_open_on_the_digest_goes_to_today(
    qtbot: QtBot, nudged: tuple[MainWindow, NudgesInWindow]
) -> None:
    window, nudges = nudged
    window.show_page("contacts")
    with qtbot.waitSignal(nudges.center.open_today):
        qtbot.mouseClick(nudges.panel.open_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "today"
    assert nudges.panel.nudges() == []
    assert "No nudges waiting. Next: 08:50 Ana Silva: best time at 09:00" in (
        nudges.panel.empty.text()
    )


def test_snooze_for_fifteen_minutes_and_it_comes_back(
    qtbot: QtBot, nudged: tuple[MainWindow, NudgesInWindow], clock: FixedClock
) -> None:
    window, nudges = nudged
    clock.instant = berlin(8, 50)
    best = fire(qtbot, nudges, NudgeKind.BEST_TIME)
    nudges.panel.snooze_actions[SnoozeChoice.QUARTER_HOUR].trigger()
    assert best.key not in [n.key for n in nudges.panel.nudges()]
    assert "comes back today at 09:05" in window.statusBar().currentMessage()
    back = [n for n in nudges.center.planned() if n.snoozed]
    assert [(n.origin_key, n.at) for n in back] == [(best.key, berlin(9, 5))]
    clock.instant = berlin(9, 5)
    again = fire(qtbot, nudges, NudgeKind.BEST_TIME)
    assert again.snoozed and nudges.panel.current() == again


def test_delete_dismisses_and_the_history_page_shows_every_event(
    qtbot: QtBot, nudged: tuple[MainWindow, NudgesInWindow], store: Store
) -> None:
    window, nudges = nudged
    nudges.panel.waiting.setFocus()
    qtbot.keyClick(nudges.panel.waiting, Qt.Key.Key_Delete)
    assert nudges.panel.nudges() == []
    assert nudges.made_page is None  # the page is made when first opened
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    page = nudges.page
    qtbot.waitUntil(page.isVisible)
    model = page.history_model
    events = [model.index(row, 1).data() for row in range(model.rowCount())]
    assert events == ["Dismissed", "Shown (panel)"]
    coming = page.coming_model
    assert coming.rowCount() > 0
    assert coming.index(0, 2).data() == "Ana Silva: best time at 09:00"


def test_settings_that_make_no_sense_are_not_saved_and_good_ones_replan(
    qtbot: QtBot, nudged: tuple[MainWindow, NudgesInWindow], store: Store
) -> None:
    _window, nudges = nudged
    page = nudges.page
    page.reload()
    form = page.form
    for box in form.quiet_days:
        box.setChecked(True)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.message.text() == "Not saved: at least one day of the week must allow nudges."
    assert nudge_settings(store).quiet_days == frozenset({5, 6})

    for day, box in enumerate(form.quiet_days):
        box.setChecked(day == 6)
    form.digest_at.setTime(form.digest_at.time().addSecs(-30 * 60))  # 07:30
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.message.text().startswith("Saved.")
    assert nudge_settings(store).quiet_days == frozenset({6})
    digests = [n for n in nudges.center.planned() if n.kind is NudgeKind.DIGEST]
    assert digests[-1].at.astimezone(BERLIN).strftime("%H:%M") == "07:30"


def test_logging_a_call_replans_the_nudges(
    qtbot: QtBot,
    nudged: tuple[MainWindow, NudgesInWindow],
    store: Store,
    clock: FixedClock,
    ana: int,
) -> None:
    from callbook.domain.vocabulary import Outcome, Purpose
    from callbook.services.call_log import LogEntry, log_interaction

    window, nudges = nudged
    assert any(n.contact_id == ana for n in nudges.center.planned())
    logged = log_interaction(store, clock, LogEntry(ana, Outcome.CONNECTED, Purpose.CHECKIN))
    with qtbot.waitSignal(nudges.center.replanned, timeout=3000):
        window.apply_change(logged.changed)
    assert not any(n.contact_id == ana for n in nudges.center.planned())


class PlansMade:
    """Stands in for the planning service: notes each plan's thread and engine, and holds
    back the first plan made off the GUI thread until `release` is set."""

    def __init__(self, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
        from callbook.services import nudges as service

        self.store = store
        self.real = service.plan
        self.release = threading.Event()
        self.threads: list[threading.Thread] = []
        self.engines: list[object] = []
        self.hold = False
        monkeypatch.setattr(service, "plan", self.plan)

    def start_held(self, qtbot: QtBot, center: NudgeCenter) -> None:
        """Have the rep change something, and hold back the plan it sets off."""
        from callbook.services.changes import Changed

        self.hold = True
        center.changed(Changed(today=True))
        qtbot.waitUntil(lambda: len(self.threads) == 1, timeout=3000)

    def plan(self, *args: Any) -> Any:
        here = threading.current_thread()
        if here is threading.main_thread():
            return self.real(*args)
        self.threads.append(here)
        self.engines.append(self.store.engine)
        made = self.real(*args)
        if self.hold and len(self.threads) == 1:
            self.release.wait(5)  # read from the store as it was; handed over late
        return made


def test_a_replan_after_logging_reads_the_store_off_the_gui_thread(
    qtbot: QtBot,
    nudged: tuple[MainWindow, NudgesInWindow],
    store: Store,
    clock: FixedClock,
    ana: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from callbook.domain.vocabulary import Outcome, Purpose
    from callbook.services.call_log import LogEntry, log_interaction

    window, nudges = nudged
    made = PlansMade(store, monkeypatch)
    logged = log_interaction(store, clock, LogEntry(ana, Outcome.CONNECTED, Purpose.CHECKIN))
    with qtbot.waitSignal(nudges.center.replanned, timeout=3000):
        window.apply_change(logged.changed)
    # The window stayed free while the plan was made; the plan arrived all the same.
    assert len(made.threads) == 1
    assert not any(n.contact_id == ana for n in nudges.center.planned())


def test_a_plan_made_behind_the_window_never_undoes_a_newer_one(
    qtbot: QtBot,
    nudged: tuple[MainWindow, NudgesInWindow],
    store: Store,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from callbook.services.changes import Changed

    center = nudged[1].center
    made = PlansMade(store, monkeypatch)
    stale = center.runner.plan_request()
    old_plan = made.real(store, clock, stale.start, stale.end)
    made.start_held(qtbot, center)  # made with the old settings, it arrives last
    # Meanwhile the rep saves new settings: planned at once, by the new digest time...
    center.save_settings(replace(center.settings, digest_at=time(7, 30)))
    center.changed(Changed(today=True))  # ...and logs a call while the first plan is made
    qtbot.wait(400)  # long enough for that replan to be asked for
    made.release.set()
    with qtbot.waitSignal(center.replanned, timeout=5000):
        pass

    def digest_times(nudges: list[Nudge]) -> set[str]:
        return {
            n.at.astimezone(BERLIN).strftime("%H:%M") for n in nudges if n.kind is NudgeKind.DIGEST
        }

    assert "07:30" not in digest_times(old_plan.nudges)
    assert digest_times(center.planned()) == {"07:30"}, "the stale plan was adopted"
    assert len(made.threads) == 2, "the change made while planning is planned too"


def test_a_plan_from_before_a_restore_is_made_again_from_the_restored_book(
    qtbot: QtBot,
    nudged: tuple[MainWindow, NudgesInWindow],
    store: Store,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from callbook.services.backups import back_up_now, restore_in_place

    center = nudged[1].center
    kept = back_up_now(store, clock)
    made = PlansMade(store, monkeypatch)
    made.start_held(qtbot, center)  # read from the book before the restore, handed over late
    old = store.engine
    restore_in_place(store, kept, clock)
    made.release.set()
    with qtbot.waitSignal(center.replanned, timeout=5000):
        pass
    assert made.engines == [old, store.engine], "the plan read before the restore was adopted"
    assert store.generation == 1


def test_after_sleep_the_heartbeat_brings_what_was_missed_once(
    qtbot: QtBot, nudged: tuple[MainWindow, NudgesInWindow], store: Store, clock: FixedClock
) -> None:
    _window, nudges = nudged
    nudges.panel.dismiss_requested.emit(nudges.panel.current())  # the morning digest
    cy = add_contact(store, clock, NewContact("Cy", "Diaz", time_zone="Europe/Berlin"))
    set_best_times(store, clock, cy, [BestTimeEntry("Mon-Fri", "11:00", "12:00")])
    nudges.center.runner.replan()
    clock.advance(timedelta(hours=8))  # the lid was shut from 08:45 to 16:45
    with qtbot.waitSignal(nudges.center.replanned):
        nudges.center.scheduler.beat.emit()
    nudges.center.scheduler.beat.emit()
    waiting = nudges.panel.nudges()
    assert [n.kind for n in waiting] == [NudgeKind.CATCH_UP]
    assert waiting[0].title == "While you were away: 2 nudges"
    missed = [r.nudge.title for r in nudge_history(store) if r.event is NudgeEventKind.MISSED]
    assert sorted(missed) == ["Ana Silva: best time at 09:00", "Cy Diaz: best time at 11:00"]


def test_the_first_plan_is_read_off_the_gui_thread_and_the_missed_digest_follows_it(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    store: Store,
    clock: FixedClock,
    ana: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    plans = PlansMade(store, monkeypatch)
    nudges = install_nudges(window, store, clock, window.bus)
    try:
        with qtbot.waitSignal(nudges.center.replanned, timeout=5000):
            nudges.start()
            # Back at once: the window goes on while the plan is read.
            assert nudges.center.planned() == []
        assert len(plans.threads) == 1
        assert plans.threads[0] is not threading.main_thread()
        assert any(n.contact_id == ana for n in nudges.center.planned())
        # Opened at 08:45: the 08:00 digest was missed while closed, and shows once planned.
        assert nudges.panel.title.text() == "Today: 1 person to call"
    finally:
        nudges.stop()


def test_the_nudges_page_opens_on_screen_and_esc_closes_it(
    qtbot: QtBot, nudged: tuple[MainWindow, NudgesInWindow]
) -> None:
    window, nudges = nudged
    window.move(300, 200)  # near the screen's edge the page still opens wholly on it
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    page = nudges.page
    qtbot.waitUntil(page.isVisible)
    screen = page.screen().availableGeometry()
    assert screen.contains(page.frameGeometry()), (page.frameGeometry(), screen)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_Escape)
    assert not page.isVisible()


def test_once_a_nudge_has_shown_the_panel_names_the_one_after_it(
    qtbot: QtBot, nudged: tuple[MainWindow, NudgesInWindow], clock: FixedClock
) -> None:
    _window, nudges = nudged
    clock.instant = berlin(8, 50)
    best = fire(qtbot, nudges, NudgeKind.BEST_TIME)
    nudges.panel.waiting.setFocus()
    while nudges.panel.nudges():
        qtbot.keyClick(nudges.panel.waiting, Qt.Key.Key_Delete)
    assert best.title not in nudges.panel.empty.text(), "what has been shown is not next"
