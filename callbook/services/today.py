"""The Today list from the store: candidates found by index, ranked by the domain rules."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from callbook.domain.cadence import checkin_rhythm_days
from callbook.domain.clock import Clock
from callbook.domain.dates import YearlyDate
from callbook.domain.today import (
    DATE_HORIZON_DAYS,
    ChaseDue,
    CheckinDue,
    ContactBrief,
    DateComing,
    FollowUpDue,
    TodayRow,
    rank_today,
)
from callbook.domain.vocabulary import Channel, LoopKind, Tier
from callbook.domain.windows import BestTimeWindow, mask_to_weekdays
from callbook.services.bulk import collection_paused
from callbook.store.columns import instant_from_stored, stored_instant_text
from callbook.store.engine import Store


def _minutes(value: int) -> time:
    return time(min(value // 60, 23), value % 60) if value < 24 * 60 else time(23, 59)


_TIERS = {t.value: t for t in Tier}
_CHANNELS = {c.value: c for c in Channel}
_LOOP_KINDS = {k.value: k for k in LoopKind}


def _day(stored: str | None) -> date | None:
    return date.fromisoformat(stored) if stored else None


def briefs(session: Session, contact_ids: Iterable[int]) -> dict[int, ContactBrief]:
    """What ranking needs of each contact, two queries for any number of them."""
    # The ids travel as one JSON parameter: no statement grows with the list, and rows are
    # read as plain tuples, since this runs for every contact on Today at each refresh.
    ids = json.dumps(sorted(set(contact_ids)))
    connection = session.connection()
    windows: dict[int, list[BestTimeWindow]] = {}
    # Most contacts share a handful of windows ("weekdays 07:00–08:00"): build each once.
    shared: dict[tuple[int, int, int], BestTimeWindow | None] = {}
    for contact_id, mask, start, end in connection.exec_driver_sql(
        "SELECT contact_id, weekday_mask, start_minute, end_minute FROM best_times "
        "WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (ids,),
    ).all():
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
    orders: dict[str, tuple[Channel, ...]] = {}
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
    ) in connection.exec_driver_sql(
        "SELECT id, first_name, last_name, company, tier, time_zone, preferred_channels, "
        "snoozed_until FROM contacts WHERE id IN (SELECT value FROM json_each(?))",
        (ids,),
    ).all():
        zone = None
        if time_zone:
            zone = zones.get(time_zone)
            if zone is None:
                zone = zones[time_zone] = ZoneInfo(time_zone)
        found[contact_id] = ContactBrief(
            contact_id=contact_id,
            name=f"{first_name} {last_name}".strip() or company,
            company=company,
            tier=_TIERS[tier],
            zone=zone,
            channels=_channel_order(orders, channels),
            windows=tuple(windows.get(contact_id, ())),
            snoozed_until=instant_from_stored(snoozed_until),
        )
    return found


def _channel_order(seen: dict[str, tuple[Channel, ...]], stored: str | None) -> tuple[Channel, ...]:
    if not stored:
        return ()
    order = seen.get(stored)
    if order is None:
        order = seen[stored] = tuple(_CHANNELS[c] for c in json.loads(stored))
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
    session: Session,
    rep_zone: ZoneInfo,
    first: date,
    last: date,
    only: Collection[int] | None = None,
) -> Candidates:
    """What falls due by the end of `last` in the rep's calendar, and dates up to a week on.

    With `only`, just for those contacts: what a window needs after a change to a few.
    """
    end_of_last = datetime.combine(last + timedelta(days=1), time(), tzinfo=rep_zone).astimezone(
        UTC
    )
    coming = _coming_days(first, last)
    connection = session.connection()
    among = json.dumps(sorted(only)) if only is not None else None

    def of_them(column: str) -> str:
        return "" if among is None else f" AND {column} IN (SELECT value FROM json_each(?))"

    def with_them(*params: object) -> tuple[object, ...]:
        return params if among is None else (*params, among)

    checkins = [
        CheckinDue(
            contact_id,
            instant_from_stored(due_at),  # type: ignore[arg-type]
            checkin_rhythm_days(_TIERS[tier], own_rhythm),
            instant_from_stored(last_checkin),
        )
        for contact_id, due_at, tier, own_rhythm, last_checkin in connection.exec_driver_sql(
            "SELECT id, checkin_due_at, tier, checkin_rhythm_days, last_personal_checkin_at "
            "FROM contacts WHERE checkin_due_at < ?" + of_them("id"),
            with_them(stored_instant_text(end_of_last)),
        ).all()
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
        for loop_id, contact_id, kind, attempts, next_on, opened_at in connection.exec_driver_sql(
            "SELECT id, contact_id, kind, attempts, next_attempt_on, opened_at FROM open_loops "
            "WHERE closed_at IS NULL AND next_attempt_on <= ?" + of_them("contact_id"),
            with_them(last.isoformat()),
        ).all()
    ]
    follow_ups = [
        FollowUpDue(contact_id, interaction_id, next_step, _day(due))  # type: ignore[arg-type]
        for interaction_id, contact_id, next_step, due in connection.exec_driver_sql(
            # Written to match the partial index ix_interactions_follow_up_due.
            "SELECT id, contact_id, next_step, next_step_due FROM interactions "
            "WHERE next_step_due IS NOT NULL AND next_step_done_at IS NULL "
            "AND next_step_due <= ?" + of_them("contact_id"),
            with_them(last.isoformat()),
        ).all()
    ]
    days = json.dumps([f"{month:02d}-{day:02d}" for month, day in coming])
    dates = [
        DateComing(
            contact_id,
            f"{name} ({relation}): birthday" if relation else f"{name}: birthday",
            YearlyDate(month, day, year),
        )
        for contact_id, name, relation, month, day, year in connection.exec_driver_sql(
            "SELECT contact_id, name, relation, birth_month, birth_day, birth_year "
            "FROM family_members WHERE (birth_month, birth_day) IN "
            "(SELECT CAST(substr(value, 1, 2) AS INTEGER), CAST(substr(value, 4, 2) AS INTEGER) "
            "FROM json_each(?))" + of_them("contact_id"),
            with_them(days),
        ).all()
    ]
    dates += [
        DateComing(contact_id, label, YearlyDate(month, day, year))
        for contact_id, label, month, day, year in connection.exec_driver_sql(
            "SELECT contact_id, label, month, day, year FROM important_dates "
            "WHERE (month, day) IN "
            "(SELECT CAST(substr(value, 1, 2) AS INTEGER), CAST(substr(value, 4, 2) AS INTEGER) "
            "FROM json_each(?))" + of_them("contact_id"),
            with_them(days),
        ).all()
    ]
    involved = {c.contact_id for c in checkins} | {c.contact_id for c in chases}
    involved |= {f.contact_id for f in follow_ups} | {d.contact_id for d in dates}
    return Candidates(briefs(session, involved), checkins, chases, follow_ups, dates)


def today_list(store: Store, clock: Clock, only: Collection[int] | None = None) -> list[TodayRow]:
    """Who to call today and why, most pressing first; with `only`, just those contacts."""
    now = clock.now()
    rep_zone = clock.zone()
    today = now.astimezone(rep_zone).date()
    with collection_paused():
        with store.read() as session:
            found = load_candidates(session, rep_zone, today, today, only)
        return rank_today(
            found.contacts,
            now,
            rep_zone,
            found.checkins,
            found.chases,
            found.follow_ups,
            found.dates,
        )
