"""Nudge planning over a demo store matches a frozen copy of what it planned before.

Planning ranks each day without building the Today list's rows; these plans were written
down while every day was still ranked row by row, and must come out the same: the same
keys at the same times in the same order, with the same titles and bodies.

Run this module as a script to write the frozen copy again, only when what nudges say
is meant to change.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.clock import FixedClock
from callbook.domain.nudges import (
    Nudge,
    NudgeKind,
    NudgeSettings,
    local_instant,
    plan_nudges,
    snoozed_copy,
)
from callbook.services.card_edits import snooze
from callbook.services.demo import fill_with_demo
from callbook.services.nudges import due_items, plan, save_nudge_settings
from callbook.store.engine import Store
from callbook.store.opening import open_store

FROZEN = Path(__file__).resolve().parents[1] / "data" / "nudge_planning.json"
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
# Monday 23 November 2026, 15:00 UTC, as the shared clock fixture stands.
MONDAY_AFTERNOON = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
DEFAULTS = NudgeSettings()
EVERY_DAY = NudgeSettings(quiet_days=frozenset())


@dataclass(frozen=True)
class Scenario:
    """One plan: the rep's zone, the span from `first` for `days`, settings and history."""

    zone: ZoneInfo
    first: date
    days: int
    settings: NudgeSettings = DEFAULTS
    # Nudges of the plan itself snoozed to come back this long after the span starts.
    snooze_after: timedelta | None = None
    handled_every: int = 0
    full_text: bool = False


SCENARIOS = {
    "defaults": Scenario(BERLIN, date(2026, 11, 23), 3, full_text=True),
    "no-digest-one-best-time": Scenario(
        BERLIN, date(2026, 11, 23), 3, NudgeSettings(digest=False, best_time_daily_limit=1)
    ),
    "every-best-time-no-quiet": Scenario(
        BERLIN,
        date(2026, 11, 23),
        4,
        NudgeSettings(
            best_time_daily_limit=50,
            best_time_lead_minutes=0,
            quiet_from=None,
            quiet_until=None,
            quiet_days=frozenset(),
        ),
    ),
    "no-best-time-early-reminders": Scenario(
        BERLIN,
        date(2026, 11, 23),
        4,
        NudgeSettings(best_time=False, reminders_at=time(6, 30), quiet_days=frozenset({0})),
    ),
    "best-time-limit-zero-late-digest": Scenario(
        BERLIN,
        date(2026, 11, 24),
        3,
        NudgeSettings(digest_at=time(10, 15), best_time_daily_limit=0, quiet_days=frozenset({2})),
    ),
    "new-york-week": Scenario(NEW_YORK, date(2026, 11, 23), 7),
    "tokyo-long-lead": Scenario(
        TOKYO, date(2026, 11, 22), 4, NudgeSettings(best_time_lead_minutes=120)
    ),
    "spring-forward": Scenario(
        BERLIN,
        date(2027, 3, 27),
        3,
        NudgeSettings(digest_at=time(2, 30), reminders_at=time(2, 45), quiet_days=frozenset()),
    ),
    "fall-back": Scenario(
        NEW_YORK,
        date(2026, 10, 31),
        3,
        NudgeSettings(digest_at=time(1, 30), quiet_days=frozenset()),
    ),
    "snoozed-and-handled": Scenario(
        BERLIN, date(2026, 11, 23), 3, EVERY_DAY, timedelta(hours=40), handled_every=4
    ),
}


def _fill(folder: Path) -> Store:
    """A demo store with a few contacts snoozed, some past a day's digest or reminders."""
    clock = FixedClock(MONDAY_AFTERNOON, BERLIN)
    store, _report = open_store(folder, clock.now())
    fill_with_demo(store, clock.now(), 300, seed=23)
    with store.read() as session:
        items = due_items(session, BERLIN, clock.now(), clock.now() + timedelta(days=3))
    for number, contact_id in enumerate(sorted(items.contacts)[::9]):
        day = date(2026, 11, 24) + timedelta(days=number % 3)
        hour = (6, 7, 8, 12, 23)[number % 5]
        snooze(store, clock, contact_id, local_instant(day, time(hour, 30), BERLIN))
    return store


@pytest.fixture(scope="module")
def demo() -> Iterator[Store]:
    """One demo store for every scenario: planning only reads it."""
    with tempfile.TemporaryDirectory() as folder:
        store = _fill(Path(folder) / "data")
        yield store
        store.close()


def _planned(store: Store, scenario: Scenario) -> list[Nudge]:
    zone = scenario.zone
    start = local_instant(scenario.first, time(0, 0), zone)
    end = local_instant(scenario.first + timedelta(days=scenario.days), time(0, 0), zone)
    with store.read() as session:
        items = due_items(session, zone, start, end)
    settings = scenario.settings
    if scenario.snooze_after is None:
        return plan_nudges(items, settings, zone, start, end)
    first = plan_nudges(items, settings, zone, start, end)
    back = start + scenario.snooze_after
    snoozed = [snoozed_copy(n, back) for n in first[::3]]
    # A snoozed nudge about someone no longer due is dropped; one about no one comes back.
    gone = Nudge("day:999999:2026-11-23", NudgeKind.FOLLOW_UP, back, "Gone", "", 999999)
    snoozed.append(snoozed_copy(gone, back))
    handled = {n.key for n in first[:: scenario.handled_every]} if scenario.handled_every else set()
    return plan_nudges(items, settings, zone, start, end, handled, snoozed)


def _runner_like(store: Store) -> list[Nudge]:
    """What the scheduler plans at start: from the start of today to two days on."""
    clock = FixedClock(MONDAY_AFTERNOON, BERLIN)
    save_nudge_settings(store, NudgeSettings(best_time_daily_limit=3))
    try:
        start = local_instant(date(2026, 11, 23), time(0, 0), BERLIN)
        return plan(store, clock, start, clock.now() + timedelta(days=2)).nudges
    finally:
        save_nudge_settings(store, NudgeSettings())


def _line(nudge: Nudge) -> str:
    return f"{nudge.at:%Y-%m-%dT%H:%MZ} {nudge.key}"


def _whole(nudge: Nudge) -> list[Any]:
    return [
        nudge.key,
        nudge.kind.value,
        nudge.at.isoformat(),
        nudge.title,
        nudge.body,
        nudge.contact_id,
        nudge.snoozed,
    ]


def _fingerprint(nudges: list[Nudge]) -> str:
    text = json.dumps([_whole(n) for n in nudges], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _written(nudges: list[Nudge], full_text: bool) -> dict[str, Any]:
    """What is frozen of a plan: every key and time, and all the rest by fingerprint."""
    written: dict[str, Any] = {"nudges": [_line(n) for n in nudges]}
    if full_text:
        written["whole"] = [_whole(n) for n in nudges]
    written["fingerprint"] = _fingerprint(nudges)
    return written


PLANS: dict[str, Callable[[Store], dict[str, Any]]] = {
    **{
        name: (lambda s, sc=scenario: _written(_planned(s, sc), sc.full_text))
        for name, scenario in SCENARIOS.items()
    },
    "runner-like": lambda s: _written(_runner_like(s), False),
}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_the_plan_matches_the_frozen_copy(demo: Store, name: str) -> None:
    frozen = json.loads(FROZEN.read_text(encoding="utf-8"))[name]
    assert PLANS[name](demo) == frozen


def test_the_frozen_plans_cover_every_kind_of_nudge() -> None:
    """The demo store must keep the frozen plans busy enough to mean something."""
    frozen = json.loads(FROZEN.read_text(encoding="utf-8"))
    keys = [line.split(" ", 1)[1] for plan in frozen.values() for line in plan["nudges"]]
    for prefix in ("digest:", "best-time:", "day:", "day-more:"):
        assert sum(key.startswith(prefix) for key in keys) >= 3, prefix
    assert any("~snoozed-" in key for key in keys)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        store = _fill(Path(folder) / "data")
        try:
            plans = {name: PLANS[name](store) for name in sorted(PLANS)}
        finally:
            store.close()
    FROZEN.write_text(json.dumps(plans, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
