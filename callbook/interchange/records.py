"""A contact as read from someone else's file, before it meets the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from callbook.domain.dates import YearlyDate

BIRTHDAY = "Birthday"
ANNIVERSARY = "Anniversary"

# Told (done, total) as a long read or import goes, so the window can show a bar.
Progress = Callable[[int, int], None]


def is_system_group(name: str) -> bool:
    """True for a mail client's own groups (Google's '* My Contacts', '* starred')."""
    word = name.strip()
    return word.startswith("* ") or "".join(word.casefold().split()) in SYSTEM_GROUPS


# What Google and Apple call the groups every contact is in; not the rep's tags.
SYSTEM_GROUPS = frozenset({"mycontacts", "starred", "*mycontacts", "*starred"})


class ReadError(ValueError):
    """The file as a whole cannot be read; the message names the line or record."""


def iso_date(date: YearlyDate) -> str:
    """'1980-05-17', or '--05-17' when the year is not known (RFC 6350)."""
    head = f"{date.year:04}" if date.year is not None else "-"
    return f"{head}-{date.month:02}-{date.day:02}"


@dataclass(frozen=True, slots=True)
class LabelledDate:
    """A contact's important date: a birthday, an anniversary, 'joined Acme'."""

    label: str
    date: YearlyDate


@dataclass(frozen=True, slots=True)
class Relative:
    """Someone in the contact's family: 'ask about Sam'."""

    name: str
    relation: str = ""
    birthday: YearlyDate | None = None


@dataclass(slots=True)
class ContactRecord:
    """One contact from a file, with where it sits in the file for messages."""

    where: str
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    title: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)  # (label, as written)
    emails: list[tuple[str, str]] = field(default_factory=list)  # (label, address)
    dates: list[LabelledDate] = field(default_factory=list)
    family: list[Relative] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    time_zone: str | None = None
    assistant_name: str = ""
    assistant_phone: str = ""
    boss_name: str = ""
    interests: list[str] = field(default_factory=list)
    uid: str = ""
    full_name: str = ""  # the name as the file spells it in one piece (vCard FN)
    profile_urls: list[str] = field(default_factory=list)  # LinkedIn and the like
    countries: list[str] = field(default_factory=list)  # of its addresses, as written
    channels: list[str] = field(default_factory=list)  # ways to reach them (ReachChannel values)
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The person's name as the rep reads it, else the company."""
        return f"{self.first_name} {self.last_name}".strip() or self.company

    def is_empty(self) -> bool:
        """True when nothing identifies anyone: no name, company, phone or email."""
        return not (
            self.first_name.strip()
            or self.last_name.strip()
            or self.company.strip()
            or any(number.strip() for _label, number in self.phones)
            or any(address.strip() for _label, address in self.emails)
        )


@dataclass(frozen=True)
class BrokenRecord:
    """A record that could not be read at all, and why."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ReadResult:
    """Everything read from one file: the contacts, the broken records, what kind of file."""

    kind: str
    records: list[ContactRecord] = field(default_factory=list)
    broken: list[BrokenRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the file as a whole
