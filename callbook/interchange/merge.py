"""Deciding, record by record, what an import adds, merges or skips; pure, no store."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callbook.domain.phones import parse_phone, zone_for_phone
from callbook.interchange.records import (
    BIRTHDAY,
    ContactRecord,
    LabelledDate,
    Progress,
    Relative,
    iso_date,
)

MAX_NAME = 200
MAX_TEXT = 300
MAX_LABEL = 40
# Legal forms that say nothing about which company it is.
_LEGAL_FORMS = re.compile(
    r"\b(gmbh|mbh|ag|kg|co|corp|corporation|inc|incorporated|llc|llp|ltd|limited|plc|sa|sas|"
    r"sarl|srl|spa|bv|nv|oy|ab|as|aps|pty|kk|company|the)\b"
)
_NOT_WORD = re.compile(r"[^\w]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EXTENSION = re.compile(r"(?:ext\.?|extension|x|;ext=|#)\s*(\d{1,6})\s*$", re.IGNORECASE)


class Action(StrEnum):
    """What an import does with one record."""

    NEW = "new"
    MERGED = "merged"
    SKIPPED = "skipped"


@dataclass
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

    @property
    def name(self) -> str:
        """First and last name, else the company."""
        return f"{self.first_name} {self.last_name}".strip() or self.company or "(no name)"


@dataclass
class PlannedRecord:
    """One record's fate, with what it adds or why it was left out, for the preview."""

    where: str
    name: str
    action: Action
    target: KnownContact | None
    details: list[str] = field(default_factory=list)

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


def name_key(first: str, last: str) -> str:
    """A name reduced for matching: no accents, case, punctuation or extra spaces."""
    return " ".join(_fold(f"{first} {last}").split())


def company_key(company: str) -> str:
    """A company reduced for matching: also without legal forms like GmbH or Inc."""
    return " ".join(_LEGAL_FORMS.sub(" ", _fold(company)).split())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain)


def companies_close(a: str, b: str) -> bool:
    """True when two company names most likely mean the same company."""
    ka, kb = company_key(a), company_key(b)
    if not ka or not kb:
        return not ka and not kb and not a.strip() and not b.strip()
    if ka == kb or ka.startswith(kb + " ") or kb.startswith(ka + " "):
        return True
    return difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.88


class _Index:
    """Known contacts by phone, email and name, kept up to date as the plan grows."""

    def __init__(self, known: Iterable[KnownContact]) -> None:
        self.by_phone: dict[str, KnownContact] = {}
        self.by_email: dict[str, KnownContact] = {}
        self.by_name: dict[str, list[KnownContact]] = {}
        self.by_surname: dict[tuple[str, str], list[KnownContact]] = {}
        for contact in known:
            self.add(contact)

    def add(self, contact: KnownContact) -> None:
        for _label, e164 in contact.phones:
            self.by_phone.setdefault(e164, contact)
        for address in _emails_of(contact):
            self.by_email.setdefault(address, contact)
        key = name_key(contact.first_name, contact.last_name)
        if key:
            bucket = self.by_name.setdefault(key, [])
            if all(c is not contact for c in bucket):
                bucket.append(contact)
        short = _short_name(contact.first_name, contact.last_name)
        if short:
            bucket = self.by_surname.setdefault(short, [])
            if all(c is not contact for c in bucket):
                bucket.append(contact)

    def find(
        self, record: ContactRecord, phones: list[str], emails: list[str]
    ) -> tuple[KnownContact | None, str]:
        for e164 in phones:
            if e164 in self.by_phone:
                return self.by_phone[e164], f"same phone {e164}"
        for address in emails:
            if address in self.by_email:
                return self.by_email[address], f"same email {address}"
        key = name_key(record.first_name, record.last_name)
        swapped = name_key(record.last_name, record.first_name)
        full_name = bool(record.first_name.strip() and record.last_name.strip())
        for candidate_key in dict.fromkeys((key, swapped)):
            for contact in self.by_name.get(candidate_key, []) if candidate_key else []:
                if companies_close(contact.company, record.company):
                    return contact, "same name and company"
                # A full name with the company missing on one side is the same person
                # exported from two places far more often than a namesake.
                if full_name and not (contact.company.strip() and record.company.strip()):
                    return contact, "same name"
        # 'Ana' at Acme in one tool is 'Ana Maria' at Acme GmbH in another.
        short = _short_name(record.first_name, record.last_name)
        firsts = _fold(record.first_name).split()
        for contact in self.by_surname.get(short, []) if short else []:
            theirs = _fold(contact.first_name).split()
            shorter, longer = sorted((firsts, theirs), key=len)
            if (
                longer[: len(shorter)] == shorter
                and contact.company.strip()
                and record.company.strip()
                and companies_close(contact.company, record.company)
            ):
                return contact, "same name and company"
        return None, ""


def _short_name(first: str, last: str) -> tuple[str, str] | None:
    """Last name and the first given name, for matching 'Ana' with 'Ana Maria'."""
    firsts, lasts = _fold(first).split(), " ".join(_fold(last).split())
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
    match, why = index.find(record, [e164 for _label, e164 in incoming.phones], emails)
    if match is None:
        plan.new_contacts.append(incoming)
        index.add(incoming)
        details = [*notes]
        if incoming.time_zone and not record.time_zone:
            details.append(f"time zone {incoming.time_zone} from the phone number")
        return PlannedRecord(record.where, incoming.name, Action.NEW, incoming, details)
    details = [why]
    changed = _merge_into(match, incoming, details)
    details += notes
    index.add(match)
    if not changed:
        return PlannedRecord(
            record.where, match.name, Action.SKIPPED, match, [f"already there: {why}", *notes]
        )
    if match.contact_id is not None and match.contact_id not in changed_ids:
        changed_ids.add(match.contact_id)
        plan.changed_contacts.append(match)
    into = f"#{match.contact_id}" if match.contact_id is not None else "a contact new in this file"
    details[0] = f"into {match.name} ({into}; {why})"
    return PlannedRecord(record.where, match.name, Action.MERGED, match, details)


def _clip(text: str, limit: int, what: str, notes: list[str]) -> str:
    text = " ".join(text.split()) if limit <= MAX_TEXT else text
    if len(text) > limit:
        notes.append(f"{what} shortened to {limit} characters")
        return text[:limit].rstrip()
    return text


def _normalised(record: ContactRecord, region: str) -> tuple[KnownContact, list[str]]:
    """The record as a contact: phones in E.164, one email, extras kept in the notes."""
    said: list[str] = list(record.warnings)
    extra_lines: list[str] = []
    phones: list[tuple[str, str]] = []
    for label, raw in record.phones:
        try:
            e164 = parse_phone(raw, region)
        except ValueError as error:
            said.append(str(error) + "; kept in the notes")
            extra_lines.append(f"Phone ({label}) not understood: {raw}")
            continue
        if all(e164 != known for _l, known in phones):
            phones.append((_clip(label, MAX_LABEL, "a phone label", said) or "other", e164))
        extension = _EXTENSION.search(raw)
        if extension:
            # E.164 has no room for an extension; the rep still needs it to get through.
            extra_lines.append(f"Phone ({label}) {e164} extension {extension[1]}")
    email = ""
    for label, address in record.emails:
        if not _EMAIL.match(address):
            said.append(f"'{address}' is not an email address; kept in the notes")
            extra_lines.append(f"Email ({label}) not understood: {address}")
        elif not email:
            email = address
        elif address.casefold() != email.casefold():
            extra_lines.append(f"Other email ({label}): {address}")
    assistant_phone = record.assistant_phone.strip()
    if assistant_phone:
        try:
            assistant_phone = parse_phone(assistant_phone, region)
        except ValueError:
            said.append(f"assistant's phone '{assistant_phone}' kept as written")
    zone = record.time_zone if record.time_zone and _is_zone(record.time_zone) else None
    if zone is None and phones:
        # Numbers that say nothing (a mobile in a many-zone country) do not veto the rest.
        zones = {z for _label, e164 in phones if (z := zone_for_phone(e164))}
        zone = zones.pop() if len(zones) == 1 else None
    notes = record.notes.strip()
    if extra_lines:
        notes = "\n\n".join(p for p in (notes, "\n".join(extra_lines)) if p)
    tags: list[str] = []
    for tag in record.tags:
        clean = tag.strip()[:80]
        if clean and clean.casefold() not in {t.casefold() for t in tags}:
            tags.append(clean)
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
        tags=tags,
    )
    return contact, said


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
        if not theirs or _fold(mine).split() == _fold(theirs).split():
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
    if incoming.notes and incoming.notes.casefold() not in target.notes.casefold():
        target.notes = "\n\n".join(p for p in (target.notes, incoming.notes) if p)
        details.append("adds to the notes")
        changed = True
    return changed


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
