"""A day's Today list as nudges need it: everyone's place and the digest's counts, no texts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from callbook.domain.nudges.kinds import DueItems
from callbook.domain.today import (
    ContactBrief,
    DayRanking,
    TodayPlace,
    awake,
)
from callbook.domain.vocabulary import Tier


@dataclass
class DayTally:
    """The Today list as it will stand at a moment, without a reason written out.

    What a day's nudges need of it: everyone's place in order, the digest's counts, the
    dates coming, and who has something falling due that very day.
    """

    places: list[TodayPlace]
    checkins_overdue: int = 0
    checkins_due: int = 0
    chases: int = 0
    follow_ups: int = 0
    # (days ahead, contact id, index in the items' dates) for every date within the horizon
    dates: list[tuple[int, int, int]] = field(default_factory=list)
    # Contacts with a follow-up or chase due that day, or a date on it or the next.
    falling_due: set[int] = field(default_factory=set)


def checkin_days_in(items: DueItems, rep_zone: ZoneInfo) -> list[int]:
    """The day (as an ordinal) each check-in falls due in the rep's calendar."""
    return [c.due_at.astimezone(rep_zone).toordinal() for c in items.checkins]


def _asleep(contacts: Mapping[int, ContactBrief], now: datetime) -> set[int]:
    return {cid for cid, brief in contacts.items() if not awake(brief, now)}


def tally_day(
    items: DueItems, now: datetime, rep_zone: ZoneInfo, checkin_days: Sequence[int] | None = None
) -> DayTally:
    """Rank everyone due at `now` by the same rule as `rank_today`, building no rows.

    `checkin_days`, each check-in's day in the rep's calendar, may be worked out once for
    every day of a plan.
    """
    if checkin_days is None:
        checkin_days = checkin_days_in(items, rep_zone)
    ranking = DayRanking(now.astimezone(rep_zone).date())
    asleep = _asleep(items.contacts, now)
    contacts = items.contacts
    tally = DayTally([])

    def who(contact_id: int) -> tuple[int, Tier, str] | None:
        brief = contacts.get(contact_id)
        if brief is None or contact_id in asleep:
            return None
        return contact_id, brief.tier, brief.name

    for checkin, due_day in zip(items.checkins, checkin_days, strict=True):
        them = who(checkin.contact_id)
        late = ranking.checkin(*them, due_day, checkin.rhythm_days) if them else None
        if late is not None:
            if late > 0:
                tally.checkins_overdue += 1
            else:
                tally.checkins_due += 1
    for chase in items.chases:
        them = who(chase.contact_id)
        late = ranking.chase(*them, chase.next_attempt_on) if them else None
        if late is not None:
            tally.chases += 1
            if late == 0:
                tally.falling_due.add(chase.contact_id)
    for follow_up in items.follow_ups:
        them = who(follow_up.contact_id)
        late = ranking.follow_up(*them, follow_up.due_on) if them else None
        if late is not None:
            tally.follow_ups += 1
            if late == 0:
                tally.falling_due.add(follow_up.contact_id)
    for index, coming in enumerate(items.dates):
        them = who(coming.contact_id)
        late = ranking.date(*them, coming.yearly) if them else None
        if late is not None:
            tally.dates.append((-late, coming.contact_id, index))
            if late >= -1:  # on the day, and a day ahead, as `falls_due_today` has it
                tally.falling_due.add(coming.contact_id)
    tally.places = ranking.places()
    return tally
