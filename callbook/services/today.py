"""The Today list from the store: candidates found by index, ranked by the domain rules.

Today is ranked whole from covering indexes (`today_places`), and full rows with their
reasons, times and channels are built only for the contacts on screen (`today_rows`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from callbook.domain.cadence import checkin_rhythm_days
from callbook.domain.clock import Clock
from callbook.domain.dates import YearlyDate
from callbook.domain.names import shown_name
from callbook.domain.today import (
    DATE_HORIZON_DAYS,
    ChaseDue,
    CheckinDue,
    ContactBrief,
    DateComing,
    DayRanking,
    FollowUpDue,
    TodayPlace,
    TodayRow,
    rank_today,
)
from callbook.domain.vocabulary import LoopKind, ReachChannel, Tier
from callbook.domain.windows import BestTimeWindow, mask_to_weekdays
from callbook.services.bulk import collection_paused
from callbook.store.instants import instant_from_stored, stored_instant_text
from callbook.store.reading import Reader

if TYPE_CHECKING:
    # Only for the annotation: the first look at Today runs before SQLAlchemy is loaded.
    from callbook.store.engine import Store


def _minutes(value: int) -> time:
    return time(min(value // 60, 23), value % 60) if value < 24 * 60 else time(23, 59)


_TIERS = {t.value: t for t in Tier}
_CHANNELS = {c.value: c for c in ReachChannel}
_LOOP_KINDS = {k.value: k for k in LoopKind}


def _day(stored: str | None) -> date | None:
    return date.fromisoformat(stored) if stored else None


def briefs(reader: Reader, contact_ids: Iterable[int]) -> dict[int, ContactBrief]:
    """What ranking needs of each contact, two queries for any number of them."""
    # The ids travel as one JSON parameter: no statement grows with the list, and rows are
    # read as plain tuples, since this runs for every contact on Today at each refresh.
    ids = json.dumps(sorted(set(contact_ids)))
    windows: dict[int, list[BestTimeWindow]] = {}
    # Most contacts share a handful of windows ("weekdays 07:00–08:00"): build each once.
    shared: dict[tuple[int, int, int], BestTimeWindow | None] = {}
    for contact_id, mask, start, end in reader.execute(
        "SELECT contact_id, weekday_mask, start_minute, end_minute FROM best_times "
        "WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (ids,),
    ):
        key = (mask, start, end)
        if key not in shared:
            weekdays = mask_to_weekdays(mask)
            shared[key] = (
                BestTimeWindow(weekdays, _minutes(start), _minutes(end))
                if weekdays and end > start
                else None
            )
        window = shared[key]
        if window is not None:
            windows.setdefault(contact_id, []).append(window)
    zones: dict[str, ZoneInfo] = {}
    # Contacts share a handful of channel orders: decode each stored list once.
    orders: dict[str, tuple[ReachChannel, ...]] = {}
    # And companies and sets of windows: thousands of briefs keep one copy of each.
    companies: dict[str, str] = {}
    window_sets: dict[tuple[BestTimeWindow, ...], tuple[BestTimeWindow, ...]] = {(): ()}
    found: dict[int, ContactBrief] = {}
    for (
        contact_id,
        first_name,
        last_name,
        company,
        tier,
        time_zone,
        channels,
        snoozed_until,
        asks_in_a_row,
        last_give_on,
    ) in reader.execute(
        "SELECT id, first_name, last_name, company, tier, time_zone, preferred_channels, "
        "snoozed_until, asks_in_a_row, last_give_on FROM contacts "
        "WHERE id IN (SELECT value FROM json_each(?))",
        (ids,),
    ):
        zone = None
        if time_zone:
            zone = zones.get(time_zone)
            if zone is None:
                zone = zones[time_zone] = ZoneInfo(time_zone)
        own_windows = tuple(windows.get(contact_id, ()))
        found[contact_id] = ContactBrief(
            contact_id=contact_id,
            name=shown_name(first_name, last_name, company),
            company=companies.setdefault(company, company),
            tier=_TIERS[tier],
            zone=zone,
            channels=_channel_order(orders, channels),
            windows=window_sets.setdefault(own_windows, own_windows),
            snoozed_until=instant_from_stored(snoozed_until),
            asks_in_a_row=asks_in_a_row,
            last_give_on=_day(last_give_on),
        )
    return found


def _channel_order(
    seen: dict[str, tuple[ReachChannel, ...]], stored: str | None
) -> tuple[ReachChannel, ...]:
    if not stored:
        return ()
    order = seen.get(stored)
    if order is None:
        order = seen[stored] = tuple(_CHANNELS[c] for c in json.loads(stored) if c in _CHANNELS)
    return order


def _coming_days(first: date, last: date) -> list[tuple[int, int]]:
    days = [first + timedelta(days=i) for i in range((last - first).days + DATE_HORIZON_DAYS + 1)]
    pairs = {(d.month, d.day) for d in days}
    if (2, 28) in pairs:
        pairs.add((2, 29))  # kept on 28 February in years without a 29th
    return sorted(pairs)


@dataclass(frozen=True)
class Candidates:
    """Everything that may be due by some day: what Today and the nudges rank."""

    contacts: dict[int, ContactBrief]
    checkins: list[CheckinDue]
    chases: list[ChaseDue]
    follow_ups: list[FollowUpDue]
    dates: list[DateComing]


def load_candidates(
    reader: Reader,
    rep_zone: ZoneInfo,
    first: date,
    last: date,
    only: Collection[int] | None = None,
) -> Candidates:
    """What falls due by the end of `last` in the rep's calendar, and dates up to a week on.

    With `only`, just for those contacts: what a window needs after a change to a few.
    """
    end_of_last = _end_of_day(last, rep_zone)
    coming = _coming_days(first, last)
    among = json.dumps(sorted(only)) if only is not None else None

    def of_them(column: str) -> str:
        return "" if among is None else f" AND {column} IN (SELECT value FROM json_each(?))"

    def with_them(*params: object) -> tuple[object, ...]:
        return params if among is None else (*params, among)

    def by_whom(table: str) -> str:
        # For a few contacts their own rows are fewer than everyone's on the coming days;
        # left to itself the planner reads the day's rows for all 50,000.
        return table if among is None else f"{table} INDEXED BY ix_{table}_contact_id"

    checkins = [
        CheckinDue(
            contact_id,
            instant_from_stored(due_at),  # type: ignore[arg-type]
            checkin_rhythm_days(_TIERS[tier], own_rhythm),
            instant_from_stored(last_checkin),
        )
        for contact_id, due_at, tier, own_rhythm, last_checkin in reader.execute(
            "SELECT id, checkin_due_at, tier, checkin_rhythm_days, last_personal_checkin_at "
            "FROM contacts WHERE checkin_due_at < ?" + of_them("id"),
            with_them(stored_instant_text(end_of_last)),
        )
    ]
    chases = [
        ChaseDue(
            contact_id,
            loop_id,
            _LOOP_KINDS[kind],
            attempts,
            _day(next_on),  # type: ignore[arg-type]
            instant_from_stored(opened_at),  # type: ignore[arg-type]
        )
        for loop_id, contact_id, kind, attempts, next_on, opened_at in reader.execute(
            "SELECT id, contact_id, kind, attempts, next_attempt_on, opened_at FROM open_loops "
            "WHERE closed_at IS NULL AND next_attempt_on <= ?" + of_them("contact_id"),
            with_them(last.isoformat()),
        )
    ]
    follow_ups = [
        FollowUpDue(contact_id, interaction_id, next_step, _day(due))  # type: ignore[arg-type]
        for interaction_id, contact_id, next_step, due in reader.execute(
            # Written to match the partial indexes of open next steps: by due date for
            # everyone, by contact for a few (never every touch they ever had).
            "SELECT id, contact_id, next_step, next_step_due FROM interactions "
            "WHERE next_step_due IS NOT NULL AND next_step_done_at IS NULL "
            "AND next_step_due <= ?" + of_them("contact_id"),
            with_them(last.isoformat()),
        )
    ]
    days = json.dumps([f"{month:02d}-{day:02d}" for month, day in coming])
    dates = [
        DateComing(
            contact_id,
            f"{name} ({relation}): birthday" if relation else f"{name}: birthday",
            YearlyDate(month, day, year),
        )
        for contact_id, name, relation, month, day, year in reader.execute(
            "SELECT contact_id, name, relation, birth_month, birth_day, birth_year "
            f"FROM {by_whom('family_members')} WHERE (birth_month, birth_day) IN "
            "(SELECT CAST(substr(value, 1, 2) AS INTEGER), CAST(substr(value, 4, 2) AS INTEGER) "
            "FROM json_each(?))" + of_them("contact_id"),
            with_them(days),
        )
    ]
    dates += [
        DateComing(contact_id, label, YearlyDate(month, day, year))
        for contact_id, label, month, day, year in reader.execute(
            "SELECT contact_id, label, month, day, year "
            f"FROM {by_whom('important_dates')} "
            "WHERE (month, day) IN "
            "(SELECT CAST(substr(value, 1, 2) AS INTEGER), CAST(substr(value, 4, 2) AS INTEGER) "
            "FROM json_each(?))" + of_them("contact_id"),
            with_them(days),
        )
    ]
    involved = {c.contact_id for c in checkins} | {c.contact_id for c in chases}
    involved |= {f.contact_id for f in follow_ups} | {d.contact_id for d in dates}
    return Candidates(briefs(reader, involved), checkins, chases, follow_ups, dates)


def _end_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)


# What each query below reads of the contact, and keeps out: anyone snoozed past now
# (`domain.today.awake`, in SQL).
# The planner would open each contact's whole row by id; ix_contacts_who holds all it
# needs in a few pages, which halves the time and the memory touched.
_WHO = "c.tier, c.first_name, c.last_name, c.company"
_CONTACT = "contacts c INDEXED BY ix_contacts_who"
_AWAKE = "(c.snoozed_until IS NULL OR c.snoozed_until <= ?)"


def _day_ends(day: date, zone: ZoneInfo) -> str:
    """The stored text of the instant `day` ends in `zone`, or "" where that is unclear."""
    ends = _end_of_day(day, zone)
    # Where midnight is skipped or repeated, "" has each row looked at on its own.
    if (ends - timedelta(microseconds=1)).astimezone(zone).date() != day:
        return ""
    if ends.astimezone(zone).date() != day + timedelta(days=1):
        return ""
    return stored_instant_text(ends)


def today_places(reader: Reader, now: datetime, rep_zone: ZoneInfo) -> list[TodayPlace]:
    """Everyone due today, in order, with no reason texts: what the list needs to show."""
    today = now.astimezone(rep_zone).date()
    awake = stored_instant_text(now)
    ranking = DayRanking(today)
    with collection_paused():
        # Check-ins straight from the covering index ix_contacts_today, in due order, so
        # the day each falls on in the rep's calendar is worked out once per day, not per row.
        day_ends = ""
        due_day = 0
        rhythms: dict[tuple[str, int | None], tuple[Tier, int]] = {}
        checkin = ranking.checkin
        for contact_id, due_at, tier_code, own_rhythm, first, last, company in reader.execute(
            "SELECT c.id, c.checkin_due_at, c.tier, c.checkin_rhythm_days, c.first_name, "
            f"c.last_name, c.company FROM contacts c WHERE c.checkin_due_at < ? AND {_AWAKE} "
            "ORDER BY c.checkin_due_at",
            (stored_instant_text(_end_of_day(today, rep_zone)), awake),
        ).fetchall():
            if due_at >= day_ends:
                due = instant_from_stored(due_at).astimezone(rep_zone)  # type: ignore[union-attr]
                due_day = due.toordinal()
                day_ends = _day_ends(due.date(), rep_zone)
            rhythm = rhythms.get((tier_code, own_rhythm))
            if rhythm is None:
                tier = _TIERS[tier_code]
                rhythm = rhythms[(tier_code, own_rhythm)] = (
                    tier,
                    checkin_rhythm_days(tier, own_rhythm),
                )
            checkin(contact_id, rhythm[0], shown_name(first, last, company), due_day, rhythm[1])
        days: dict[str, date] = {}
        for counted_as, sql in (
            (
                ranking.chase,
                # Written to match the covering partial index ix_open_loops_next_attempt.
                f"SELECT l.contact_id, l.next_attempt_on, {_WHO} FROM open_loops l "
                f"JOIN {_CONTACT} ON c.id = l.contact_id "
                f"WHERE l.closed_at IS NULL AND l.next_attempt_on <= ? AND {_AWAKE}",
            ),
            (
                ranking.follow_up,
                # Written to match the partial index ix_interactions_follow_up_due.
                f"SELECT i.contact_id, i.next_step_due, {_WHO} FROM interactions i "
                f"JOIN {_CONTACT} ON c.id = i.contact_id WHERE i.next_step_due IS NOT NULL "
                f"AND i.next_step_done_at IS NULL AND i.next_step_due <= ? AND {_AWAKE}",
            ),
        ):
            for contact_id, due_on, tier, first, last, company in reader.execute(
                sql, (today.isoformat(), awake)
            ).fetchall():
                on = days.get(due_on)
                if on is None:
                    on = days[due_on] = date.fromisoformat(due_on)
                counted_as(contact_id, _TIERS[tier], shown_name(first, last, company), on)
        _add_dates(reader, ranking, today, awake)
        return ranking.places()


def _add_dates(reader: Reader, ranking: DayRanking, today: date, awake: str) -> None:
    days = json.dumps([f"{month:02d}-{day:02d}" for month, day in _coming_days(today, today)])
    coming = (
        "IN (SELECT CAST(substr(value, 1, 2) AS INTEGER), CAST(substr(value, 4, 2) AS INTEGER) "
        "FROM json_each(?))"
    )
    for sql in (
        f"SELECT f.contact_id, f.birth_month, f.birth_day, {_WHO} FROM family_members f "
        f"JOIN {_CONTACT} ON c.id = f.contact_id WHERE (f.birth_month, f.birth_day) {coming} "
        f"AND {_AWAKE}",
        f"SELECT d.contact_id, d.month, d.day, {_WHO} FROM important_dates d "
        f"JOIN {_CONTACT} ON c.id = d.contact_id WHERE (d.month, d.day) {coming} AND {_AWAKE}",
    ):
        for contact_id, month, day, tier, first, last, company in reader.execute(
            sql, (days, awake)
        ).fetchall():
            name = shown_name(first, last, company)
            ranking.date(contact_id, _TIERS[tier], name, YearlyDate(month, day))


def today_rows(
    reader: Reader, now: datetime, rep_zone: ZoneInfo, only: Collection[int] | None = None
) -> list[TodayRow]:
    """Full rows, with every reason, for `only` those contacts (or everyone), in order."""
    today = now.astimezone(rep_zone).date()
    with collection_paused():
        found = load_candidates(reader, rep_zone, today, today, only)
        return rank_today(
            found.contacts,
            now,
            rep_zone,
            found.checkins,
            found.chases,
            found.follow_ups,
            found.dates,
        )


def today_list(store: Store, clock: Clock, only: Collection[int] | None = None) -> list[TodayRow]:
    """Who to call today and why, most pressing first; with `only`, just those contacts."""
    with store.reading() as reader:
        return today_rows(reader, clock.now(), clock.zone(), only)


def ranked_today(store: Store, clock: Clock) -> list[TodayPlace]:
    """Everyone due today, in order: the whole list, before any row is built."""
    with store.reading() as reader:
        return today_places(reader, clock.now(), clock.zone())
