"""The contact card: the pre-call brief as a snapshot, and every in-place edit on it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callbook.domain.cadence import checkin_rhythm_days
from callbook.domain.clock import Clock
from callbook.domain.dates import YearlyDate, parse_yearly
from callbook.domain.emails import email_problem
from callbook.domain.names import shown_name
from callbook.domain.phones import display_phone, parse_phone
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
    weekdays_to_mask,
)
from callbook.services.aggregates import refresh_due
from callbook.services.changes import Changed, Invalid, InvalidEntry, NotFound
from callbook.services.contacts import check_zone, tag_rows
from callbook.services.search import reindex_contact
from callbook.store.engine import Store
from callbook.store.models import (
    BestTime,
    Contact,
    FamilyMember,
    ImportantDate,
    Interaction,
    Interest,
    OpenLoop,
    Phone,
)

MAX_NOTE = 100_000
TIMELINE_LIMIT = 200
THE_QUESTION = "When you're slammed, what's the best way to connect with you?"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


class CardField(StrEnum):
    """A single-value field of the card the rep can edit in place."""

    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    COMPANY = "company"
    TITLE = "title"
    EMAIL = "email"
    TIER = "tier"
    ACCOUNT_VALUE = "account_value"
    NOTES = "notes"
    TIME_ZONE = "time_zone"
    CHECKIN_RHYTHM = "checkin_rhythm_days"
    PERSONAL_NOTES = "personal_notes"
    PLACE = "place"
    ASSISTANT_NAME = "assistant_name"
    ASSISTANT_PHONE = "assistant_phone"
    ASSISTANT_NOTES = "assistant_notes"
    BOSS_NAME = "boss_name"
    RECEPTION_NOTES = "reception_notes"
    QUESTION_ANSWER = "question_answer"
    INDUSTRY = "industry"
    ROLE_FUNCTION = "role_function"
    ON_THEIR_MIND = "on_their_mind"
    COMPANY_NOTES = "company_notes"

    @property
    def label(self) -> str:
        """How the field is named on the card and in messages."""
        return FIELD_LABELS[self]


FIELD_LABELS = {
    CardField.FIRST_NAME: "First name",
    CardField.LAST_NAME: "Last name",
    CardField.COMPANY: "Company",
    CardField.TITLE: "Title",
    CardField.EMAIL: "Email",
    CardField.TIER: "Tier",
    CardField.ACCOUNT_VALUE: "Account value",
    CardField.NOTES: "Notes",
    CardField.TIME_ZONE: "Time zone",
    CardField.CHECKIN_RHYTHM: "Check-in every (days)",
    CardField.PERSONAL_NOTES: "Personal notes",
    CardField.PLACE: "Place",
    CardField.ASSISTANT_NAME: "Assistant",
    CardField.ASSISTANT_PHONE: "Assistant's phone",
    CardField.ASSISTANT_NOTES: "Assistant notes",
    CardField.BOSS_NAME: "Boss",
    CardField.RECEPTION_NOTES: "Reception notes",
    CardField.QUESTION_ANSWER: "Their answer",
    CardField.INDUSTRY: "Industry",
    CardField.ROLE_FUNCTION: "Role",
    CardField.ON_THEIR_MIND: "On their mind",
    CardField.COMPANY_NOTES: "Company notes",
}
SHORT_LIMITS = {
    CardField.FIRST_NAME: 200,
    CardField.LAST_NAME: 200,
    CardField.COMPANY: 300,
    CardField.TITLE: 300,
    CardField.EMAIL: 320,
    CardField.PLACE: 300,
    CardField.ASSISTANT_NAME: 200,
    CardField.BOSS_NAME: 200,
    CardField.INDUSTRY: 200,
    CardField.ROLE_FUNCTION: 200,
}
NOTE_FIELDS = frozenset(
    {
        CardField.NOTES,
        CardField.PERSONAL_NOTES,
        CardField.ASSISTANT_NOTES,
        CardField.RECEPTION_NOTES,
        CardField.QUESTION_ANSWER,
        CardField.ON_THEIR_MIND,
        CardField.COMPANY_NOTES,
    }
)
SEARCHED_FIELDS = frozenset(
    {
        CardField.FIRST_NAME,
        CardField.LAST_NAME,
        CardField.COMPANY,
        CardField.NOTES,
        CardField.PERSONAL_NOTES,
    }
)
TODAY_FIELDS = frozenset(
    {
        CardField.FIRST_NAME,
        CardField.LAST_NAME,
        CardField.COMPANY,
        CardField.TIER,
        CardField.TIME_ZONE,
        CardField.CHECKIN_RHYTHM,
    }
)
LIST_FIELDS = frozenset(
    {
        CardField.FIRST_NAME,
        CardField.LAST_NAME,
        CardField.COMPANY,
        CardField.TITLE,
        CardField.TIER,
    }
)


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
    day_month = f"{yearly.day} {_MONTHS[yearly.month - 1].capitalize()}"
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
                ReachChannel(c) for c in contact.preferred_channels or () if c in _CHANNELS
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


_CHANNELS = frozenset(c.value for c in ReachChannel)


def _stored_yearly(month: int | None, day: int | None, year: int | None) -> YearlyDate | None:
    if month is None or day is None:
        return None
    try:
        return YearlyDate(month, day, year)
    except ValueError:
        return None


def _contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact has the id {contact_id}")
    return contact


def _whole_number(text: str, what: str, low: int, high: int) -> int:
    cleaned = re.sub(r"[\s,_'’]", "", text)
    if not cleaned.isdigit():
        raise Invalid(f"{what} must be a whole number, like {low if low else 25000}; not '{text}'")
    value = int(cleaned)
    if not low <= value <= high:
        raise Invalid(f"{what} must be between {low:,} and {high:,}; '{text}' is not")
    return value


def _checked_value(which: CardField, typed: str, home_region: str) -> object:
    """The value to store for `which`, or Invalid saying what is wrong with `typed`."""
    text = typed.strip()
    if which in NOTE_FIELDS:
        if len(typed) > MAX_NOTE:
            raise Invalid(
                f"{which.label} can hold at most {MAX_NOTE:,} characters; "
                f"this has {len(typed):,}. Nothing was changed."
            )
        return typed
    if which in SHORT_LIMITS and len(text) > SHORT_LIMITS[which]:
        raise Invalid(f"{which.label} can be at most {SHORT_LIMITS[which]} characters long")
    if which is CardField.EMAIL:
        problem = email_problem(text)
        if problem is not None:
            raise Invalid(problem)
        return text
    if which is CardField.TIER:
        upper = text.upper()
        if upper not in {t.value for t in Tier}:
            raise Invalid(f"Tier is A, B or C; not '{text}'")
        return upper
    if which is CardField.ACCOUNT_VALUE:
        digits = text.lstrip("$€£¥ ")
        return None if not digits else _whole_number(digits, "Account value", 0, 10**12)
    if which is CardField.CHECKIN_RHYTHM:
        return None if not text else _whole_number(text, "The check-in rhythm", 1, 3650)
    if which is CardField.TIME_ZONE:
        return check_zone(text)
    if which is CardField.ASSISTANT_PHONE:
        if not text:
            return ""
        try:
            return parse_phone(text, home_region)
        except ValueError as error:
            raise Invalid(f"Assistant's phone: {error}") from None
    return text


def edit_field(
    store: Store,
    clock: Clock,
    contact_id: int,
    which: CardField,
    typed: str,
    home_region: str = "US",
) -> Changed:
    """Store one edited field in one transaction; bad input changes nothing."""
    value = _checked_value(which, typed, home_region)
    with store.begin() as session:
        contact = _contact(session, contact_id)
        if which in (CardField.FIRST_NAME, CardField.LAST_NAME, CardField.COMPANY):
            after = {
                "first_name": contact.first_name,
                "last_name": contact.last_name,
                "company": contact.company,
            }
            after[which.value] = str(value)
            if not any(v.strip() for v in after.values()):
                raise Invalid("a contact needs a name or a company; the old value was kept")
        setattr(contact, which.value, value)
        if which is CardField.QUESTION_ANSWER and str(value).strip():
            contact.question_asked = True
        if which in (CardField.TIER, CardField.CHECKIN_RHYTHM):
            refresh_due(contact, clock.zone())
        contact.updated_at = clock.now()
        if which in SEARCHED_FIELDS:
            reindex_contact(session, contact_id)
    return Changed(
        frozenset({contact_id}),
        today=which in TODAY_FIELDS,
        contact_list=which in LIST_FIELDS,
    )


def set_question_asked(store: Store, clock: Clock, contact_id: int, asked: bool) -> Changed:
    """Mark whether the rep has asked them the best way to connect."""
    with store.begin() as session:
        contact = _contact(session, contact_id)
        contact.question_asked = asked
        contact.updated_at = clock.now()
    return Changed(frozenset({contact_id}))


def set_phones(
    store: Store,
    clock: Clock,
    contact_id: int,
    lines: Sequence[tuple[str, str]],
    home_region: str = "US",
) -> Changed:
    """Replace their phones with `lines` of (label, number as typed), in order."""
    parsed = []
    for position, (label, typed) in enumerate(lines, 1):
        if not typed.strip():
            if label.strip():
                raise Invalid(f"phone {position} ({label.strip()}) has no number")
            continue
        try:
            e164 = parse_phone(typed, home_region)
        except ValueError as error:
            raise Invalid(f"phone {position}: {error}") from None
        parsed.append((label.strip()[:40] or "phone", e164))
    with store.begin() as session:
        contact = _contact(session, contact_id)
        contact.phones = [
            Phone(label=label, e164=e164, position=i) for i, (label, e164) in enumerate(parsed)
        ]
        contact.updated_at = clock.now()
    return Changed(frozenset({contact_id}))


@dataclass(frozen=True)
class FamilyEntry:
    """A family member as typed into the card."""

    name: str
    relation: str = ""
    birthday: str = ""
    notes: str = ""


def parse_birthday(typed: str) -> YearlyDate | None:
    """'2016-04-12', '04-12', '12 Apr 2016', '12 April' or 'Apr 12'; None when blank."""
    text = typed.strip()
    if not text:
        return None
    words = re.fullmatch(r"(\d{1,2})\.?\s+([A-Za-z]+)\.?,?(?:\s+(\d{4}))?", text)
    flipped = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?(?:\s+(\d{4}))?", text)
    if words or flipped:
        if words:
            day_text, month_text, year_text = words.groups()
        else:
            assert flipped is not None
            month_text, day_text, year_text = flipped.groups()
        month_key = month_text[:3].lower()
        if month_key not in _MONTHS:
            raise ValueError(f"'{month_text}' is not a month")
        return YearlyDate(
            _MONTHS.index(month_key) + 1, int(day_text), int(year_text) if year_text else None
        )
    return parse_yearly(text)


def set_family(
    store: Store, clock: Clock, contact_id: int, members: Sequence[FamilyEntry]
) -> Changed:
    """Replace their family with `members`; a bad birthday names the person and keeps all."""
    rows = []
    for position, member in enumerate(members, 1):
        name = member.name.strip()
        if not name:
            if member.relation.strip() or member.birthday.strip() or member.notes.strip():
                raise InvalidEntry(position - 1, "name", f"family member {position} needs a name")
            continue
        if len(name) > 200:
            raise InvalidEntry(
                position - 1, "name", f"{name[:20]}…: a name is at most 200 characters"
            )
        try:
            yearly = parse_birthday(member.birthday)
        except ValueError as error:
            raise InvalidEntry(position - 1, "birthday", f"{name}'s birthday: {error}") from None
        rows.append(
            FamilyMember(
                name=name,
                relation=member.relation.strip()[:80],
                birth_month=yearly.month if yearly else None,
                birth_day=yearly.day if yearly else None,
                birth_year=yearly.year if yearly else None,
                notes=member.notes.strip(),
            )
        )
    with store.begin() as session:
        contact = _contact(session, contact_id)
        contact.family = rows
        contact.updated_at = clock.now()
        reindex_contact(session, contact_id)
    return Changed(frozenset({contact_id}), today=True)


def set_interests(store: Store, clock: Clock, contact_id: int, interests: Sequence[str]) -> Changed:
    """Replace their interests, in order, dropping blanks and repeats."""
    kept: list[str] = []
    for row, typed in enumerate(interests):
        text = typed.strip()
        if len(text) > 300:
            raise InvalidEntry(
                row, "interest", f"an interest is at most 300 characters: '{text[:30]}…'"
            )
        if text and text.casefold() not in {k.casefold() for k in kept}:
            kept.append(text)
    with store.begin() as session:
        contact = _contact(session, contact_id)
        contact.interests = [Interest(text=t) for t in kept]
        contact.updated_at = clock.now()
        reindex_contact(session, contact_id)
    return Changed(frozenset({contact_id}))


def set_dates(
    store: Store, clock: Clock, contact_id: int, entries: Sequence[tuple[str, str]]
) -> Changed:
    """Replace their important dates with (label, date as typed)."""
    rows = []
    for position, (label, typed) in enumerate(entries, 1):
        name = label.strip()
        if not name and not typed.strip():
            continue
        if not name:
            raise InvalidEntry(
                position - 1, "label", f"date {position} needs a label, like 'Work anniversary'"
            )
        try:
            yearly = parse_birthday(typed)
        except ValueError as error:
            raise InvalidEntry(position - 1, "date", f"{name}: {error}") from None
        if yearly is None:
            raise InvalidEntry(position - 1, "date", f"{name}: no date given")
        rows.append(
            ImportantDate(label=name[:200], month=yearly.month, day=yearly.day, year=yearly.year)
        )
    with store.begin() as session:
        contact = _contact(session, contact_id)
        contact.dates = rows
        contact.updated_at = clock.now()
    return Changed(frozenset({contact_id}), today=True)


@dataclass(frozen=True)
class BestTimeEntry:
    """A best-time window as typed: days, from, to (their time) and a note."""

    days: str
    start: str
    end: str
    note: str = ""


_DAY_WORDS = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
NO_DAYS = "no days"
"""What a window with no day picked reads as: refused, where a blank means weekdays."""


def parse_weekdays(typed: str) -> frozenset[int]:
    """'Mon–Fri', 'weekdays', 'daily', 'Sat, Sun' or 'Tue Thu' as weekday numbers."""
    written = typed.strip().replace("–", "-").replace("—", "-")
    text = written.lower()
    if text in ("", "weekdays", "workdays", "mon-fri"):
        return frozenset(range(5))
    if text in ("daily", "every day", "everyday", "all"):
        return frozenset(range(7))
    if text in ("weekend", "weekends"):
        return frozenset({5, 6})
    if text in (NO_DAYS, "none"):
        raise ValueError("pick at least one day")
    days: set[int] = set()
    for part in re.split(r"[,\s/]+", written):
        if not part:
            continue
        ends = part.split("-")
        if len(ends) > 2:
            raise ValueError(f"'{part}' is not a span of days; write it like Mon-Fri")
        numbers = []
        for end in ends:
            key = end[:3].lower()
            if key not in _DAY_WORDS:
                raise ValueError(f"'{end}' is not a weekday; use Mon, Tue … Sun")
            numbers.append(_DAY_WORDS[key])
        if len(numbers) == 1:
            days.add(numbers[0])
        else:
            first, last = numbers
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
            days.update(span)
    return frozenset(days)


def parse_clock_time(typed: str) -> int:
    """'06:45', '6.45', '7', '7am' or '4:30 pm' as minutes after midnight."""
    text = typed.strip().lower().replace(" ", "")
    match = re.fullmatch(r"(\d{1,2})(?:[:.h](\d{2}))?(am|pm)?", text)
    if not match:
        raise ValueError(f"'{typed}' is not a time of day; write it like 06:45 or 4:30pm")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            raise ValueError(f"'{typed}' is not a time of day; am/pm hours run 1 to 12")
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour == 24 and minute == 0:
        return 24 * 60
    if hour > 23 or minute > 59:
        raise ValueError(f"'{typed}' is not a time of day")
    return hour * 60 + minute


def _entry_time(typed: str, position: int, field: str) -> int:
    try:
        return parse_clock_time(typed)
    except ValueError as error:
        raise InvalidEntry(position - 1, field, f"best time {position}: {error}") from None


def set_best_times(
    store: Store, clock: Clock, contact_id: int, entries: Sequence[BestTimeEntry]
) -> Changed:
    """Replace their best-time windows (in their own zone)."""
    rows = []
    for position, entry in enumerate(entries, 1):
        if not (entry.start.strip() or entry.end.strip()):
            if entry.days.strip() or entry.note.strip():
                raise InvalidEntry(
                    position - 1, "start", f"best time {position} needs a from and a to time"
                )
            continue
        try:
            weekdays = parse_weekdays(entry.days)
        except ValueError as error:
            raise InvalidEntry(position - 1, "days", f"best time {position}: {error}") from None
        start = _entry_time(entry.start, position, "start")
        end = _entry_time(entry.end, position, "end")
        if end <= start:
            raise InvalidEntry(
                position - 1, "end", f"best time {position}: it must end after it starts"
            )
        rows.append(
            BestTime(
                weekday_mask=weekdays_to_mask(weekdays),
                start_minute=start,
                end_minute=end,
                note=entry.note.strip()[:300],
            )
        )
    with store.begin() as session:
        contact = _contact(session, contact_id)
        contact.best_times = rows
        contact.updated_at = clock.now()
    return Changed(frozenset({contact_id}), today=True)


CHANNEL_WORDS = {
    "phone": ReachChannel.PHONE,
    "call": ReachChannel.PHONE,
    "text": ReachChannel.TEXT,
    "sms": ReachChannel.TEXT,
    "text first": ReachChannel.TEXT,
    "email": ReachChannel.EMAIL,
    "e-mail": ReachChannel.EMAIL,
    "mail": ReachChannel.EMAIL,
    "assistant": ReachChannel.ASSISTANT,
    "via assistant": ReachChannel.ASSISTANT,
    "through the assistant": ReachChannel.ASSISTANT,
    "gatekeeper": ReachChannel.ASSISTANT,
    "in person": ReachChannel.IN_PERSON,
    "in-person": ReachChannel.IN_PERSON,
    "meet": ReachChannel.IN_PERSON,
    "video": ReachChannel.VIDEO,
}


def parse_channels(typed: str) -> list[ReachChannel]:
    """'text, call, email' as channels, best first; an unknown word is refused by name."""
    found: list[ReachChannel] = []
    for part in re.split(r"[,;>→]+", typed):
        word = " ".join(part.lower().split())
        if not word:
            continue
        if word not in CHANNEL_WORDS:
            raise Invalid(
                f"'{part.strip()}' is not a channel; use call, text, email, via assistant, "
                "in person or video"
            )
        if CHANNEL_WORDS[word] not in found:
            found.append(CHANNEL_WORDS[word])
    return found


def set_channels(
    store: Store, clock: Clock, contact_id: int, channels: Sequence[ReachChannel]
) -> Changed:
    """Set their preferred channels, best first."""
    ordered = list(dict.fromkeys(ReachChannel(c) for c in channels))
    with store.begin() as session:
        contact = _contact(session, contact_id)
        contact.preferred_channels = [c.value for c in ordered]
        contact.updated_at = clock.now()
    return Changed(frozenset({contact_id}), today=True)


def set_tags(store: Store, clock: Clock, contact_id: int, names: Sequence[str]) -> Changed:
    """Replace the tags they are filed under."""
    for name in names:
        if len(name.strip()) > 80:
            raise Invalid(f"a tag is at most 80 characters: '{name.strip()[:20]}…'")
    with store.begin() as session:
        contact = _contact(session, contact_id)
        contact.tags = tag_rows(session, list(names))
        contact.updated_at = clock.now()
    return Changed(frozenset({contact_id}), contact_list=True)


def snooze(store: Store, clock: Clock, contact_id: int, until: datetime | None) -> Changed:
    """Keep them off Today until `until` (aware); None wakes them now."""
    if until is not None:
        if until.tzinfo is None:
            raise Invalid("a snooze needs a time zone")
        if until <= clock.now():
            raise Invalid("a snooze must end in the future")
    with store.begin() as session:
        contact = _contact(session, contact_id)
        contact.snoozed_until = until
        contact.updated_at = clock.now()
    return Changed(frozenset({contact_id}), today=True)
