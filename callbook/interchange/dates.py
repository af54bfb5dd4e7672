"""Reading the many ways other tools write a birthday."""

from __future__ import annotations

import re

from callbook.domain.dates import YearlyDate

# Apple writes a birthday without a year as 1604-MM-DD with X-APPLE-OMIT-YEAR=1604;
# some Android builds use 1900 or 0000 the same way.
PLACEHOLDER_YEARS = frozenset({0, 1, 1604, 1900})
_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?\.?$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WORDY = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?(?:\s+(\d{4}))?$")
_WORDY_US = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?(?:\s+(\d{4}))?$")
# Regions that write the month first in 5/17/1980.
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "VI", "CA"})


def parse_yearly_date(
    text: str, month_first: bool = False, omit_year: str | None = None
) -> YearlyDate | None:
    """The date in `text`, None when the field is empty; ValueError when it cannot be read.

    Handles ISO (1980-05-17, 19800517, --05-17, --0517), slashed or dotted day-month-year
    (month first when `month_first`), and '17 May 1980' / 'May 17, 1980'.
    """
    value = text.strip()
    if not value or value in {"0/0/00", "0.0.00", "00.00.0000"}:
        return None
    month: int
    day: int
    year: int | None
    if match := _ISO.match(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _NO_YEAR.match(value):
        year, month, day = None, int(match[1]), int(match[2])
    elif match := _SLASHED.match(value):
        first, second = int(match[1]), int(match[2])
        dotted = "." in value
        if month_first and not dotted:
            month, day = first, second
        else:
            day, month = first, second
        if month > 12 >= day:
            # 17/5 read month-first cannot be right: take it the other way round.
            month, day = day, month
        year = _full_year(match[3]) if match[3] else None
    elif (match := _WORDY.match(value)) and match[2].lower() in _MONTHS:
        day, month = int(match[1]), _MONTHS[match[2].lower()]
        year = int(match[3]) if match[3] else None
    elif (match := _WORDY_US.match(value)) and match[1].lower() in _MONTHS:
        month, day = _MONTHS[match[1].lower()], int(match[2])
        year = int(match[3]) if match[3] else None
    else:
        raise ValueError(f"'{text}' is not a date")
    if year is not None and (year in PLACEHOLDER_YEARS or (omit_year and str(year) == omit_year)):
        year = None
    try:
        return YearlyDate(month, day, year)
    except ValueError:
        raise ValueError(f"'{text}' is not a date") from None


def _full_year(digits: str) -> int:
    if len(digits) == 4:
        return int(digits)
    # Two-digit years in address books are birth years: 45 is 1945, 07 is 2007.
    number = int(digits)
    return 2000 + number if number <= 30 else 1900 + number
