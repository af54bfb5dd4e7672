"""What time it is and where the rep is: injected everywhere, faked in tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """The current instant (aware, UTC) and the rep's current IANA zone."""

    def now(self) -> datetime: ...

    def zone(self) -> ZoneInfo: ...


@dataclass
class FixedClock:
    """A clock that stands still until a test moves it."""

    instant: datetime
    rep_zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    def __post_init__(self) -> None:
        if self.instant.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.instant = self.instant.astimezone(UTC)

    def now(self) -> datetime:
        """The instant the test set."""
        return self.instant

    def zone(self) -> ZoneInfo:
        """The zone the test put the rep in."""
        return self.rep_zone

    def advance(self, delta: timedelta) -> None:
        """Move time forward."""
        self.instant += delta

    def travel_to(self, zone: str) -> None:
        """Put the rep in another time zone."""
        self.rep_zone = ZoneInfo(zone)


def local_today(clock: Clock) -> datetime:
    """The rep's local date and time now."""
    return clock.now().astimezone(clock.zone())
