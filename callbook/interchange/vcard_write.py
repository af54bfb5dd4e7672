"""Writing vCard 4.0 (RFC 6350) that other address books and Callbook itself read back."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from callbook.domain.dates import YearlyDate
from callbook.domain.names import NO_NAME, shown_name
from callbook.interchange.numbers import extensions_in, kept_numbers_in
from callbook.interchange.records import ANNIVERSARY, BIRTHDAY, LabelledDate, Relative

# UIDs are derived from this namespace and the contact's id and creation time, so the
# same contact keeps its UID across exports and a restore from backup.
UID_NAMESPACE = uuid.UUID("6f1c2c52-8e55-4d5e-9a53-2f0c6f7d1b0e")
_TEL_TYPES = {
    "mobile": "cell",
    "work": "work,voice",
    "home": "home,voice",
    "fax": "fax",
    "pager": "pager",
    "other": "voice",
}
# RFC 6350 RELATED types; the exact word the rep used travels in X-ABLabel beside it.
_RELATED_TYPES = {
    "spouse": "spouse",
    "wife": "spouse",
    "husband": "spouse",
    "partner": "sweetheart",
    "child": "child",
    "son": "child",
    "daughter": "child",
    "parent": "parent",
    "mother": "parent",
    "father": "parent",
    "sibling": "sibling",
    "brother": "sibling",
    "sister": "sibling",
    "friend": "friend",
}
_FOLD_AT = 75
# Apple's words for the dates vCard has a property for, used when one is there twice.
_APPLE_LABELS = {BIRTHDAY: "_$!<Birthday>!$_", ANNIVERSARY: "_$!<Anniversary>!$_"}
_ONCE = {BIRTHDAY: "BDAY", ANNIVERSARY: "ANNIVERSARY"}


@dataclass
class ContactForExport:
    """One contact as the exports need it, read from the store."""

    contact_id: int
    created_at: datetime
    updated_at: datetime
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    title: str = ""
    email: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)
    dates: list[LabelledDate] = field(default_factory=list)
    family: list[Relative] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    time_zone: str | None = None
    assistant_name: str = ""
    assistant_phone: str = ""
    boss_name: str = ""
    interests: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """First and last name, else the company."""
        return shown_name(self.first_name, self.last_name, self.company)

    @property
    def card_name(self) -> str:
        """What FN says: the name, else the company, email or number, never '(no name)'
        while anything is known; reading the card back takes none of these for a name."""
        shown = self.name
        if shown != NO_NAME:
            return shown
        kept = kept_numbers_in(self.notes)
        return (
            self.email
            or (self.phones[0][1] if self.phones else "")
            or (kept[0][1] if kept else "")
            or NO_NAME
        )

    @property
    def uid(self) -> str:
        """A UID that stays the same for this contact, export after export."""
        seed = f"contact-{self.contact_id}-{self.created_at.astimezone(UTC).isoformat()}"
        return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, seed)}"


def escape(text: str) -> str:
    """RFC 6350 text escaping: backslash, comma, semicolon and newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= _FOLD_AT:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = _FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, _FOLD_AT - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def vcard_date(date: YearlyDate) -> str:
    """19800517, or --0517 without a year (RFC 6350 basic format)."""
    if date.year is None:
        return f"--{date.month:02}{date.day:02}"
    return f"{date.year:04}{date.month:02}{date.day:02}"


def write_vcards(contacts: Iterable[ContactForExport]) -> str:
    """All `contacts` as one vCard 4.0 file, CRLF line endings."""
    return "".join(write_vcard(c) for c in contacts)


def write_vcard(contact: ContactForExport) -> str:
    """One contact as a vCard 4.0 card."""
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:{contact.uid}"]
    groups = _Groups()
    lines.append(f"FN:{escape(contact.card_name)}")
    lines.append(
        "N:"
        + ";".join(escape(part) for part in (contact.last_name, contact.first_name, "", "", ""))
    )
    if contact.company:
        lines.append(f"ORG:{escape(contact.company)}")
    if contact.title:
        lines.append(f"TITLE:{escape(contact.title)}")
    extensions = extensions_in(contact.notes)
    kept = kept_numbers_in(contact.notes)
    count = len(contact.phones) + len(kept)
    numbers = [(label, f"tel:{e164}", True) for label, e164 in contact.phones]
    numbers += [(label, escape(written), False) for label, written in kept]
    for position, (label, value, as_uri) in enumerate(numbers, start=1):
        pref = ";PREF=1" if position == 1 and count > 1 else ""
        kind = "uri" if as_uri else "text"
        if as_uri and value[4:] in extensions:
            value += f";ext={extensions[value[4:]]}"
        tel_type = _TEL_TYPES.get(label)
        if tel_type is not None:
            quoted = f'"{tel_type}"' if "," in tel_type else tel_type
            lines.append(f"TEL;VALUE={kind};TYPE={quoted}{pref}:{value}")
        else:
            group = groups.next()
            lines.append(f"{group}.TEL;VALUE={kind};TYPE=voice{pref}:{value}")
            lines.append(f"{group}.X-ABLabel:{escape(label)}")
    if contact.email:
        lines.append(f"EMAIL:{escape(contact.email)}")
    once: set[str] = set()
    for labelled in contact.dates:
        # vCard 4.0 allows one BDAY and one ANNIVERSARY; a second goes out the way Apple
        # writes any other date, and comes back with its label.
        if labelled.label in _ONCE and labelled.label not in once:
            once.add(labelled.label)
            lines.append(f"{_ONCE[labelled.label]}:{vcard_date(labelled.date)}")
        else:
            group = groups.next()
            label = _APPLE_LABELS.get(labelled.label, escape(labelled.label))
            lines.append(f"{group}.X-ABDATE:{vcard_date(labelled.date)}")
            lines.append(f"{group}.X-ABLabel:{label}")
    for person in contact.family:
        group = groups.next()
        relation = person.relation.strip()
        related = f";TYPE={_RELATED_TYPES.get(relation.casefold(), 'kin')}" if relation else ""
        birthday = f";X-BDAY={vcard_date(person.birthday)}" if person.birthday else ""
        lines.append(f"{group}.RELATED;VALUE=text{related}{birthday}:{escape(person.name)}")
        if relation:
            lines.append(f"{group}.X-ABLabel:{escape(relation)}")
    if contact.assistant_name:
        group = groups.next()
        lines.append(f"{group}.RELATED;VALUE=text;TYPE=agent:{escape(contact.assistant_name)}")
        lines.append(f"{group}.X-ABLabel:_$!<Assistant>!$_")
    if contact.assistant_phone:
        value = contact.assistant_phone
        shown = f"tel:{value}" if value.startswith("+") else escape(value)
        uri = ";VALUE=uri" if value.startswith("+") else ""
        lines.append(f"X-ASSISTANT-TEL{uri}:{shown}")
    if contact.boss_name:
        group = groups.next()
        lines.append(f"{group}.RELATED;VALUE=text;TYPE=colleague:{escape(contact.boss_name)}")
        lines.append(f"{group}.X-ABLabel:_$!<Manager>!$_")
    if contact.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in contact.tags))
    lines += [f"INTEREST:{escape(interest)}" for interest in contact.interests]
    if contact.notes:
        lines.append(f"NOTE:{escape(contact.notes)}")
    if contact.time_zone:
        lines.append(f"TZ;VALUE=text:{escape(contact.time_zone)}")
    lines.append(f"REV:{contact.updated_at.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


class _Groups:
    """item1, item2, ...: ties a value to its X-ABLabel the way Apple and Google do."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"item{self.count}"
