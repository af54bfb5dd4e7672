"""Reading CSV exports: Google, Outlook and LinkedIn known by their headers, others mapped."""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from callbook.domain.vocabulary import ReachChannel
from callbook.interchange.dates import MONTH_FIRST_REGIONS, parse_yearly_date
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

GOOGLE = "Google Contacts CSV"
OUTLOOK = "Outlook CSV"
LINKEDIN = "LinkedIn connections CSV"
OTHER = "CSV"

# What a column of somebody else's CSV can be turned into, and how the rep reads it.
FIELDS: dict[str, str] = {
    "ignore": "(leave out)",
    "full_name": "Full name",
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "company": "Company",
    "title": "Job title",
    "email": "Email",
    "phone:mobile": "Phone (mobile)",
    "phone:work": "Phone (work)",
    "phone:home": "Phone (home)",
    "phone:other": "Phone (other)",
    "birthday": "Birthday",
    "notes": "Notes",
    "tags": "Tags",
    "assistant_name": "Assistant",
    "assistant_phone": "Assistant's phone",
    "boss_name": "Boss",
}
# Header words that suggest a field, tried in order: the first that fits wins.
_SUGGESTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("assistant_phone", ("assistant phone", "assistant's phone", "assistant tel")),
    ("assistant_name", ("assistant",)),
    ("boss_name", ("manager", "boss", "reports to")),
    ("email", ("e-mail", "email", "mail")),
    ("phone:mobile", ("mobile", "cell", "handy", "mobil", "mobiltelefon", "portable")),
    ("phone:work", ("work phone", "business phone", "office phone", "direct", "phone (work)")),
    ("phone:home", ("home phone", "private phone", "phone (home)")),
    ("phone:other", ("phone", "tel", "telephone", "number", "telefon", "téléphone")),
    ("first_name", ("first name", "first", "given name", "forename", "vorname", "prénom")),
    ("middle_name", ("middle name", "additional name")),
    ("last_name", ("last name", "last", "surname", "family name", "nachname", "nom")),
    ("full_name", ("name", "full name", "contact", "display name", "kontakt", "nom complet")),
    ("company", ("company", "organization", "organisation", "account", "firma", "employer")),
    ("title", ("title", "job title", "position", "role", "job", "funktion", "fonction")),
    ("birthday", ("birthday", "date of birth", "dob", "geburtstag")),
    ("notes", ("notes", "note", "comment", "comments", "description", "bemerkung", "notiz")),
    ("tags", ("tags", "labels", "groups", "categories", "category", "group membership")),
]
_MULTI = " ::: "
# LinkedIn writes a few lines of notes above its header; no file has more.
HEADER_SEARCH_LINES = 20


@dataclass(frozen=True)
class CsvTable:
    """A CSV file split into its header and rows, each row with its line number."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    delimiter: str
    header_line: int

    @property
    def kind(self) -> str:
        """Which tool wrote the file, judged from its header."""
        return recognise(self.header)


class NeedsMapping(ReadError):
    """The CSV's columns are not ones Callbook knows: the rep must say what each one is."""

    def __init__(self, table: CsvTable) -> None:
        self.table = table
        self.suggestion = suggest_mapping(table.header)
        super().__init__(
            "Callbook does not recognise this file's columns; say which column is which"
        )


def parse_table(text: str) -> CsvTable:
    """Split CSV text into header and rows; LinkedIn's notes above the header are skipped."""
    opened = _open_table(text)
    return CsvTable(opened.header, list(opened.rows), opened.delimiter, opened.header_line)


@dataclass(frozen=True)
class _OpenTable:
    """A CSV file's header, and its rows still to be read one by one."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    delimiter: str
    header_line: int


def _open_table(text: str) -> _OpenTable:
    # Only a line break ends a line: a note may hold U+2028 or a form feed.
    text = normal_lines(text)
    if not text.strip():
        raise ReadError("the file is empty")
    # Only the head is split into lines to find the header; the rest is read as it lies,
    # so a big file is not held again as lines.
    head = text.split("\n", HEADER_SEARCH_LINES)[:HEADER_SEARCH_LINES]
    header_index = _header_index(head)
    if header_index == len(head):
        # Blank lines all the way through the head: the header is the first line with text.
        header_index = text[: len(text) - len(text.lstrip())].count("\n")
        header_text = text.split("\n", header_index + 1)[header_index]
    else:
        header_text = head[header_index]
    delimiter = _delimiter(header_text)
    body = io.StringIO(text, newline="")
    for _skipped in range(header_index):
        body.readline()
    reader = csv.reader(body, delimiter=delimiter, strict=True)
    try:
        header = [cell.strip().lstrip("\ufeff") for cell in next(reader, [])]
    except csv.Error as error:
        raise ReadError(f"line {header_index + 1} cannot be read as CSV: {error}") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        last_line = reader.line_num
        try:
            for row in reader:
                start = header_index + last_line + 1
                last_line = reader.line_num
                if any(cell.strip() for cell in row):
                    yield start, row
        except csv.Error as error:
            line = header_index + last_line + 1
            raise ReadError(f"line {line} cannot be read as CSV: {error}") from None

    return _OpenTable(header, rows(), delimiter, header_index + 1)


def _header_index(lines: list[str]) -> int:
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        cells = {c.strip().strip('"').lower() for c in re.split(r"[,;\t]", line)}
        if {"first name", "last name"} <= cells or "given name" in cells or "name" in cells:
            return index
    return next((i for i, line in enumerate(lines) if line.strip()), len(lines))


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def recognise(header: list[str]) -> str:
    """GOOGLE, OUTLOOK, LINKEDIN, or OTHER for a CSV header."""
    names = {h.strip().lower() for h in header}
    if ("e-mail 1 - value" in names or "phone 1 - value" in names) and (
        "given name" in names or "first name" in names
    ):
        return GOOGLE
    if "e-mail address" in names and ({"mobile phone", "business phone"} & names):
        return OUTLOOK
    if {"first name", "last name", "connected on"} <= names and (
        "position" in names or "company" in names
    ):
        return LINKEDIN
    return OTHER


def suggest_mapping(header: list[str]) -> dict[int, str]:
    """A first guess at what each column is, for the rep to check; unknown columns left out."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    repeatable = {"email", "phone:mobile", "phone:work", "phone:home", "phone:other", "notes"}
    for index, raw in enumerate(header):
        name = re.sub(r"\s+", " ", raw.strip().lower())
        for field_name, words in _SUGGESTIONS:
            if field_name in taken and field_name not in repeatable:
                continue
            if name in words or any(
                len(w) > 3 and re.search(rf"\b{re.escape(w)}\b", name) for w in words
            ):
                mapping[index] = field_name
                taken.add(field_name)
                break
    return mapping


def read_csv(
    text: str,
    region: str,
    mapping: Mapping[int, str] | None = None,
    progress: Progress | None = None,
    odd_lines: Mapping[int, str] | None = None,
) -> ReadResult:
    """Every contact in a CSV file; NeedsMapping when the columns are unknown and unmapped.

    A row on a line that was not UTF-8 says so; a row holding no text at all is turned away.
    Rows become contacts as they are read, so a big file is never held as rows too.
    """
    opened = _open_table(text)
    if mapping is None and recognise(opened.header) == OTHER:
        raise NeedsMapping(parse_table(text))
    # A progress bar needs the total; counting lines is quick beside reading them.
    total = text.count("\n") if progress else 0
    return _read_rows(opened.header, opened.rows, region, mapping, progress, odd_lines, total)


def read_table(
    table: CsvTable,
    region: str,
    mapping: Mapping[int, str] | None = None,
    progress: Progress | None = None,
    odd_lines: Mapping[int, str] | None = None,
) -> ReadResult:
    """Contacts from an already split table (the mapping dialog previews the same table)."""
    if mapping is None and table.kind == OTHER:
        raise NeedsMapping(table)
    rows = iter(table.rows)
    return _read_rows(table.header, rows, region, mapping, progress, odd_lines, len(table.rows))


def _read_rows(
    header: list[str],
    rows: Iterator[tuple[int, list[str]]],
    region: str,
    mapping: Mapping[int, str] | None,
    progress: Progress | None,
    odd_lines: Mapping[int, str] | None,
    total: int,
) -> ReadResult:
    kind = recognise(header) if mapping is None else OTHER
    month_first = region.upper() in MONTH_FIRST_REGIONS
    result = ReadResult(kind=kind)
    lowered = [h.strip().lower() for h in header]
    odd = sorted((odd_lines or {}).items())
    odd_numbers = [n for n, _how in odd]
    index = 0
    for (line, row), following in _with_next_start(rows):
        index += 1
        where = f"line {line}"
        # The row's own lines: from its start to the next row's (a note may span lines).
        until = following - 1 if following is not None else line + row_lines(row)
        guessed = odd[
            bisect.bisect_left(odd_numbers, line) : bisect.bisect_right(odd_numbers, until)
        ]
        if any(how == NOT_TEXT for _n, how in guessed):
            result.broken.append(BrokenRecord(where, "it is not text in any encoding"))
            continue
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            result.broken.append(
                BrokenRecord(where, f"it has {len(row)} columns but the header has {len(header)}")
            )
            continue
        cells = dict(zip(lowered, (c.strip() for c in row), strict=False))
        record = ContactRecord(where=where)
        if kind == GOOGLE:
            _google(record, cells, month_first)
        elif kind == OUTLOOK:
            _outlook(record, cells, month_first)
        elif kind == LINKEDIN:
            _linkedin(record, cells)
        else:
            assert mapping is not None
            _mapped(record, row, mapping, month_first)
        record.warnings += [
            f"line {n} is not UTF-8; read as Windows-1252, check its accents"
            for n, how in guessed
            if how == WINDOWS_1252
        ]
        if not record.is_empty():
            result.records.append(record)
        if progress and index % 500 == 0:
            progress(min(line, total) if total else index, max(total, index))
    if progress:
        progress(total or index, total or index)
    return result


def _with_next_start(
    rows: Iterator[tuple[int, list[str]]],
) -> Iterator[tuple[tuple[int, list[str]], int | None]]:
    """Each row with the line the next row starts on (None for the last)."""
    previous = next(rows, None)
    for current in rows:
        assert previous is not None
        yield previous, current[0]
        previous = current
    if previous is not None:
        yield previous, None


def row_lines(row: list[str]) -> int:
    """How many lines a row's cells span past its first."""
    return sum(cell.count("\n") for cell in row)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(_MULTI) if v.strip()]


def _birthday(record: ContactRecord, value: str, month_first: bool, label: str = BIRTHDAY) -> None:
    try:
        date = parse_yearly_date(value, month_first=month_first)
    except ValueError as error:
        record.warnings.append(f"{label.lower()} left out: {error}")
        return
    if date is not None:
        record.dates.append(LabelledDate(label, date))


def _label(raw: str) -> str:
    return raw.strip().lstrip("*").strip().lower() or "other"


def _numbered(cells: dict[str, str], stem: str, suffix: str) -> list[tuple[str, str]]:
    """Google's 'Phone 1 - Type'/'Phone 1 - Value' pairs, many values joined by ' ::: '."""
    found: list[tuple[str, str]] = []
    primary: list[tuple[str, str]] = []
    number = 1
    while f"{stem} {number} - value" in cells:
        raw_label = cells.get(f"{stem} {number} - {suffix}", "") or cells.get(
            f"{stem} {number} - type", ""
        )
        for value in _split(cells[f"{stem} {number} - value"]):
            pair = (_label(raw_label), value)
            (primary if raw_label.strip().startswith("*") else found).append(pair)
        number += 1
    return primary + found


def _google(record: ContactRecord, cells: dict[str, str], month_first: bool) -> None:
    record.first_name = " ".join(
        p
        for p in (
            cells.get("given name") or cells.get("first name", ""),
            cells.get("additional name") or cells.get("middle name", ""),
        )
        if p
    )
    record.last_name = " ".join(
        p
        for p in (
            cells.get("family name") or cells.get("last name", ""),
            cells.get("name suffix", ""),
        )
        if p
    )
    if not (record.first_name or record.last_name) and cells.get("name"):
        record.first_name, _sep, record.last_name = cells["name"].rpartition(" ")
        if not record.first_name:
            record.first_name, record.last_name = record.last_name, ""
    record.company = cells.get("organization 1 - name") or cells.get("organization name", "")
    record.title = cells.get("organization 1 - title") or cells.get("organization title", "")
    record.phones = _numbered(cells, "phone", "label")
    record.emails = _numbered(cells, "e-mail", "label")
    _birthday(record, cells.get("birthday", ""), month_first)
    for label, value in _numbered(cells, "event", "label"):
        _birthday(
            record, value, month_first, ANNIVERSARY if label == "anniversary" else label.title()
        )
    for relation, name in _numbered(cells, "relation", "label"):
        if relation == "assistant":
            record.assistant_name = record.assistant_name or name
        elif relation == "manager":
            record.boss_name = record.boss_name or name
        else:
            record.family.append(Relative(name, relation if relation != "other" else ""))
    groups = cells.get("group membership") or cells.get("labels", "")
    record.tags = [g for g in _split(groups) if not is_system_group(g)]
    extras = [f"Web: {url}" for _kind, url in _numbered(cells, "website", "label")]
    record.profile_urls = [url for _kind, url in _numbered(cells, "website", "label")]
    record.profile_urls = [url for url in record.profile_urls if is_profile_url(url)]
    for _kind, address in _numbered(cells, "address", "label"):
        extras.append(f"Address: {address}")
    number = 1
    while f"address {number} - country" in cells:
        if cells[f"address {number} - country"]:
            record.countries.append(cells[f"address {number} - country"])
        number += 1
    department = cells.get("organization 1 - department") or cells.get(
        "organization department", ""
    )
    if department:
        extras.append(f"Department: {department}")
    record.notes = "\n\n".join(p for p in (cells.get("notes", ""), "\n".join(extras)) if p)


OUTLOOK_PHONES = [
    ("mobile phone", "mobile"),
    ("business phone", "work"),
    ("business phone 2", "work"),
    ("company main phone", "main"),
    ("primary phone", "main"),
    ("home phone", "home"),
    ("home phone 2", "home"),
    ("car phone", "car"),
    ("other phone", "other"),
    ("pager", "pager"),
    ("business fax", "fax"),
    ("home fax", "fax"),
    ("other fax", "fax"),
]


def _outlook(record: ContactRecord, cells: dict[str, str], month_first: bool) -> None:
    record.first_name = " ".join(
        p for p in (cells.get("first name", ""), cells.get("middle name", "")) if p
    )
    record.last_name = " ".join(
        p for p in (cells.get("last name", ""), cells.get("suffix", "")) if p
    )
    if not (record.first_name or record.last_name) and cells.get("name"):
        # Some Outlook versions export only 'Name', the name as one piece.
        _full_name(record, cells["name"])
    record.company = cells.get("company", "")
    record.title = cells.get("job title", "")
    seen: set[str] = set()
    for column, label in OUTLOOK_PHONES:
        value = cells.get(column, "")
        if value and value not in seen:
            seen.add(value)
            record.phones.append((label, value))
    for column in ("e-mail address", "e-mail 2 address", "e-mail 3 address"):
        address = cells.get(column, "")
        # Exchange contacts export an X.500 path here instead of an address.
        if address and "@" in address:
            record.emails.append(("work" if column == "e-mail address" else "other", address))
    for column, label in (("birthday", BIRTHDAY), ("anniversary", ANNIVERSARY)):
        if not _OUTLOOK_NO_DATE.match(cells.get(column, "")):
            _birthday(record, cells.get(column, ""), month_first, label)
    if cells.get("spouse"):
        record.family.append(Relative(cells["spouse"], "spouse"))
    for child in re.split(r"[;,]", cells.get("children", "")):
        if child.strip():
            record.family.append(Relative(child.strip(), "child"))
    record.assistant_name = cells.get("assistant's name", "")
    record.assistant_phone = cells.get("assistant's phone", "")
    if record.assistant_name or record.assistant_phone:
        # Outlook keeps the assistant only for getting through to the person.
        record.channels.append(ReachChannel.ASSISTANT.value)
    record.boss_name = cells.get("manager's name", "")
    record.tags = [t.strip() for t in re.split(r"[;,]", cells.get("categories", "")) if t.strip()]
    record.interests = [h.strip() for h in re.split(r"[;,]", cells.get("hobby", "")) if h.strip()]
    for column in ("business country/region", "home country/region", "other country/region"):
        if cells.get(column):
            record.countries.append(cells[column])
    extras = [
        f"{label}: {cells[column]}" for column, label in _OUTLOOK_NOTES_LINES if cells.get(column)
    ]
    for column in ("web page", "personal web page"):
        url = cells.get(column, "")
        if url:
            extras.append(f"Web: {url}")
            if is_profile_url(url):
                record.profile_urls.append(url)
    for place, label in (("business", "work"), ("home", "home"), ("other", "other")):
        address = ", ".join(
            cells[f"{place} {part}"]
            for part in _OUTLOOK_ADDRESS_PARTS
            if cells.get(f"{place} {part}", "")
        )
        if address:
            extras.append(f"Address ({label}): {address}")
    record.notes = "\n\n".join(p for p in (cells.get("notes", ""), "\n".join(extras)) if p)


# Outlook's way of writing 'no date': '0/0/00', or its far-future 'none', 1 January 4501.
_OUTLOOK_NO_DATE = re.compile(r"^\s*(0+[./-]0+[./-]0+|\d{1,2}[./-]\d{1,2}[./-]4501)\s*$")
# Person fields Outlook has and Callbook keeps as lines in the notes.
_OUTLOOK_NOTES_LINES = [
    ("department", "Department"),
    ("office location", "Office"),
    ("referred by", "Referred by"),
    ("nickname", "Nickname"),
    ("language", "Language"),
]
_OUTLOOK_ADDRESS_PARTS = (
    "street",
    "street 2",
    "street 3",
    "city",
    "state",
    "postal code",
    "country/region",
)


def _full_name(record: ContactRecord, full: str) -> None:
    """First and last name from one piece: 'Ana Silva', or 'Silva, Ana' last name first."""
    if "," in full:
        last, _sep, first = (p.strip() for p in full.partition(","))
    else:
        first, _sep, last = full.rpartition(" ")
        if not first:
            first, last = last, ""
    record.first_name, record.last_name = first, last
    record.full_name = full


def _linkedin(record: ContactRecord, cells: dict[str, str]) -> None:
    record.first_name = cells.get("first name", "")
    record.last_name = cells.get("last name", "")
    record.company = cells.get("company", "")
    record.title = cells.get("position", "")
    if cells.get("email address"):
        record.emails.append(("work", cells["email address"]))
    lines = []
    if cells.get("url"):
        lines.append(f"LinkedIn: {cells['url']}")
        record.profile_urls.append(cells["url"])
    if cells.get("connected on"):
        lines.append(f"Connected on LinkedIn: {cells['connected on']}")
    record.notes = "\n".join(lines)


def _mapped(
    record: ContactRecord, row: list[str], mapping: Mapping[int, str], month_first: bool
) -> None:
    parts: dict[str, list[str]] = {}
    for index, field_name in mapping.items():
        if field_name == "ignore" or index >= len(row) or not row[index].strip():
            continue
        value = row[index].strip()
        if field_name.startswith("phone:"):
            for number in re.split(r"\s*(?:;|:::|\|)\s*", value):
                if number:
                    record.phones.append((field_name.split(":", 1)[1], number))
        elif field_name == "email":
            for address in re.split(r"\s*(?:;|,|:::|\|)\s*", value):
                if address:
                    record.emails.append(("other", address))
        elif field_name == "birthday":
            _birthday(record, value, month_first)
        elif field_name == "tags":
            record.tags.extend(t.strip() for t in re.split(r"[;,|]|:::", value) if t.strip())
        else:
            parts.setdefault(field_name, []).append(value)
    first = " ".join(parts.get("first_name", []) + parts.get("middle_name", []))
    last = " ".join(parts.get("last_name", []))
    record.first_name, record.last_name = first, last
    if not (first or last) and parts.get("full_name"):
        _full_name(record, parts["full_name"][0])
    record.company = " ".join(parts.get("company", []))
    record.title = " ".join(parts.get("title", []))
    record.notes = "\n\n".join(parts.get("notes", []))
    record.assistant_name = " ".join(parts.get("assistant_name", []))
    record.assistant_phone = " ".join(parts.get("assistant_phone", []))
    record.boss_name = " ".join(parts.get("boss_name", []))
