"""Every in-place edit on the contact card, one transaction each, checked before it is stored."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from callbook.domain.card_fields import (
    LIST_FIELDS,
    MAX_NOTE,
    NOTE_FIELDS,
    SEARCHED_FIELDS,
    SHORT_LIMITS,
    TODAY_FIELDS,
    BestTimeEntry,
    CardField,
    FamilyEntry,
    parse_birthday,
    parse_clock_time,
    parse_weekdays,
)
from callbook.domain.clock import Clock
from callbook.domain.emails import email_problem
from callbook.domain.phones import parse_phone
from callbook.domain.vocabulary import (
    ReachChannel,
    Tier,
)
from callbook.domain.windows import (
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
    Interest,
    Phone,
)


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
