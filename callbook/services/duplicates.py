"""Possible duplicates: listed on the card, merged into one card, or marked as two people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Table, delete, or_, select, text, update
from sqlalchemy.orm import Session

from callbook.domain.clock import Clock
from callbook.domain.names import shown_name
from callbook.services import search
from callbook.services.aggregates import refresh_contact
from callbook.services.changes import Changed, Invalid, NotFound
from callbook.store.engine import Store
from callbook.store.models import (
    Base,
    Contact,
    FamilyMember,
    ImportantDate,
    Interest,
    Phone,
    PossibleDuplicate,
    contact_tags,
)

BIRTHDAY = "Birthday"


class MergeField(StrEnum):
    """A value the two cards may disagree on; the rep picks which one the merged card keeps."""

    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    COMPANY = "company"
    TITLE = "title"
    EMAIL = "email"
    TIER = "tier"
    ACCOUNT_VALUE = "account_value"
    TIME_ZONE = "time_zone"
    CHECKIN_RHYTHM = "checkin_rhythm_days"
    PLACE = "place"
    ASSISTANT_NAME = "assistant_name"
    ASSISTANT_PHONE = "assistant_phone"
    BOSS_NAME = "boss_name"
    INDUSTRY = "industry"
    ROLE_FUNCTION = "role_function"
    BIRTHDAY = "birthday"

    @property
    def label(self) -> str:
        """The field as the card names it."""
        return _LABELS[self]


_LABELS = {
    MergeField.FIRST_NAME: "First name",
    MergeField.LAST_NAME: "Last name",
    MergeField.COMPANY: "Company",
    MergeField.TITLE: "Title",
    MergeField.EMAIL: "Email",
    MergeField.TIER: "Tier",
    MergeField.ACCOUNT_VALUE: "Account value",
    MergeField.TIME_ZONE: "Time zone",
    MergeField.CHECKIN_RHYTHM: "Check-in rhythm",
    MergeField.PLACE: "Place",
    MergeField.ASSISTANT_NAME: "Assistant",
    MergeField.ASSISTANT_PHONE: "Assistant's phone",
    MergeField.BOSS_NAME: "Boss",
    MergeField.INDUSTRY: "Industry",
    MergeField.ROLE_FUNCTION: "Role",
    MergeField.BIRTHDAY: "Birthday",
}
# Free text both cards may hold: the merged card keeps both, one after the other.
_JOINED_TEXTS = (
    "notes",
    "personal_notes",
    "assistant_notes",
    "reception_notes",
    "question_answer",
    "on_their_mind",
    "company_notes",
)
# What moves to the kept card, counted for the confirmation, in the rep's words.
_MOVING = {
    "interactions": ("touch", "touches"),
    "open_loops": ("open loop", "open loops"),
    "gives": ("give", "gives"),
    "give_ideas": ("idea to give", "ideas to give"),
    "family_members": ("family member", "family members"),
    "phones": ("number", "numbers"),
    "important_dates": ("date", "dates"),
    "interests": ("interest", "interests"),
    "best_times": ("best time", "best times"),
}


@dataclass(frozen=True)
class DuplicateLine:
    """Someone this contact might be, as the card lists them."""

    other_id: int
    other_name: str
    other_company: str
    why: str


@dataclass(frozen=True)
class Difference:
    """One value the two cards disagree on: what the kept card has, what the other has."""

    field: MergeField
    kept: str
    other: str


@dataclass(frozen=True)
class MergePreview:
    """What merging `other` into `kept` would do, for the rep to confirm."""

    kept_id: int
    other_id: int
    kept_name: str
    other_name: str
    differences: tuple[Difference, ...]
    moving: tuple[tuple[str, int], ...]  # ('touches', 12): what moves to the kept card

    def description(self, take_other: frozenset[MergeField] = frozenset()) -> str:
        """What happens, in a sentence or three the confirmation shows as it is."""
        counted = [(what, count) for what, count in self.moving if count]
        moved = ", ".join(f"{count:,} {what}" for what, count in counted)
        verb = "moves" if len(counted) == 1 and counted[0][1] == 1 else "move"
        said = [
            f"{self.other_name}'s card goes into {self.kept_name}'s"
            + (f": {moved} {verb} over." if moved else ".")
        ]
        kept = [d for d in self.differences if d.field not in take_other]
        taken = [d for d in self.differences if d.field in take_other]
        if taken:
            said.append(
                "From "
                + f"{self.other_name}'s card: "
                + "; ".join(f"{d.field.label.lower()} {d.other}" for d in taken)
                + "."
            )
        if any(d.field is MergeField.EMAIL for d in self.differences):
            said.append("The email not kept stays in the notes as another email.")
        if kept or taken:
            said.append("Both cards' numbers, family, interests, tags and notes are kept.")
        said.append(f"{self.other_name}'s own card is then removed.")
        return " ".join(said)


def possible_duplicates_of(store: Store, contact_id: int) -> list[DuplicateLine]:
    """The contacts an import kept apart from this one, not yet merged or marked as others."""
    with store.read() as session:
        rows = session.execute(
            select(PossibleDuplicate.contact_id, PossibleDuplicate.other_id, PossibleDuplicate.why)
            .where(
                or_(
                    PossibleDuplicate.contact_id == contact_id,
                    PossibleDuplicate.other_id == contact_id,
                ),
                PossibleDuplicate.not_same_person.is_(False),
            )
            .order_by(PossibleDuplicate.id)
        ).all()
        lines = []
        for one, two, why in rows:
            other = session.get(Contact, two if one == contact_id else one)
            if other is not None:
                lines.append(
                    DuplicateLine(
                        other.id,
                        shown_name(other.first_name, other.last_name, other.company),
                        other.company,
                        why,
                    )
                )
        return lines


def note_possible_duplicates(
    session: Session, pairs: list[tuple[int, int, str]], now: datetime
) -> None:
    """Remember pairs an import kept apart, unless the rep already said they are two people."""
    for contact_id, other_id, why in pairs:
        if contact_id == other_id or _pair(session, contact_id, other_id) is not None:
            continue
        session.add(
            PossibleDuplicate(contact_id=contact_id, other_id=other_id, why=why, noted_at=now)
        )


def mark_not_same_person(store: Store, clock: Clock, contact_id: int, other_id: int) -> Changed:
    """The two are different people: the pair is never suggested again."""
    with store.begin() as session:
        _both(session, contact_id, other_id)
        pair = _pair(session, contact_id, other_id)
        if pair is None:
            pair = PossibleDuplicate(contact_id=contact_id, other_id=other_id, noted_at=clock.now())
            session.add(pair)
        pair.not_same_person = True
        pair.noted_at = clock.now()
    return Changed(frozenset({contact_id, other_id}))


def merge_preview(store: Store, kept_id: int, other_id: int) -> MergePreview:
    """Where the two cards differ and what would move; NotFound or Invalid as the merge."""
    with store.read() as session:
        kept, other = _both(session, kept_id, other_id)
        counts = (
            (words, _count(session, name, other_id, kept_id)) for name, words in _MOVING.items()
        )
        moving = tuple((one if count == 1 else many, count) for (one, many), count in counts)
        return MergePreview(
            kept_id,
            other_id,
            shown_name(kept.first_name, kept.last_name, kept.company),
            shown_name(other.first_name, other.last_name, other.company),
            tuple(_differences(kept, other)),
            moving,
        )


def merge_contacts(
    store: Store,
    clock: Clock,
    kept_id: int,
    other_id: int,
    take_other: frozenset[MergeField] = frozenset(),
) -> Changed:
    """Merge `other` into `kept` in one transaction: the values in `take_other` come from the
    other card, every other difference keeps the kept card's; numbers, emails, family,
    interests, tags, dates and notes of both are kept; touches, gives, ideas, loops and
    everything else of the other card move over; the other card is removed."""
    now = clock.now()
    with store.begin() as session:
        kept, other = _both(session, kept_id, other_id)
        differing = {d.field for d in _differences(kept, other)}
        for field in MergeField:
            if field is MergeField.BIRTHDAY:
                continue
            mine, theirs = getattr(kept, field.value), getattr(other, field.value)
            if _empty(theirs):
                continue
            if _empty(mine) or (field in differing and field in take_other):
                # What the kept card lacks it takes; where they differ, what the rep picked.
                setattr(kept, field.value, theirs)
                if field is MergeField.EMAIL and not _empty(mine):
                    kept.notes = _joined(kept.notes, f"Other email: {mine}")
            elif field is MergeField.EMAIL and field in differing:
                kept.notes = _joined(kept.notes, f"Other email: {theirs}")
        for name in _JOINED_TEXTS:
            setattr(kept, name, _joined(getattr(kept, name), getattr(other, name)))
        kept.question_asked = kept.question_asked or other.question_asked
        kept.preferred_channels = list(
            dict.fromkeys([*(kept.preferred_channels or []), *(other.preferred_channels or [])])
        )
        kept.updated_at = now
        session.flush()
        _drop_what_the_kept_card_has(session, kept_id, other_id, take_other)
        session.flush()
        _move_everything(session, kept_id, other_id)
        session.execute(delete(Contact).where(Contact.id == other_id))
        session.execute(
            delete(PossibleDuplicate).where(
                PossibleDuplicate.contact_id == PossibleDuplicate.other_id
            )
        )
        search.reindex_contact(session, other_id)
        session.expire_all()
        merged = session.get(Contact, kept_id)
        assert merged is not None
        refresh_contact(session, merged, now, clock.zone())
        search.reindex_contact(session, kept_id)
    return Changed(
        frozenset({kept_id, other_id}), today=True, loops=True, contact_list=True, scripts=False
    )


def _both(session: Session, kept_id: int, other_id: int) -> tuple[Contact, Contact]:
    if kept_id == other_id:
        raise Invalid("a contact cannot be merged with itself")
    kept, other = session.get(Contact, kept_id), session.get(Contact, other_id)
    for contact, wanted in ((kept, kept_id), (other, other_id)):
        if contact is None:
            raise NotFound(f"there is no contact {wanted}; it may have been merged or erased")
    assert kept is not None and other is not None
    return kept, other


def _pair(session: Session, one: int, two: int) -> PossibleDuplicate | None:
    return session.scalars(
        select(PossibleDuplicate).where(
            or_(
                (PossibleDuplicate.contact_id == one) & (PossibleDuplicate.other_id == two),
                (PossibleDuplicate.contact_id == two) & (PossibleDuplicate.other_id == one),
            )
        )
    ).first()


def _differences(kept: Contact, other: Contact) -> list[Difference]:
    found = []
    for field in MergeField:
        if field is MergeField.BIRTHDAY:
            mine, theirs = _birthday_text(kept), _birthday_text(other)
        else:
            mine, theirs = getattr(kept, field.value), getattr(other, field.value)
        if _empty(mine) or _empty(theirs) or str(mine).strip() == str(theirs).strip():
            continue
        found.append(Difference(field, str(mine), str(theirs)))
    return found


def _birthday_text(contact: Contact) -> str:
    for date in contact.dates:
        if date.label == BIRTHDAY:
            year = f"{date.year:04}" if date.year else "-"
            return f"{year}-{date.month:02}-{date.day:02}"
    return ""


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _joined(mine: str | None, theirs: str | None) -> str:
    mine, theirs = (mine or "").strip(), (theirs or "").strip()
    if not theirs or theirs.casefold() in mine.casefold():
        return mine
    return f"{mine}\n\n{theirs}" if mine else theirs


def _count(session: Session, table_name: str, contact_id: int, kept_id: int) -> int:
    table = Base.metadata.tables[table_name]
    rows = select(text("count(*)")).select_from(table).where(table.c.contact_id == contact_id)
    if table_name == "phones":
        # A number both cards have stays once: it does not move.
        rows = rows.where(
            table.c.e164.not_in(select(Phone.e164).where(Phone.contact_id == kept_id))
        )
    return session.scalar(rows) or 0


def _drop_what_the_kept_card_has(
    session: Session, kept_id: int, other_id: int, take_other: frozenset[MergeField]
) -> None:
    """Delete the other card's rows the kept card already holds, so nothing shows twice."""
    numbers = select(Phone.e164).where(Phone.contact_id == kept_id)
    session.execute(delete(Phone).where(Phone.contact_id == other_id, Phone.e164.in_(numbers)))
    shift = session.scalar(
        select(text("coalesce(max(position) + 1, 0)")).where(Phone.contact_id == kept_id)
    )
    session.execute(
        update(Phone).where(Phone.contact_id == other_id).values(position=Phone.position + shift)
    )
    for model, column in ((FamilyMember, FamilyMember.name), (Interest, Interest.text)):
        have = {
            str(v).casefold()
            for v in session.scalars(select(column).where(model.contact_id == kept_id))
        }
        twice = [
            row_id
            for row_id, value in session.execute(
                select(model.id, column).where(model.contact_id == other_id)
            )
            if str(value).casefold() in have
        ]
        session.execute(delete(model).where(model.id.in_(twice)))
    dates = {
        (label.casefold(), month, day)
        for label, month, day in session.execute(
            select(ImportantDate.label, ImportantDate.month, ImportantDate.day).where(
                ImportantDate.contact_id == kept_id
            )
        )
    }
    kept_birthday = any(label == BIRTHDAY.casefold() for label, _m, _d in dates)
    drop = []
    for row_id, label, month, day in session.execute(
        select(ImportantDate.id, ImportantDate.label, ImportantDate.month, ImportantDate.day).where(
            ImportantDate.contact_id == other_id
        )
    ):
        if (label.casefold(), month, day) in dates:
            drop.append(row_id)
        elif label == BIRTHDAY and kept_birthday:
            # One birthday a person: the one the rep chose.
            if MergeField.BIRTHDAY in take_other:
                session.execute(
                    delete(ImportantDate).where(
                        ImportantDate.contact_id == kept_id, ImportantDate.label == BIRTHDAY
                    )
                )
            else:
                drop.append(row_id)
    session.execute(delete(ImportantDate).where(ImportantDate.id.in_(drop)))
    tags = select(contact_tags.c.tag_id).where(contact_tags.c.contact_id == kept_id)
    session.execute(
        delete(contact_tags).where(
            contact_tags.c.contact_id == other_id, contact_tags.c.tag_id.in_(tags)
        )
    )
    session.execute(
        delete(PossibleDuplicate).where(
            or_(
                (PossibleDuplicate.contact_id == kept_id)
                & (PossibleDuplicate.other_id == other_id),
                (PossibleDuplicate.contact_id == other_id)
                & (PossibleDuplicate.other_id == kept_id),
            )
        )
    )


def _move_everything(session: Session, kept_id: int, other_id: int) -> None:
    """Point every row of every table that names the other contact at the kept one.

    Read from the schema, as erasing is, so a table added later that points at contacts
    moves too. A row that would then be there twice (the same pair noted again) is left
    behind and goes with the other card."""
    contacts = Base.metadata.tables["contacts"]
    for table in Base.metadata.sorted_tables:
        if table is contacts:
            continue
        for column in _columns_naming_contacts(table, contacts):
            session.execute(
                text(f"UPDATE OR IGNORE {table.name} SET {column} = :kept WHERE {column} = :other"),
                {"kept": kept_id, "other": other_id},
            )


def _columns_naming_contacts(table: Table, contacts: Table) -> list[str]:
    return [
        fk.parent.name
        for fk in table.foreign_keys
        if fk.column.table is contacts and fk.column.name == "id"
    ]
