"""The contact card: the pre-call brief as a snapshot of one contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from callbook.domain.cadence import checkin_rhythm_days
from callbook.domain.card_fields import CHANNEL_VALUES, MONTH_WORDS, CardField
from callbook.domain.clock import Clock
from callbook.domain.dates import YearlyDate
from callbook.domain.names import shown_name
from callbook.domain.phones import display_phone
from callbook.domain.vocabulary import (
    Channel,
    Direction,
    LoopKind,
    Outcome,
    Purpose,
    ReachChannel,
    Tier,
)
from callbook.domain.windows import (
    WEEKDAY_NAMES,
    BestTimeWindow,
    current_or_next_opening,
    mask_to_weekdays,
)
from callbook.services.changes import NotFound
from callbook.store.engine import Store
from callbook.store.models import (
    BestTime,
    Contact,
    Interaction,
    OpenLoop,
)

TIMELINE_LIMIT = 200


@dataclass(frozen=True)
class PhoneLine:
    """A labelled number: stored E.164, shown the way the rep dials it."""

    label: str
    e164: str
    shown: str


@dataclass(frozen=True)
class FamilyLine:
    """Someone in their family, with the next birthday when known."""

    name: str
    relation: str
    birthday: YearlyDate | None
    next_birthday: date | None
    turns: int | None
    notes: str

    @property
    def birthday_text(self) -> str:
        """The birthday as typed back into the editor: '2016-04-12' or '04-12'."""
        return yearly_text(self.birthday)


@dataclass(frozen=True)
class DateLine:
    """An important date of theirs and when it next falls."""

    label: str
    yearly: YearlyDate
    next_on: date

    @property
    def date_text(self) -> str:
        """The date as typed back into the editor."""
        return yearly_text(self.yearly)


@dataclass(frozen=True)
class BestTimeLine:
    """A best-time window in their zone, and its next opening in the rep's."""

    window: BestTimeWindow
    note: str
    theirs: str
    yours: str
    open_now: bool


@dataclass(frozen=True)
class LoopLine:
    """A message of the rep's still waiting on them."""

    kind: LoopKind
    subject: str
    opened_at: datetime
    days_waiting: int
    attempts: int
    next_attempt_on: date | None


@dataclass(frozen=True)
class TimelineEntry:
    """One touch in the contact's history."""

    interaction_id: int
    occurred_at: datetime
    channel: Channel
    direction: Direction
    outcome: Outcome
    purpose: Purpose
    duration_seconds: int | None
    note: str
    next_step: str
    next_step_due: date | None
    next_step_done: bool


@dataclass(frozen=True)
class ContactCard:
    """Everything the card shows about one contact, read in one go."""

    contact_id: int
    first_name: str
    last_name: str
    company: str
    title: str
    email: str
    tier: Tier
    account_value: int | None
    tags: tuple[str, ...]
    notes: str
    time_zone: str | None
    own_rhythm_days: int | None
    rhythm_days: int
    personal_notes: str
    phones: tuple[PhoneLine, ...]
    family: tuple[FamilyLine, ...]
    interests: tuple[str, ...]
    dates: tuple[DateLine, ...]
    preferred_channels: tuple[ReachChannel, ...]
    best_times: tuple[BestTimeLine, ...]
    place: str
    assistant_name: str
    assistant_phone: str
    assistant_notes: str
    boss_name: str
    reception_notes: str
    question_asked: bool
    question_answer: str
    industry: str
    role_function: str
    on_their_mind: str
    company_notes: str
    last_personal_checkin_at: datetime | None
    days_since_checkin: int | None
    checkin_due_on: date
    last_touch_at: datetime | None
    snoozed_until: datetime | None
    open_loops: tuple[LoopLine, ...]
    timeline: tuple[TimelineEntry, ...]
    timeline_total: int
    local_now: datetime | None

    @property
    def name(self) -> str:
        """First and last name as one, else the company."""
        return shown_name(self.first_name, self.last_name, self.company)

    def field_text(self, which: CardField) -> str:
        """A single-value field as the editor shows it."""
        value = {
            CardField.TIER: self.tier.value,
            CardField.ACCOUNT_VALUE: "" if self.account_value is None else str(self.account_value),
            CardField.TIME_ZONE: self.time_zone or "",
            CardField.CHECKIN_RHYTHM: ""
            if self.own_rhythm_days is None
            else str(self.own_rhythm_days),
        }.get(which)
        return value if value is not None else str(getattr(self, which.value))


def yearly_text(yearly: YearlyDate | None) -> str:
    """'12 Apr 2016', or '12 Apr' without a year, as the editors read it back; '' for none."""
    if yearly is None:
        return ""
    day_month = f"{yearly.day} {MONTH_WORDS[yearly.month - 1].capitalize()}"
    return f"{day_month} {yearly.year}" if yearly.year is not None else day_month


def _their_zone(contact: Contact, clock: Clock) -> ZoneInfo:
    return ZoneInfo(contact.time_zone) if contact.time_zone else clock.zone()


def _minute_time(minutes: int) -> time:
    return time(23, 59) if minutes >= 24 * 60 else time(minutes // 60, minutes % 60)


def _best_time_line(
    row: BestTime, zone: ZoneInfo, clock: Clock, known_zone: bool
) -> BestTimeLine | None:
    weekdays = mask_to_weekdays(row.weekday_mask)
    if not weekdays or row.end_minute <= row.start_minute:
        return None
    window = BestTimeWindow(weekdays, _minute_time(row.start_minute), _minute_time(row.end_minute))
    now = clock.now()
    opening = current_or_next_opening([window], zone, now)
    yours = ""
    open_now = False
    if opening is not None:
        start = opening.starts_at.astimezone(clock.zone())
        end = opening.ends_at.astimezone(clock.zone())
        open_now = opening.is_open(now)
        if open_now:
            yours = f"open now, until {end:%H:%M} your time"
        else:
            yours = f"next {WEEKDAY_NAMES[start.weekday()]} {start:%H:%M}–{end:%H:%M} your time"
    theirs = window.describe() + (" their time" if known_zone else "")
    return BestTimeLine(window, row.note, theirs, yours, open_now)


def load_card(store: Store, clock: Clock, contact_id: int, home_region: str = "US") -> ContactCard:
    """The card of one contact, with the newest part of their timeline."""
    now = clock.now()
    today = now.astimezone(clock.zone()).date()
    with store.read() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"no contact has the id {contact_id}")
        zone = _their_zone(contact, clock)
        family = []
        for member in contact.family:
            yearly = _stored_yearly(member.birth_month, member.birth_day, member.birth_year)
            upcoming = yearly.next_on_or_after(today) if yearly else None
            family.append(
                FamilyLine(
                    member.name,
                    member.relation,
                    yearly,
                    upcoming,
                    yearly.age_on(upcoming) if yearly and upcoming else None,
                    member.notes,
                )
            )
        dates = []
        for row in contact.dates:
            yearly = _stored_yearly(row.month, row.day, row.year)
            if yearly is not None:
                dates.append(DateLine(row.label, yearly, yearly.next_on_or_after(today)))
        best_times = [
            line
            for row in contact.best_times
            if (line := _best_time_line(row, zone, clock, contact.time_zone is not None))
        ]
        loops = [
            LoopLine(
                LoopKind(loop.kind),
                loop.subject,
                loop.opened_at,
                (today - loop.opened_at.astimezone(clock.zone()).date()).days,
                loop.attempts,
                loop.next_attempt_on,
            )
            for loop in session.scalars(
                select(OpenLoop)
                .where(OpenLoop.contact_id == contact_id, OpenLoop.closed_at.is_(None))
                .order_by(OpenLoop.opened_at)
            )
        ]
        total = session.scalar(
            select(func.count(Interaction.id)).where(Interaction.contact_id == contact_id)
        )
        timeline = [
            TimelineEntry(
                i.id,
                i.occurred_at,
                Channel(i.channel),
                Direction(i.direction),
                Outcome(i.outcome),
                Purpose(i.purpose),
                i.duration_seconds,
                i.note,
                i.next_step,
                i.next_step_due,
                i.next_step_done_at is not None,
            )
            for i in session.scalars(
                select(Interaction)
                .where(Interaction.contact_id == contact_id)
                .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
                .limit(TIMELINE_LIMIT)
            )
        ]
        last = contact.last_personal_checkin_at
        tier = Tier(contact.tier)
        return ContactCard(
            contact_id=contact.id,
            first_name=contact.first_name,
            last_name=contact.last_name,
            company=contact.company,
            title=contact.title,
            email=contact.email,
            tier=tier,
            account_value=contact.account_value,
            tags=tuple(t.name for t in contact.tags),
            notes=contact.notes,
            time_zone=contact.time_zone,
            own_rhythm_days=contact.checkin_rhythm_days,
            rhythm_days=checkin_rhythm_days(tier, contact.checkin_rhythm_days),
            personal_notes=contact.personal_notes,
            phones=tuple(
                PhoneLine(p.label, p.e164, display_phone(p.e164, home_region))
                for p in contact.phones
            ),
            family=tuple(family),
            interests=tuple(i.text for i in contact.interests),
            dates=tuple(dates),
            preferred_channels=tuple(
                ReachChannel(c) for c in contact.preferred_channels or () if c in CHANNEL_VALUES
            ),
            best_times=tuple(best_times),
            place=contact.place,
            assistant_name=contact.assistant_name,
            assistant_phone=contact.assistant_phone,
            assistant_notes=contact.assistant_notes,
            boss_name=contact.boss_name,
            reception_notes=contact.reception_notes,
            question_asked=contact.question_asked,
            question_answer=contact.question_answer,
            industry=contact.industry,
            role_function=contact.role_function,
            on_their_mind=contact.on_their_mind,
            company_notes=contact.company_notes,
            last_personal_checkin_at=last,
            days_since_checkin=(today - last.astimezone(clock.zone()).date()).days
            if last
            else None,
            checkin_due_on=contact.checkin_due_at.astimezone(clock.zone()).date(),
            last_touch_at=contact.last_touch_at,
            snoozed_until=contact.snoozed_until,
            open_loops=tuple(loops),
            timeline=tuple(timeline),
            timeline_total=total or 0,
            local_now=now.astimezone(ZoneInfo(contact.time_zone)) if contact.time_zone else None,
        )


def _stored_yearly(month: int | None, day: int | None, year: int | None) -> YearlyDate | None:
    if month is None or day is None:
        return None
    try:
        return YearlyDate(month, day, year)
    except ValueError:
        return None
