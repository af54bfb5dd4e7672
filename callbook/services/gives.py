"""The gives log (F12): what was given, introductions between two contacts, ideas to give next."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from callbook.domain.clock import Clock
from callbook.domain.gives import (
    Balance,
    checked_description,
    parse_given_on,
    parse_kind,
)
from callbook.domain.vocabulary import GiveKind
from callbook.services.aggregates import contact_balance, refresh_balance
from callbook.services.changes import Changed, Invalid, NotFound
from callbook.store.engine import Store
from callbook.store.models import Contact, Give, GiveIdea, Interaction

MAX_IDEAS = 50


@dataclass(frozen=True)
class GiveForm:
    """A give as the rep typed it: the kind as a word or picked, the rest as typed."""

    contact_id: int
    kind: GiveKind | str
    description: str
    given_on: str = ""
    other_contact_id: int | None = None


@dataclass(frozen=True)
class GiveRecorded:
    """The give stored, and what it changed."""

    give_id: int
    given_on: date
    changed: Changed


@dataclass(frozen=True)
class GiveLine:
    """One give as a card or the terminal shows it."""

    give_id: int
    given_on: date
    kind: GiveKind
    description: str
    other_contact_id: int | None
    other_name: str | None

    @property
    def is_introduction(self) -> bool:
        """True for an introduction, whether or not the other side is still in the book."""
        return self.kind is GiveKind.INTRO and (
            self.other_contact_id is not None or not self.description
        )

    def words(self) -> str:
        """'Introduction or referral: intro to Dana for their ERP search (with Dana Ruiz)'."""
        if self.kind is GiveKind.INTRO and self.other_contact_id is None and not self.description:
            return "An introduction"  # the other side was erased, and their words with them
        text = f"{self.kind.label}: {self.description}" if self.description else self.kind.label
        if self.other_name is not None:
            text += f" (introduced to {self.other_name})"
        return text


@dataclass(frozen=True)
class IdeaLine:
    """Something to give next."""

    idea_id: int
    kind: GiveKind
    text: str
    other_contact_id: int | None
    other_name: str | None


@dataclass(frozen=True)
class GivesLog:
    """A contact's gives, newest first, their balance, and ideas to give next."""

    contact_id: int
    name: str
    balance: Balance
    gives: tuple[GiveLine, ...]
    ideas: tuple[IdeaLine, ...]


def _kind(kind: GiveKind | str) -> GiveKind:
    if isinstance(kind, GiveKind):
        return kind
    try:
        return parse_kind(kind)
    except ValueError as error:
        raise Invalid(str(error)) from None


def _description(typed: str) -> str:
    try:
        return checked_description(typed)
    except ValueError as error:
        raise Invalid(str(error)) from None


def _today(clock: Clock) -> date:
    return clock.now().astimezone(clock.zone()).date()


def _contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact has the id {contact_id}; they may have been erased")
    return contact


def _other_side(
    session: Session, contact: Contact, kind: GiveKind, other_contact_id: int | None
) -> Contact | None:
    if other_contact_id is None:
        return None
    if kind is not GiveKind.INTRO:
        raise Invalid(
            f"only an introduction or referral names a second person; this is {kind.label.lower()}"
        )
    if other_contact_id == contact.id:
        raise Invalid(
            f"an introduction is between two people: pick someone other than {contact.name} "
            "for the other side"
        )
    return _contact(session, other_contact_id)


def record_give_in(
    session: Session,
    clock: Clock,
    form: GiveForm,
    interaction_id: int | None = None,
) -> GiveRecorded:
    """Store one give inside the caller's transaction; bad input is refused before anything."""
    kind = _kind(form.kind)
    description = _description(form.description)
    try:
        on = parse_given_on(form.given_on, _today(clock))
    except ValueError as error:
        raise Invalid(str(error)) from None
    contact = _contact(session, form.contact_id)
    other = _other_side(session, contact, kind, form.other_contact_id)
    row = Give(
        contact_id=contact.id,
        given_on=on,
        kind=kind.value,
        note=description,
        other_contact_id=other.id if other is not None else None,
        interaction_id=interaction_id,
        logged_at=clock.now(),
    )
    session.add(row)
    touched = {contact.id}
    for side in (contact, other):
        if side is not None:
            refresh_balance(session, side, clock.now(), clock.zone())
            touched.add(side.id)
    session.flush()
    return GiveRecorded(row.id, on, Changed(frozenset(touched), today=True, contact_list=True))


def record_give(store: Store, clock: Clock, form: GiveForm) -> GiveRecorded:
    """Store one give in one transaction."""
    # Checked before the transaction too, so a typo never waits on the writer lock.
    _kind(form.kind)
    _description(form.description)
    with store.begin() as session:
        return record_give_in(session, clock, form)


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {c.id: c.name for c in session.scalars(select(Contact).where(Contact.id.in_(ids)))}


def gives_log(store: Store, clock: Clock, contact_id: int) -> GivesLog:
    """A contact's gives (their side of introductions too), balance and ideas."""
    with store.read() as session:
        contact = _contact(session, contact_id)
        rows = list(
            session.scalars(
                select(Give)
                .where(or_(Give.contact_id == contact_id, Give.other_contact_id == contact_id))
                .order_by(Give.given_on.desc(), Give.id.desc())
            )
        )
        ideas = list(
            session.scalars(
                select(GiveIdea)
                .where(GiveIdea.contact_id == contact_id)
                .order_by(GiveIdea.created_at, GiveIdea.id)
            )
        )

        def across(owner: int, other: int | None) -> int | None:
            # The person on the far side of an introduction, seen from this card.
            if other is None:
                return None
            return other if owner == contact_id else owner

        sides = {across(r.contact_id, r.other_contact_id) for r in rows}
        sides |= {i.other_contact_id for i in ideas}
        names = _names(session, {s for s in sides if s is not None})
        lines = []
        for row in rows:
            other = across(row.contact_id, row.other_contact_id)
            lines.append(
                GiveLine(
                    row.id,
                    row.given_on,
                    _stored_kind(row.kind),
                    row.note,
                    other,
                    names.get(other) if other is not None else None,
                )
            )
        return GivesLog(
            contact_id,
            contact.name,
            contact_balance(session, contact_id, clock.now(), clock.zone()),
            tuple(lines),
            tuple(
                IdeaLine(
                    i.id,
                    _stored_kind(i.kind),
                    i.text,
                    i.other_contact_id,
                    names.get(i.other_contact_id) if i.other_contact_id else None,
                )
                for i in ideas
            ),
        )


def _stored_kind(value: str) -> GiveKind:
    try:
        return GiveKind(value)
    except ValueError:
        return GiveKind.OTHER


def add_idea(
    store: Store,
    clock: Clock,
    contact_id: int,
    text: str,
    kind: GiveKind | str = GiveKind.ARTICLE,
    other_contact_id: int | None = None,
) -> Changed:
    """Keep an idea of something to give them next."""
    which = _kind(kind)
    words = _description(text)
    with store.begin() as session:
        contact = _contact(session, contact_id)
        other = _other_side(session, contact, which, other_contact_id)
        count = len(
            session.scalars(select(GiveIdea.id).where(GiveIdea.contact_id == contact_id)).all()
        )
        if count >= MAX_IDEAS:
            raise Invalid(
                f"{contact.name} already has {MAX_IDEAS} ideas to give; tick some off first"
            )
        session.add(
            GiveIdea(
                contact_id=contact_id,
                kind=which.value,
                text=words,
                other_contact_id=other.id if other is not None else None,
                created_at=clock.now(),
            )
        )
    return Changed(frozenset({contact_id}))


def _idea(session: Session, idea_id: int) -> GiveIdea:
    idea = session.get(GiveIdea, idea_id)
    if idea is None:
        raise NotFound("that idea is no longer on the list; it was given or dropped already")
    return idea


def give_idea(store: Store, clock: Clock, idea_id: int, given_on: str = "") -> GiveRecorded:
    """Tick an idea off as given: it leaves the list and becomes a give, in one go."""
    with store.begin() as session:
        idea = _idea(session, idea_id)
        form = GiveForm(
            idea.contact_id, _stored_kind(idea.kind), idea.text, given_on, idea.other_contact_id
        )
        session.delete(idea)
        return record_give_in(session, clock, form)


def drop_idea(store: Store, idea_id: int) -> Changed:
    """Take an idea off the list without giving it."""
    with store.begin() as session:
        idea = _idea(session, idea_id)
        contact_id = idea.contact_id
        session.delete(idea)
    return Changed(frozenset({contact_id}))


@dataclass(frozen=True)
class DeletedGive:
    """A give taken back, kept whole so that Undo can put it back as it was."""

    contact_id: int
    given_on: date
    kind: GiveKind
    description: str
    other_contact_id: int | None
    interaction_id: int | None
    logged_at: datetime | None
    changed: Changed

    def words(self) -> str:
        """'Article or idea: the piece on sail lofts', as the card showed it."""
        return GiveLine(0, self.given_on, self.kind, self.description, None, None).words()


def _refresh_sides(session: Session, clock: Clock, *contact_ids: int | None) -> frozenset[int]:
    # Both sides of an introduction see the give go (or come back) in their balance.
    touched = set()
    for contact_id in contact_ids:
        contact = session.get(Contact, contact_id) if contact_id is not None else None
        if contact is not None:
            refresh_balance(session, contact, clock.now(), clock.zone())
            touched.add(contact.id)
    return frozenset(touched)


def delete_give(store: Store, clock: Clock, give_id: int) -> DeletedGive:
    """Take back a give recorded by mistake; the balance on both sides is worked out again.

    The touch it was logged with, if any, stays in the log.
    """
    with store.begin() as session:
        row = session.get(Give, give_id)
        if row is None:
            raise Invalid("that give is no longer there; it was deleted already")
        deleted = DeletedGive(
            row.contact_id,
            row.given_on,
            _stored_kind(row.kind),
            row.note,
            row.other_contact_id,
            row.interaction_id,
            row.logged_at,
            Changed(),
        )
        session.delete(row)
        touched = _refresh_sides(session, clock, row.contact_id, row.other_contact_id)
    return replace(deleted, changed=Changed(touched, today=True, contact_list=True))


def restore_give(store: Store, clock: Clock, deleted: DeletedGive) -> Changed:
    """Undo a delete: the give comes back as it was, balances with it.

    A side erased meanwhile stays erased: an introduction comes back as 'an introduction'.
    """
    with store.begin() as session:
        other = deleted.other_contact_id
        if other is not None and session.get(Contact, other) is None:
            other = None
        owner = deleted.contact_id
        if session.get(Contact, owner) is None:
            if other is None:
                raise NotFound("they were erased meanwhile; the give cannot come back")
            owner, other = other, None
        erased_side = deleted.other_contact_id is not None and other is None
        interaction = deleted.interaction_id
        if interaction is not None and session.get(Interaction, interaction) is None:
            interaction = None
        session.add(
            Give(
                contact_id=owner,
                given_on=deleted.given_on,
                kind=deleted.kind.value,
                note="" if erased_side else deleted.description,
                other_contact_id=other,
                interaction_id=interaction,
                logged_at=deleted.logged_at,
            )
        )
        touched = _refresh_sides(session, clock, owner, other)
    return Changed(touched, today=True, contact_list=True)
