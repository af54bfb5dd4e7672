"""Best-time windows: when a contact likes to be reached, in their own zone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WORKDAYS = frozenset(range(5))


@dataclass(frozen=True)
class BestTimeWindow:
    """A span of local wall-clock time on some weekdays (0 = Monday), in the contact's zone."""

    weekdays: frozenset[int]
    start: time
    end: time

    def __post_init__(self) -> None:
        if not self.weekdays:
            raise ValueError("a best-time window needs at least one weekday")
        if not self.weekdays <= frozenset(range(7)):
            raise ValueError("weekdays run from 0 (Monday) to 6 (Sunday)")
        if self.end <= self.start:
            raise ValueError("a best-time window must end after it starts")

    def describe(self) -> str:
        """'Mon–Fri 06:45–07:30' as a rep would write it."""
        return f"{describe_weekdays(self.weekdays)} {self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class WindowOpening:
    """One concrete occurrence of a window, as aware UTC instants."""

    starts_at: datetime
    ends_at: datetime

    def is_open(self, now: datetime) -> bool:
        """True while `now` falls inside it."""
        return self.starts_at <= now < self.ends_at


def describe_weekdays(weekdays: frozenset[int]) -> str:
    """'Mon–Fri', 'Sat, Sun' or 'Daily'."""
    days = sorted(weekdays)
    if len(days) == 7:
        return "Daily"
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_NAMES[days[0]]}–{WEEKDAY_NAMES[days[-1]]}"
    return ", ".join(WEEKDAY_NAMES[d] for d in days)


def weekdays_to_mask(weekdays: Iterable[int]) -> int:
    """Pack weekdays into a bit mask for storage (bit 0 = Monday)."""
    mask = 0
    for day in weekdays:
        mask |= 1 << day
    return mask


def mask_to_weekdays(mask: int) -> frozenset[int]:
    """Unpack a stored weekday bit mask."""
    return frozenset(d for d in range(7) if mask & (1 << d))


def _local_instant(day: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock `at` on `day` in `zone`.

    A wall time skipped by a spring-forward change moves forward by the gap
    (02:30 becomes 03:30); one repeated by a fall-back change takes its first occurrence.
    """
    return datetime.combine(day.date(), at, tzinfo=zone).astimezone(UTC)


def openings(
    windows: Iterable[BestTimeWindow], zone: ZoneInfo, now: datetime, days: int = 8
) -> list[WindowOpening]:
    """Occurrences of the windows that have not ended yet, soonest first."""
    local_now = now.astimezone(zone)
    found: list[WindowOpening] = []
    for window in windows:
        for offset in range(-1, days):
            day = local_now + timedelta(days=offset)
            if day.weekday() not in window.weekdays:
                continue
            opening = WindowOpening(
                _local_instant(day, window.start, zone), _local_instant(day, window.end, zone)
            )
            # A window that starts in a spring-forward gap moves past it and may then
            # end before it starts: the clock change swallowed that day's window.
            if opening.starts_at < opening.ends_at and opening.ends_at > now:
                found.append(opening)
    return sorted(found, key=lambda o: o.starts_at)


def current_or_next_opening(
    windows: Iterable[BestTimeWindow], zone: ZoneInfo, now: datetime
) -> WindowOpening | None:
    """The window open now, else the next one to open within a week."""
    upcoming = openings(windows, zone, now)
    return upcoming[0] if upcoming else None
