"""Give before you ask: the ask rule, the balance, Today's give-first line, typed input (F12)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.clock import FixedClock
from callbook.domain.gives import (
    Given,
    Touch,
    asks_since_give_text,
    balance,
    balance_detail,
    balance_words,
    checked_description,
    give_first,
    given,
    is_ask,
    parse_given_on,
    parse_kind,
)
from callbook.domain.vocabulary import Direction, GiveKind, Outcome, Purpose

BERLIN = ZoneInfo("Europe/Berlin")
OUT = Direction.OUTBOUND
IN = Direction.INBOUND
# Monday 23 November 2026, 16:00 in Berlin.
CLOCK = FixedClock(datetime(2026, 11, 23, 15, 0, tzinfo=UTC), BERLIN)
TODAY = date(2026, 11, 23)
GIVE_FIRST = "give something before the next ask"


def ago(days: float) -> datetime:
    return CLOCK.now() - timedelta(days=days)


def touch(
    days: float, purpose: Purpose, outcome: Outcome = Outcome.CONNECTED, direction: Direction = OUT
) -> Touch:
    return Touch(ago(days), purpose, direction, outcome)


def gave(days: int) -> Given:
    day = TODAY - timedelta(days=days)
    return given(day, None, BERLIN)


@pytest.mark.parametrize(
    ("purpose", "direction", "outcome", "ask"),
    [
        (Purpose.BUSINESS, OUT, Outcome.CONNECTED, True),
        (Purpose.BUSINESS, OUT, Outcome.VOICEMAIL, True),  # a business voicemail asks too
        (Purpose.PROPOSAL, OUT, Outcome.NO_ANSWER, True),
        (Purpose.FOLLOW_UP, OUT, Outcome.CONNECTED, True),  # wanting a decision
        (Purpose.CHECKIN, OUT, Outcome.CONNECTED, False),  # a check-in is neither
        (Purpose.CHECKIN, OUT, Outcome.VOICEMAIL, False),
        (Purpose.GIVE, OUT, Outcome.CONNECTED, False),
        (Purpose.BUSINESS, IN, Outcome.REPLIED, False),  # they got in touch: not the rep asking
        (Purpose.BUSINESS, OUT, Outcome.WRONG_NUMBER, False),  # reached no one
    ],
)
def test_an_ask_wants_something_from_them(
    purpose: Purpose, direction: Direction, outcome: Outcome, ask: bool
) -> None:
    assert is_ask(purpose, direction, outcome) is ask


def test_asks_are_counted_since_the_last_give_and_over_ninety_days() -> None:
    history = [
        touch(200, Purpose.BUSINESS),
        touch(120, Purpose.PROPOSAL),
        touch(60, Purpose.BUSINESS),
        touch(50, Purpose.CHECKIN),
        touch(30, Purpose.FOLLOW_UP),
        touch(20, Purpose.BUSINESS, Outcome.VOICEMAIL),
        touch(10, Purpose.BUSINESS, Outcome.REPLIED, IN),
    ]
    found = balance(history, [gave(100), gave(41)], CLOCK.now(), BERLIN)
    assert (found.asks_all, found.gives_all) == (5, 2)
    assert (found.asks_recent, found.gives_recent) == (3, 1)
    assert found.asks_since_give == 2
    assert found.asks_in_a_row == 2
    assert found.last_give_on == TODAY - timedelta(days=41)
    assert balance_words(found) == "2 asks since your last give, 41 days ago"
    assert balance_detail(found) == "Last 90 days: 1 give, 3 asks · all time: 2 gives, 5 asks"


def test_a_check_in_breaks_the_run_of_asks_but_not_the_count_since_a_give() -> None:
    history = [
        touch(9, Purpose.BUSINESS),
        touch(7, Purpose.BUSINESS),
        touch(5, Purpose.CHECKIN),
        touch(3, Purpose.FOLLOW_UP),
        touch(2, Purpose.BUSINESS, Outcome.REPLIED, IN),  # their reply neither breaks nor adds
    ]
    found = balance(history, [], CLOCK.now(), BERLIN)
    assert found.asks_since_give == 3
    assert found.asks_in_a_row == 1
    assert balance_words(found) == "3 asks and nothing given yet"


def test_a_give_logged_today_comes_after_the_morning_ask_and_before_the_afternoon_one() -> None:
    morning = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)
    afternoon = datetime(2026, 11, 23, 15, 0, tzinfo=BERLIN)
    logged_at = datetime(2026, 11, 23, 11, 0, tzinfo=BERLIN)
    history = [
        Touch(morning, Purpose.BUSINESS, OUT, Outcome.CONNECTED),
        Touch(afternoon, Purpose.BUSINESS, OUT, Outcome.CONNECTED),
    ]
    found = balance(history, [given(TODAY, logged_at, BERLIN)], CLOCK.now(), BERLIN)
    assert found.asks_since_give == 1
    # Entered a week late, a give stands at the end of its own day.
    late = given(TODAY - timedelta(days=7), logged_at, BERLIN)
    assert late.at == datetime(2026, 11, 16, 23, 59, 59, tzinfo=BERLIN)


def test_nothing_given_or_asked_reads_plainly() -> None:
    found = balance([touch(3, Purpose.CHECKIN)], [], CLOCK.now(), BERLIN)
    assert balance_words(found) == "Nothing given or asked yet"
    found = balance([touch(3, Purpose.CHECKIN)], [gave(0)], CLOCK.now(), BERLIN)
    assert balance_words(found) == "Nothing asked since your last give, today"
    one = balance([touch(0.1, Purpose.BUSINESS)], [gave(1)], CLOCK.now(), BERLIN)
    assert balance_words(one) == "1 ask since your last give, yesterday"


@pytest.mark.parametrize(
    ("in_a_row", "given_days_ago", "says"),
    [
        (
            3,
            None,
            "Your last 3 touches were asks, nothing given yet: give something before the next ask",
        ),
        (
            4,
            45,
            f"Your last 4 touches were asks, nothing given for 45 days: {GIVE_FIRST}",
        ),
        (2, None, None),  # two asks are not yet a pattern
        (5, 12, None),  # something was given lately
        (
            3,
            30,
            f"Your last 3 touches were asks, nothing given for 30 days: {GIVE_FIRST}",
        ),
    ],
)
def test_today_suggests_a_give_after_a_run_of_asks_and_a_dry_spell(
    in_a_row: int, given_days_ago: int | None, says: str | None
) -> None:
    last = None if given_days_ago is None else TODAY - timedelta(days=given_days_ago)
    assert give_first(in_a_row, last, TODAY) == says


def test_the_contact_list_cell() -> None:
    assert asks_since_give_text(4, TODAY) == "4 asks"
    assert asks_since_give_text(1, TODAY) == "1 ask"
    assert asks_since_give_text(6, None) == "6 asks, never given"


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("intro", GiveKind.INTRO),
        ("Introduction", GiveKind.INTRO),
        ("referral", GiveKind.INTRO),
        ("articles", GiveKind.ARTICLE),
        ("idea", GiveKind.ARTICLE),
        ("favour", GiveKind.HELP),
        ("invite", GiveKind.INVITATION),
        ("gift", GiveKind.GIFT),
        ("congrats", GiveKind.NOTE),
    ],
)
def test_kinds_in_the_reps_words(typed: str, kind: GiveKind) -> None:
    assert parse_kind(typed) is kind


def test_an_unknown_kind_names_the_choices() -> None:
    with pytest.raises(ValueError, match="'lunch' is not a kind of give; use intro, article"):
        parse_kind("lunch")


def test_a_description_is_needed_and_kept_short() -> None:
    assert checked_description("  intro to Dana\n at Acme ") == "intro to Dana at Acme"
    with pytest.raises(ValueError, match="say what you gave"):
        checked_description(" \n ")
    with pytest.raises(ValueError, match="at most 300 characters; this has 301"):
        checked_description("x" * 301)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("", TODAY),
        ("today", TODAY),
        ("yesterday", TODAY - timedelta(days=1)),
        ("-3", TODAY - timedelta(days=3)),
        ("mon", TODAY),  # today is a Monday
        ("fri", date(2026, 11, 20)),  # the last Friday, not the next
        ("2026-11-02", date(2026, 11, 2)),
    ],
)
def test_the_day_a_give_was_given(typed: str, day: date) -> None:
    assert parse_given_on(typed, TODAY) == day


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("2026-11-24", "Tue 24 Nov 2026 is still to come; log a give once it is given"),
        ("+1", "'+1' is a day still to come"),
        ("2026-02-30", "not a day on the calendar"),
        ("soon", "'soon' is not a day I understand"),
    ],
)
def test_a_future_or_unreadable_day_is_refused(typed: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("+", r"\+")):
        parse_given_on(typed, TODAY)
