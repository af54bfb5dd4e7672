"""Dates in the window the desktop's way (QLocale): '4 Dec', 'Dec 4', '4. Dez.'."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

from PySide6.QtCore import QDate, QLocale

from callbook.domain.dates import SayDay

# The weekday and the year come out of the locale's long date, so what is left is the
# desktop's own order of day and month: 'd MMM', 'MMM d', 'd. MMM', 'M月d日'.
_WEEKDAY = re.compile(r"\s*[,،]?\s*dddd\s*[,،]?\s*")
_YEAR = re.compile(r"\s*,?\s*('[^']*'\s*)?y+\s*[年년]?\s*")


@cache
def _formats(locale_name: str) -> tuple[str, str]:
    """The day-and-month format of a locale, and the same with the year."""
    long = QLocale(locale_name).dateFormat(QLocale.FormatType.LongFormat)
    with_year = _WEEKDAY.sub(" ", long).replace("MMMM", "MMM").strip(" ,")
    without = " ".join(_YEAR.sub(" ", with_year).split()).strip(" ,")
    return without or "d MMM", with_year or "d MMM yyyy"


@cache
def _long_without_year(locale_name: str) -> str:
    long = QLocale(locale_name).dateFormat(QLocale.FormatType.LongFormat)
    return " ".join(_YEAR.sub(" ", long).split()).strip(" ,") or "dddd d MMMM"


def long_day(day: date) -> str:
    """'Friday, 4 December' (or the desktop's 'Freitag, 4. Dezember'), for a page's heading."""
    locale = QLocale()
    return locale.toString(QDate(day.year, day.month, day.day), _long_without_year(locale.name()))


def short_date(day: date, today: date) -> str:
    """'4 Dec' (or the desktop's 'Dec 4', '4. Dez.'), with the year when it is not this year's."""
    locale = QLocale()
    without, with_year = _formats(locale.name())
    shown = with_year if day.year != today.year else without
    return locale.toString(QDate(day.year, day.month, day.day), shown)


def weekday_date(day: date, today: date) -> str:
    """'Fri 4 Dec' in the desktop's words."""
    name = QLocale().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)
    return f"{name} {short_date(day, today)}"


def weekday_date_time(at: datetime, today: date) -> str:
    """'Fri 4 Dec, 14:05' for an aware local time."""
    return f"{weekday_date(at.date(), today)}, {at:%H:%M}"


def say_days(today: date) -> SayDay:
    """Dates relative to `today` the way the window shows them."""
    return lambda day: short_date(day, today)
