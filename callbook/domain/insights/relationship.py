"""Does the relationship pay? Business from a contact in the 30 days after a check-in, or not."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from callbook.domain.insights.period import Period
from callbook.domain.vocabulary import Direction, Outcome, Purpose

AFTER_CHECKIN_DAYS = 30
DAY = 86400.0
# Below this many business touches on either side the comparison cannot tell.
MIN_BUSINESS = 20


def is_business_from_them(purpose: Purpose, direction: Direction, outcome: Outcome) -> bool:
    """Business that came of the relationship: a business talk or proposal that reached
    them, or one they started."""
    return purpose in (Purpose.BUSINESS, Purpose.PROPOSAL) and (
        direction is Direction.INBOUND or outcome.reached_them
    )


@dataclass(frozen=True)
class Side:
    """Business touches over the contact-days spent on one side (after a check-in, or not)."""

    business: int
    contact_days: float

    @property
    def per_contact_month(self) -> float | None:
        """Business touches per contact per 30 days; None with no time on this side."""
        if not self.contact_days:
            return None
        return self.business / self.contact_days * AFTER_CHECKIN_DAYS


@dataclass(frozen=True)
class RelationshipPays:
    """The two sides, and whether there is enough to tell."""

    after_checkin: Side
    no_recent_checkin: Side

    @property
    def enough(self) -> bool:
        """True when each side saw enough business to compare."""
        return min(self.after_checkin.business, self.no_recent_checkin.business) >= MIN_BUSINESS

    def words(self) -> str:
        """The finding in a sentence, or plainly that there is too little to tell."""
        after, without = self.after_checkin, self.no_recent_checkin
        if not self.enough:
            return (
                "Too little business yet to tell: "
                f"{after.business:,} after a check-in, {without.business:,} without one."
            )
        a, w = after.per_contact_month or 0.0, without.per_contact_month or 0.0
        if w == 0:
            return f"Business came only after check-ins ({after.business:,} touches)."
        ratio = a / w
        if 0.9 <= ratio <= 1.1:
            return "Business came about as often with or without a recent check-in."
        both = f"{a:.2f} vs {w:.2f} a contact a month"
        if ratio > 1:
            return f"After a check-in, business came {ratio:.1f}× as often ({both})."
        return f"After a check-in, business came less often ({both})."


def relationship_pays(
    checkins: Mapping[int, Sequence[float]],
    business: Iterable[tuple[int, float]],
    known_since: Mapping[int, float],
    period: Period,
) -> RelationshipPays:
    """Business touches in the period, split by whether a check-in came in the 30 days before.

    Times are POSIX seconds; `checkins` are sorted per contact. Each side is measured
    against the time contacts spent on it (contact-days in the period, from when each was
    known), so a book with few recent check-ins is compared fairly: touches per contact
    per month.
    """
    start, end = period.start_seconds, period.end_seconds
    reach = AFTER_CHECKIN_DAYS * DAY
    after_seconds = total_seconds = 0.0
    for contact_id, since in known_since.items():
        begin = max(since, start)
        if begin >= end:
            continue
        total_seconds += end - begin
        after_seconds += _covered(checkins.get(contact_id, ()), begin, end, reach)
    after = without = 0
    for contact_id, at in business:
        times = checkins.get(contact_id, ())
        # The latest check-in strictly before the touch.
        index = bisect.bisect_left(times, at)
        if index and at - times[index - 1] <= reach:
            after += 1
        else:
            without += 1
    return RelationshipPays(
        Side(after, after_seconds / DAY), Side(without, (total_seconds - after_seconds) / DAY)
    )


def _covered(times: Sequence[float], begin: float, end: float, reach: float) -> float:
    """Seconds of [begin, end) within `reach` after one of `times` (sorted)."""
    covered = 0.0
    upto = begin
    for at in times:
        low, high = max(at, upto), min(at + reach, end)
        if high > low:
            covered += high - low
            upto = high
    return covered
