"""The nudge runner over a real store with a fake clock: sleep, travel, quiet hours, snooze."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.card_fields import BestTimeEntry
from callbook.domain.clock import FixedClock
from callbook.domain.nudges import Nudge, NudgeKind, NudgeSettings, SnoozeChoice
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.nudges.runner import NudgeRunner
from callbook.services import nudges as service
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.card_edits import set_best_times
from callbook.services.contacts import NewContact, add_contact
from callbook.services.nudges import (
    NudgeEventKind,
    nudge_history,
    open_nudges,
    save_nudge_settings,
)
from callbook.store.engine import Store

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TUESDAY = date(2026, 11, 24)


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN).astimezone(UTC)


@dataclass
class Board:
    """A job board that only remembers what it was given."""

    posted: list[Nudge] = field(default_factory=list)
    replan_at: datetime | None = None
    posts: int = 0

    def post(self, nudges: Sequence[Nudge], replan_at: datetime) -> None:
        self.posted = list(nudges)
        self.replan_at = replan_at
        self.posts += 1

    def keys(self, kind: NudgeKind | None = None) -> list[str]:
        return [n.key for n in self.posted if kind is None or n.kind is kind]


@dataclass
class Screen:
    """Where nudges were shown, in order."""

    shown: list[Nudge] = field(default_factory=list)

    def __call__(self, nudge: Nudge) -> str:
        self.shown.append(nudge)
        return "panel"


@dataclass
class Rig:
    runner: NudgeRunner
    board: Board
    screen: Screen
    clock: FixedClock


@pytest.fixture
def rig(store: Store, clock: FixedClock) -> Rig:
    board, screen = Board(), Screen()
    return Rig(NudgeRunner(store, clock, board, screen), board, screen, clock)


def contact_with_best_time(
    store: Store, clock: FixedClock, name: str, start: str, zone: str = "Europe/Berlin"
) -> int:
    contact_id = add_contact(store, clock, NewContact(name, time_zone=zone))
    end = f"{int(start[:2]) + 1:02d}{start[2:]}"
    set_best_times(store, clock, contact_id, [BestTimeEntry("Mon-Fri", start, end)])
    return contact_id


def six_contacts(store: Store, clock: FixedClock) -> list[int]:
    return [
        contact_with_best_time(store, clock, f"Person {hour}", f"{hour:02d}:00")
        for hour in range(9, 15)
    ]


def test_eight_hours_of_sleep_with_six_nudges_missed_bring_exactly_one_catch_up(
    rig: Rig, store: Store
) -> None:
    rig.clock.instant = berlin(TUESDAY, 8, 30)
    six_contacts(store, rig.clock)
    rig.runner.start()
    # Opened at 08:30: the 08:00 digest was missed, and arrives on its own.
    assert [n.kind for n in rig.screen.shown] == [NudgeKind.DIGEST]
    assert len(rig.board.keys(NudgeKind.BEST_TIME)) == 12  # today's and tomorrow's

    todays = [n.key for n in rig.board.posted if n.at < berlin(TUESDAY, 23)]
    assert len(todays) == 6
    rig.runner.heartbeat()
    rig.clock.advance(timedelta(hours=8))  # the lid is shut until 16:30
    rig.runner.heartbeat()
    # The scheduler then reports the six jobs, late; none of them shows again.
    for key in todays:
        rig.runner.job_due(key)
    rig.runner.settle()
    rig.runner.heartbeat()

    assert [n.kind for n in rig.screen.shown] == [NudgeKind.DIGEST, NudgeKind.CATCH_UP]
    catch_up = rig.screen.shown[1]
    assert catch_up.title == "While you were away: 6 nudges"
    assert catch_up.body.splitlines()[0] == "Tue 08:50 Person 9: best time at 09:00"
    history = nudge_history(store)
    assert sum(r.event is NudgeEventKind.MISSED for r in history) == 6
    assert [r.nudge.kind for r in history if r.event is NudgeEventKind.FIRED] == [
        NudgeKind.CATCH_UP,
        NudgeKind.DIGEST,
    ]
    # Each missed one says which catch-up told of it: none vanished unseen.
    assert {r.via for r in history if r.event is NudgeEventKind.MISSED} == {catch_up.key}


def test_a_job_firing_after_wake_takes_what_was_missed_along_in_one_nudge(
    rig: Rig, store: Store
) -> None:
    rig.clock.instant = berlin(TUESDAY, 8, 40)
    six_contacts(store, rig.clock)
    rig.runner.start()
    rig.clock.instant = berlin(TUESDAY, 11, 50)  # woke just as the 11:50 job fires
    due = next(n for n in rig.board.posted if n.at == berlin(TUESDAY, 11, 50))
    rig.runner.job_due(due.key)
    rig.runner.heartbeat()
    shown = rig.screen.shown[1:]
    assert [n.kind for n in shown] == [NudgeKind.CATCH_UP]
    assert shown[0].title == "While you were away: 4 nudges"


def test_a_job_fires_once_however_often_it_is_reported(rig: Rig, store: Store) -> None:
    rig.clock.instant = berlin(TUESDAY, 8, 5)
    contact_with_best_time(store, rig.clock, "Ana Silva", "09:00")
    rig.runner.start()
    job = rig.board.keys(NudgeKind.BEST_TIME)[0]
    rig.clock.instant = berlin(TUESDAY, 8, 50)
    for _ in range(3):
        rig.runner.job_due(job)
        rig.runner.heartbeat()
    assert [n.title for n in rig.screen.shown] == [
        "Today: 1 person to call",
        "Ana Silva: best time at 09:00",
    ]


def test_opening_the_app_before_anything_is_due_shows_nothing(rig: Rig, store: Store) -> None:
    rig.clock.instant = berlin(TUESDAY, 7, 30)
    six_contacts(store, rig.clock)
    rig.runner.start()
    assert rig.screen.shown == []
    assert rig.board.keys()[0] == f"digest:{TUESDAY}"
    assert rig.board.replan_at == berlin(TUESDAY + timedelta(days=1), 0, 1)


def test_logging_the_call_takes_the_contact_out_of_the_plan(rig: Rig, store: Store) -> None:
    rig.clock.instant = berlin(TUESDAY, 8, 5)
    ana = contact_with_best_time(store, rig.clock, "Ana Silva", "09:00")
    rig.runner.start()
    assert rig.board.keys(NudgeKind.BEST_TIME)
    logged = log_interaction(store, rig.clock, LogEntry(ana, Outcome.CONNECTED, Purpose.CHECKIN))
    rig.runner.changed(logged.changed)
    assert rig.board.keys(NudgeKind.BEST_TIME) == []


def test_the_rep_flying_from_new_york_to_berlin_moves_the_next_digest(
    rig: Rig, store: Store
) -> None:
    rig.clock.travel_to("America/New_York")
    rig.clock.instant = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # 07:00 in New York
    contact_with_best_time(store, rig.clock, "Mike Chen", "06:45", zone="Asia/Tokyo")
    rig.runner.start()
    ny_digest = rig.board.posted[0]
    assert ny_digest.at == datetime(2026, 11, 23, 13, 0, tzinfo=UTC)  # 08:00 New York
    rig.clock.advance(timedelta(hours=1))
    rig.runner.job_due(ny_digest.key)
    assert [n.key for n in rig.screen.shown] == [ny_digest.key]

    # Overnight flight: the laptop wakes in Berlin the next morning, 07:30 local.
    rig.clock.travel_to("Europe/Berlin")
    rig.clock.instant = berlin(TUESDAY, 7, 30)
    rig.runner.heartbeat()
    digests = [n for n in rig.board.posted if n.kind is NudgeKind.DIGEST]
    assert digests[0].at == berlin(TUESDAY, 8, 0)
    # Mike's 06:45 in Tokyo is 22:45 in Berlin: inside the rep's quiet hours now.
    assert rig.board.keys(NudgeKind.BEST_TIME) == []
    rig.clock.instant = berlin(TUESDAY, 8, 0)
    rig.runner.job_due(digests[0].key)
    assert [n.key for n in rig.screen.shown] == [ny_digest.key, f"digest:{TUESDAY}"]


def test_a_zone_change_alone_replans(rig: Rig, store: Store) -> None:
    rig.clock.instant = berlin(TUESDAY, 7, 0)
    rig.runner.start()
    assert rig.board.posted[0].at == berlin(TUESDAY, 8)
    rig.clock.travel_to("America/New_York")
    rig.runner.heartbeat()
    assert rig.board.posted[0].at == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


def test_what_is_missed_in_quiet_hours_waits_for_the_morning(rig: Rig, store: Store) -> None:
    rig.clock.instant = berlin(TUESDAY, 8, 5)
    six_contacts(store, rig.clock)
    rig.runner.start()
    rig.runner.heartbeat()
    rig.clock.instant = berlin(TUESDAY, 22, 30)  # woken at night, after quiet hours began
    rig.runner.heartbeat()
    assert len(rig.screen.shown) == 1  # only the morning digest, nothing at night
    rig.clock.instant = berlin(TUESDAY + timedelta(days=1), 8, 0)
    rig.runner.job_due(f"digest:{TUESDAY + timedelta(days=1)}")
    morning = rig.screen.shown[1]
    assert morning.kind is NudgeKind.CATCH_UP
    assert morning.title == "While you were away: 7 nudges"
    assert morning.body.startswith("Today: 6 people to call")


def test_quiet_days_from_settings_take_effect_on_replan(rig: Rig, store: Store) -> None:
    rig.clock.instant = berlin(TUESDAY, 7, 0)
    rig.runner.start()
    assert rig.board.keys(NudgeKind.DIGEST) == [f"digest:{TUESDAY}", "digest:2026-11-25"]
    save_nudge_settings(store, NudgeSettings(quiet_days=frozenset({1, 5, 6})))
    rig.runner.replan()
    assert rig.board.keys(NudgeKind.DIGEST) == ["digest:2026-11-25"]


def test_snoozed_nudge_comes_back_even_after_a_restart(
    rig: Rig, store: Store, clock: FixedClock
) -> None:
    rig.clock.instant = berlin(TUESDAY, 8, 45)
    contact_with_best_time(store, rig.clock, "Ana Silva", "09:00")
    rig.runner.start()
    job = rig.board.keys(NudgeKind.BEST_TIME)[0]
    rig.clock.instant = berlin(TUESDAY, 8, 50)
    rig.runner.job_due(job)
    shown = rig.screen.shown[-1]
    back = rig.runner.snoozed(shown, SnoozeChoice.QUARTER_HOUR)
    assert back == berlin(TUESDAY, 9, 5)
    assert [n.at for n in rig.board.posted if n.snoozed] == [back]
    assert shown.key not in [n.key for n in open_nudges(store, rig.clock)]

    # The app is closed and opened again after the snooze ran out.
    rig.clock.instant = berlin(TUESDAY, 9, 30)
    again = Screen()
    NudgeRunner(store, rig.clock, Board(), again).start()
    assert [(n.title, n.snoozed) for n in again.shown] == [("Ana Silva: best time at 09:00", True)]


def test_dismissed_and_opened_nudges_leave_the_panel_and_stay_in_the_history(
    rig: Rig, store: Store
) -> None:
    rig.clock.instant = berlin(TUESDAY, 8, 45)
    contact_with_best_time(store, rig.clock, "Ana Silva", "09:00")
    rig.runner.start()
    rig.clock.instant = berlin(TUESDAY, 8, 50)
    rig.runner.job_due(rig.board.keys(NudgeKind.BEST_TIME)[0])
    digest, best = rig.screen.shown
    assert [n.key for n in open_nudges(store, rig.clock)] == [best.key, digest.key]
    rig.runner.dismissed(digest)
    rig.runner.clicked(best)
    assert open_nudges(store, rig.clock) == []
    events = [(r.event, r.nudge.kind) for r in nudge_history(store)]
    assert events == [
        (NudgeEventKind.CLICKED, NudgeKind.BEST_TIME),
        (NudgeEventKind.DISMISSED, NudgeKind.DIGEST),
        (NudgeEventKind.FIRED, NudgeKind.BEST_TIME),
        (NudgeEventKind.FIRED, NudgeKind.DIGEST),
    ]


def test_a_heartbeat_while_the_first_plan_is_made_elsewhere_loses_no_missed_nudge(
    rig: Rig, store: Store
) -> None:
    rig.clock.instant = berlin(TUESDAY, 8, 30)
    six_contacts(store, rig.clock)
    rig.runner.begin()
    request = rig.runner.plan_request()
    # Read on the planning thread while the window runs on: a beat comes before it is back.
    made = service.plan(store, rig.clock, request.start, request.end)
    rig.clock.advance(timedelta(seconds=30))
    rig.runner.heartbeat()
    assert rig.screen.shown == []
    rig.runner.adopt(request, made)
    rig.runner.settle()
    # Opened at 08:30: the 08:00 digest was missed while closed, and still arrives.
    assert [n.kind for n in rig.screen.shown] == [NudgeKind.DIGEST]
    assert len(rig.board.keys(NudgeKind.BEST_TIME)) == 12
