"""Exports: vCard 4.0 of all or chosen contacts, the calendar of planned calls and dates, JSON."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from callbook.domain.clock import Clock
from callbook.domain.dates import YearlyDate
from callbook.domain.names import shown_name
from callbook.interchange.ics_write import CalendarEntry, write_calendar
from callbook.interchange.records import BIRTHDAY, LabelledDate, Relative
from callbook.interchange.targets import write_export
from callbook.interchange.vcard_write import ContactForExport, write_vcards
from callbook.services.backup_json import DamagedText, backup_bytes, reading_damaged_text
from callbook.services.changes import Invalid, NotFound
from callbook.store.engine import Store
from callbook.store.models import (
    Contact,
    FamilyMember,
    ImportantDate,
    Interaction,
    Interest,
    OpenLoop,
    Phone,
    Tag,
    contact_tags,
)

# Check-ins further ahead than this stay out of the calendar; overdue ones are on Today.
CHECKIN_HORIZON_DAYS = 60


class ExportFormat(StrEnum):
    """What the rep can export to."""

    VCARD = "vcard"
    ICS = "ics"
    JSON = "json"

    @property
    def suffix(self) -> str:
        """The usual file name ending."""
        return {"vcard": ".vcf", "ics": ".ics", "json": ".json"}[self.value]


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    path: Path
    items: int
    what: str
    warnings: tuple[str, ...] = ()

    def describe(self) -> str:
        """'Wrote 812 contacts to contacts.vcf' ('1 contact' for one)."""
        what = self.what
        if self.items == 1:
            what = what.replace("contacts", "contact", 1).replace("events", "event", 1)
        return f"Wrote {self.items:,} {what} to {self.path}"


def export_to_file(
    store: Store,
    clock: Clock,
    kind: ExportFormat,
    path: Path,
    contact_ids: Sequence[int] | None = None,
) -> ExportReport:
    """Write one export to `path` (owner-only, via a temporary file then renamed)."""
    damaged = DamagedText()
    if kind is ExportFormat.VCARD:
        contacts = contacts_for_export(store, contact_ids, damaged)
        data = write_vcards(contacts).encode("utf-8")
        count, what = len(contacts), "contacts"
    elif kind is ExportFormat.ICS:
        if contact_ids is not None:
            raise Invalid("the calendar export covers every contact; leave out the chosen ones")
        entries = calendar_entries(store, clock, damaged)
        data = write_calendar(entries, clock.now())
        count, what = len(entries), "calendar events"
    else:
        if contact_ids is not None:
            raise Invalid("the JSON backup holds everything; leave out the chosen contacts")
        data = backup_bytes(store, clock, damaged)
        with store.read() as session:
            count = len(session.scalars(select(Contact.id)).all())
        what = "contacts with everything about them"
    try:
        write_export(path, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise Invalid(f"cannot write {path}: {reason}") from None
    warning = damaged.warning()
    return ExportReport(path, count, what, (warning,) if warning else ())


def contacts_for_export(
    store: Store, contact_ids: Sequence[int] | None = None, damaged: DamagedText | None = None
) -> list[ContactForExport]:
    """The contacts (all, or the ones chosen) with phones, dates, family and tags."""
    with store.read() as session, reading_damaged_text(session, damaged or DamagedText()):
        # In the order they were added, so an import into an empty folder gives the same ids.
        query = select(Contact).order_by(Contact.id)
        if contact_ids is not None:
            wanted = sorted(set(contact_ids))
            query = query.where(Contact.id.in_(wanted))
        rows = list(session.scalars(query))
        if contact_ids is not None:
            missing = set(contact_ids) - {r.id for r in rows}
            if missing:
                raise NotFound(f"no contact has the id {min(missing)}")
        ids = [r.id for r in rows]
        chosen = ids if contact_ids is not None else None
        phones, dates, family, tags = _children(session, chosen)
        interests = _interests(session, chosen)
        return [
            ContactForExport(
                contact_id=row.id,
                created_at=row.created_at,
                updated_at=row.updated_at,
                first_name=row.first_name,
                last_name=row.last_name,
                company=row.company,
                title=row.title,
                email=row.email,
                phones=phones[row.id],
                dates=dates[row.id],
                family=family[row.id],
                tags=tags[row.id],
                notes=row.notes,
                time_zone=row.time_zone,
                assistant_name=row.assistant_name,
                assistant_phone=row.assistant_phone,
                boss_name=row.boss_name,
                interests=interests[row.id],
            )
            for row in rows
        ]


def _interests(session: Session, ids: list[int] | None) -> dict[int, list[str]]:
    query = select(Interest.contact_id, Interest.text).order_by(Interest.id)
    if ids is not None:
        query = query.where(Interest.contact_id.in_(ids))
    interests: dict[int, list[str]] = defaultdict(list)
    for contact_id, text in session.execute(query):
        interests[contact_id].append(text)
    return interests


def _children(
    session: Session, ids: list[int] | None
) -> tuple[
    dict[int, list[tuple[str, str]]],
    dict[int, list[LabelledDate]],
    dict[int, list[Relative]],
    dict[int, list[str]],
]:
    phones: dict[int, list[tuple[str, str]]] = defaultdict(list)
    dates: dict[int, list[LabelledDate]] = defaultdict(list)
    family: dict[int, list[Relative]] = defaultdict(list)
    tags: dict[int, list[str]] = defaultdict(list)
    phone_query = select(Phone).order_by(Phone.contact_id, Phone.position, Phone.id)
    date_query = select(ImportantDate).order_by(ImportantDate.id)
    family_query = select(FamilyMember).order_by(FamilyMember.id)
    tag_query = (
        select(contact_tags.c.contact_id, Tag.name)
        .join(Tag, Tag.id == contact_tags.c.tag_id)
        .order_by(Tag.name)
    )
    if ids is not None:
        phone_query = phone_query.where(Phone.contact_id.in_(ids))
        date_query = date_query.where(ImportantDate.contact_id.in_(ids))
        family_query = family_query.where(FamilyMember.contact_id.in_(ids))
        tag_query = tag_query.where(contact_tags.c.contact_id.in_(ids))
    for phone in session.scalars(phone_query):
        phones[phone.contact_id].append((phone.label, phone.e164))
    for row in session.scalars(date_query):
        dates[row.contact_id].append(
            LabelledDate(row.label, YearlyDate(row.month, row.day, row.year))
        )
    for person in session.scalars(family_query):
        birthday = (
            YearlyDate(person.birth_month, person.birth_day, person.birth_year)
            if person.birth_month and person.birth_day
            else None
        )
        family[person.contact_id].append(Relative(person.name, person.relation, birthday))
    for contact_id, name in session.execute(tag_query):
        tags[contact_id].append(name)
    return phones, dates, family, tags


def calendar_entries(
    store: Store, clock: Clock, damaged: DamagedText | None = None
) -> list[CalendarEntry]:
    """Follow-ups, chase attempts, coming check-ins, birthdays and dates, in a stable order."""
    today = clock.now().astimezone(clock.zone()).date()
    horizon = today + timedelta(days=CHECKIN_HORIZON_DAYS)
    entries: list[CalendarEntry] = []
    with store.read() as session, reading_damaged_text(session, damaged or DamagedText()):
        names = {
            row.id: shown_name(row.first_name, row.last_name, row.company)
            for row in session.execute(
                select(Contact.id, Contact.first_name, Contact.last_name, Contact.company)
            )
        }
        follow_ups = select(Interaction).where(
            Interaction.next_step_due.is_not(None), Interaction.next_step_done_at.is_(None)
        )
        for touch in session.scalars(follow_ups.order_by(Interaction.id)):
            assert touch.next_step_due is not None
            name = names[touch.contact_id]
            step = touch.next_step.strip() or "follow up"
            entries.append(
                CalendarEntry(
                    uid=f"follow-up-{touch.id}",
                    summary=f"Follow up with {name}: {_one_line(step)}",
                    description=_joined(step, touch.note),
                    on=touch.next_step_due,
                    category="Follow-up",
                )
            )
        chases = select(OpenLoop).where(
            OpenLoop.closed_at.is_(None), OpenLoop.next_attempt_on.is_not(None)
        )
        for loop in session.scalars(chases.order_by(OpenLoop.id)):
            assert loop.next_attempt_on is not None
            subject = f" about {loop.subject}" if loop.subject else ""
            entries.append(
                CalendarEntry(
                    uid=f"chase-{loop.id}",
                    summary=f"Try {names[loop.contact_id]} again ({loop.kind}{subject})",
                    description=f"Waiting on them since {loop.opened_at:%d %b %Y}; "
                    f"{loop.attempts} attempt{'s' if loop.attempts != 1 else ''} so far.",
                    on=loop.next_attempt_on,
                    category="Chase",
                )
            )
        checkins = select(Contact.id, Contact.checkin_due_at, Contact.snoozed_until)
        for contact_id, due_at, snoozed in session.execute(checkins.order_by(Contact.id)):
            when = max(due_at, snoozed) if snoozed else due_at
            due = when.astimezone(clock.zone()).date()
            if today <= due <= horizon:
                entries.append(
                    CalendarEntry(
                        uid=f"checkin-{contact_id}",
                        summary=f"Personal check-in: {names[contact_id]}",
                        description="A 'how are you, how's the family?' call, no ask.",
                        on=due,
                        category="Check-in",
                    )
                )
        for row in session.scalars(select(ImportantDate).order_by(ImportantDate.id)):
            name = names[row.contact_id]
            summary = (
                f"{name}'s birthday" if row.label == BIRTHDAY else f"{name}: {row.label.lower()}"
            )
            entries.append(
                CalendarEntry(
                    uid=f"date-{row.id}",
                    summary=summary,
                    description="",
                    yearly=YearlyDate(row.month, row.day, row.year),
                    category="Birthday" if row.label == BIRTHDAY else "Date",
                )
            )
        family = select(FamilyMember).where(
            FamilyMember.birth_month.is_not(None), FamilyMember.birth_day.is_not(None)
        )
        for person in session.scalars(family.order_by(FamilyMember.id)):
            assert person.birth_month is not None and person.birth_day is not None
            whose = names[person.contact_id]
            relation = f"{whose}'s {person.relation}" if person.relation else f"family of {whose}"
            entries.append(
                CalendarEntry(
                    uid=f"family-birthday-{person.id}",
                    summary=f"{person.name}'s birthday ({relation})",
                    description=person.notes,
                    yearly=YearlyDate(person.birth_month, person.birth_day, person.birth_year),
                    category="Birthday",
                )
            )
    return entries


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 80 else line[:77] + "..."


def _joined(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p.strip())
