"""The real clock: the system's time and the laptop's current time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import tzlocal


class SystemClock:
    """Now in UTC, and the zone the laptop is set to (re-read when the rep travels)."""

    def __init__(self) -> None:
        self._zone = self._read_zone()

    @staticmethod
    def _read_zone() -> ZoneInfo:
        try:
            zone = tzlocal.get_localzone()
        except Exception:
            return ZoneInfo("UTC")
        return zone if isinstance(zone, ZoneInfo) else ZoneInfo(str(zone))

    def now(self) -> datetime:
        """The current instant."""
        return datetime.now(UTC)

    def zone(self) -> ZoneInfo:
        """The rep's current zone."""
        return self._zone

    def reload_zone(self) -> bool:
        """Read the system zone again; True when it changed."""
        tzlocal.reload_localzone()
        fresh = self._read_zone()
        changed = fresh.key != self._zone.key
        self._zone = fresh
        return changed
