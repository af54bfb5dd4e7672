"""The rep's nudge settings: digest time, quiet hours and quiet days, what to be nudged about."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from callbook.domain.nudges.kinds import local_instant


def _clock_time(value: object, name: str) -> time:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a time like 08:00")
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} '{value}' is not a time like 08:00") from None


@dataclass(frozen=True)
class NudgeSettings:
    """When the rep wants to be nudged, and when to be left alone (all in their own zone)."""

    digest_at: time = time(8, 0)
    digest: bool = True
    # Follow-ups, chases and dates belong to a day rather than an hour: nudged at this time.
    reminders_at: time = time(9, 0)
    best_time: bool = True
    best_time_lead_minutes: int = 10
    best_time_daily_limit: int = 8
    quiet_from: time | None = time(21, 0)
    quiet_until: time | None = time(7, 0)
    quiet_days: frozenset[int] = frozenset({5, 6})

    def __post_init__(self) -> None:
        if not 0 <= self.best_time_lead_minutes <= 120:
            raise ValueError("the best-time lead is between 0 and 120 minutes")
        if not 0 <= self.best_time_daily_limit <= 50:
            raise ValueError("best-time reminders a day are between 0 and 50")
        if not self.quiet_days <= frozenset(range(7)):
            raise ValueError("quiet days run from 0 (Monday) to 6 (Sunday)")
        if len(self.quiet_days) == 7:
            raise ValueError("at least one day of the week must allow nudges")
        if (self.quiet_from is None) != (self.quiet_until is None):
            raise ValueError("quiet hours need both a start and an end")
        if self.quiet_from is not None and self.quiet_from == self.quiet_until:
            raise ValueError("quiet hours must start and end at different times")

    def is_quiet(self, at: datetime, zone: ZoneInfo) -> bool:
        """True when `at` falls in quiet hours or on a quiet day, by the rep's wall clock."""
        local = at.astimezone(zone)
        if local.weekday() in self.quiet_days:
            return True
        if self.quiet_from is None or self.quiet_until is None:
            return False
        now = local.time().replace(tzinfo=None)
        if self.quiet_from < self.quiet_until:
            return self.quiet_from <= now < self.quiet_until
        return now >= self.quiet_from or now < self.quiet_until

    def next_allowed(self, at: datetime, zone: ZoneInfo) -> datetime:
        """`at` itself when nudges are allowed then, else the moment the quiet stretch ends."""
        candidate = at
        # Each step leaves one quiet stretch; a week of them covers every setting.
        for _ in range(16):
            if not self.is_quiet(candidate, zone):
                return candidate
            local = candidate.astimezone(zone)
            if local.weekday() in self.quiet_days:
                next_day = local.date() + timedelta(days=1)
                candidate = local_instant(next_day, time(0, 0), zone)
                continue
            assert self.quiet_until is not None
            end_day = local.date()
            if local.time().replace(tzinfo=None) >= self.quiet_until:
                end_day += timedelta(days=1)
            candidate = local_instant(end_day, self.quiet_until, zone)
        raise AssertionError("unreachable: settings always leave some time for nudges")

    def as_json(self) -> dict[str, Any]:
        """Plain JSON values for the settings table."""
        return {
            "digest_at": self.digest_at.strftime("%H:%M"),
            "digest": self.digest,
            "reminders_at": self.reminders_at.strftime("%H:%M"),
            "best_time": self.best_time,
            "best_time_lead_minutes": self.best_time_lead_minutes,
            "best_time_daily_limit": self.best_time_daily_limit,
            "quiet_from": self.quiet_from.strftime("%H:%M") if self.quiet_from else None,
            "quiet_until": self.quiet_until.strftime("%H:%M") if self.quiet_until else None,
            "quiet_days": sorted(self.quiet_days),
        }

    @classmethod
    def from_json(cls, value: object) -> NudgeSettings:
        """Read stored settings; missing keys keep their defaults, bad ones raise ValueError."""
        if not isinstance(value, dict):
            raise ValueError("nudge settings must be a JSON object")
        changes: dict[str, Any] = {}
        for name in ("digest_at", "reminders_at"):
            if name in value:
                changes[name] = _clock_time(value[name], name)
        for name in ("quiet_from", "quiet_until"):
            if name in value:
                changes[name] = None if value[name] is None else _clock_time(value[name], name)
        for name in ("digest", "best_time"):
            if name in value:
                if not isinstance(value[name], bool):
                    raise ValueError(f"{name} must be true or false")
                changes[name] = value[name]
        for name in ("best_time_lead_minutes", "best_time_daily_limit"):
            if name in value:
                if not isinstance(value[name], int) or isinstance(value[name], bool):
                    raise ValueError(f"{name} must be a whole number")
                changes[name] = value[name]
        if "quiet_days" in value:
            days = value["quiet_days"]
            if not isinstance(days, list) or not all(
                isinstance(d, int) and not isinstance(d, bool) for d in days
            ):
                raise ValueError("quiet_days must be a list of weekday numbers")
            changes["quiet_days"] = frozenset(days)
        return replace(cls(), **changes)
