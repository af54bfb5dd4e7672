"""When do they pick up? Calls and connects by weekday and hour in the contact's own time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callbook.domain.dates import WEEKDAYS

# Below this many calls a cell's rate says more than it knows: it is marked "too few".
MIN_CALLS_PER_CELL = 5
# Below this many calls in the period the chart as a whole cannot tell yet.
MIN_CALLS = 30
DAY_LABELS = tuple(day.capitalize() for day in WEEKDAYS)


@dataclass(frozen=True, slots=True)
class CallBucket:
    """Calls that began in one UTC hour to contacts in one zone (None: zone not known)."""

    hour_utc: datetime
    zone: str | None
    calls: int
    picked_up: int


@dataclass(frozen=True, slots=True)
class PickupCell:
    """One weekday and local hour: calls made, how many they picked up, the rate if enough."""

    weekday: int
    hour: int
    calls: int
    picked_up: int

    @property
    def rate(self) -> float | None:
        """Picked up over calls; None when there are too few calls to tell."""
        return self.picked_up / self.calls if self.calls >= MIN_CALLS_PER_CELL else None

    def words(self) -> str:
        """What the cell says on hover: 'Tue 9:00–10:00: 12 of 30 calls picked up (40 %)'."""
        when = f"{DAY_LABELS[self.weekday]} {self.hour}:00–{self.hour + 1}:00"
        counts = f"{self.picked_up:,} of {self.calls:,} {'call' if self.calls == 1 else 'calls'}"
        if self.rate is None:
            return f"{when}: {counts} picked up (too few to tell)"
        return f"{when}: {counts} picked up ({round(100 * self.rate)} %)"


@dataclass(frozen=True)
class PickupGrid:
    """Every weekday × hour cell that saw a call, and the totals."""

    cells: dict[tuple[int, int], PickupCell]
    calls: int
    picked_up: int

    @property
    def enough(self) -> bool:
        """True once there are calls enough to read the picture."""
        return self.calls >= MIN_CALLS

    def cell(self, weekday: int, hour: int) -> PickupCell:
        """The cell at `weekday` (0 is Monday) and local `hour`, empty when no call fell there."""
        return self.cells.get((weekday, hour), PickupCell(weekday, hour, 0, 0))

    def hours(self) -> range:
        """The local hours from the first to the last that saw a call (8 to 18 when none)."""
        if not self.cells:
            return range(8, 19)
        seen = [hour for _day, hour in self.cells]
        return range(min(seen), max(seen) + 1)

    def best(self) -> PickupCell | None:
        """The cell with the best rate among those with enough calls."""
        rated = [c for c in self.cells.values() if c.rate is not None]
        return max(rated, key=lambda c: (c.rate, c.calls)) if rated else None


@cache
def _zone(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def pickup_grid(buckets: Iterable[CallBucket], rep_zone: ZoneInfo) -> PickupGrid:
    """Sum the buckets into cells by the weekday and hour the contact's clock showed.

    Each bucket is read in its own zone, at its own date, so a call before and after a
    change to summer time lands on the hour the contact lived. A contact with no zone is
    read in the rep's. In a zone half an hour off the hour, an hour is counted from its start.
    """
    cells: dict[tuple[int, int], list[int]] = {}
    calls = picked_up = 0
    for bucket in buckets:
        local = bucket.hour_utc.astimezone(_zone(bucket.zone, rep_zone))
        counts = cells.setdefault((local.weekday(), local.hour), [0, 0])
        counts[0] += bucket.calls
        counts[1] += bucket.picked_up
        calls += bucket.calls
        picked_up += bucket.picked_up
    return PickupGrid(
        {key: PickupCell(key[0], key[1], c, p) for key, (c, p) in cells.items()},
        calls,
        picked_up,
    )
