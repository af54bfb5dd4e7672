"""Today ranked whole without texts agrees, place for place, with the full rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.clock import FixedClock
from callbook.domain.today import ReasonKind, TodayPlace
from callbook.services.card_edits import snooze
from callbook.services.demo import fill_with_demo
from callbook.services.today import ranked_today, today_list
from callbook.store.engine import Store

# Days and zones where the rep's calendar day is not 24 hours, or starts at an odd offset.
CLOCKS = [
    FixedClock(datetime(2026, 11, 23, 15, 0, tzinfo=UTC), ZoneInfo("Europe/Berlin")),
    FixedClock(datetime(2026, 11, 23, 23, 30, tzinfo=UTC), ZoneInfo("America/New_York")),
    FixedClock(datetime(2027, 3, 28, 1, 30, tzinfo=UTC), ZoneInfo("Europe/London")),
    FixedClock(datetime(2027, 3, 14, 12, 0, tzinfo=UTC), ZoneInfo("America/Los_Angeles")),
    FixedClock(datetime(2026, 11, 24, 3, 0, tzinfo=UTC), ZoneInfo("Asia/Kathmandu")),
    FixedClock(datetime(2027, 9, 5, 4, 0, tzinfo=UTC), ZoneInfo("America/Santiago")),
    FixedClock(datetime(2028, 2, 28, 20, 0, tzinfo=UTC), ZoneInfo("Pacific/Chatham")),
]


@pytest.fixture
def busy_store(store: Store, clock: FixedClock) -> Store:
    """200 demo contacts with two years of calls, loops, birthdays and dates."""
    fill_with_demo(store, clock.now(), 200, seed=11)
    return store


@pytest.mark.parametrize("when", CLOCKS, ids=lambda c: f"{c.now():%Y-%m-%d %H:%M} {c.zone()}")
def test_the_ranked_list_is_the_full_list_in_the_same_order(
    busy_store: Store, when: FixedClock
) -> None:
    for days in (0, 3, 30):
        clock = FixedClock(when.now() + timedelta(days=days), when.zone())
        full = today_list(busy_store, clock)
        assert full, "the demo always has someone due"
        assert ranked_today(busy_store, clock) == [row.place for row in full]


def test_snoozed_contacts_leave_the_ranked_list_until_the_snooze_ends(
    busy_store: Store, clock: FixedClock
) -> None:
    # Someone overdue for a check-in: still due when the snooze ends.
    first = next(
        row.contact.contact_id
        for row in today_list(busy_store, clock)
        if any(r.kind is ReasonKind.CHECKIN for r in row.reasons)
    )
    snooze(busy_store, clock, first, clock.now() + timedelta(days=2))
    assert first not in {p.contact_id for p in ranked_today(busy_store, clock)}
    later = FixedClock(clock.now() + timedelta(days=3), clock.zone())
    assert first in {p.contact_id for p in ranked_today(busy_store, later)}
    assert ranked_today(busy_store, later) == [row.place for row in today_list(busy_store, later)]


def test_places_sort_by_score_then_lateness_then_name_then_contact() -> None:
    places = [
        TodayPlace(-50.0, -2, "ana", 9),
        TodayPlace(-80.0, 0, "zoe", 3),
        TodayPlace(-50.0, -2, "ana", 4),
        TodayPlace(-50.0, -5, "bob", 1),
    ]
    assert [p.contact_id for p in sorted(places)] == [3, 1, 4, 9]
