"""Planning nudges: which reminders fall when, by the same rules as the Today list."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from callbook.domain.nudges.kinds import KIND_OF_REASON, DueItems, Nudge, NudgeKind, local_instant
from callbook.domain.nudges.settings import NudgeSettings
from callbook.domain.nudges.tally import DayTally, checkin_days_in, tally_day
from callbook.domain.nudges.texts import (
    best_time_text,
    digest_text,
    falls_due_today,
    reminder_headline,
)
from callbook.domain.today import (
    ContactBrief,
    rank_today,
)
from callbook.domain.windows import WindowOpening, openings

# Follow-ups, chases and dates falling due on one day, nudged one contact at a time.
DAY_REMINDER_LIMIT = 5
# The rest of them come as one nudge, naming this many.
MORE_NAMED = 5


def _first_opening_on(
    contact: ContactBrief, day: date, rep_zone: ZoneInfo, day_starts: datetime
) -> WindowOpening | None:
    zone = contact.zone or rep_zone
    for opening in openings(contact.windows, zone, day_starts, days=3):
        if opening.starts_at.astimezone(rep_zone).date() == day:
            return opening
    return None


@dataclass(frozen=True)
class _BestTimeChoice:
    """A best-time reminder chosen for a contact: their window's opening and when to nudge."""

    contact_id: int
    opening: WindowOpening
    at: datetime


@dataclass(frozen=True)
class _DaySketch:
    """One day's nudges as far as they go without rows: the digest, and who the rest are about."""

    day: date
    digest_at: datetime
    reminders_at: datetime
    digest: tuple[str, str] | None
    best_times: tuple[_BestTimeChoice, ...] = ()
    # The first contacts with something falling due get a reminder each; the rest one between them.
    reminders: tuple[int, ...] = ()
    more_names: tuple[str, ...] = ()
    more: int = 0

    @property
    def about(self) -> frozenset[int]:
        """The contacts whose full rows the day's nudges are written from."""
        return frozenset(b.contact_id for b in self.best_times) | frozenset(self.reminders)


def _best_times(
    tally: DayTally, items: DueItems, settings: NudgeSettings, rep_zone: ZoneInfo, day: date
) -> list[_BestTimeChoice]:
    """The day's best-time reminders, for the first contacts on Today with a window then."""
    chosen: list[_BestTimeChoice] = []
    if not (settings.best_time and settings.best_time_daily_limit):
        return chosen
    day_starts = local_instant(day, time(0, 0), rep_zone)
    lead = timedelta(minutes=settings.best_time_lead_minutes)
    for place in tally.places:
        if len(chosen) >= settings.best_time_daily_limit:
            break
        opening = _first_opening_on(items.contacts[place.contact_id], day, rep_zone, day_starts)
        if opening is None:
            continue
        at = settings.next_allowed(opening.starts_at - lead, rep_zone)
        # Quiet hours may hold a reminder back, but not past the end of the window.
        if at >= opening.ends_at:
            continue
        chosen.append(_BestTimeChoice(place.contact_id, opening, at))
    return chosen


def _sketch_day(
    items: DueItems,
    settings: NudgeSettings,
    rep_zone: ZoneInfo,
    day: date,
    checkin_days: Sequence[int] | None = None,
) -> _DaySketch | None:
    """What one day of the rep's calendar nudges about, or None on a quiet day."""
    if day.weekday() in settings.quiet_days:
        return None
    digest_at = local_instant(day, settings.digest_at, rep_zone)
    # The day is ranked as it will stand at the digest, as if nothing were logged till then.
    tally = tally_day(items, digest_at, rep_zone, checkin_days)
    today = digest_at.astimezone(rep_zone).date()
    digest = digest_text(tally, items, today) if settings.digest else None
    best_times = _best_times(tally, items, settings, rep_zone, day)
    with_best_time = {b.contact_id for b in best_times}
    reminders_at = local_instant(day, settings.reminders_at, rep_zone)
    first, count = _falling_due(tally, items, with_best_time, reminders_at)
    return _DaySketch(
        day,
        digest_at,
        reminders_at,
        digest,
        tuple(best_times),
        tuple(first[:DAY_REMINDER_LIMIT]),
        tuple(items.contacts[cid].name for cid in first[DAY_REMINDER_LIMIT:]),
        max(count - DAY_REMINDER_LIMIT, 0),
    )


def _falling_due(
    tally: DayTally, items: DueItems, with_best_time: Collection[int], reminders_at: datetime
) -> tuple[list[int], int]:
    """The first contacts on Today with something falling due, as many as a day names, and
    how many there are in all: those with a best-time reminder or still snoozed left out."""

    def reminded(contact_id: int) -> bool:
        if contact_id in with_best_time:
            return False
        until = items.contacts[contact_id].snoozed_until
        return until is None or until <= reminders_at

    count = sum(1 for cid in tally.falling_due if reminded(cid))
    wanted = min(count, DAY_REMINDER_LIMIT + MORE_NAMED)
    first: list[int] = []
    # Counted already: the list is walked only as far as the contacts named.
    for place in tally.places:
        if len(first) >= wanted:
            break
        if place.contact_id in tally.falling_due and reminded(place.contact_id):
            first.append(place.contact_id)
    return first, count


def _items_of(items: DueItems, contact_ids: Collection[int]) -> DueItems:
    """Just what is due for these contacts, in the order loaded, found in one pass."""
    wanted = set(contact_ids)
    return DueItems(
        {cid: items.contacts[cid] for cid in wanted if cid in items.contacts},
        [c for c in items.checkins if c.contact_id in wanted],
        [c for c in items.chases if c.contact_id in wanted],
        [f for f in items.follow_ups if f.contact_id in wanted],
        [d for d in items.dates if d.contact_id in wanted],
        {cid: items.places[cid] for cid in wanted if cid in items.places},
    )


def _write_day(few: DueItems, sketch: _DaySketch, rep_zone: ZoneInfo) -> list[Nudge]:
    """The day's nudges in full, from `few`: what is due for at least `sketch.about`."""
    day = sketch.day
    about = {cid: few.contacts[cid] for cid in sketch.about}
    # Only these few rows are built: exactly as they stand in the day's whole Today list.
    rows = {
        row.contact.contact_id: row
        for row in rank_today(
            about, sketch.digest_at, rep_zone, few.checkins, few.chases, few.follow_ups, few.dates
        )
    }
    planned: list[Nudge] = []
    if sketch.digest is not None:
        title, body = sketch.digest
        planned.append(
            Nudge(f"digest:{day.isoformat()}", NudgeKind.DIGEST, sketch.digest_at, title, body)
        )
    for chosen in sketch.best_times:
        cid, opening = chosen.contact_id, chosen.opening
        place = few.places.get(cid, "")
        title, body = best_time_text(rows[cid], opening, rep_zone, place, chosen.at)
        planned.append(
            Nudge(
                f"best-time:{cid}:{opening.starts_at:%Y%m%dT%H%MZ}",
                NudgeKind.BEST_TIME,
                chosen.at,
                title,
                body,
                cid,
            )
        )
    for cid in sketch.reminders:
        row = rows[cid]
        fresh = [r for r in row.reasons if falls_due_today(r)]
        others = [r for r in row.reasons if r not in fresh]
        planned.append(
            Nudge(
                f"day:{cid}:{day.isoformat()}",
                KIND_OF_REASON[fresh[0].kind],
                sketch.reminders_at,
                f"{row.contact.name} — {reminder_headline(fresh[0])}",
                " · ".join(r.text for r in [*fresh, *others]),
                cid,
            )
        )
    if sketch.more:
        # Dozens of reminders at one minute would be a flood: the rest come as one.
        names = ", ".join(sketch.more_names)
        more = f" and {sketch.more - MORE_NAMED} more" if sketch.more > MORE_NAMED else ""
        planned.append(
            Nudge(
                f"day-more:{day.isoformat()}",
                NudgeKind.FOLLOW_UP,
                sketch.reminders_at,
                f"{sketch.more} more follow-ups, chases and dates today",
                f"{names}{more}. They are on the Today list.",
            )
        )
    return planned


def plan_day(
    items: DueItems, settings: NudgeSettings, rep_zone: ZoneInfo, day: date
) -> list[Nudge]:
    """Every nudge for one day of the rep's calendar, before quiet hours are applied."""
    sketch = _sketch_day(items, settings, rep_zone, day)
    if sketch is None:
        return []
    return _write_day(_items_of(items, sketch.about), sketch, rep_zone)


def _still_due(few: DueItems, nudge: Nudge, rep_zone: ZoneInfo) -> bool:
    """False for a snoozed nudge about a contact the rep has dealt with meanwhile."""
    if nudge.contact_id is None or nudge.kind is NudgeKind.CATCH_UP:
        return True
    cid = nudge.contact_id
    rows = rank_today(
        {cid: few.contacts[cid]} if cid in few.contacts else {},
        nudge.at,
        rep_zone,
        [c for c in few.checkins if c.contact_id == cid],
        [c for c in few.chases if c.contact_id == cid],
        [f for f in few.follow_ups if f.contact_id == cid],
        [d for d in few.dates if d.contact_id == cid],
    )
    return bool(rows)


def plan_nudges(
    items: DueItems,
    settings: NudgeSettings,
    rep_zone: ZoneInfo,
    start: datetime,
    end: datetime,
    handled: Collection[str] = frozenset(),
    snoozed: Iterable[Nudge] = (),
) -> list[Nudge]:
    """Nudges due in [start, end), soonest first, leaving out those already handled.

    Quiet hours and quiet days hold a nudge back to when they end, and a nudge held back
    past its own day is dropped (the next digest still counts what it was about).
    Snoozed nudges come back at the time they were put off to, however long ago that was,
    unless the contact they are about is no longer due (the rep called them meanwhile).
    """
    first_day = start.astimezone(rep_zone).date()
    last_day = end.astimezone(rep_zone).date()
    checkin_days = checkin_days_in(items, rep_zone)
    sketches = []
    day = first_day
    while day <= last_day:
        sketch = _sketch_day(items, settings, rep_zone, day, checkin_days)
        if sketch is not None:
            sketches.append(sketch)
        day += timedelta(days=1)
    back = [n for n in snoozed if n.at < end and n.key not in handled]
    # Rows are built for a few dozen contacts at most: what is due for them is found in
    # one pass over everything loaded, not one pass a contact.
    about: set[int] = {n.contact_id for n in back if n.contact_id is not None}
    for sketch in sketches:
        about |= sketch.about
    few = _items_of(items, about)
    found: dict[str, Nudge] = {}
    for sketch in sketches:
        day_ends = local_instant(sketch.day + timedelta(days=1), time(0, 0), rep_zone)
        for nudge in _write_day(few, sketch, rep_zone):
            at = settings.next_allowed(nudge.at, rep_zone)
            if at < day_ends and start <= at < end and nudge.key not in handled:
                found[nudge.key] = replace(nudge, at=at)
    for nudge in back:
        if _still_due(few, nudge, rep_zone):
            found[nudge.key] = nudge
    return sorted(found.values(), key=lambda n: (n.at, n.kind != NudgeKind.DIGEST, n.key))
