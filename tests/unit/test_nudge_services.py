"""Nudge services: stored settings, snoozes that outlive a restart, history and erasure."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.card_fields import BestTimeEntry
from callbook.domain.clock import FixedClock
from callbook.domain.nudges import Nudge, NudgeKind, NudgeSettings, SnoozeChoice
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.card_edits import set_best_times, set_dates
from callbook.services.changes import Invalid
from callbook.services.contacts import NewContact, add_contact
from callbook.services.erase import erase_contact
from callbook.services.nudges import (
    NudgeEventKind,
    agenda,
    nudge_history,
    nudge_settings,
    plan,
    record_event,
    save_nudge_settings,
    snooze,
)
from callbook.store.engine import Store
from callbook.store.models import Setting

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = date(2026, 11, 24)


def berlin(hour: int, minute: int = 0, day: date = TUESDAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN).astimezone(UTC)


@pytest.fixture
def ana(store: Store, clock: FixedClock) -> int:
    clock.instant = berlin(8, 30)
    contact_id = add_contact(store, clock, NewContact("Ana", "Silva", time_zone="Europe/Berlin"))
    set_best_times(store, clock, contact_id, [BestTimeEntry("Mon-Fri", "09:00", "10:00")])
    return contact_id


def best_time_today(store: Store, clock: FixedClock) -> Nudge:
    planned = plan(store, clock, berlin(0), berlin(0, day=TUESDAY + timedelta(days=1))).nudges
    return next(n for n in planned if n.kind is NudgeKind.BEST_TIME)


def test_settings_are_kept_and_damaged_ones_fall_back_to_the_defaults(store: Store) -> None:
    assert nudge_settings(store) == NudgeSettings()
    mine = NudgeSettings(digest_at=time(7, 30), quiet_days=frozenset({6}))
    save_nudge_settings(store, mine)
    assert nudge_settings(store) == mine
    with store.begin() as session:
        row = session.get(Setting, "nudges")
        assert row is not None
        row.value = {"digest_at": "half past seven"}
    assert nudge_settings(store) == NudgeSettings()


def test_a_snooze_brings_the_nudge_back_at_its_time(
    store: Store, clock: FixedClock, ana: int
) -> None:
    nudge = best_time_today(store, clock)
    clock.instant = berlin(8, 50)
    record_event(store, clock, NudgeEventKind.FIRED, nudge, "panel")
    until = snooze(store, clock, nudge, SnoozeChoice.HOUR)
    assert until == berlin(9, 50)
    back = [n for n in agenda(store, clock, 1) if n.snoozed]
    assert [(n.at, n.title, n.contact_id) for n in back] == [
        (berlin(9, 50), "Ana Silva: best time at 09:00", ana)
    ]


def test_a_snoozed_nudge_about_someone_called_meanwhile_does_not_come_back(
    store: Store, clock: FixedClock, ana: int
) -> None:
    nudge = best_time_today(store, clock)
    clock.instant = berlin(8, 50)
    record_event(store, clock, NudgeEventKind.FIRED, nudge, "panel")
    snooze(store, clock, nudge, SnoozeChoice.QUARTER_HOUR)
    clock.instant = berlin(8, 55)
    log_interaction(store, clock, LogEntry(ana, Outcome.CONNECTED, Purpose.CHECKIN))
    assert [n for n in agenda(store, clock, 1) if n.snoozed] == []
    # The history still says it was shown and snoozed.
    assert [r.event for r in nudge_history(store)] == [
        NudgeEventKind.SNOOZED,
        NudgeEventKind.FIRED,
    ]


def test_agenda_refuses_a_silly_span(store: Store, clock: FixedClock) -> None:
    with pytest.raises(Invalid, match="1 to 60 days"):
        agenda(store, clock, 0)


def test_erasing_a_contact_erases_their_nudges_and_blanks_their_name_in_digests(
    store: Store, clock: FixedClock, ana: int
) -> None:
    set_dates(store, clock, ana, [("Birthday", "11-26")])
    planned = plan(store, clock, berlin(0), berlin(0, day=TUESDAY + timedelta(days=1))).nudges
    digest = next(n for n in planned if n.kind is NudgeKind.DIGEST)
    assert "Ana Silva's birthday on Thursday" in digest.body
    best = next(n for n in planned if n.kind is NudgeKind.BEST_TIME)
    record_event(store, clock, NudgeEventKind.FIRED, digest, "panel")
    record_event(store, clock, NudgeEventKind.FIRED, best, "panel")
    erase_contact(store, clock, ana, from_backups=False)
    history = nudge_history(store)
    assert [r.nudge.kind for r in history] == [NudgeKind.DIGEST]
    assert "Ana Silva" not in history[0].nudge.body
    assert "(erased contact)'s birthday" in history[0].nudge.body
