"""Planning nudges: which reminders fall when, by the same rules as the Today list."""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from callbook.domain.today import (
    ChaseDue,
    CheckinDue,
    ContactBrief,
    DateComing,
    DayRanking,
    FollowUpDue,
    Reason,
    ReasonKind,
    TodayPlace,
    TodayRow,
    awake,
    date_reason,
    rank_today,
)
from callbook.domain.vocabulary import Tier
from callbook.domain.windows import WEEKDAY_NAMES, WindowOpening, openings
from callbook.domain.words import counted
from callbook.domain.zones import zone_place

# Nudges later than this are not fired one by one but folded into one catch-up.
MISFIRE_GRACE = timedelta(seconds=90)
CATCH_UP_LINES = 6
# Follow-ups, chases and dates falling due on one day, nudged one contact at a time.
DAY_REMINDER_LIMIT = 5
# The rest of them come as one nudge, naming this many.
MORE_NAMED = 5
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


def _clock_time(value: object, name: str) -> time:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a time like 08:00")
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} '{value}' is not a time like 08:00") from None


@dataclass(frozen=True)
class NudgeSettings:
    """When the rep wants to be nudged, and when to be left alone (all in their own zone)."""

    digest_at: time = time(8, 0)
    digest: bool = True
    # Follow-ups, chases and dates belong to a day rather than an hour: nudged at this time.
    reminders_at: time = time(9, 0)
    best_time: bool = True
    best_time_lead_minutes: int = 10
    best_time_daily_limit: int = 8
    quiet_from: time | None = time(21, 0)
    quiet_until: time | None = time(7, 0)
    quiet_days: frozenset[int] = frozenset({5, 6})

    def __post_init__(self) -> None:
        if not 0 <= self.best_time_lead_minutes <= 120:
            raise ValueError("the best-time lead is between 0 and 120 minutes")
        if not 0 <= self.best_time_daily_limit <= 50:
            raise ValueError("best-time reminders a day are between 0 and 50")
        if not self.quiet_days <= frozenset(range(7)):
            raise ValueError("quiet days run from 0 (Monday) to 6 (Sunday)")
        if len(self.quiet_days) == 7:
            raise ValueError("at least one day of the week must allow nudges")
        if (self.quiet_from is None) != (self.quiet_until is None):
            raise ValueError("quiet hours need both a start and an end")
        if self.quiet_from is not None and self.quiet_from == self.quiet_until:
            raise ValueError("quiet hours must start and end at different times")

    def is_quiet(self, at: datetime, zone: ZoneInfo) -> bool:
        """True when `at` falls in quiet hours or on a quiet day, by the rep's wall clock."""
        local = at.astimezone(zone)
        if local.weekday() in self.quiet_days:
            return True
        if self.quiet_from is None or self.quiet_until is None:
            return False
        now = local.time().replace(tzinfo=None)
        if self.quiet_from < self.quiet_until:
            return self.quiet_from <= now < self.quiet_until
        return now >= self.quiet_from or now < self.quiet_until

    def next_allowed(self, at: datetime, zone: ZoneInfo) -> datetime:
        """`at` itself when nudges are allowed then, else the moment the quiet stretch ends."""
        candidate = at
        # Each step leaves one quiet stretch; a week of them covers every setting.
        for _ in range(16):
            if not self.is_quiet(candidate, zone):
                return candidate
            local = candidate.astimezone(zone)
            if local.weekday() in self.quiet_days:
                next_day = local.date() + timedelta(days=1)
                candidate = local_instant(next_day, time(0, 0), zone)
                continue
            assert self.quiet_until is not None
            end_day = local.date()
            if local.time().replace(tzinfo=None) >= self.quiet_until:
                end_day += timedelta(days=1)
            candidate = local_instant(end_day, self.quiet_until, zone)
        raise AssertionError("unreachable: settings always leave some time for nudges")

    def as_json(self) -> dict[str, Any]:
        """Plain JSON values for the settings table."""
        return {
            "digest_at": self.digest_at.strftime("%H:%M"),
            "digest": self.digest,
            "reminders_at": self.reminders_at.strftime("%H:%M"),
            "best_time": self.best_time,
            "best_time_lead_minutes": self.best_time_lead_minutes,
            "best_time_daily_limit": self.best_time_daily_limit,
            "quiet_from": self.quiet_from.strftime("%H:%M") if self.quiet_from else None,
            "quiet_until": self.quiet_until.strftime("%H:%M") if self.quiet_until else None,
            "quiet_days": sorted(self.quiet_days),
        }

    @classmethod
    def from_json(cls, value: object) -> NudgeSettings:
        """Read stored settings; missing keys keep their defaults, bad ones raise ValueError."""
        if not isinstance(value, dict):
            raise ValueError("nudge settings must be a JSON object")
        changes: dict[str, Any] = {}
        for name in ("digest_at", "reminders_at"):
            if name in value:
                changes[name] = _clock_time(value[name], name)
        for name in ("quiet_from", "quiet_until"):
            if name in value:
                changes[name] = None if value[name] is None else _clock_time(value[name], name)
        for name in ("digest", "best_time"):
            if name in value:
                if not isinstance(value[name], bool):
                    raise ValueError(f"{name} must be true or false")
                changes[name] = value[name]
        for name in ("best_time_lead_minutes", "best_time_daily_limit"):
            if name in value:
                if not isinstance(value[name], int) or isinstance(value[name], bool):
                    raise ValueError(f"{name} must be a whole number")
                changes[name] = value[name]
        if "quiet_days" in value:
            days = value["quiet_days"]
            if not isinstance(days, list) or not all(
                isinstance(d, int) and not isinstance(d, bool) for d in days
            ):
                raise ValueError("quiet_days must be a list of weekday numbers")
            changes["quiet_days"] = frozenset(days)
        return replace(cls(), **changes)


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


def _checkin_days(items: DueItems, rep_zone: ZoneInfo) -> list[int]:
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
        checkin_days = _checkin_days(items, rep_zone)
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
            if late >= -1:  # on the day, and a day ahead, as `_falls_due_today` has it
                tally.falling_due.add(coming.contact_id)
    tally.places = ranking.places()
    return tally


def _date_phrase(name: str, reason: Reason) -> str:
    # The full name, never a first name alone: erasing a contact blanks their full name
    # in nudges about no one in particular, like this digest.
    if reason.text.casefold().startswith("birthday "):
        return f"{name}'s {reason.text[0].lower()}{reason.text[1:]}"
    return f"{reason.text} ({name})"


def _first_dates(tally: DayTally, items: DueItems, today: date, count: int) -> list[str]:
    """The digest's first dates: soonest first, then as their contacts stand on Today."""
    if not tally.dates:
        return []
    last = heapq.nsmallest(count, (ahead for ahead, _, _ in tally.dates))[-1]
    soonest = [found for found in tally.dates if found[0] <= last]
    wanted = {cid for _, cid, _ in soonest}
    rank: dict[int, int] = {}
    # Dates today or tomorrow score high: their contacts are found near the top.
    for number, place in enumerate(tally.places):
        if place.contact_id in wanted:
            rank[place.contact_id] = number
            if len(rank) == len(wanted):
                break
    # Two dates of one contact on one day read in the order they were loaded.
    soonest.sort(key=lambda found: (found[0], rank[found[1]], found[2]))
    phrases = []
    for _, cid, index in soonest[:count]:
        reason = date_reason(items.dates[index], today)
        assert reason is not None
        phrases.append(_date_phrase(items.contacts[cid].name, reason))
    return phrases


def digest_text(tally: DayTally, items: DueItems, today: date) -> tuple[str, str]:
    """Title and body of the morning digest: counts by reason, dates named."""
    if not tally.places:
        return "Nothing due today", "A good day to give before you ask."
    parts = []
    if tally.checkins_overdue:
        parts.append(f"{counted(tally.checkins_overdue, 'check-in')} overdue")
    if tally.checkins_due:
        parts.append(f"{counted(tally.checkins_due, 'check-in')} due today")
    if tally.chases:
        parts.append(f"{counted(tally.chases, 'chase')} due")
    if tally.follow_ups:
        parts.append(f"{counted(tally.follow_ups, 'follow-up')} due")
    parts += _first_dates(tally, items, today, 3)
    if len(tally.dates) > 3:
        parts.append(f"{counted(len(tally.dates) - 3, 'more date')} this week")
    people = "1 person" if len(tally.places) == 1 else f"{len(tally.places)} people"
    return f"Today: {people} to call", ", ".join(parts)


def best_time_text(
    row: TodayRow, opening: WindowOpening, rep_zone: ZoneInfo, place: str, at: datetime
) -> tuple[str, str]:
    """'Mike Chen: best time at 12:45' and where and why, in their time and the rep's.

    A reminder held back by quiet hours until the window has opened says it is open now.
    """
    theirs = row.contact.zone or rep_zone
    start_rep = opening.starts_at.astimezone(rep_zone)
    end_rep = opening.ends_at.astimezone(rep_zone)
    start, end = opening.starts_at.astimezone(theirs), opening.ends_at.astimezone(theirs)
    span = f"{start:%H:%M}–{end:%H:%M}"
    if theirs.key != rep_zone.key and start.utcoffset() != start_rep.utcoffset():
        yours = f"{start_rep:%H:%M}–{end_rep:%H:%M} yours"
        when = f"{span} their time in {zone_place(theirs.key)} ({yours})"
    else:
        when = f"{span}"
    lines = [f"Best time {when}"]
    if place:
        lines.append(f"Place: {place}")
    channel = row.best_channel
    lines.append(row.reason + (f" · prefers {channel.value}" if channel else ""))
    if at >= opening.starts_at:
        title = f"{row.contact.name}: best time now, until {end_rep:%H:%M}"
    else:
        title = f"{row.contact.name}: best time at {start_rep:%H:%M}"
    return title, "\n".join(lines)


def _falls_due_today(reason: Reason) -> bool:
    # `tally_day` marks the same reasons in `falling_due` without building them.
    if reason.kind is ReasonKind.DATE:
        return reason.days_overdue in (0, -1)  # on the day, and a day ahead
    if reason.kind in (ReasonKind.FOLLOW_UP, ReasonKind.CHASE):
        return reason.days_overdue == 0
    return False


def _headline(reason: Reason) -> str:
    """What a day reminder's title says after the name."""
    if reason.kind is ReasonKind.FOLLOW_UP:
        return "follow-up due today"
    if reason.kind is ReasonKind.CHASE:
        return "time to try again"
    # "Birthday tomorrow" reads on after the name in lower case; "Sam (son): ..." keeps its capital.
    if reason.text.startswith("Birthday "):
        return "b" + reason.text[1:]
    return reason.text


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
        fresh = [r for r in row.reasons if _falls_due_today(r)]
        others = [r for r in row.reasons if r not in fresh]
        planned.append(
            Nudge(
                f"day:{cid}:{day.isoformat()}",
                KIND_OF_REASON[fresh[0].kind],
                sketch.reminders_at,
                f"{row.contact.name} — {_headline(fresh[0])}",
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
    checkin_days = _checkin_days(items, rep_zone)
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


def missed_nudges(
    plan: Iterable[Nudge],
    handled: Collection[str],
    settled_through: datetime,
    now: datetime,
    grace: timedelta = MISFIRE_GRACE,
) -> list[Nudge]:
    """Nudges that should have fired but did not: later than the grace, never handled.

    Only what fell due after `settled_through` counts (what was added for an hour already
    gone is not news), except snoozed nudges, which the rep explicitly asked back.
    """
    return [
        n
        for n in plan
        if n.key not in handled and n.at <= now - grace and (n.at > settled_through or n.snoozed)
    ]


def catch_up(missed: Sequence[Nudge], now: datetime, rep_zone: ZoneInfo) -> Nudge:
    """One nudge that stands for everything missed, the digest first."""
    ordered = sorted(missed, key=lambda n: (n.kind != NudgeKind.DIGEST, n.at))
    lines = []
    for nudge in ordered[:CATCH_UP_LINES]:
        local = nudge.at.astimezone(rep_zone)
        if nudge.kind is NudgeKind.DIGEST:
            lines.append(f"{nudge.title}: {nudge.body}")
        else:
            lines.append(f"{WEEKDAY_NAMES[local.weekday()]} {local:%H:%M} {nudge.title}")
    if len(ordered) > CATCH_UP_LINES:
        lines.append(f"and {len(ordered) - CATCH_UP_LINES} more on the Nudges page")
    contacts = {n.contact_id for n in missed}
    only = next(iter(contacts)) if len(contacts) == 1 else None
    return Nudge(
        f"catch-up:{now.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        NudgeKind.CATCH_UP,
        now,
        f"While you were away: {counted(len(missed), 'nudge')}",
        "\n".join(lines),
        only,
    )


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
