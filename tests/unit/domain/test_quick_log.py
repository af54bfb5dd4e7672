"""Quick-log rules: outcome keys, the purpose it starts on, the same-day warning, waiting text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.quick_log import (
    CHANNEL_KEYS,
    OUTCOME_KEYS,
    PURPOSE_KEYS,
    days_waiting,
    default_purpose,
    direction_for,
    next_attempt_text,
    parse_duration,
    waiting_summary,
    warn_second_try,
)
from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose

BERLIN = ZoneInfo("Europe/Berlin")


def test_every_outcome_has_its_own_key_as_promised() -> None:
    assert {k: o.value for k, o in OUTCOME_KEYS.items()} == {
        "c": "connected",
        "v": "voicemail",
        "n": "no-answer",
        "g": "gatekeeper",
        "b": "busy",
        "w": "wrong-number",
        "r": "replied",
    }
    assert set(PURPOSE_KEYS.values()) == set(Purpose)
    assert PURPOSE_KEYS["r"] is Purpose.PROPOSAL  # p is taken by the personal check-in
    assert set(CHANNEL_KEYS.values()) == set(Channel)


@pytest.mark.parametrize(
    ("reason", "checkin_due", "waiting", "expected"),
    [
        ("checkin", False, None, Purpose.CHECKIN),
        ("checkin", True, Purpose.BUSINESS, Purpose.CHECKIN),
        ("chase", False, Purpose.BUSINESS, Purpose.BUSINESS),
        ("chase", False, Purpose.CHECKIN, Purpose.CHECKIN),
        ("chase", True, Purpose.PROPOSAL, Purpose.PROPOSAL),
        ("chase", True, None, Purpose.FOLLOW_UP),
        ("follow-up", True, None, Purpose.FOLLOW_UP),
        ("date", False, None, Purpose.CHECKIN),
        (None, True, None, Purpose.CHECKIN),
        (None, False, None, Purpose.BUSINESS),
        (None, True, Purpose.GIVE, Purpose.GIVE),
    ],
)
def test_purpose_starts_where_the_rep_came_from(
    reason: str | None, checkin_due: bool, waiting: Purpose | None, expected: Purpose
) -> None:
    assert default_purpose(reason, checkin_due, waiting) is expected


def test_they_replied_is_the_only_inbound_outcome() -> None:
    assert direction_for(Outcome.REPLIED) is Direction.INBOUND
    assert {o for o in Outcome if direction_for(o) is Direction.OUTBOUND} == set(Outcome) - {
        Outcome.REPLIED
    }


@pytest.mark.parametrize(
    ("outcome", "tried", "warns"),
    [
        (None, True, True),
        (None, False, False),
        (Outcome.VOICEMAIL, True, True),
        (Outcome.NO_ANSWER, True, True),
        (Outcome.GATEKEEPER, True, True),
        (Outcome.VOICEMAIL, False, False),
        (Outcome.CONNECTED, True, False),
        (Outcome.REPLIED, True, False),
    ],
)
def test_a_second_try_the_same_day_warns_but_reaching_them_does_not(
    outcome: Outcome | None, tried: bool, warns: bool
) -> None:
    assert warn_second_try(outcome, tried) is warns


def test_days_waiting_counts_calendar_days_in_the_reps_zone() -> None:
    # 23:30 Sunday in Berlin, read on Monday 00:30 Berlin: one day, not one hour.
    left = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)
    assert days_waiting(left, datetime(2026, 11, 22, 23, 30, tzinfo=UTC), BERLIN) == 1
    assert days_waiting(left, datetime(2026, 11, 22, 22, 45, tzinfo=UTC), BERLIN) == 0
    assert days_waiting(left, datetime(2026, 12, 6, 12, 0, tzinfo=UTC), BERLIN) == 14


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "No messages waiting to be returned"),
        (1, "1 message waiting to be returned"),
        (14, "14 messages waiting to be returned"),
        (1200, "1,200 messages waiting to be returned"),
    ],
)
def test_waiting_total_reads_naturally(count: int, text: str) -> None:
    assert waiting_summary(count) == text


@pytest.mark.parametrize(
    ("next_on", "text"),
    [
        (None, "cadence done"),
        (date(2026, 11, 23), "today"),
        (date(2026, 11, 24), "tomorrow"),
        (date(2026, 11, 26), "Thu 26 Nov"),
        (date(2026, 11, 20), "due since Fri 20 Nov"),
    ],
)
def test_next_attempt_in_words(next_on: date | None, text: str) -> None:
    assert next_attempt_text(next_on, date(2026, 11, 23)) == text


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [
        ("12", 720),
        ("12 min", 720),
        ("12m", 720),
        ("1:30", 90),
        ("90s", 90),
        ("1h 5m", 3900),
        ("2 hours", 7200),
        ("", None),
        ("  ", None),
    ],
)
def test_a_duration_is_read_as_the_rep_types_it(typed: str, seconds: int | None) -> None:
    assert parse_duration(typed) == seconds


@pytest.mark.parametrize("typed", ["soon", "12 parsecs", "99h", "-3"])
def test_a_duration_that_makes_no_sense_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match=r"duration|working day"):
        parse_duration(typed)
