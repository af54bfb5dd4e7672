"""Check-in rhythms and chase cadences (F9)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callbook.domain.cadence import (
    MAX_CHASE_ATTEMPTS,
    attempted_same_day,
    chase_state,
    checkin_due_at,
    checkin_rhythm_days,
    days_late,
)
from callbook.domain.vocabulary import Tier

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")

# Written out rather than imported, so a change to the cadence fails here.
SPEC_CHASE_DAYS = (0, 2, 4, 7, 10, 14, 21)


def at(zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A wall-clock moment in `zone`."""
    return datetime(year, month, day, hour, minute, tzinfo=zone)


# --- check-in rhythm ---------------------------------------------------------


@pytest.mark.parametrize(("tier", "days"), [(Tier.A, 14), (Tier.B, 30), (Tier.C, 90)])
def test_rhythm_defaults_by_tier(tier: Tier, days: int) -> None:
    assert checkin_rhythm_days(tier) == days


@pytest.mark.parametrize("tier", list(Tier))
def test_contacts_own_rhythm_beats_the_tier_default(tier: Tier) -> None:
    assert checkin_rhythm_days(tier, 7) == 7
    assert checkin_rhythm_days(tier, 1) == 1
    assert checkin_rhythm_days(tier, 365) == 365


@pytest.mark.parametrize("override", [0, -1, -30])
def test_rhythm_under_a_day_is_refused(override: int) -> None:
    with pytest.raises(ValueError, match="at least one day"):
        checkin_rhythm_days(Tier.A, override)


def test_never_checked_in_is_due_since_the_contact_was_added() -> None:
    added = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    assert checkin_due_at(None, 14, added) == added


def test_next_checkin_is_one_rhythm_after_the_last() -> None:
    last = datetime(2026, 2, 20, 16, 0, tzinfo=UTC)
    known = datetime(2025, 1, 1, tzinfo=UTC)
    assert checkin_due_at(last, 14, known) == datetime(2026, 3, 6, 16, 0, tzinfo=UTC)
    assert checkin_due_at(last, 90, known) == datetime(2026, 5, 21, 16, 0, tzinfo=UTC)


def test_days_late_counts_whole_days_past_due() -> None:
    due = date(2026, 3, 4)
    assert days_late(due, date(2026, 3, 4)) == 0
    assert days_late(due, date(2026, 3, 7)) == 3
    assert days_late(due, date(2026, 3, 1)) == -3


# --- chase cadence -----------------------------------------------------------


def test_max_seven_attempts() -> None:
    assert MAX_CHASE_ATTEMPTS == 7


def test_chase_on_schedule_falls_on_days_0_2_4_7_10_14_21() -> None:
    opened = at(NEW_YORK, 2026, 3, 2, 10, 0)  # Monday morning voicemail
    attempt_days = []
    last: datetime | None = None
    for attempts in range(7):
        state = chase_state(opened, attempts, last, NEW_YORK)
        assert state.attempts == attempts
        assert not state.exhausted
        assert state.next_attempt_on is not None
        attempt_days.append((state.next_attempt_on - date(2026, 3, 2)).days)
        # The rep calls at 10:00 on each day the cadence allows.
        last = datetime.combine(state.next_attempt_on, opened.timetz())
    assert tuple(attempt_days) == SPEC_CHASE_DAYS


@pytest.mark.parametrize("attempts", [7, 8, 20])
def test_chase_is_exhausted_after_seven_attempts(attempts: int) -> None:
    opened = at(NEW_YORK, 2026, 3, 2, 10, 0)
    state = chase_state(opened, attempts, at(NEW_YORK, 2026, 3, 23, 10, 0), NEW_YORK)
    assert state.exhausted
    assert state.next_attempt_on is None
    assert state.attempts == attempts


def test_seventh_attempt_is_still_allowed_on_day_21() -> None:
    opened = at(NEW_YORK, 2026, 3, 2, 10, 0)
    state = chase_state(opened, 6, at(NEW_YORK, 2026, 3, 16, 10, 0), NEW_YORK)
    assert state.next_attempt_on == date(2026, 3, 23)
    assert not state.exhausted


def test_late_attempt_pushes_the_next_one_to_the_day_after() -> None:
    opened = at(NEW_YORK, 2026, 3, 2, 10, 0)
    # The day-2 attempt was only made on day 4, the day the third one is scheduled.
    state = chase_state(opened, 2, at(NEW_YORK, 2026, 3, 6, 15, 0), NEW_YORK)
    assert state.next_attempt_on == date(2026, 3, 7)


def test_very_late_attempt_keeps_later_slots_that_are_still_ahead() -> None:
    opened = at(NEW_YORK, 2026, 3, 2, 10, 0)
    # The day-7 attempt happened on day 8; the day-10 slot is still free.
    state = chase_state(opened, 4, at(NEW_YORK, 2026, 3, 10, 9, 0), NEW_YORK)
    assert state.next_attempt_on == date(2026, 3, 12)


def test_late_night_attempt_counts_on_the_local_calendar_day() -> None:
    opened = at(NEW_YORK, 2026, 3, 2, 10, 0)
    # 23:30 on Thursday 5 March in New York is already Friday 6 March in UTC.
    late_night = at(NEW_YORK, 2026, 3, 5, 23, 30)
    assert late_night.astimezone(UTC).date() == date(2026, 3, 6)
    # In New York the day-4 slot (Friday 6 March) is a different day from that attempt...
    assert chase_state(opened, 2, late_night, NEW_YORK).next_attempt_on == date(2026, 3, 6)
    # ...read on the UTC calendar it would be the same day and be pushed to Saturday.
    assert chase_state(opened, 2, late_night, ZoneInfo("UTC")).next_attempt_on == date(2026, 3, 7)


def test_opening_day_is_read_in_the_given_zone() -> None:
    # 21:00 on Sunday 1 March in New York is Monday 2 March in UTC.
    opened = at(NEW_YORK, 2026, 3, 1, 21, 0)
    assert chase_state(opened, 1, opened, NEW_YORK).next_attempt_on == date(2026, 3, 3)
    assert chase_state(opened, 1, opened, ZoneInfo("UTC")).next_attempt_on == date(2026, 3, 4)


def test_chase_across_spring_forward_counts_calendar_days() -> None:
    opened = at(NEW_YORK, 2026, 3, 6, 23, 30)  # Friday night, two days before DST starts
    state = chase_state(opened, 3, at(NEW_YORK, 2026, 3, 10, 23, 30), NEW_YORK)
    assert state.next_attempt_on == date(2026, 3, 13)


@given(
    attempts=st.integers(min_value=0, max_value=6),
    opened=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
    gap=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)),
    zone=st.sampled_from([NEW_YORK, BERLIN, TOKYO, ZoneInfo("UTC")]),
)
def test_next_attempt_is_never_the_same_local_day_nor_before_its_slot(
    attempts: int, opened: datetime, gap: timedelta, zone: ZoneInfo
) -> None:
    last = opened + gap
    state = chase_state(opened, attempts, last, zone)
    assert state.next_attempt_on is not None
    assert state.next_attempt_on > last.astimezone(zone).date()
    opened_on = opened.astimezone(zone).date()
    assert state.next_attempt_on >= opened_on + timedelta(days=SPEC_CHASE_DAYS[attempts])


# --- same-day warning --------------------------------------------------------


def test_no_earlier_attempts_is_never_same_day() -> None:
    assert not attempted_same_day([], at(NEW_YORK, 2026, 3, 4, 9, 0), NEW_YORK)


def test_earlier_attempt_today_warns() -> None:
    earlier = [at(NEW_YORK, 2026, 3, 2, 9, 0), at(NEW_YORK, 2026, 3, 4, 8, 0)]
    assert attempted_same_day(earlier, at(NEW_YORK, 2026, 3, 4, 17, 0), NEW_YORK)


def test_attempt_last_night_is_not_today_in_the_contacts_zone() -> None:
    last_night = at(NEW_YORK, 2026, 3, 3, 23, 30)  # 04:30 UTC on 4 March
    morning = at(NEW_YORK, 2026, 3, 4, 9, 0)  # 14:00 UTC on 4 March
    assert not attempted_same_day([last_night], morning, NEW_YORK)
    assert attempted_same_day([last_night], morning, ZoneInfo("UTC"))


def test_same_instants_are_same_day_in_tokyo_but_not_in_los_angeles() -> None:
    earlier = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)  # 23:00 Tokyo, 06:00 LA
    now = datetime(2026, 3, 4, 16, 0, tzinfo=UTC)  # 01:00 Tokyo next day, 08:00 LA
    assert not attempted_same_day([earlier], now, TOKYO)
    assert attempted_same_day([earlier], now, LOS_ANGELES)


def test_attempt_just_after_local_midnight_is_a_new_day() -> None:
    earlier = [at(BERLIN, 2026, 3, 28, 23, 59)]
    assert not attempted_same_day(earlier, at(BERLIN, 2026, 3, 29, 0, 1), BERLIN)


def test_first_checkins_of_an_import_arrive_a_few_a_day() -> None:
    from collections import Counter
    from datetime import UTC, datetime

    from callbook.domain.cadence import first_checkins_spread

    start = datetime(2026, 11, 23, 9, tzinfo=UTC)
    dues = first_checkins_spread(800, 30, start)
    per_day = Counter(d.date() for d in dues)
    assert len(dues) == 800
    assert min(dues) == start
    assert max(dues) < start + timedelta(days=30)
    assert max(per_day.values()) <= 27
    assert first_checkins_spread(0, 30, start) == []
    assert first_checkins_spread(1, 30, start) == [start]


def test_a_checkin_falls_due_on_the_same_calendar_day_across_a_clock_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # Called at 00:30 on Tuesday 20 October, summer time; clocks go back on 25 October.
    last = datetime(2026, 10, 20, 0, 30, tzinfo=berlin)
    due = checkin_due_at(last, 14, last, berlin).astimezone(berlin)
    assert (due.date(), due.hour, due.minute) == (date(2026, 11, 3), 0, 30)
    # Counted in whole 24-hour days it would fall due late on 2 November instead.
    in_utc = last.astimezone(UTC) + timedelta(days=14)
    assert in_utc.astimezone(berlin).date() == date(2026, 11, 2)
    # And in spring, across the hour that is skipped.
    spring = datetime(2027, 3, 20, 23, 30, tzinfo=berlin)
    assert checkin_due_at(spring, 14, spring, berlin).astimezone(berlin).date() == date(2027, 4, 3)


WEEKEND = frozenset({5, 6})


def test_a_try_due_on_a_quiet_day_moves_to_the_next_working_day() -> None:
    # A voicemail on Thursday 5 March: the day-2 try would be Saturday 7 March.
    opened = at(NEW_YORK, 2026, 3, 5, 10, 0)
    assert chase_state(opened, 1, opened, NEW_YORK).next_attempt_on == date(2026, 3, 7)
    assert chase_state(opened, 1, opened, NEW_YORK, WEEKEND).next_attempt_on == date(2026, 3, 9)


def test_no_try_of_a_whole_chase_lands_on_a_quiet_day() -> None:
    for start_day in range(2, 9):  # opened on each day of one week
        opened = at(NEW_YORK, 2026, 3, start_day, 10, 0)
        last: datetime | None = None
        for attempts in range(MAX_CHASE_ATTEMPTS):
            state = chase_state(opened, attempts, last, NEW_YORK, WEEKEND)
            assert state.next_attempt_on is not None
            assert state.next_attempt_on.weekday() not in WEEKEND
            last = datetime.combine(state.next_attempt_on, opened.timetz())


def test_quiet_days_are_the_reps_own() -> None:
    # A rep who works Saturdays but rests on Mondays.
    opened = at(NEW_YORK, 2026, 3, 5, 10, 0)  # Thursday
    state = chase_state(opened, 2, at(NEW_YORK, 2026, 3, 7, 10, 0), NEW_YORK, frozenset({0}))
    assert state.next_attempt_on == date(2026, 3, 10)  # day 4 is Monday: Tuesday instead


def test_every_day_quiet_is_refused() -> None:
    opened = at(NEW_YORK, 2026, 3, 5, 10, 0)
    with pytest.raises(ValueError):
        chase_state(opened, 1, opened, NEW_YORK, frozenset(range(7)))
