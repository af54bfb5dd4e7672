"""Birthdays and important dates, and the short dates a rep types."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Spelled out rather than taken from calendar.day_name, which follows the process
# locale (Qt sets it from the desktop) while the rep types English day names.
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


SayDay = Callable[[date], str]
"""How a date reads where it is shown: '4 Dec' in the terminal, the desktop's way in the window."""


@dataclass(frozen=True, slots=True)
class YearlyDate:
    """A date that comes back every year; the year is optional (a birthday without age)."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        # 2000 is a leap year, so 29 February is valid here whatever the year.
        check_year = self.year if self.year is not None else 2000
        try:
            date(check_year, self.month, self.day)
        except ValueError as error:
            written = f"{self.day}/{self.month}" + (
                f"/{self.year}" if self.year is not None else ""
            )
            raise ValueError(f"{written} is not a date: {error}") from None

    def next_on_or_after(self, today: date) -> date:
        """The next time it falls, today included; 29 February is kept on 28 February."""
        for year in (today.year, today.year + 1):
            when = self.in_year(year)
            if when >= today:
                return when
        raise AssertionError("unreachable: a yearly date recurs within two years")

    def in_year(self, year: int) -> date:
        """When it falls in `year`."""
        if self.month == 2 and self.day == 29 and not calendar.isleap(year):
            return date(year, 2, 28)
        return date(year, self.month, self.day)

    def age_on(self, when: date) -> int | None:
        """How many full years it has been by `when`, when the year is known."""
        if self.year is None:
            return None
        passed_this_year = when >= self.in_year(when.year)
        return when.year - self.year - (0 if passed_this_year else 1)


def parse_yearly(text: str) -> YearlyDate:
    """Read '1985-04-12', '--04-12' or '04-12' (vCard style) into a yearly date."""
    cleaned = text.strip()
    match = re.fullmatch(r"(?:(\d{4})|-)?-?(\d{1,2})-(\d{1,2})", cleaned)
    if not match:
        raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD or MM-DD")
    year = int(match.group(1)) if match.group(1) else None
    return YearlyDate(int(match.group(2)), int(match.group(3)), year)


def parse_due(text: str, today: date) -> date:
    """Read a due date as a rep types it: '+2', 'today', 'tomorrow', 'fri', '2026-12-01'."""
    word = text.strip().lower()
    if not word:
        raise ValueError("no date given")
    if word in ("today", "tod"):
        return today
    if word in ("tomorrow", "tom", "tmrw"):
        return today + timedelta(days=1)
    if match := re.fullmatch(r"\+(\d{1,3})([dw]?)", word):
        amount = int(match.group(1))
        return today + timedelta(days=amount * (7 if match.group(2) == "w" else 1))
    if len(word) >= 3 and (hits := [i for i, d in enumerate(WEEKDAYS) if word.startswith(d)]):
        full = WEEKDAY_NAMES[hits[0]]
        if full.startswith(word) or word in (WEEKDAYS[hits[0]], full):
            ahead = (hits[0] - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            raise ValueError(f"'{text}' is not a day on the calendar") from None
    raise ValueError(f"'{text}' is not a date I understand; try +2, tomorrow, fri or 2026-12-01")


MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


# The rep's texts use these English names whatever the desktop's language,
# so strftime's locale-dependent %a/%A/%b are avoided.
def day_and_month(when: date) -> str:
    """'27 Nov'."""
    return f"{when.day} {MONTH_ABBREVIATIONS[when.month - 1]}"


def weekday_name(when: date) -> str:
    """'Friday'."""
    return WEEKDAY_NAMES[when.weekday()].capitalize()


def short_day(when: date) -> str:
    """'Fri 27 Nov'."""
    return f"{WEEKDAYS[when.weekday()].capitalize()} {day_and_month(when)}"


def short_date(day: date, today: date) -> str:
    """'12 Mar', with the year when it is not this year's."""
    return day_and_month(day) + (f" {day.year}" if day.year != today.year else "")


def days_ago(day: date, today: date) -> str:
    """'today', 'yesterday', '12 days ago'."""
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days:,} days ago"


def days_until(day: date, today: date) -> str:
    """'today', 'tomorrow', 'in 5 days'."""
    ahead = (day - today).days
    if ahead <= 0:
        return "today"
    if ahead == 1:
        return "tomorrow"
    return f"in {ahead} days"
