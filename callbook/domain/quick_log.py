"""Quick-log rules: one key per outcome, sensible purpose, and how waiting reads."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose

# One key per choice, shown on screen beside each label (F6).
OUTCOME_KEYS: dict[str, Outcome] = {
    "c": Outcome.CONNECTED,
    "v": Outcome.VOICEMAIL,
    "n": Outcome.NO_ANSWER,
    "g": Outcome.GATEKEEPER,
    "b": Outcome.BUSY,
    "w": Outcome.WRONG_NUMBER,
    "r": Outcome.REPLIED,
}
PURPOSE_KEYS: dict[str, Purpose] = {
    "p": Purpose.CHECKIN,
    "b": Purpose.BUSINESS,
    "f": Purpose.FOLLOW_UP,
    "g": Purpose.GIVE,
    "r": Purpose.PROPOSAL,  # p is the personal check-in
}
CHANNEL_KEYS: dict[str, Channel] = {
    "p": Channel.PHONE,
    "t": Channel.TEXT,
    "e": Channel.EMAIL,
    "i": Channel.IN_PERSON,
    "v": Channel.VIDEO,
}

# A next step typed without a date still needs something to show on Today.
DIRECTION_KEYS: dict[str, Direction] = {
    "o": Direction.OUTBOUND,
    "i": Direction.INBOUND,
}
DEFAULT_NEXT_STEP = "Follow up"
# Longer than a working day is a typing slip, not a call.
LONGEST_CALL_MINUTES = 12 * 60


def parse_duration(typed: str) -> int | None:
    """Seconds from a duration as typed: '12' (minutes), '12 min', '1:30', '90s', '1h 5m'.

    Blank is None (not noted); anything else unreadable is refused with what to type.
    """
    text = typed.strip().lower().replace(" ", "")
    if not text:
        return None
    clock = re.fullmatch(r"(\d{1,3}):([0-5]\d)", text)
    if text.isdigit() and len(text) <= 4:
        seconds = int(text) * 60  # a bare number is minutes
    elif clock:
        seconds = int(clock.group(1)) * 60 + int(clock.group(2))
    else:
        parts = re.fullmatch(
            r"(?:(\d{1,2})h(?:ours?|rs?)?)?(?:(\d{1,3})m(?:in(?:utes?|s)?)?)?"
            r"(?:(\d{1,4})s(?:ec(?:onds?|s)?)?)?",
            text,
        )
        if not parts or not any(parts.groups()):
            raise ValueError(f"'{typed.strip()}' is not a duration; type minutes like 12 or 1:30")
        hours, minutes, secs = (int(g) if g else 0 for g in parts.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    if seconds > LONGEST_CALL_MINUTES * 60:
        raise ValueError(f"'{typed.strip()}' is longer than a working day")
    return seconds


def default_purpose(
    today_reason: str | None,
    checkin_due: bool,
    waiting_purpose: Purpose | None,
) -> Purpose:
    """The purpose the quick log starts on.

    `today_reason` is the kind of the Today row it was opened from ('checkin', 'chase',
    'follow-up', 'date'), None from anywhere else. A chase keeps the purpose of the
    message being chased; a birthday call is personal; with no row to go by, a contact
    whose check-in is due gets a check-in.
    """
    if today_reason == "checkin":
        return Purpose.CHECKIN
    if today_reason == "chase":
        return waiting_purpose or Purpose.FOLLOW_UP
    if today_reason == "follow-up":
        return Purpose.FOLLOW_UP
    if today_reason == "date":
        return Purpose.CHECKIN
    if waiting_purpose is not None:
        return waiting_purpose
    return Purpose.CHECKIN if checkin_due else Purpose.BUSINESS


def direction_for(outcome: Outcome) -> Direction:
    """'They replied' came from them; every other outcome is the rep reaching out."""
    return Direction.INBOUND if outcome is Outcome.REPLIED else Direction.OUTBOUND


def warn_second_try(outcome: Outcome | None, tried_today: bool) -> bool:
    """True when logging `outcome` would be a second try the same day (reaching them is fine).

    Before an outcome is picked the warning shows, so the rep sees it while deciding.
    """
    if not tried_today:
        return False
    if outcome is None:
        return True
    return not outcome.reached_them and direction_for(outcome) is Direction.OUTBOUND


def days_waiting(opened_at: datetime, now: datetime, zone: ZoneInfo) -> int:
    """Whole calendar days since the message was left, in the rep's calendar."""
    return (now.astimezone(zone).date() - opened_at.astimezone(zone).date()).days


def waiting_summary(count: int) -> str:
    """The total shown in the main window: '14 messages waiting to be returned'."""
    if count <= 0:
        return "No messages waiting to be returned"
    if count == 1:
        return "1 message waiting to be returned"
    return f"{count:,} messages waiting to be returned"


def next_attempt_text(next_attempt_on: date | None, today: date) -> str:
    """When to try again, in words: 'today', 'overdue since Wed 25 Nov', 'Thu 26 Nov'."""
    if next_attempt_on is None:
        return "cadence done"
    if next_attempt_on == today:
        return "today"
    if next_attempt_on < today:
        return f"due since {next_attempt_on:%a %d %b}"
    if (next_attempt_on - today).days == 1:
        return "tomorrow"
    return f"{next_attempt_on:%a %d %b}"
