"""Deciding, record by record, what an import adds, merges or skips; pure, no store."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callbook.domain.phones import international_phone, read_phone
from callbook.domain.vocabulary import ReachChannel
from callbook.interchange.identity import (
    companies_close,
    company_key,
    fold,
    name_key,
    names_agree,
    profile_urls_in,
    same_url,
)
from callbook.interchange.numbers import (
    extension_line,
    kept_line,
    kept_numbers_in,
    read_card_numbers,
)
from callbook.interchange.records import (
    BIRTHDAY,
    ContactRecord,
    LabelledDate,
    Progress,
    Relative,
    iso_date,
)

__all__ = ["companies_close", "company_key", "name_key"]

MAX_NAME = 200
MAX_TEXT = 300
MAX_LABEL = 40
# More than any person has; a card past these is a machine's mistake, and would make
# the import slow down with every number it compares.
MAX_PHONES = 100
MAX_EMAILS = 100
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Action(StrEnum):
    """What an import does with one record."""

    NEW = "new"
    MERGED = "merged"
    SKIPPED = "skipped"


@dataclass(slots=True)
class KnownContact:
    """A contact as the merge sees it: already stored (with an id) or new in this import."""

    contact_id: int | None = None
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    title: str = ""
    email: str = ""
    time_zone: str | None = None
    notes: str = ""
    assistant_name: str = ""
    assistant_phone: str = ""
    boss_name: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)  # (label, E.164)
    dates: list[LabelledDate] = field(default_factory=list)
    family: list[Relative] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)  # ways to reach them, best first
    # Known only for contacts new in this import: what their file said about who they are.
    uid: str = ""
    full_name: str = ""
    profile_urls: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """First and last name, else the company."""
        return f"{self.first_name} {self.last_name}".strip() or self.company or "(no name)"

    @property
    def person_name(self) -> str:
        """First and last name only, '' for a company's card."""
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(slots=True)
class PlannedRecord:
    """One record's fate, with what it adds or why it was left out, for the preview."""

    where: str
    name: str
    action: Action
    target: KnownContact | None
    details: list[str] = field(default_factory=list)
    # Someone it might be, kept apart because the two disagree on who they are.
    possible_duplicate_of: KnownContact | None = None
    doubt: str = ""  # why it might be them, and why it was kept apart
    # What was left out, guessed or kept as typed while reading it (also in `details`).
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        said = "; ".join(self.details)
        return f"{self.where}: {self.name} — {self.action.value}" + (f" ({said})" if said else "")


@dataclass
class ImportPlan:
    """What an import will do: every record's fate and the contacts to write."""

    records: list[PlannedRecord] = field(default_factory=list)
    new_contacts: list[KnownContact] = field(default_factory=list)
    changed_contacts: list[KnownContact] = field(default_factory=list)

    def count(self, action: Action) -> int:
        """How many records end up `action`."""
        return sum(1 for r in self.records if r.action is action)

    def possible_duplicates(self) -> list[PlannedRecord]:
        """The records kept apart from a contact they might be, for the rep to look at."""
        return [r for r in self.records if r.possible_duplicate_of is not None]


@dataclass(frozen=True)
class _Candidate:
    contact: KnownContact
    why: str
    # Same email, or same name and company: identity unless the names disagree. A phone
    # alone, or a name alone, is identity only when nothing else disagrees.
    strong: bool


class _Index:
    """Known contacts by phone, email and name, kept up to date as the plan grows."""

    def __init__(self, known: Iterable[KnownContact]) -> None:
        self.by_phone: dict[str, dict[int, KnownContact]] = {}
        self.by_email: dict[str, dict[int, KnownContact]] = {}
        self.by_name: dict[str, dict[int, KnownContact]] = {}
        self.by_surname: dict[tuple[str, str], dict[int, KnownContact]] = {}
        for contact in known:
            if contact.contact_id is not None and not contact.profile_urls:
                contact.profile_urls = profile_urls_in(contact.notes)
            self.add(contact)

    def add(self, contact: KnownContact) -> None:
        me = id(contact)
        for _label, e164 in contact.phones:
            self.by_phone.setdefault(e164, {})[me] = contact
        for address in _emails_of(contact):
            self.by_email.setdefault(address, {})[me] = contact
        key = name_key(contact.first_name, contact.last_name)
        if key:
            self.by_name.setdefault(key, {})[me] = contact
        short = _short_name(contact.first_name, contact.last_name)
        if short:
            self.by_surname.setdefault(short, {})[me] = contact

    def candidates(
        self, record: ContactRecord, phones: list[str], emails: list[str]
    ) -> list[_Candidate]:
        """Everyone the record might be, the likeliest first, each named once."""
        found: dict[int, _Candidate] = {}

        def consider(contact: KnownContact, why: str, strong: bool) -> None:
            if id(contact) not in found:
                found[id(contact)] = _Candidate(contact, why, strong)

        for address in emails:
            for contact in self.by_email.get(address, {}).values():
                consider(contact, f"same email {address}", True)
        for e164 in phones:
            for contact in self.by_phone.get(e164, {}).values():
                consider(contact, f"same phone {international_phone(e164)}", False)
        key = name_key(record.first_name, record.last_name)
        swapped = name_key(record.last_name, record.first_name)
        full_name = bool(record.first_name.strip() and record.last_name.strip())
        for candidate_key in dict.fromkeys((key, swapped)):
            for contact in self.by_name.get(candidate_key, {}).values() if candidate_key else []:
                if companies_close(contact.company, record.company):
                    both = bool(contact.company.strip() and record.company.strip())
                    consider(contact, "same name and company" if both else "same name", both)
                # A full name with the company missing on one side is the same person
                # exported from two places far more often than a namesake.
                elif full_name and not (contact.company.strip() and record.company.strip()):
                    consider(contact, "same name", False)
        # 'Ana' at Acme in one tool is 'Ana Maria' at Acme GmbH in another.
        short = _short_name(record.first_name, record.last_name)
        firsts = fold(record.first_name).split()
        for contact in self.by_surname.get(short, {}).values() if short else []:
            theirs = fold(contact.first_name).split()
            shorter, longer = sorted((firsts, theirs), key=len)
            if (
                longer[: len(shorter)] == shorter
                and contact.company.strip()
                and record.company.strip()
                and companies_close(contact.company, record.company)
            ):
                consider(contact, "same name and company", True)
        return list(found.values())


def _disagreement(incoming: KnownContact, candidate: _Candidate) -> str:
    """Why `incoming` is someone else than the candidate it matched, '' when nothing says so."""
    theirs = candidate.contact
    if not names_agree(incoming.person_name, theirs.person_name):
        return f"the names differ ({incoming.person_name} and {theirs.person_name})"
    if candidate.strong:
        return ""
    if incoming.uid and theirs.uid and incoming.uid != theirs.uid:
        return "their cards have different UIDs"
    if (
        incoming.profile_urls
        and theirs.profile_urls
        and not any(same_url(a, b) for a in incoming.profile_urls for b in theirs.profile_urls)
    ):
        return "their profile links differ"
    if (
        incoming.full_name
        and theirs.full_name
        and name_key(incoming.full_name, "") != name_key(theirs.full_name, "")
    ):
        return f"the full names differ ({incoming.full_name} and {theirs.full_name})"
    return ""


def _short_name(first: str, last: str) -> tuple[str, str] | None:
    """Last name and the first given name, for matching 'Ana' with 'Ana Maria'."""
    firsts, lasts = fold(first).split(), " ".join(fold(last).split())
    return (lasts, firsts[0]) if firsts and lasts else None


def _emails_of(contact: KnownContact) -> list[str]:
    found = [contact.email.strip().casefold()] if contact.email.strip() else []
    # Extra addresses merged in earlier live in the notes as 'Other email: ...'.
    found += [m.casefold() for m in re.findall(r"^Other email[^:]*: (\S+)$", contact.notes, re.M)]
    return found


def plan_import(
    records: list[ContactRecord],
    known: Iterable[KnownContact],
    region: str,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ImportPlan:
    """Decide for every record whether it is new, merges into a contact, or is skipped."""
    index = _Index(known)
    plan = ImportPlan()
    changed_ids: set[int] = set()
    total = len(records)
    for number, record in enumerate(records, start=1):
        if should_stop and number % 100 == 0 and should_stop():
            raise ImportCancelledError
        plan.records.append(_plan_one(record, index, region, plan, changed_ids))
        if progress and number % 250 == 0:
            progress(number, total)
    if progress:
        progress(total, total)
    return plan


class ImportCancelledError(Exception):
    """The rep cancelled the import; nothing was written."""


def _plan_one(
    record: ContactRecord,
    index: _Index,
    region: str,
    plan: ImportPlan,
    changed_ids: set[int],
) -> PlannedRecord:
    if record.is_empty():
        return PlannedRecord(
            record.where, "(no name)", Action.SKIPPED, None, ["no name, company, phone or email"]
        )
    incoming, notes = _normalised(record, region)
    emails = [address.casefold() for _label, address in record.emails if _EMAIL.match(address)]
    candidates = index.candidates(record, [e164 for _label, e164 in incoming.phones], emails)
    agreeing: list[_Candidate] = []
    apart: tuple[_Candidate, str] | None = None
    for candidate in candidates:
        reason = _disagreement(incoming, candidate)
        if not reason:
            agreeing.append(candidate)
        elif apart is None:
            apart = (candidate, reason)
    if len(agreeing) > 1:
        # The same file imported again: the contact it already is beats a likelier match.
        same = next((c for c in agreeing if not _merge_into(_copy(c.contact), incoming, [])), None)
        if same is not None:
            agreeing = [same]
    if not agreeing:
        plan.new_contacts.append(incoming)
        index.add(incoming)
        details = [*notes]
        if incoming.time_zone and not record.time_zone:
            details.append(f"time zone {incoming.time_zone} from the phone number")
        planned = PlannedRecord(
            record.where, incoming.name, Action.NEW, incoming, details, warnings=notes
        )
        if apart is not None:
            other, reason = apart
            planned.possible_duplicate_of = other.contact
            planned.doubt = f"{other.why}, but {reason}"
            details.insert(
                0,
                f"possible duplicate of {_described(other.contact)}: {planned.doubt}; "
                "kept apart for you to decide",
            )
        return planned
    match, why = agreeing[0].contact, agreeing[0].why
    details = [why]
    changed = _merge_into(match, incoming, details)
    details += notes
    index.add(match)
    if not changed:
        return PlannedRecord(
            record.where,
            match.name,
            Action.SKIPPED,
            match,
            [f"already there: {why}", *notes],
            warnings=notes,
        )
    if match.contact_id is not None and match.contact_id not in changed_ids:
        changed_ids.add(match.contact_id)
        plan.changed_contacts.append(match)
    details[0] = f"into {_described(match)}; {why}"
    return PlannedRecord(record.where, match.name, Action.MERGED, match, details, warnings=notes)


def _described(contact: KnownContact) -> str:
    where = "in your book" if contact.contact_id is not None else "new in this file"
    company = contact.company.strip()
    return f"{contact.name} ({company}, {where})" if company else f"{contact.name} ({where})"


def _copy(contact: KnownContact) -> KnownContact:
    """A copy a trial merge may change without touching the contact."""
    return dataclasses.replace(
        contact,
        phones=list(contact.phones),
        dates=list(contact.dates),
        family=list(contact.family),
        tags=list(contact.tags),
        interests=list(contact.interests),
        channels=list(contact.channels),
        profile_urls=list(contact.profile_urls),
    )


def _clip(text: str, limit: int, what: str, notes: list[str]) -> str:
    text = " ".join(text.split()) if limit <= MAX_TEXT else text
    if len(text) > limit:
        notes.append(f"{what} shortened to {limit} characters")
        return text[:limit].rstrip()
    return text


def _normalised(record: ContactRecord, home_region: str) -> tuple[KnownContact, list[str]]:
    """The record as a contact: phones in E.164, one email, extras kept in the notes."""
    said: list[str] = list(record.warnings)
    notes = record.notes.strip()
    have_lines = set(notes.split("\n"))
    extra_lines: list[str] = []

    def keep(line: str) -> None:
        # A line the file's notes already hold (a card Callbook wrote) is not added twice.
        if line not in have_lines:
            have_lines.add(line)
            extra_lines.append(line)

    written = _capped(record.phones, MAX_PHONES, "phone numbers", said)
    card = read_card_numbers([raw for _label, raw in written], record.countries, home_region)
    phones: list[tuple[str, str]] = []
    zones: set[str] = set()
    # A number the card's own notes already keep as typed (a card Callbook wrote) stays so,
    # whatever country its other numbers now suggest.
    kept_before = {typed for _label, typed in kept_numbers_in(notes)}
    for (label, raw), number in zip(written, card.numbers, strict=True):
        if raw.strip() in kept_before:
            continue
        if number.e164 is None:
            said.append(f"'{raw}' kept as typed in the notes: {number.why_not}")
            keep(kept_line(label, raw.strip()))
            continue
        if number.zone:
            zones.add(number.zone)
        if all(number.e164 != known for _l, known in phones):
            clipped = _clip(label, MAX_LABEL, "a phone label", said) or "other"
            phones.append((clipped, number.e164))
        if number.extension:
            # E.164 has no room for an extension; the rep still needs it to get through.
            keep(extension_line(label, number.e164, number.extension))
    region = card.region
    if region != home_region and any(not raw.strip().startswith("+") for _l, raw in written):
        said.append(f"numbers without a country code read as {region}, {card.why_region}")
    email = ""
    for label, address in _capped(record.emails, MAX_EMAILS, "email addresses", said):
        if not _EMAIL.match(address):
            said.append(f"'{address}' is not an email address; kept in the notes")
            keep(f"Email ({label}) not understood: {address}")
        elif not email:
            email = address
        elif address.casefold() != email.casefold():
            keep(f"Other email ({label}): {address}")
    assistant_phone = record.assistant_phone.strip()
    if assistant_phone:
        assistant = read_phone(assistant_phone, region)
        if assistant.e164 is not None:
            assistant_phone = assistant.e164
        else:
            said.append(f"assistant's phone '{assistant_phone}' kept as written")
    zone = record.time_zone if record.time_zone and _is_zone(record.time_zone) else None
    if zone is None and len(zones) == 1:
        # Numbers that say nothing (a mobile in a many-zone country) do not veto the rest.
        zone = zones.pop()
    if extra_lines:
        notes = "\n\n".join(p for p in (notes, "\n".join(extra_lines)) if p)
    contact = KnownContact(
        first_name=_clip(record.first_name.strip(), MAX_NAME, "the first name", said),
        last_name=_clip(record.last_name.strip(), MAX_NAME, "the last name", said),
        company=_clip(record.company.strip(), MAX_TEXT, "the company", said),
        title=_clip(record.title.strip(), MAX_TEXT, "the title", said),
        email=email,
        time_zone=zone,
        notes=notes,
        assistant_name=_clip(record.assistant_name.strip(), MAX_NAME, "the assistant", said),
        assistant_phone=assistant_phone[:32],
        boss_name=_clip(record.boss_name.strip(), MAX_NAME, "the boss", said),
        phones=phones,
        dates=_unique_dates(record.dates),
        family=_unique_family(record.family),
        tags=_unique_words(record.tags, 80),
        interests=_unique_words(record.interests, MAX_TEXT),
        channels=list(dict.fromkeys(record.channels)),
        uid=record.uid.strip(),
        full_name=record.full_name.strip(),
        profile_urls=list(record.profile_urls),
    )
    return contact, said


def _capped(
    values: list[tuple[str, str]], limit: int, what: str, said: list[str]
) -> list[tuple[str, str]]:
    if len(values) > limit:
        said.append(f"only the first {limit} of its {len(values):,} {what} were kept")
        return values[:limit]
    return values


def _unique_words(words: list[str], limit: int) -> list[str]:
    kept: list[str] = []
    seen: set[str] = set()
    for word in words:
        clean = word.strip()[:limit]
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            kept.append(clean)
    return kept


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _unique_dates(dates: list[LabelledDate]) -> list[LabelledDate]:
    kept: list[LabelledDate] = []
    for date in dates:
        same = [d for d in kept if d.label.casefold() == date.label.casefold()]
        if date.label == BIRTHDAY and same:
            continue  # one birthday per person; the first the file gives wins
        if all((d.date.month, d.date.day) != (date.date.month, date.date.day) for d in same):
            kept.append(date)
    return kept


def _unique_family(family: list[Relative]) -> list[Relative]:
    kept: list[Relative] = []
    for person in family:
        if all(p.name.casefold() != person.name.casefold() for p in kept):
            kept.append(person)
    return kept


_SCALARS = (
    ("first_name", "first name"),
    ("last_name", "last name"),
    ("company", "company"),
    ("title", "title"),
    ("email", "email"),
    ("time_zone", "time zone"),
    ("assistant_name", "assistant"),
    ("assistant_phone", "assistant's phone"),
    ("boss_name", "boss"),
)


def _merge_into(target: KnownContact, incoming: KnownContact, details: list[str]) -> bool:
    """Fill what `target` lacks from `incoming`; differing values are kept and reported."""
    changed = False
    for attr, label in _SCALARS:
        mine, theirs = getattr(target, attr) or "", getattr(incoming, attr) or ""
        if not theirs or fold(mine).split() == fold(theirs).split():
            continue
        if not mine:
            setattr(target, attr, theirs)
            details.append(f"adds {label} {theirs}")
            changed = True
        elif attr == "email":
            line = f"Other email: {theirs}"
            if theirs.casefold() not in target.notes.casefold():
                target.notes = "\n".join(p for p in (target.notes, line) if p)
                details.append(f"adds another email {theirs}")
                changed = True
        elif attr != "time_zone":
            details.append(f"keeps {label} '{mine}' (the file says '{theirs}')")
    for label, e164 in incoming.phones:
        if all(e164 != known for _l, known in target.phones):
            target.phones.append((label, e164))
            details.append(f"adds phone {e164}")
            changed = True
    for date in incoming.dates:
        changed |= _merge_date(target, date, details)
    for person in incoming.family:
        if all(p.name.casefold() != person.name.casefold() for p in target.family):
            target.family.append(person)
            details.append(f"adds {person.relation or 'family'} {person.name}")
            changed = True
    for tag in incoming.tags:
        if all(t.casefold() != tag.casefold() for t in target.tags):
            target.tags.append(tag)
            details.append(f"adds tag {tag}")
            changed = True
    for interest in incoming.interests:
        if all(i.casefold() != interest.casefold() for i in target.interests):
            target.interests.append(interest)
            details.append(f"adds interest {interest}")
            changed = True
    for channel in incoming.channels:
        if channel not in target.channels:
            # After the ways the rep already knows: a file does not reorder what they said.
            target.channels.append(channel)
            details.append(f"adds a way to reach them: {_channel_label(channel)}")
            changed = True
    # Who the file says they are travels too, so the next namesake is told apart.
    target.uid = target.uid or incoming.uid
    target.full_name = target.full_name or incoming.full_name
    target.profile_urls += [u for u in incoming.profile_urls if u not in target.profile_urls]
    if incoming.notes and incoming.notes.casefold() not in target.notes.casefold():
        target.notes = "\n\n".join(p for p in (target.notes, incoming.notes) if p)
        details.append("adds to the notes")
        changed = True
    return changed


def _channel_label(channel: str) -> str:
    try:
        return ReachChannel(channel).label.lower()
    except ValueError:
        return channel


def _merge_date(target: KnownContact, date: LabelledDate, details: list[str]) -> bool:
    same = [
        (i, d) for i, d in enumerate(target.dates) if d.label.casefold() == date.label.casefold()
    ]
    for i, known in same:
        if (known.date.month, known.date.day) == (date.date.month, date.date.day):
            if known.date.year is None and date.date.year is not None:
                target.dates[i] = date
                details.append(f"adds the year to {date.label.lower()}")
                return True
            return False
    if date.label == BIRTHDAY and same:
        details.append(
            f"keeps birthday {iso_date(same[0][1].date)} (the file says {iso_date(date.date)})"
        )
        return False
    target.dates.append(date)
    details.append(f"adds {date.label.lower()} {iso_date(date.date)}")
    return True
