"""Insights on a small history worked out by hand: zones, a change to summer time, a move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.insights.asks import AskHeavy, give_before_ask
from callbook.domain.insights.coverage import KeptContact, coverage
from callbook.domain.insights.period import period_ending
from callbook.domain.insights.pickup import CallBucket, pickup_grid
from callbook.domain.insights.relationship import is_business_from_them, relationship_pays
from callbook.domain.insights.returns import returns
from callbook.domain.insights.volume import weekly_volume
from callbook.domain.scripts import MessageLeft
from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose, Tier

# Four weeks ending Monday 30 March 2026, noon UTC; the US moves to summer time on 8 March,
# the UK on 29 March.
END = datetime(2026, 3, 30, 12, 0, tzinfo=UTC)
START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def _at(month: int, day: int, hour: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def _s(month: int, day: int, hour: int = 12, year: int = 2026) -> float:
    return _at(month, day, hour, year).timestamp()


def test_the_period_counts_whole_weeks_back_from_now() -> None:
    period = period_ending(END, 4)
    assert period.start == START
    assert period.week_of(START) == 0
    assert period.week_of(START + timedelta(days=7)) == 1
    assert period.week_of(END - timedelta(microseconds=1)) == 3
    assert period.week_of(END) is None
    assert period.week_of(START - timedelta(seconds=1)) is None
    assert period.week_days(BERLIN)[1].isoformat() == "2026-03-09"
    with pytest.raises(ValueError, match="1 to 520 weeks"):
        period_ending(END, 0)


def test_calls_land_on_the_hour_the_contacts_own_clock_showed() -> None:
    grid = pickup_grid(
        [
            # New York, Friday 9 a.m. before summer time (UTC−5) and after it (UTC−4).
            CallBucket(_at(3, 6, 14), "America/New_York", 3, 1),
            CallBucket(_at(3, 13, 13), "America/New_York", 2, 2),
            # Someone who moved from Los Angeles to London: each call in the zone of its day.
            CallBucket(_at(3, 3, 17), "America/Los_Angeles", 4, 1),
            CallBucket(_at(3, 17, 9), "Europe/London", 1, 1),
            # India is half an hour off: 03:00 UTC is 08:30 there, counted in the 8 o'clock hour.
            CallBucket(_at(3, 4, 3), "Asia/Kolkata", 2, 0),
            # No zone on the card: read in the rep's (Berlin, UTC+1 in March).
            CallBucket(_at(3, 4, 9), None, 1, 1),
            CallBucket(_at(3, 4, 10), "Not/A_Zone", 1, 0),
        ],
        BERLIN,
    )
    friday_nine = grid.cell(4, 9)
    assert (friday_nine.calls, friday_nine.picked_up) == (5, 3)
    assert friday_nine.rate == pytest.approx(0.6)
    assert friday_nine.words() == "Fri 9:00–10:00: 3 of 5 calls picked up (60 %)"
    tuesday_nine = grid.cell(1, 9)
    assert (tuesday_nine.calls, tuesday_nine.picked_up) == (5, 2)
    assert grid.cell(2, 8).calls == 2
    assert grid.cell(2, 10).calls == 1
    assert grid.cell(2, 11).calls == 1
    assert (grid.calls, grid.picked_up) == (14, 6)
    assert grid.hours() == range(8, 12)


def test_a_cell_with_too_few_calls_is_marked_not_shown_as_0_or_100_percent() -> None:
    grid = pickup_grid([CallBucket(_at(3, 4, 9), "Europe/Berlin", 4, 4)], BERLIN)
    cell = grid.cell(2, 10)
    assert cell.calls == 4
    assert cell.rate is None
    assert cell.words() == "Wed 10:00–11:00: 4 of 4 calls picked up (too few to tell)"
    assert grid.best() is None
    assert not grid.enough
    assert grid.cell(0, 3).calls == 0


def _people() -> list[KeptContact]:
    long_ago = _s(1, 1, year=2025)
    return [
        KeptContact(1, Tier.A, None, long_ago),
        KeptContact(2, Tier.B, None, long_ago),
        KeptContact(3, Tier.B, 7, long_ago),
        KeptContact(4, Tier.C, None, _s(3, 18)),
        KeptContact(5, Tier.C, None, long_ago),
    ]


def test_coverage_per_tier_at_each_weeks_end_by_hand() -> None:
    # Week ends: 9, 16, 23 and 30 March at noon.
    checkins = [
        (5, _s(12, 20, year=2025)),  # C, 90 days: due 20 March
        (2, _s(2, 10)),  # B, 30 days: due 12 March
        (1, _s(3, 1)),  # A, 14 days: due 15 March
        (3, _s(3, 10)),  # B with a 7-day rhythm: due 17 March
        (1, _s(3, 20)),  # A again: due 3 April
    ]
    found = coverage(_people(), checkins, period_ending(END, 4))
    a, b, c = (found.tiers[t] for t in Tier)
    assert (a.kept, a.known) == ([1, 0, 1, 1], [1, 1, 1, 1])
    assert (b.kept, b.known) == ([1, 1, 0, 0], [2, 2, 2, 2])
    # Contact 4 is known from 18 March and was never checked in: known, not kept.
    assert (c.kept, c.known) == ([1, 1, 0, 0], [1, 1, 2, 2])
    assert a.shares() == [1.0, 0.0, 1.0, 1.0]
    assert [(s.contact_id, s.days_overdue) for s in found.slipping] == [(2, 18), (3, 13), (5, 10)]
    assert found.slipping_count == 3


def test_a_second_check_in_inside_the_rhythm_is_not_counted_twice() -> None:
    checkins = [(1, _s(3, 3)), (1, _s(3, 5)), (1, _s(3, 8))]
    found = coverage(_people()[:1], checkins, period_ending(END, 4))
    # Kept from the first until 14 days after the last: 9 and 16 March, once each.
    assert found.tiers[Tier.A].kept == [1, 1, 0, 0]


def test_touches_a_week_stack_by_outcome_in_order() -> None:
    volume = weekly_volume(
        [
            (0, Outcome.VOICEMAIL, 3),
            (0, Outcome.CONNECTED, 2),
            (2, Outcome.CONNECTED, 5),
            (3, Outcome.REPLIED, 1),
            (7, Outcome.CONNECTED, 9),  # outside four weeks: left out
        ],
        4,
    )
    assert list(volume.by_outcome) == [Outcome.CONNECTED, Outcome.REPLIED, Outcome.VOICEMAIL]
    assert volume.by_outcome[Outcome.CONNECTED] == [2, 0, 5, 0]
    assert volume.totals() == [5, 0, 5, 1]
    assert volume.total == 11


def test_returns_by_channel_credit_the_last_message_before_the_return() -> None:
    messages = [
        MessageLeft(10, _at(3, 3), 1, _at(3, 6), Channel.PHONE),
        MessageLeft(11, _at(3, 4), 1, _at(3, 6), Channel.PHONE),
        MessageLeft(None, _at(3, 9), 2, _at(3, 10, 0), Channel.TEXT),
        MessageLeft(None, _at(3, 11), 3, None, Channel.TEXT),
    ]
    found = returns(messages, {10: "Curious", 11: "Short"})
    by_channel = {row.label: row.figures for row in found.by_channel}
    assert (by_channel["Voicemail"].left, by_channel["Voicemail"].returned) == (2, 1)
    assert by_channel["Voicemail"].median_days == pytest.approx(2.0)
    assert (by_channel["Text"].left, by_channel["Text"].returned) == (2, 1)
    assert by_channel["Text"].median_days == pytest.approx(0.5)
    by_script = {row.label: row.figures.returned for row in found.by_script}
    assert by_script == {"Curious": 0, "Short": 1}
    assert found.left == 4
    words = {row.label: row.words() for row in found.by_channel}
    assert words["Voicemail"] == "Voicemail: 1 of 2 returned (too few to tell), median 2 days"
    assert words["Text"] == "Text: 1 of 2 returned (too few to tell), median same day"


def test_business_after_a_check_in_is_weighed_against_time_spent_on_each_side() -> None:
    period = period_ending(END, 4)
    long_ago = _s(1, 1, year=2025)
    pays = relationship_pays(
        {1: [_s(2, 20)]},  # covers 2 March to 22 March: 20 of the 28 days
        [(1, _s(3, 5)), (1, _s(3, 25)), (2, _s(3, 6)), (2, _s(3, 7))],
        {1: long_ago, 2: long_ago},
        period,
    )
    assert pays.after_checkin.business == 1
    assert pays.after_checkin.contact_days == pytest.approx(20)
    assert pays.no_recent_checkin.business == 3
    assert pays.no_recent_checkin.contact_days == pytest.approx(8 + 28)
    assert pays.after_checkin.per_contact_month == pytest.approx(1 / 20 * 30)
    assert not pays.enough
    assert pays.words() == ("Too little business yet to tell: 1 after a check-in, 3 without one.")


def test_what_counts_as_business_that_came_of_the_relationship() -> None:
    assert is_business_from_them(Purpose.BUSINESS, Direction.INBOUND, Outcome.REPLIED)
    assert is_business_from_them(Purpose.PROPOSAL, Direction.OUTBOUND, Outcome.CONNECTED)
    assert not is_business_from_them(Purpose.BUSINESS, Direction.OUTBOUND, Outcome.VOICEMAIL)
    assert not is_business_from_them(Purpose.CHECKIN, Direction.INBOUND, Outcome.REPLIED)


def test_the_most_asked_who_were_never_given_anything_come_first() -> None:
    found = give_before_ask(
        [AskHeavy(1, "Ana", 2), AskHeavy(2, "Ben", 5), AskHeavy(3, "Cy", 5), AskHeavy(4, "Di", 0)],
        2,
        40,
    )
    assert [a.name for a in found.most_asked] == ["Ben", "Cy", "Ana"]
    assert found.words() == "2 of 40 contacts asked 3 times or more, and never given anything."
