"""Putting a nudge off: the choices, and when a snoozed nudge comes back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from callbook.domain.nudges.kinds import SNOOZE_KEY_MARK, Nudge, local_instant
from callbook.domain.nudges.settings import NudgeSettings


class SnoozeChoice(StrEnum):
    """How long the rep puts a nudge off."""

    QUARTER_HOUR = "15m"
    HOUR = "1h"
    TOMORROW_MORNING = "tomorrow"

    @property
    def label(self) -> str:
        """How the choice reads on a button."""
        return SNOOZE_LABELS[self]


SNOOZE_LABELS = {
    SnoozeChoice.QUARTER_HOUR: "15 minutes",
    SnoozeChoice.HOUR: "1 hour",
    SnoozeChoice.TOMORROW_MORNING: "Tomorrow morning",
}


def snooze_until(
    choice: SnoozeChoice, now: datetime, settings: NudgeSettings, rep_zone: ZoneInfo
) -> datetime:
    """When a nudge put off now comes back; never inside quiet hours or on a quiet day."""
    if choice is SnoozeChoice.QUARTER_HOUR:
        back = now + timedelta(minutes=15)
    elif choice is SnoozeChoice.HOUR:
        back = now + timedelta(hours=1)
    else:
        # The morning of the next day nudges are allowed: Friday's "tomorrow" is Monday.
        morning = now.astimezone(rep_zone).date() + timedelta(days=1)
        while morning.weekday() in settings.quiet_days:
            morning += timedelta(days=1)
        back = local_instant(morning, settings.digest_at, rep_zone)
    return settings.next_allowed(back, rep_zone)


def snoozed_copy(nudge: Nudge, until: datetime) -> Nudge:
    """The nudge as it comes back after a snooze, with a key of its own."""
    key = f"{nudge.origin_key}{SNOOZE_KEY_MARK}{until.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return replace(nudge, key=key, at=until, snoozed=True)
