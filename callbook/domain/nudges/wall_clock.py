"""Noticing the wall clock jump between heartbeats: sleep, or a clock change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass
class WallClockWatch:
    """Notices when the wall clock jumps between two heartbeats: sleep, or a clock change."""

    interval: timedelta
    slack: timedelta = timedelta(seconds=60)
    last: datetime | None = None

    def tick(self, now: datetime) -> timedelta | None:
        """The jump since the last beat when it is more than a late heartbeat, else None."""
        previous, self.last = self.last, now
        if previous is None:
            return None
        elapsed = now - previous
        if elapsed > self.interval + self.slack or elapsed < -self.slack:
            return elapsed
        return None
