"""Writing iCalendar (RFC 5545): planned calls, follow-ups and yearly dates, with stable UIDs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from callbook import __version__
from callbook.domain.dates import YearlyDate

UID_DOMAIN = "callbook.local"
# A yearly date without a known year starts here, so the same date always gives the same
# event; 2000 is a leap year, so 29 February is a real first occurrence.
NO_YEAR_START = 2000


@dataclass(frozen=True)
class CalendarEntry:
    """One all-day event: a call to make on a day, or a date that comes back every year."""

    uid: str
    summary: str
    description: str
    on: date | None = None
    yearly: YearlyDate | None = None
    category: str = ""


def write_calendar(entries: Iterable[CalendarEntry], stamp: datetime) -> bytes:
    """The entries as one .ics file; `stamp` is the export time (DTSTAMP)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Callbook//Callbook {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Callbook")
    for entry in entries:
        calendar.add_component(_event(entry, stamp))
    return bytes(calendar.to_ical())


def _event(entry: CalendarEntry, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{entry.uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", entry.summary)
    if entry.description:
        event.add("description", entry.description)
    if entry.category:
        event.add("categories", [entry.category])
    event.add("transp", "TRANSPARENT")
    if entry.yearly is not None:
        start = _first_occurrence(entry.yearly)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(days=1))
        if entry.yearly.month == 2 and entry.yearly.day == 29:
            # Kept on the last day of February in other years, as Callbook reminds it.
            event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
        else:
            event.add("rrule", {"freq": "yearly"})
    else:
        assert entry.on is not None
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + timedelta(days=1))
    return event


def _first_occurrence(yearly: YearlyDate) -> date:
    year = yearly.year if yearly.year is not None else NO_YEAR_START
    if yearly.month == 2 and yearly.day == 29 and yearly.year is None:
        year = NO_YEAR_START
    return date(year, yearly.month, yearly.day)
