"""Best-time windows in the contact's own zone, and the rep's clock (F3, F17)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.clock import FixedClock, local_today
from callbook.domain.windows import (
    WORKDAYS,
    BestTimeWindow,
    WindowOpening,
    current_or_next_opening,
    describe_weekdays,
    mask_to_weekdays,
    openings,
    weekdays_to_mask,
)

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
EVERY_DAY = frozenset(range(7))

BAGEL_SHOP = BestTimeWindow(WORKDAYS, time(6, 45), time(7, 30))  # "6:45 weekdays"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def daily(start: time, end: time) -> BestTimeWindow:
    return BestTimeWindow(EVERY_DAY, start, end)


def starts(
    windows: list[BestTimeWindow], zone: ZoneInfo, now: datetime, count: int
) -> list[datetime]:
    """The UTC start of the next `count` openings."""
    return [o.starts_at for o in openings(windows, zone, now)[:count]]


# --- validation and wording --------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [(time(10, 0), time(9, 0)), (time(9, 0), time(9, 0)), (time(23, 0), time(1, 0))],
)
def test_window_must_end_after_it_starts(start: time, end: time) -> None:
    with pytest.raises(ValueError, match="must end after it starts"):
        BestTimeWindow(WORKDAYS, start, end)


def test_window_needs_a_weekday() -> None:
    with pytest.raises(ValueError, match="at least one weekday"):
        BestTimeWindow(frozenset(), time(9, 0), time(10, 0))


def test_window_refuses_a_weekday_that_does_not_exist() -> None:
    with pytest.raises(ValueError, match=r"0 \(Monday\) to 6 \(Sunday\)"):
        BestTimeWindow(frozenset({7}), time(9, 0), time(10, 0))


@pytest.mark.parametrize(
    ("weekdays", "text"),
    [
        (WORKDAYS, "Mon–Fri"),
        (EVERY_DAY, "Daily"),
        (frozenset({5, 6}), "Sat, Sun"),
        (frozenset({0, 1}), "Mon, Tue"),
        (frozenset({1, 2, 3}), "Tue–Thu"),
        (frozenset({0, 2, 4}), "Mon, Wed, Fri"),
        (frozenset({0, 1, 2, 4}), "Mon, Tue, Wed, Fri"),
        (frozenset({3}), "Thu"),
    ],
)
def test_describe_weekdays(weekdays: frozenset[int], text: str) -> None:
    assert describe_weekdays(weekdays) == text


def test_describe_reads_like_the_rep_wrote_it() -> None:
    assert BAGEL_SHOP.describe() == "Mon–Fri 06:45–07:30"
    assert BestTimeWindow(frozenset({5, 6}), time(10, 0), time(12, 0)).describe() == (
        "Sat, Sun 10:00–12:00"
    )


def test_weekday_mask_round_trips() -> None:
    assert weekdays_to_mask(WORKDAYS) == 0b0011111
    assert weekdays_to_mask({0, 4}) == 0b10001
    assert mask_to_weekdays(0b1100000) == frozenset({5, 6})
    for mask in range(128):
        assert weekdays_to_mask(mask_to_weekdays(mask)) == mask


# --- open now and next opening -----------------------------------------------


def test_window_open_now_is_found_and_reported_open() -> None:
    now = utc(2026, 1, 14, 12, 0)  # Wednesday 07:00 in New York
    opening = current_or_next_opening([BAGEL_SHOP], NEW_YORK, now)
    assert opening == WindowOpening(utc(2026, 1, 14, 11, 45), utc(2026, 1, 14, 12, 30))
    assert opening.is_open(now)


def test_opening_is_open_from_its_start_until_just_before_its_end() -> None:
    opening = WindowOpening(utc(2026, 1, 14, 11, 45), utc(2026, 1, 14, 12, 30))
    assert not opening.is_open(utc(2026, 1, 14, 11, 44))
    assert opening.is_open(utc(2026, 1, 14, 11, 45))
    assert opening.is_open(utc(2026, 1, 14, 12, 29))
    assert not opening.is_open(utc(2026, 1, 14, 12, 30))


def test_next_opening_later_today() -> None:
    opening = current_or_next_opening([BAGEL_SHOP], NEW_YORK, utc(2026, 1, 14, 10, 0))
    assert opening is not None
    assert opening.starts_at == utc(2026, 1, 14, 11, 45)
    assert not opening.is_open(utc(2026, 1, 14, 10, 0))


def test_once_a_window_closes_the_next_day_is_offered() -> None:
    opening = current_or_next_opening([BAGEL_SHOP], NEW_YORK, utc(2026, 1, 14, 12, 30))
    assert opening is not None
    assert opening.starts_at == utc(2026, 1, 15, 11, 45)


def test_weekday_window_skips_the_weekend() -> None:
    friday_afternoon = utc(2026, 1, 16, 18, 0)
    opening = current_or_next_opening([BAGEL_SHOP], NEW_YORK, friday_afternoon)
    assert opening is not None
    assert opening.starts_at.astimezone(NEW_YORK) == datetime(2026, 1, 19, 6, 45, tzinfo=NEW_YORK)


def test_once_a_week_window_just_missed_comes_back_in_seven_days() -> None:
    wednesdays = BestTimeWindow(frozenset({2}), time(9, 0), time(10, 0))
    opening = current_or_next_opening([wednesdays], BERLIN, utc(2026, 1, 14, 10, 0))
    assert opening is not None
    assert opening.starts_at == utc(2026, 1, 21, 8, 0)


def test_several_windows_soonest_first() -> None:
    lunch = BestTimeWindow(WORKDAYS, time(12, 0), time(13, 0))
    found = openings([lunch, BAGEL_SHOP], NEW_YORK, utc(2026, 1, 14, 10, 0))
    assert [o.starts_at for o in found[:3]] == [
        utc(2026, 1, 14, 11, 45),
        utc(2026, 1, 14, 17, 0),
        utc(2026, 1, 15, 11, 45),
    ]


def test_no_windows_no_opening() -> None:
    assert current_or_next_opening([], NEW_YORK, utc(2026, 1, 14)) is None


# --- conversions across daylight-saving changes ------------------------------


def test_new_york_window_in_utc_winter_and_summer() -> None:
    winter = current_or_next_opening([BAGEL_SHOP], NEW_YORK, utc(2026, 1, 14, 5, 0))
    summer = current_or_next_opening([BAGEL_SHOP], NEW_YORK, utc(2026, 7, 15, 5, 0))
    assert winter == WindowOpening(utc(2026, 1, 14, 11, 45), utc(2026, 1, 14, 12, 30))
    assert summer == WindowOpening(utc(2026, 7, 15, 10, 45), utc(2026, 7, 15, 11, 30))


def test_new_york_spring_forward_moves_the_window_an_hour_earlier_in_utc() -> None:
    window = daily(time(6, 45), time(7, 30))
    # Saturday 7 March is still EST; Sunday 8 March starts on EDT.
    assert starts([window], NEW_YORK, utc(2026, 3, 7, 0, 0), 3) == [
        utc(2026, 3, 7, 11, 45),
        utc(2026, 3, 8, 10, 45),
        utc(2026, 3, 9, 10, 45),
    ]


def test_new_york_fall_back_moves_the_window_an_hour_later_in_utc() -> None:
    window = daily(time(6, 45), time(7, 30))
    assert starts([window], NEW_YORK, utc(2026, 10, 31, 0, 0), 3) == [
        utc(2026, 10, 31, 10, 45),
        utc(2026, 11, 1, 11, 45),
        utc(2026, 11, 2, 11, 45),
    ]


def test_berlin_spring_forward_and_fall_back() -> None:
    window = daily(time(9, 0), time(10, 0))
    assert starts([window], BERLIN, utc(2026, 3, 28, 0, 0), 2) == [
        utc(2026, 3, 28, 8, 0),
        utc(2026, 3, 29, 7, 0),
    ]
    assert starts([window], BERLIN, utc(2026, 10, 24, 0, 0), 2) == [
        utc(2026, 10, 24, 7, 0),
        utc(2026, 10, 25, 8, 0),
    ]


def test_window_open_just_after_the_clocks_change() -> None:
    window = daily(time(6, 45), time(7, 30))
    just_after = utc(2026, 3, 8, 10, 50)  # 06:50 EDT, the first morning of summer time
    opening = current_or_next_opening([window], NEW_YORK, just_after)
    assert opening is not None
    assert opening.is_open(just_after)
    # On the old offset it would still be 05:50, well before the window.
    assert not opening.is_open(utc(2026, 3, 8, 11, 35))


def test_window_starting_in_the_skipped_hour_opens_after_the_gap() -> None:
    # On 8 March New York clocks jump from 02:00 to 03:00: 02:30 does not happen.
    window = daily(time(2, 30), time(4, 0))
    opening = current_or_next_opening([window], NEW_YORK, utc(2026, 3, 8, 5, 0))
    assert opening is not None
    assert opening.starts_at.astimezone(NEW_YORK).time() == time(3, 30)
    assert opening.ends_at.astimezone(NEW_YORK).time() == time(4, 0)
    assert opening.ends_at - opening.starts_at == timedelta(minutes=30)


def test_window_inside_the_skipped_hour_moves_past_it() -> None:
    window = daily(time(2, 0), time(2, 45))
    opening = current_or_next_opening([window], NEW_YORK, utc(2026, 3, 8, 5, 0))
    assert opening == WindowOpening(utc(2026, 3, 8, 7, 0), utc(2026, 3, 8, 7, 45))


@pytest.mark.parametrize("end", [time(3, 15), time(3, 30)])
def test_window_swallowed_by_the_skipped_hour_is_not_offered(end: time) -> None:
    # 02:30 moves to 03:30, which is not before 03:15 or 03:30: nothing is left that day.
    window = daily(time(2, 30), end)
    sunday_night = utc(2026, 3, 8, 5, 0)  # 00:00 EST
    upcoming = openings([window], NEW_YORK, sunday_night)
    assert all(o.starts_at < o.ends_at for o in upcoming)
    assert upcoming[0].starts_at == datetime(2026, 3, 9, 2, 30, tzinfo=NEW_YORK)


def test_berlin_window_in_the_skipped_hour() -> None:
    window = daily(time(2, 30), time(4, 0))
    opening = current_or_next_opening([window], BERLIN, utc(2026, 3, 28, 23, 0))
    assert opening == WindowOpening(utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 2, 0))


def test_window_in_the_repeated_hour_takes_the_first_pass() -> None:
    # On 1 November New York clocks go from 01:59 EDT back to 01:00 EST.
    window = daily(time(1, 15), time(1, 45))
    opening = current_or_next_opening([window], NEW_YORK, utc(2026, 11, 1, 3, 0))
    assert opening == WindowOpening(utc(2026, 11, 1, 5, 15), utc(2026, 11, 1, 5, 45))


def test_window_spanning_the_repeated_hour_lasts_while_the_clock_shows_it() -> None:
    window = daily(time(1, 0), time(2, 0))
    opening = current_or_next_opening([window], NEW_YORK, utc(2026, 11, 1, 3, 0))
    assert opening == WindowOpening(utc(2026, 11, 1, 5, 0), utc(2026, 11, 1, 7, 0))
    assert opening.is_open(utc(2026, 11, 1, 6, 30))  # 01:30 EST, the second pass


# --- the rep's clock and travel ----------------------------------------------


def test_fixed_clock_needs_an_aware_time_and_keeps_it_in_utc() -> None:
    with pytest.raises(ValueError, match="aware"):
        FixedClock(datetime(2026, 3, 4, 9, 0))
    clock = FixedClock(datetime(2026, 3, 4, 9, 0, tzinfo=NEW_YORK))
    assert clock.now() == utc(2026, 3, 4, 14, 0)
    assert clock.now().tzinfo is UTC
    assert clock.zone() == ZoneInfo("UTC")


def test_fixed_clock_advances_and_travels() -> None:
    clock = FixedClock(utc(2026, 3, 4, 14, 0), BERLIN)
    assert local_today(clock) == datetime(2026, 3, 4, 15, 0, tzinfo=BERLIN)
    clock.advance(timedelta(hours=10))
    assert local_today(clock).date().isoformat() == "2026-03-05"
    clock.travel_to("America/New_York")
    assert clock.zone() == NEW_YORK
    assert local_today(clock) == datetime(2026, 3, 4, 19, 0, tzinfo=NEW_YORK)


def test_travelling_rep_sees_the_same_opening_in_their_own_zone() -> None:
    clock = FixedClock(utc(2026, 7, 14, 20, 0), BERLIN)
    opening = current_or_next_opening([BAGEL_SHOP], NEW_YORK, clock.now())
    assert opening is not None
    assert opening.starts_at.astimezone(clock.zone()) == datetime(
        2026, 7, 15, 12, 45, tzinfo=BERLIN
    )

    clock.travel_to("America/New_York")
    after_flight = current_or_next_opening([BAGEL_SHOP], NEW_YORK, clock.now())
    assert after_flight == opening
    assert after_flight.starts_at.astimezone(clock.zone()) == datetime(
        2026, 7, 15, 6, 45, tzinfo=NEW_YORK
    )


def test_gap_between_berlin_and_new_york_shrinks_while_only_america_has_changed() -> None:
    # New York moves to summer time on 8 March, Berlin only on 29 March.
    def berlin_start(now: datetime) -> datetime:
        opening = current_or_next_opening([BAGEL_SHOP], NEW_YORK, now)
        assert opening is not None
        return opening.starts_at.astimezone(BERLIN).replace(tzinfo=None)

    assert berlin_start(utc(2026, 3, 2, 0, 0)) == datetime(2026, 3, 2, 12, 45)
    assert berlin_start(utc(2026, 3, 9, 0, 0)) == datetime(2026, 3, 9, 11, 45)
    assert berlin_start(utc(2026, 3, 30, 0, 0)) == datetime(2026, 3, 30, 12, 45)
