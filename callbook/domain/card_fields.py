"""The card's fields as the rep types them: which there are, their limits, and how they read.

Days, times of day, birthdays and ways to reach are parsed here, with no store at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from callbook.domain.dates import YearlyDate, parse_yearly
from callbook.domain.errors import Invalid
from callbook.domain.vocabulary import (
    ReachChannel,
)
from callbook.domain.windows import (
    WEEKDAY_NAMES,
)

MAX_NOTE = 100_000
THE_QUESTION = "When you're slammed, what's the best way to connect with you?"
MONTH_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


class CardField(StrEnum):
    """A single-value field of the card the rep can edit in place."""

    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    COMPANY = "company"
    TITLE = "title"
    EMAIL = "email"
    TIER = "tier"
    ACCOUNT_VALUE = "account_value"
    NOTES = "notes"
    TIME_ZONE = "time_zone"
    CHECKIN_RHYTHM = "checkin_rhythm_days"
    PERSONAL_NOTES = "personal_notes"
    PLACE = "place"
    ASSISTANT_NAME = "assistant_name"
    ASSISTANT_PHONE = "assistant_phone"
    ASSISTANT_NOTES = "assistant_notes"
    BOSS_NAME = "boss_name"
    RECEPTION_NOTES = "reception_notes"
    QUESTION_ANSWER = "question_answer"
    INDUSTRY = "industry"
    ROLE_FUNCTION = "role_function"
    ON_THEIR_MIND = "on_their_mind"
    COMPANY_NOTES = "company_notes"

    @property
    def label(self) -> str:
        """How the field is named on the card and in messages."""
        return FIELD_LABELS[self]


FIELD_LABELS = {
    CardField.FIRST_NAME: "First name",
    CardField.LAST_NAME: "Last name",
    CardField.COMPANY: "Company",
    CardField.TITLE: "Title",
    CardField.EMAIL: "Email",
    CardField.TIER: "Tier",
    CardField.ACCOUNT_VALUE: "Account value",
    CardField.NOTES: "Notes",
    CardField.TIME_ZONE: "Time zone",
    CardField.CHECKIN_RHYTHM: "Check-in every (days)",
    CardField.PERSONAL_NOTES: "Personal notes",
    CardField.PLACE: "Place",
    CardField.ASSISTANT_NAME: "Assistant",
    CardField.ASSISTANT_PHONE: "Assistant's phone",
    CardField.ASSISTANT_NOTES: "Assistant notes",
    CardField.BOSS_NAME: "Boss",
    CardField.RECEPTION_NOTES: "Reception notes",
    CardField.QUESTION_ANSWER: "Their answer",
    CardField.INDUSTRY: "Industry",
    CardField.ROLE_FUNCTION: "Role",
    CardField.ON_THEIR_MIND: "On their mind",
    CardField.COMPANY_NOTES: "Company notes",
}
SHORT_LIMITS = {
    CardField.FIRST_NAME: 200,
    CardField.LAST_NAME: 200,
    CardField.COMPANY: 300,
    CardField.TITLE: 300,
    CardField.EMAIL: 320,
    CardField.PLACE: 300,
    CardField.ASSISTANT_NAME: 200,
    CardField.BOSS_NAME: 200,
    CardField.INDUSTRY: 200,
    CardField.ROLE_FUNCTION: 200,
}
NOTE_FIELDS = frozenset(
    {
        CardField.NOTES,
        CardField.PERSONAL_NOTES,
        CardField.ASSISTANT_NOTES,
        CardField.RECEPTION_NOTES,
        CardField.QUESTION_ANSWER,
        CardField.ON_THEIR_MIND,
        CardField.COMPANY_NOTES,
    }
)
SEARCHED_FIELDS = frozenset(
    {
        CardField.FIRST_NAME,
        CardField.LAST_NAME,
        CardField.COMPANY,
        CardField.NOTES,
        CardField.PERSONAL_NOTES,
    }
)
TODAY_FIELDS = frozenset(
    {
        CardField.FIRST_NAME,
        CardField.LAST_NAME,
        CardField.COMPANY,
        CardField.TIER,
        CardField.TIME_ZONE,
        CardField.CHECKIN_RHYTHM,
    }
)
LIST_FIELDS = frozenset(
    {
        CardField.FIRST_NAME,
        CardField.LAST_NAME,
        CardField.COMPANY,
        CardField.TITLE,
        CardField.TIER,
    }
)


@dataclass(frozen=True)
class FamilyEntry:
    """A family member as typed into the card."""

    name: str
    relation: str = ""
    birthday: str = ""
    notes: str = ""


def parse_birthday(typed: str) -> YearlyDate | None:
    """'2016-04-12', '04-12', '12 Apr 2016', '12 April' or 'Apr 12'; None when blank."""
    text = typed.strip()
    if not text:
        return None
    words = re.fullmatch(r"(\d{1,2})\.?\s+([A-Za-z]+)\.?,?(?:\s+(\d{4}))?", text)
    flipped = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?(?:\s+(\d{4}))?", text)
    if words or flipped:
        if words:
            day_text, month_text, year_text = words.groups()
        else:
            assert flipped is not None
            month_text, day_text, year_text = flipped.groups()
        month_key = month_text[:3].lower()
        if month_key not in MONTH_WORDS:
            raise ValueError(f"'{month_text}' is not a month")
        return YearlyDate(
            MONTH_WORDS.index(month_key) + 1, int(day_text), int(year_text) if year_text else None
        )
    return parse_yearly(text)


@dataclass(frozen=True)
class BestTimeEntry:
    """A best-time window as typed: days, from, to (their time) and a note."""

    days: str
    start: str
    end: str
    note: str = ""


_DAY_WORDS = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
NO_DAYS = "no days"
"""What a window with no day picked reads as: refused, where a blank means weekdays."""


def parse_weekdays(typed: str) -> frozenset[int]:
    """'Mon–Fri', 'weekdays', 'daily', 'Sat, Sun' or 'Tue Thu' as weekday numbers."""
    written = typed.strip().replace("–", "-").replace("—", "-")
    text = written.lower()
    if text in ("", "weekdays", "workdays", "mon-fri"):
        return frozenset(range(5))
    if text in ("daily", "every day", "everyday", "all"):
        return frozenset(range(7))
    if text in ("weekend", "weekends"):
        return frozenset({5, 6})
    if text in (NO_DAYS, "none"):
        raise ValueError("pick at least one day")
    days: set[int] = set()
    for part in re.split(r"[,\s/]+", written):
        if not part:
            continue
        ends = part.split("-")
        if len(ends) > 2:
            raise ValueError(f"'{part}' is not a span of days; write it like Mon-Fri")
        numbers = []
        for end in ends:
            key = end[:3].lower()
            if key not in _DAY_WORDS:
                raise ValueError(f"'{end}' is not a weekday; use Mon, Tue … Sun")
            numbers.append(_DAY_WORDS[key])
        if len(numbers) == 1:
            days.add(numbers[0])
        else:
            first, last = numbers
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
            days.update(span)
    return frozenset(days)


def parse_clock_time(typed: str) -> int:
    """'06:45', '6.45', '7', '7am' or '4:30 pm' as minutes after midnight."""
    text = typed.strip().lower().replace(" ", "")
    match = re.fullmatch(r"(\d{1,2})(?:[:.h](\d{2}))?(am|pm)?", text)
    if not match:
        raise ValueError(f"'{typed}' is not a time of day; write it like 06:45 or 4:30pm")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            raise ValueError(f"'{typed}' is not a time of day; am/pm hours run 1 to 12")
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour == 24 and minute == 0:
        return 24 * 60
    if hour > 23 or minute > 59:
        raise ValueError(f"'{typed}' is not a time of day")
    return hour * 60 + minute


CHANNEL_WORDS = {
    "phone": ReachChannel.PHONE,
    "call": ReachChannel.PHONE,
    "text": ReachChannel.TEXT,
    "sms": ReachChannel.TEXT,
    "text first": ReachChannel.TEXT,
    "email": ReachChannel.EMAIL,
    "e-mail": ReachChannel.EMAIL,
    "mail": ReachChannel.EMAIL,
    "assistant": ReachChannel.ASSISTANT,
    "via assistant": ReachChannel.ASSISTANT,
    "through the assistant": ReachChannel.ASSISTANT,
    "gatekeeper": ReachChannel.ASSISTANT,
    "in person": ReachChannel.IN_PERSON,
    "in-person": ReachChannel.IN_PERSON,
    "meet": ReachChannel.IN_PERSON,
    "video": ReachChannel.VIDEO,
}


def parse_channels(typed: str) -> list[ReachChannel]:
    """'text, call, email' as channels, best first; an unknown word is refused by name."""
    found: list[ReachChannel] = []
    for part in re.split(r"[,;>→]+", typed):
        word = " ".join(part.lower().split())
        if not word:
            continue
        if word not in CHANNEL_WORDS:
            raise Invalid(
                f"'{part.strip()}' is not a channel; use call, text, email, via assistant, "
                "in person or video"
            )
        if CHANNEL_WORDS[word] not in found:
            found.append(CHANNEL_WORDS[word])
    return found


CHANNEL_VALUES = frozenset(c.value for c in ReachChannel)
