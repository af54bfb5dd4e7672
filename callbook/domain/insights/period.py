"""The weeks an insight looks back over: the last 4, 13 or 52, ending now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

PERIOD_CHOICES: tuple[int, ...] = (4, 13, 52)
DEFAULT_WEEKS = 13
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Period:
    """`weeks` whole weeks back from `end` (an aware instant); week 0 is the oldest."""

    weeks: int
    end: datetime

    @property
    def start(self) -> datetime:
        """Where the first week begins."""
        return self.end - self.weeks * WEEK

    @property
    def start_seconds(self) -> float:
        """The start as POSIX seconds, for rules that read many rows."""
        return self.start.timestamp()

    @property
    def end_seconds(self) -> float:
        """The end as POSIX seconds."""
        return self.end.timestamp()

    def week_of(self, at: datetime) -> int | None:
        """Which week `at` falls in, None outside the period."""
        if not self.start <= at < self.end:
            return None
        return int((at - self.start) / WEEK)

    def week_start(self, week: int) -> datetime:
        """The instant week `week` begins."""
        return self.start + week * WEEK

    def week_end(self, week: int) -> datetime:
        """The instant week `week` ends (the last one ends now)."""
        return self.start + (week + 1) * WEEK

    def week_days(self, zone: ZoneInfo) -> list[date]:
        """The first day of each week on the rep's calendar, for the axis."""
        return [self.week_start(week).astimezone(zone).date() for week in range(self.weeks)]

    def words(self) -> str:
        """'4 weeks', '52 weeks'."""
        return f"{self.weeks} week" if self.weeks == 1 else f"{self.weeks} weeks"


def period_ending(now: datetime, weeks: int) -> Period:
    """The last `weeks` weeks up to `now`; ValueError for a period of no weeks or over ten years."""
    if not 1 <= weeks <= 520:
        raise ValueError("a period is 1 to 520 weeks")
    return Period(weeks, now)
