"""Adding, finding and editing contacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from callbook.domain.clock import Clock
from callbook.domain.emails import email_problem
from callbook.domain.phones import parse_phone, zone_for_phone
from callbook.domain.vocabulary import ReachChannel, Tier
from callbook.domain.zones import find_zone
from callbook.services.aggregates import refresh_due
from callbook.services.changes import Changed, Invalid, NotFound
from callbook.services.search import reindex_contact
from callbook.store.engine import Store
from callbook.store.matching import contains, starts_with
from callbook.store.models import Contact, Phone, Tag

MAX_NAME = 200
# SQLite's largest integer.
LARGEST_ID = 2**63 - 1


@dataclass
class NewContact:
    """What the rep types to add someone."""

    first_name: str
    last_name: str = ""
    company: str = ""
    title: str = ""
    email: str = ""
    tier: Tier = Tier.B
    phones: list[tuple[str, str]] = field(default_factory=list)  # (label, as typed)
    time_zone: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    preferred_channels: list[ReachChannel] = field(default_factory=list)


@dataclass(frozen=True)
class ContactMatch:
    """A contact found by name: enough to tell two Alex Smiths apart."""

    contact_id: int
    name: str
    company: str


class AmbiguousContact(LookupError):
    """A name matches several contacts."""

    def __init__(self, text: str, candidates: list[ContactMatch]) -> None:
        self.text = text
        self.candidates = candidates
        listed = "".join(
            f"\n  #{c.contact_id} {c.name} ({c.company or 'no company'})" for c in candidates
        )
        more = "+" if len(candidates) >= 20 else ""
        super().__init__(
            f"'{text}' matches {len(candidates)}{more} contacts; give the id or more of the name:"
            f"{listed}"
        )


def check_zone(zone: str | None) -> str | None:
    """The zone name for a zone or a city as typed ('Chicago'), or None when left empty.

    Anything else is refused with a clear message.
    """
    if zone is None or not zone.strip():
        return None
    name = find_zone(zone)
    if name is None:
        raise Invalid(
            f"'{zone.strip()}' is not a time zone we know; type the nearest big city, "
            "like Chicago or Berlin"
        )
    return name


def tag_rows(session: Session, names: list[str]) -> list[Tag]:
    """The Tag rows for `names`, created when new."""
    wanted = sorted({n.strip() for n in names if n.strip()})
    if not wanted:
        return []
    existing = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(wanted)))}
    rows = []
    for name in wanted:
        tag = existing.get(name) or Tag(name=name)
        session.add(tag)
        rows.append(tag)
    return rows


class ContactField(StrEnum):
    """A field of a new contact that can be refused on its own."""

    NAME = "name"
    EMAIL = "email"
    PHONE = "phone"
    TIME_ZONE = "time_zone"


def new_contact_problems(new: NewContact, home_region: str = "US") -> dict[ContactField, str]:
    """Everything wrong with a new contact at once, by field; empty when it can be stored."""
    problems: dict[ContactField, str] = {}
    if not (new.first_name.strip() or new.last_name.strip() or new.company.strip()):
        problems[ContactField.NAME] = "a contact needs a name or a company"
    elif len(new.first_name) > MAX_NAME or len(new.last_name) > MAX_NAME:
        problems[ContactField.NAME] = f"a name is at most {MAX_NAME} characters"
    email = email_problem(new.email)
    if email is not None:
        problems[ContactField.EMAIL] = email
    for _label, raw in new.phones:
        try:
            parse_phone(raw, home_region)
        except ValueError as error:
            problems.setdefault(ContactField.PHONE, str(error))
    try:
        check_zone(new.time_zone)
    except Invalid as error:
        problems[ContactField.TIME_ZONE] = str(error)
    return problems


def add_contact(store: Store, clock: Clock, new: NewContact, home_region: str = "US") -> int:
    """Store a new contact in one transaction and return its id."""
    problems = new_contact_problems(new, home_region)
    if problems:
        raise Invalid("; ".join(problems.values()))
    phones = [(label, parse_phone(raw, home_region)) for label, raw in new.phones]
    zone = check_zone(new.time_zone)
    if zone is None and phones:
        zone = zone_for_phone(phones[0][1])
    now = clock.now()
    with store.begin() as session:
        contact = Contact(
            first_name=new.first_name.strip(),
            last_name=new.last_name.strip(),
            company=new.company.strip(),
            title=new.title.strip(),
            email=new.email.strip(),
            tier=Tier(new.tier).value,
            notes=new.notes,
            time_zone=zone,
            preferred_channels=[ReachChannel(c).value for c in new.preferred_channels],
            created_at=now,
            updated_at=now,
            phones=[
                Phone(label=label, e164=e164, position=i) for i, (label, e164) in enumerate(phones)
            ],
            tags=tag_rows(session, new.tags),
        )
        refresh_due(contact, clock.zone())
        session.add(contact)
        session.flush()
        reindex_contact(session, contact.id)
        return contact.id


def added(contact_id: int) -> Changed:
    """The change descriptor for a new contact."""
    return Changed(frozenset({contact_id}), today=True, contact_list=True)


def find_by_name(store: Store, text: str, limit: int = 20) -> list[ContactMatch]:
    """Contacts with a name word starting with `text` (any case); else by company."""
    needle = text.strip().casefold()
    if not needle:
        return []
    full = func.lower(Contact.first_name + " " + Contact.last_name)
    by_name = or_(starts_with(full, needle), contains(full, f" {needle}"))
    by_company = contains(func.lower(Contact.company), needle)
    columns = (Contact.id, Contact.first_name, Contact.last_name, Contact.company)
    order = (Contact.last_name, Contact.first_name, Contact.id)
    with store.read() as session:
        rows = session.execute(select(*columns).where(by_name).order_by(*order).limit(limit)).all()
        if not rows:
            rows = session.execute(
                select(*columns).where(by_company).order_by(*order).limit(limit)
            ).all()
    return [ContactMatch(r.id, f"{r.first_name} {r.last_name}".strip(), r.company) for r in rows]


def resolve_contact(store: Store, text: str) -> ContactMatch:
    """The one contact meant by an id ('42', '#42') or an unambiguous name."""
    wanted = text.strip()
    if not wanted:
        raise NotFound("no contact given")
    digits = wanted.lstrip("#")
    if digits.isascii() and digits.isdigit():
        with store.read() as session:
            # No row has an id beyond SQLite's integers, nor one too long to read as a number.
            possible = len(digits) <= len(str(LARGEST_ID)) and int(digits) <= LARGEST_ID
            row = session.get(Contact, int(digits)) if possible else None
            if row is None:
                raise NotFound(f"no contact has the id {wanted}")
            return ContactMatch(row.id, row.name, row.company)
    candidates = find_by_name(store, wanted)
    exact = [c for c in candidates if c.name.casefold() == wanted.casefold()]
    if len(exact) == 1:
        return exact[0]
    if not candidates:
        raise NotFound(f"no contact is called '{wanted}'")
    if len(candidates) > 1:
        raise AmbiguousContact(wanted, candidates)
    return candidates[0]
