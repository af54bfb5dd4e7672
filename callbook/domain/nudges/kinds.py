"""What a nudge is: its kinds, the nudge itself and what is due for the plan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from callbook.domain.today import (
    ChaseDue,
    CheckinDue,
    ContactBrief,
    DateComing,
    FollowUpDue,
    ReasonKind,
)

# What a snoozed nudge's key carries after the key it was snoozed from.
SNOOZE_KEY_MARK = "~snoozed-"


class NudgeKind(StrEnum):
    """What a nudge is about."""

    DIGEST = "digest"
    BEST_TIME = "best-time"
    FOLLOW_UP = "follow-up"
    CHASE = "chase"
    DATE = "date"
    CATCH_UP = "catch-up"

    @property
    def label(self) -> str:
        """How the kind reads on screen."""
        return KIND_LABELS[self]


KIND_LABELS = {
    NudgeKind.DIGEST: "Morning digest",
    NudgeKind.BEST_TIME: "Best time",
    NudgeKind.FOLLOW_UP: "Follow-up",
    NudgeKind.CHASE: "Chase",
    NudgeKind.DATE: "Date",
    NudgeKind.CATCH_UP: "Catch-up",
}

KIND_OF_REASON = {
    ReasonKind.FOLLOW_UP: NudgeKind.FOLLOW_UP,
    ReasonKind.CHASE: NudgeKind.CHASE,
    ReasonKind.DATE: NudgeKind.DATE,
}


@dataclass(frozen=True)
class Nudge:
    """One reminder planned for the instant `at` (aware UTC)."""

    key: str
    kind: NudgeKind
    at: datetime
    title: str
    body: str
    contact_id: int | None = None
    snoozed: bool = False

    @property
    def origin_key(self) -> str:
        """The key of the nudge this one was snoozed from, else its own."""
        return self.key.split(SNOOZE_KEY_MARK, 1)[0]


@dataclass(frozen=True)
class DueItems:
    """Everything that may fall due, read from the store: the Today list's candidates."""

    contacts: Mapping[int, ContactBrief]
    checkins: Sequence[CheckinDue] = ()
    chases: Sequence[ChaseDue] = ()
    follow_ups: Sequence[FollowUpDue] = ()
    dates: Sequence[DateComing] = ()
    # Where to meet them: only named in best-time reminders, so only needed with a window.
    places: Mapping[int, str] = field(default_factory=dict)


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock `at` on `day` in `zone`.

    A time skipped by a spring-forward change moves on by the gap (02:30 becomes 03:30);
    one repeated by a fall-back change is taken the first time it comes round.
    """
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
