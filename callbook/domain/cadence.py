"""Check-in rhythms and chase cadences: when each contact is due again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from callbook.domain.vocabulary import Tier

DEFAULT_RHYTHM_DAYS: dict[Tier, int] = {Tier.A: 14, Tier.B: 30, Tier.C: 90}
CHASE_SCHEDULE_DAYS: tuple[int, ...] = (0, 2, 4, 7, 10, 14, 21)
MAX_CHASE_ATTEMPTS = len(CHASE_SCHEDULE_DAYS)


def checkin_rhythm_days(tier: Tier, override_days: int | None = None) -> int:
    """Days between personal check-ins: the contact's own rhythm, else the tier's."""
    if override_days is not None:
        if override_days < 1:
            raise ValueError("a check-in rhythm is at least one day")
        return override_days
    return DEFAULT_RHYTHM_DAYS[tier]


def checkin_due_at(
    last_checkin_at: datetime | None,
    rhythm_days: int,
    known_since: datetime,
    zone: ZoneInfo | None = None,
) -> datetime:
    """When the next personal check-in falls due; never checked in means due since known.

    The rhythm counts days on the rep's calendar in `zone`: the same time of day that many
    days on, so a change to or from summer time never moves the day it falls due.
    """
    if last_checkin_at is None:
        return known_since
    if zone is None:
        return last_checkin_at + timedelta(days=rhythm_days)
    return (last_checkin_at.astimezone(zone) + timedelta(days=rhythm_days)).astimezone(UTC)


def first_checkins_spread(count: int, rhythm_days: int, start: datetime) -> list[datetime]:
    """Due dates for the first check-ins of `count` new contacts, spread over one rhythm.

    Imported contacts have never had a check-in; were they all due at once, an import
    of 800 would bury the Today list. Spread evenly, they arrive a few a day.
    """
    if count <= 0:
        return []
    return [start + timedelta(days=(index * rhythm_days) // count) for index in range(count)]


def days_late(due: date, today: date) -> int:
    """Whole days past due (0 when due today, negative when still ahead)."""
    return (today - due).days


@dataclass(frozen=True)
class ChaseState:
    """Where a chase stands: attempts made and when the next one is allowed."""

    attempts: int
    next_attempt_on: date | None

    @property
    def exhausted(self) -> bool:
        """True once the cadence's attempts are used up."""
        return self.next_attempt_on is None


def chase_state(
    opened_at: datetime,
    attempts: int,
    last_attempt_at: datetime | None,
    zone: ZoneInfo,
    quiet_days: frozenset[int] = frozenset(),
) -> ChaseState:
    """The next attempt date by the cadence, in the local calendar of `zone`.

    Attempt n (0-based) falls on day CHASE_SCHEDULE_DAYS[n] after the loop opened,
    never on the same local day as the attempt before it, and never on one of the rep's
    `quiet_days` (weekday numbers, 0 is Monday): such a try moves to the next working day.
    """
    if attempts >= MAX_CHASE_ATTEMPTS:
        return ChaseState(attempts, None)
    if len(quiet_days) >= 7:
        raise ValueError("at least one day of the week must allow tries")
    opened_on = opened_at.astimezone(zone).date()
    scheduled = opened_on + timedelta(days=CHASE_SCHEDULE_DAYS[attempts])
    if last_attempt_at is not None:
        scheduled = max(scheduled, last_attempt_at.astimezone(zone).date() + timedelta(days=1))
    while scheduled.weekday() in quiet_days:
        scheduled += timedelta(days=1)
    return ChaseState(attempts, scheduled)


def attempted_same_day(earlier_attempts: Sequence[datetime], now: datetime, zone: ZoneInfo) -> bool:
    """True when an attempt already fell on today's local calendar day in `zone`."""
    today = now.astimezone(zone).date()
    return any(at.astimezone(zone).date() == today for at in earlier_attempts)
