"""The Today list from the store: candidates found by index, ranked by the domain rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, tuple_
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
from callbook.store.engine import Store
from callbook.store.models import (
    BestTime,
    Contact,
    FamilyMember,
    ImportantDate,
    Interaction,
    OpenLoop,
)


def _minutes(value: int) -> time:
    return time(min(value // 60, 23), value % 60) if value < 24 * 60 else time(23, 59)


def briefs(session: Session, contact_ids: Iterable[int]) -> dict[int, ContactBrief]:
    """What ranking needs of each contact, two queries for any number of them."""
    ids = sorted(set(contact_ids))
    found: dict[int, ContactBrief] = {}
    windows: dict[int, list[BestTimeWindow]] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for row in session.execute(
            select(
                BestTime.contact_id,
                BestTime.weekday_mask,
                BestTime.start_minute,
                BestTime.end_minute,
            ).where(BestTime.contact_id.in_(chunk))
        ):
            weekdays = mask_to_weekdays(row.weekday_mask)
            if weekdays and row.end_minute > row.start_minute:
                windows.setdefault(row.contact_id, []).append(
                    BestTimeWindow(weekdays, _minutes(row.start_minute), _minutes(row.end_minute))
                )
        for contact in session.execute(
            select(
                Contact.id,
                Contact.first_name,
                Contact.last_name,
                Contact.company,
                Contact.tier,
                Contact.time_zone,
                Contact.preferred_channels,
                Contact.snoozed_until,
            ).where(Contact.id.in_(chunk))
        ):
            found[contact.id] = ContactBrief(
                contact_id=contact.id,
                name=f"{contact.first_name} {contact.last_name}".strip() or contact.company,
                company=contact.company,
                tier=Tier(contact.tier),
                zone=ZoneInfo(contact.time_zone) if contact.time_zone else None,
                channels=tuple(Channel(c) for c in contact.preferred_channels or ()),
                windows=tuple(windows.get(contact.id, ())),
                snoozed_until=contact.snoozed_until,
            )
    return found


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


def load_candidates(session: Session, rep_zone: ZoneInfo, first: date, last: date) -> Candidates:
    """What falls due by the end of `last` in the rep's calendar, and dates up to a week on."""
    end_of_last = datetime.combine(last + timedelta(days=1), time(), tzinfo=rep_zone).astimezone(
        UTC
    )
    coming = _coming_days(first, last)
    checkins = [
        CheckinDue(
            r.id,
            r.checkin_due_at,
            checkin_rhythm_days(Tier(r.tier), r.checkin_rhythm_days),
            r.last_personal_checkin_at,
        )
        for r in session.execute(
            select(
                Contact.id,
                Contact.checkin_due_at,
                Contact.tier,
                Contact.checkin_rhythm_days,
                Contact.last_personal_checkin_at,
            ).where(Contact.checkin_due_at < end_of_last)
        )
    ]
    chases = [
        ChaseDue(r.contact_id, r.id, LoopKind(r.kind), r.attempts, r.next_attempt_on, r.opened_at)
        for r in session.execute(
            select(
                OpenLoop.id,
                OpenLoop.contact_id,
                OpenLoop.kind,
                OpenLoop.attempts,
                OpenLoop.next_attempt_on,
                OpenLoop.opened_at,
            ).where(OpenLoop.closed_at.is_(None), OpenLoop.next_attempt_on <= last)
        )
    ]
    follow_ups = [
        FollowUpDue(r.contact_id, r.id, r.next_step, r.next_step_due)
        for r in session.execute(
            select(
                Interaction.id,
                Interaction.contact_id,
                Interaction.next_step,
                Interaction.next_step_due,
            ).where(
                Interaction.next_step_due.is_not(None),
                Interaction.next_step_done_at.is_(None),
                Interaction.next_step_due <= last,
            )
        )
    ]
    dates = [
        DateComing(
            r.contact_id,
            f"{r.name} ({r.relation}): birthday" if r.relation else f"{r.name}: birthday",
            YearlyDate(r.birth_month, r.birth_day, r.birth_year),
        )
        for r in session.execute(
            select(
                FamilyMember.contact_id,
                FamilyMember.name,
                FamilyMember.relation,
                FamilyMember.birth_month,
                FamilyMember.birth_day,
                FamilyMember.birth_year,
            ).where(tuple_(FamilyMember.birth_month, FamilyMember.birth_day).in_(coming))
        )
    ]
    dates += [
        DateComing(r.contact_id, r.label, YearlyDate(r.month, r.day, r.year))
        for r in session.execute(
            select(
                ImportantDate.contact_id,
                ImportantDate.label,
                ImportantDate.month,
                ImportantDate.day,
                ImportantDate.year,
            ).where(tuple_(ImportantDate.month, ImportantDate.day).in_(coming))
        )
    ]
    involved = {c.contact_id for c in checkins} | {c.contact_id for c in chases}
    involved |= {f.contact_id for f in follow_ups} | {d.contact_id for d in dates}
    return Candidates(briefs(session, involved), checkins, chases, follow_ups, dates)


def today_list(store: Store, clock: Clock) -> list[TodayRow]:
    """Who to call today and why, most pressing first."""
    now = clock.now()
    rep_zone = clock.zone()
    today = now.astimezone(rep_zone).date()
    with store.read() as session:
        found = load_candidates(session, rep_zone, today, today)
    return rank_today(
        found.contacts,
        now,
        rep_zone,
        found.checkins,
        found.chases,
        found.follow_ups,
        found.dates,
    )
