"""Am I keeping in touch? The share of each tier within its check-in rhythm, week by week."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from callbook.domain.cadence import checkin_due_at, checkin_rhythm_days
from callbook.domain.insights.period import WEEK, Period
from callbook.domain.vocabulary import Tier

# The slipping list shows this many, A first; the count says how many there are in all.
SLIPPING_SHOWN = 15
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class KeptContact:
    """What coverage needs of one contact: tier, own rhythm if set, since when known (POSIX s)."""

    contact_id: int
    tier: Tier
    rhythm_override: int | None
    known_since: float

    @property
    def rhythm_days(self) -> int:
        """Days between check-ins for them (their own rhythm, else their tier's)."""
        return checkin_rhythm_days(self.tier, self.rhythm_override)


@dataclass(frozen=True, slots=True)
class Slipping:
    """Someone within their rhythm at some point in the period and overdue now."""

    contact_id: int
    tier: Tier
    last_checkin: datetime
    due: datetime
    days_overdue: int


@dataclass(frozen=True)
class TierCoverage:
    """For one tier, at the end of each week: contacts within their rhythm, and contacts known."""

    tier: Tier
    kept: list[int]
    known: list[int]

    def shares(self) -> list[float | None]:
        """The share kept each week, None in a week with nobody known in the tier."""
        return [k / n if n else None for k, n in zip(self.kept, self.known, strict=True)]


@dataclass(frozen=True)
class Coverage:
    """Coverage per tier, and who is slipping (the most valuable first)."""

    tiers: dict[Tier, TierCoverage]
    slipping: list[Slipping]
    slipping_count: int


def _rhythm_seconds(days: int) -> float:
    """How long a check-in keeps someone in touch, by the cadence's own rule."""
    return (checkin_due_at(_EPOCH, days, _EPOCH) - _EPOCH).total_seconds()


def coverage(
    contacts: Iterable[KeptContact],
    checkins: Iterable[tuple[int, float]],
    period: Period,
) -> Coverage:
    """Who was within their rhythm at each week's end, by tier, and who slipped in the period.

    `checkins` are (contact id, POSIX seconds) for personal check-ins that reached them,
    in time order within each contact; the last one before the period counts for its
    first weeks. A contact counts from the week they were known. Within rhythm means the
    next check-in was not yet due (the cadence's rule): a check-in at `t` keeps them in
    touch at every week's end from `t` until it falls due.
    """
    people = {c.contact_id: c for c in contacts}
    weeks = period.weeks
    first_end = period.week_end(0).timestamp()
    week = WEEK.total_seconds()

    def first_week_from(at: float) -> int:
        # The first week whose end is at or after `at` (0 before the first, `weeks` after).
        found = -int((first_end - at) // week)
        return 0 if found < 0 else weeks if found > weeks else found

    spans = {days: _rhythm_seconds(days) for days in {p.rhythm_days for p in people.values()}}
    # Per contact: how long a check-in keeps them, their tier's weekly changes, and the week
    # up to which they are counted kept already.
    span = {p.contact_id: spans[p.rhythm_days] for p in people.values()}
    kept_change = {tier: [0] * (weeks + 1) for tier in Tier}
    known_change = {tier: [0] * (weeks + 1) for tier in Tier}
    changes = {p.contact_id: kept_change[p.tier] for p in people.values()}
    for each in people.values():
        known_change[each.tier][first_week_from(each.known_since)] += 1
    kept_until: dict[int, int] = {}
    last: dict[int, float] = {}
    for contact_id, at in checkins:
        length = span.get(contact_id)
        if length is None:
            continue
        last[contact_id] = at
        # Inlined first_week_from: this loop runs once per check-in of the period.
        low = -int((first_end - at) // week)
        low = 0 if low < 0 else weeks if low > weeks else low
        already = kept_until.get(contact_id, 0)
        if already > low:
            low = already
        high = -int((first_end - at - length) // week)
        high = 0 if high < 0 else weeks if high > weeks else high
        if high > low:
            tier_change = changes[contact_id]
            tier_change[low] += 1
            tier_change[high] -= 1
            kept_until[contact_id] = high
    tiers = {
        tier: TierCoverage(
            tier, _running(kept_change[tier], weeks), _running(known_change[tier], weeks)
        )
        for tier in Tier
    }
    slipping = _slipping(people, span, last, period)
    return Coverage(tiers, slipping[:SLIPPING_SHOWN], len(slipping))


def _running(changes: Sequence[int], weeks: int) -> list[int]:
    total, running = 0, []
    for week in range(weeks):
        total += changes[week]
        running.append(total)
    return running


def _slipping(
    people: dict[int, KeptContact],
    span: dict[int, float],
    last: dict[int, float],
    period: Period,
) -> list[Slipping]:
    start, end = period.start_seconds, period.end_seconds
    found = []
    for contact_id, at in last.items():
        due = at + span[contact_id]
        if start < due <= end:
            person = people[contact_id]
            found.append(
                Slipping(
                    contact_id,
                    person.tier,
                    datetime.fromtimestamp(at, UTC),
                    datetime.fromtimestamp(due, UTC),
                    int((end - due) // 86400),
                )
            )
    found.sort(key=lambda s: (s.tier.value, -s.days_overdue, s.contact_id))
    return found
