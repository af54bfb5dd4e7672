"""Reading vCard 2.1, 3.0 and 4.0 as Google, Apple, Outlook and Android write them."""

from __future__ import annotations

import bisect
import quopri
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from vobject.base import ParseError, parseLine

from callbook.domain.dates import YearlyDate
from callbook.interchange.dates import parse_yearly_date
from callbook.interchange.encodings import NOT_TEXT, WINDOWS_1252, normal_lines
from callbook.interchange.identity import is_profile_url
from callbook.interchange.records import (
    ANNIVERSARY,
    BIRTHDAY,
    BrokenRecord,
    ContactRecord,
    LabelledDate,
    Progress,
    ReadError,
    ReadResult,
    Relative,
    is_system_group,
)

# Properties that carry pictures, sounds or keys: skipped whole, never decoded.
BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
# A card holding more text than this is a mistake (a photo pasted as text), not a person.
MAX_CARD_BYTES = 1_000_000
PHONE_LABELS = {
    "CELL": "mobile",
    "MOBILE": "mobile",
    "IPHONE": "mobile",
    "WORK": "work",
    "HOME": "home",
    "MAIN": "main",
    "FAX": "fax",
    "PAGER": "pager",
    "CAR": "car",
    "VIDEO": "video",
    "TEXTPHONE": "textphone",
}
EMAIL_LABELS = {"WORK": "work", "HOME": "home", "OTHER": "other"}
RELATIONS = {
    "SPOUSE": "spouse",
    "CHILD": "child",
    "SON": "son",
    "DAUGHTER": "daughter",
    "PARENT": "parent",
    "MOTHER": "mother",
    "FATHER": "father",
    "SIBLING": "sibling",
    "BROTHER": "brother",
    "SISTER": "sister",
    "PARTNER": "partner",
    "DOMESTIC PARTNER": "partner",
    "FRIEND": "friend",
    "KIN": "relative",
    "RELATIVE": "relative",
    "SWEETHEART": "partner",
}
ASSISTANT_WORDS = frozenset({"ASSISTANT"})
BOSS_WORDS = frozenset({"MANAGER", "BOSS"})
# Android's relation types (ContactsContract.CommonDataKinds.Relation).
ANDROID_RELATIONS = {
    "1": "ASSISTANT",
    "2": "BROTHER",
    "3": "CHILD",
    "4": "DOMESTIC PARTNER",
    "5": "FATHER",
    "6": "FRIEND",
    "7": "MANAGER",
    "8": "MOTHER",
    "9": "PARENT",
    "10": "PARTNER",
    "11": "REFERRED BY",
    "12": "RELATIVE",
    "13": "SISTER",
    "14": "SPOUSE",
}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_ESCAPES = re.compile(r"\\(.)", re.DOTALL)
_ESCAPED = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":"}


@dataclass
class Property:
    """One content line after unfolding and decoding."""

    name: str
    group: str | None
    params: dict[str, list[str]]
    raw: str
    line: int

    def types(self) -> set[str]:
        """The TYPE values, upper-cased, with vCard 2.1's bare parameters included."""
        return {t.strip().upper() for v in self.params.get("TYPE", []) for t in v.split(",")}

    def param(self, name: str) -> str | None:
        """The first value of parameter `name`."""
        values = self.params.get(name)
        return values[0] if values else None


@dataclass
class _Card:
    first_line: int
    number: int
    version: str = "3.0"
    lines: list[Property] = field(default_factory=list)
    last_line: int = 0
    size: int = 0
    labels: dict[str, str] | None = None

    @property
    def where(self) -> str:
        return f"card {self.number} (line {self.first_line})"


def physical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfolded logical lines with the number of the physical line each starts on.

    Folding is a line starting with a space or tab; vCard 2.1 quoted-printable values
    also continue on the next line after a trailing '='.
    """
    current: str | None = None
    start = 0
    soft_break = False
    # Only '\n' ends a line: a note may hold U+2028 or a form feed, which are no breaks here.
    for number, line in enumerate(normal_lines(text).split("\n"), start=1):
        if current is not None and (soft_break or (line[:1] in (" ", "\t") and line.strip())):
            if soft_break:
                current += "\n" + line
            else:
                current += line[1:]
        else:
            if current is not None and current.strip():
                yield start, current
            current, start = line, number
        soft_break = current.endswith("=") and "QUOTED-PRINTABLE" in current.upper().split(":")[0]
    if current is not None and current.strip():
        yield start, current


def read_vcards(
    text: str, progress: Progress | None = None, odd_lines: Mapping[int, str] | None = None
) -> ReadResult:
    """Every contact in a vCard file; unreadable cards are listed, not fatal.

    `odd_lines` says which lines were not UTF-8 and how they were read; the cards holding
    them say so, and a card with a line that is no text at all is turned away.
    """
    result = ReadResult(kind="vCard")
    cards = list(_cards(text, result))
    if not cards and not result.broken:
        raise ReadError("there is no vCard in this file (no line reads BEGIN:VCARD)")
    odd = sorted((odd_lines or {}).items())
    odd_numbers = [n for n, _how in odd]
    total = len(cards)
    for index, card in enumerate(cards, start=1):
        where = card.where
        start = bisect.bisect_left(odd_numbers, card.first_line)
        end = bisect.bisect_right(odd_numbers, card.last_line)
        guessed = odd[start:end]
        unreadable = [n for n, how in guessed if how == NOT_TEXT]
        if unreadable:
            result.broken.append(
                BrokenRecord(where, f"line {unreadable[0]} is not text in any encoding")
            )
            continue
        try:
            record = _contact(card, where)
        except (ValueError, UnicodeError) as error:
            result.broken.append(BrokenRecord(where, str(error)))
            continue
        for number, how in guessed:
            if how == WINDOWS_1252:
                record.warnings.append(
                    f"line {number} is not UTF-8; read as Windows-1252, check its accents"
                )
        result.records.append(record)
        if progress and index % 200 == 0:
            progress(index, total)
    if progress:
        progress(total, total)
    return result


def _cards(text: str, result: ReadResult) -> Iterator[_Card]:
    card: _Card | None = None
    broken_at: str | None = None
    number = 0
    depth = 0
    for line_number, line in physical_lines(text):
        head = line.strip().upper()
        if head == "BEGIN:VCARD":
            if card is not None:
                last = card.lines[-1] if card.lines else None
                if last is not None and last.name == "AGENT" and not last.raw.strip():
                    # vCard 2.1 embeds the assistant's card inside AGENT: skipped whole.
                    depth += 1
                    continue
                if depth == 0:
                    result.broken.append(
                        BrokenRecord(
                            f"card {card.number} (line {card.first_line})",
                            f"it has no END:VCARD before the next card on line {line_number}",
                        )
                    )
            number += 1
            card, broken_at, depth = _Card(line_number, number), None, 0
            continue
        if card is None:
            continue  # text between cards carries nothing
        if head == "END:VCARD":
            if depth > 0:
                depth -= 1
                continue
            card.last_line = line_number
            if broken_at is None:
                yield card
            else:
                result.broken.append(
                    BrokenRecord(f"card {card.number} (line {card.first_line})", broken_at)
                )
            card = None
            continue
        if broken_at is not None or depth > 0:
            continue
        card.size += len(line)
        if card.size > MAX_CARD_BYTES:
            broken_at = (
                f"it holds more than {MAX_CARD_BYTES // 1_000_000} MB of text "
                f"by line {line_number}; a contact's card is never that long"
            )
            card.lines = []
            continue
        try:
            name, params, value, group = parseLine(line, line_number)
        except ParseError:
            shown = line if len(line) <= 60 else line[:57] + "..."
            broken_at = f"line {line_number} cannot be read: '{shown}'"
            continue
        prop = Property(name.upper(), group, _params(params), value, line_number)
        if prop.name == "VERSION":
            card.version = value.strip()
        card.lines.append(prop)
    if card is not None:
        message = "the file ends before its END:VCARD"
        result.broken.append(
            BrokenRecord(f"card {card.number} (line {card.first_line})", broken_at or message)
        )


def _params(pairs: list[list[str]]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for pair in pairs:
        if len(pair) == 1:
            # vCard 2.1 writes TEL;CELL;PREF: bare words are types (or the encoding).
            word = pair[0].upper()
            if word in {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}:
                params.setdefault("ENCODING", []).append(word)
            else:
                params.setdefault("TYPE", []).append(pair[0])
        else:
            params.setdefault(pair[0].upper(), []).extend(pair[1:])
    return params


def decoded(prop: Property) -> str:
    """The property's text with quoted-printable and charsets undone (escapes kept)."""
    encoding = (prop.param("ENCODING") or "").upper()
    if encoding != "QUOTED-PRINTABLE":
        return prop.raw
    charset = prop.param("CHARSET") or "utf-8"
    try:
        data = quopri.decodestring(prop.raw.encode(charset, errors="strict"))
        text = data.decode(charset)
    except LookupError:
        raise ValueError(f"line {prop.line} names an unknown character set '{charset}'") from None
    except UnicodeError:
        try:
            text = quopri.decodestring(prop.raw.encode("utf-8")).decode("cp1252")
        except UnicodeError:
            raise ValueError(
                f"line {prop.line} is not valid {charset} after quoted-printable decoding"
            ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_escaped(value: str, separator: str) -> list[str]:
    """Split on `separator` where it is not escaped with a backslash."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    return parts


def unescape(value: str) -> str:
    """RFC 6350 text: \\n, \\, \\; and \\\\ back to what they stand for."""
    if "\\" not in value:
        return value
    return _ESCAPES.sub(lambda m: _ESCAPED.get(m[1], "\\" + m[1]), value)


def _text(prop: Property) -> str:
    return unescape(decoded(prop)).strip()


def _components(prop: Property) -> list[str]:
    return [unescape(part).strip() for part in split_escaped(decoded(prop), ";")]


def _label_from_group(card: _Card, group: str | None) -> str | None:
    if group is None:
        return None
    if card.labels is None:
        # Read once per card: a long card must not be searched again for every value.
        card.labels = {}
        for prop in card.lines:
            if prop.group and prop.name == "X-ABLABEL" and prop.group not in card.labels:
                text = _text(prop)
                apple = _APPLE_LABEL.match(text)
                card.labels[prop.group] = (apple[1] if apple else text).strip()
    return card.labels.get(group) or None


def _phone_label(prop: Property, group_label: str | None) -> str:
    if group_label:
        return group_label.lower()
    types = prop.types()
    if "FAX" in types:
        return "fax"
    for word in ("CELL", "MOBILE", "IPHONE", "MAIN", "PAGER", "CAR", "WORK", "HOME"):
        if word in types:
            return PHONE_LABELS[word]
    label = prop.param("X-LABEL") or prop.param("LABEL")
    return label.lower() if label else "other"


def _email_label(prop: Property, group_label: str | None) -> str:
    if group_label:
        return group_label.lower()
    types = prop.types()
    for word, label in EMAIL_LABELS.items():
        if word in types:
            return label
    return "other"


def _phone_value(prop: Property) -> str:
    value = _text(prop)
    if value.lower().startswith("tel:"):
        value = value[4:]
        # tel: URIs may carry ;ext=12 or other parameters after the number.
        number, _sep, rest = value.partition(";")
        ext = next((p[4:] for p in rest.split(";") if p.lower().startswith("ext=")), "")
        value = f"{number} ext. {ext}" if ext else number
    return value


def _date(prop: Property, card: _Card) -> YearlyDate | None:
    if (prop.param("VALUE") or "").lower() == "text":
        raise ValueError(f"line {prop.line}: '{_text(prop)}' is not a date")
    omit = prop.param("X-APPLE-OMIT-YEAR")
    return parse_yearly_date(_text(prop), omit_year=omit)


def _contact(card: _Card, where: str) -> ContactRecord:
    record = ContactRecord(where=where)
    full_name = ""
    notes: list[str] = []
    extras: list[str] = []
    preferred_phones: list[tuple[str, str]] = []
    preferred_emails: list[tuple[str, str]] = []
    is_organisation = False
    for prop in card.lines:
        name = prop.name
        if name in BINARY or (prop.param("ENCODING") or "").upper() in {"B", "BASE64"}:
            continue
        if name == "N":
            parts = [*_components(prop), "", "", "", "", ""]
            family, given, middle, _prefix, suffix = parts[:5]
            record.first_name = " ".join(p for p in (given, middle) if p)
            record.last_name = " ".join(p for p in (family, suffix) if p)
        elif name == "FN":
            full_name = _text(prop)
        elif name == "UID":
            record.uid = record.uid or _text(prop)
        elif name == "ORG":
            parts = [p for p in _components(prop) if p]
            if parts:
                record.company = parts[0]
                if len(parts) > 1:
                    extras.append("Department: " + ", ".join(parts[1:]))
        elif name == "TITLE":
            record.title = _text(prop)
        elif name == "ROLE":
            if not record.title:
                record.title = _text(prop)
        elif name == "TEL":
            value = _phone_value(prop)
            if value:
                label = _phone_label(prop, _label_from_group(card, prop.group))
                pref = "PREF" in prop.types() or prop.param("PREF") is not None
                (preferred_phones if pref else record.phones).append((label, value))
        elif name == "EMAIL":
            address = _text(prop)
            if address.lower().startswith("mailto:"):
                address = address[7:]
            if address:
                label = _email_label(prop, _label_from_group(card, prop.group))
                pref = "PREF" in prop.types() or prop.param("PREF") is not None
                (preferred_emails if pref else record.emails).append((label, address))
        elif name == "BDAY":
            _add_date(record, BIRTHDAY, prop, card)
        elif name in {
            "ANNIVERSARY",
            "X-ANNIVERSARY",
            "X-MS-ANNIVERSARY",
            "X-EVOLUTION-ANNIVERSARY",
        }:
            _add_date(record, ANNIVERSARY, prop, card)
        elif name == "X-ABDATE":
            _add_date(record, _label_from_group(card, prop.group) or "Date", prop, card)
        elif name == "NOTE":
            text = _text(prop)
            if text:
                notes.append(text)
        elif name == "CATEGORIES":
            for tag in split_escaped(decoded(prop), ","):
                word = unescape(tag).strip()
                if word and not is_system_group(word):
                    record.tags.append(word)
        elif name in {"INTEREST", "HOBBY"}:
            interest = _text(prop)
            if interest:
                record.interests.append(interest)
        elif name == "TZ":
            zone = _text(prop)
            if "/" in zone and not zone.startswith(("+", "-")):
                record.time_zone = zone
        elif name in {"RELATED", "X-ABRELATEDNAMES"}:
            _add_related(record, prop, card)
        elif name in {"X-SPOUSE", "X-MS-SPOUSE", "X-EVOLUTION-SPOUSE"}:
            _relate(record, _text(prop), "SPOUSE", None)
        elif name in {"X-ASSISTANT", "X-MS-ASSISTANT", "X-EVOLUTION-ASSISTANT"}:
            record.assistant_name = record.assistant_name or _text(prop)
        elif name in {"X-MANAGER", "X-MS-MANAGER", "X-EVOLUTION-MANAGER"}:
            record.boss_name = record.boss_name or _text(prop)
        elif name == "X-ASSISTANT-TEL":
            record.assistant_phone = record.assistant_phone or _phone_value(prop)
        elif name == "X-ANDROID-CUSTOM":
            extras.extend(_android_custom(record, prop))
        elif name == "KIND":
            is_organisation = _text(prop).lower() in {"org", "organization", "group"}
        elif name == "NICKNAME":
            nickname = _text(prop)
            if nickname:
                extras.append(f"Nickname: {nickname}")
        elif name == "URL":
            url = _text(prop)
            if url:
                extras.append(f"Web: {url}")
                if is_profile_url(url):
                    record.profile_urls.append(url)
        elif name == "ADR":
            components = _components(prop)
            if len(components) > 6 and components[6]:
                record.countries.append(components[6])
            address = ", ".join(p for p in components if p)
            if address:
                label = _email_label(prop, _label_from_group(card, prop.group))
                extras.append(f"Address ({label}): {address}" if label != "other" else address)
    record.phones[:0] = preferred_phones
    record.emails[:0] = preferred_emails
    if is_organisation and not (record.first_name or record.last_name):
        # A card for a company (vCard 4.0 KIND:org) names the company, not a person.
        record.company = record.company or full_name
    elif not (record.first_name or record.last_name) and _names_a_person(full_name, record):
        record.first_name, _sep, record.last_name = full_name.rpartition(" ")
        if not record.first_name:
            record.first_name, record.last_name = record.last_name, ""
    record.full_name = full_name
    record.notes = "\n\n".join([*notes, *(["\n".join(extras)] if extras else [])])
    return record


def _names_a_person(full_name: str, record: ContactRecord) -> bool:
    """False when FN only repeats the company, or is an email address or a number, as the
    exports of unnamed contacts write it (FN cannot be left out)."""
    if not full_name or full_name.casefold() == record.company.casefold():
        return False
    return not (_LOOKS_LIKE_EMAIL.fullmatch(full_name) or _LOOKS_LIKE_NUMBER.fullmatch(full_name))


_LOOKS_LIKE_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_LOOKS_LIKE_NUMBER = re.compile(r"[+(]?[\d\s().\-/]{5,}")


def _add_date(record: ContactRecord, label: str, prop: Property, card: _Card) -> None:
    try:
        date = _date(prop, card)
    except ValueError as error:
        record.warnings.append(f"{label.lower()} left out: {error}")
        return
    if date is not None:
        record.dates.append(LabelledDate(label, date))


def _add_related(record: ContactRecord, prop: Property, card: _Card) -> None:
    text = _text(prop)
    value_type = (prop.param("VALUE") or "").lower()
    if prop.name == "RELATED" and (
        value_type == "uri"
        or (
            value_type != "text" and text.lower().startswith(("urn:", "http:", "https:", "mailto:"))
        )
    ):
        return  # a link to another card, not a name the rep can ask about
    group_label = _label_from_group(card, prop.group)
    types = {group_label.upper()} if group_label else prop.types()
    relation = next((t for t in types if t in RELATIONS or t in ASSISTANT_WORDS | BOSS_WORDS), "")
    if not relation and group_label:
        relation = group_label
    birthday = None
    raw_birthday = prop.param("X-BDAY")
    if raw_birthday:
        try:
            birthday = parse_yearly_date(raw_birthday)
        except ValueError as error:
            record.warnings.append(f"birthday of {text} left out: {error}")
    _relate(record, text, relation, birthday)


def _relate(record: ContactRecord, name: str, relation: str, birthday: YearlyDate | None) -> None:
    if not name:
        return
    word = relation.upper()
    if word in ASSISTANT_WORDS:
        record.assistant_name = record.assistant_name or name
    elif word in BOSS_WORDS:
        record.boss_name = record.boss_name or name
    else:
        record.family.append(Relative(name, RELATIONS.get(word, relation), birthday))


def _android_custom(record: ContactRecord, prop: Property) -> list[str]:
    parts = _components(prop)
    kind = parts[0] if parts else ""
    if kind.endswith("/relation") and len(parts) >= 2:
        code = parts[2] if len(parts) > 2 else ""
        label = ANDROID_RELATIONS.get(code) or (parts[3] if len(parts) > 3 else "")
        _relate(record, parts[1], label, None)
    elif kind.endswith("/contact_event") and len(parts) >= 2:
        label = {"1": ANNIVERSARY, "3": BIRTHDAY}.get(parts[2] if len(parts) > 2 else "", "")
        label = label or (parts[3] if len(parts) > 3 and parts[3] else "Date")
        try:
            date = parse_yearly_date(parts[1])
        except ValueError as error:
            record.warnings.append(f"{label.lower()} left out: {error}")
            return []
        if date is not None:
            record.dates.append(LabelledDate(label, date))
    elif kind.endswith("/nickname") and len(parts) >= 2 and parts[1]:
        return [f"Nickname: {parts[1]}"]
    return []
