"""Type-ahead search over names, companies, notes, family and interests (SQLite FTS5)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from callbook.domain.names import shown_name
from callbook.store.engine import Store
from callbook.store.reading import Reader

SEARCH_TABLE = "contact_search"
# One row per contact, rowid = contacts.id; the same SELECT fills one row or all of them.
_ROWS = """
SELECT c.id,
       trim(c.first_name || ' ' || c.last_name),
       c.company,
       c.notes || ' ' || c.personal_notes,
       coalesce((SELECT group_concat(f.name, ' ') FROM family_members f
                 WHERE f.contact_id = c.id), ''),
       coalesce((SELECT group_concat(i.text, ' ') FROM interests i
                 WHERE i.contact_id = c.id), '')
FROM contacts c
"""
_INSERT = f"INSERT INTO {SEARCH_TABLE} (rowid, name, company, notes, family, interests) "
# Where a match beyond the name is shown as found, in this order; then the notes.
_SHORT_FIELDS = ("company", "family", "interests")
MAX_RESULTS = 50


@dataclass(frozen=True)
class SearchHit:
    """One contact found by the type-ahead, with where the words were found."""

    contact_id: int
    name: str
    company: str
    tier: str
    matched_in: str


def reindex_contact(session: Session, contact_id: int) -> None:
    """Bring one contact's search row up to date, inside the caller's transaction."""
    session.flush()
    session.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :id"), {"id": contact_id})
    session.execute(text(_INSERT + _ROWS + " WHERE c.id = :id"), {"id": contact_id})


def rebuild(connection: Connection | Session) -> None:
    """Rebuild every search row (after a bulk insert), inside the caller's transaction."""
    connection.execute(text(f"DELETE FROM {SEARCH_TABLE}"))
    connection.execute(text(_INSERT + _ROWS))


def typed_words(typed: str) -> list[str]:
    """The words of what the rep typed, split where the index splits them.

    Letters, digits and the marks that belong to them (Devanagari vowel signs, accents)
    make words; the index folds case and Latin accents itself.
    """
    words: list[str] = []
    word: list[str] = []
    for char in typed:
        if char.isalnum() or (word and unicodedata.category(char).startswith("M")):
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return words


def spellings(word: str) -> list[str]:
    """The ways the index may hold a typed word: as typed, composed, and case-folded
    (so "weiß" finds "Weiss" as well as "Weiß")."""
    return list(dict.fromkeys([word, unicodedata.normalize("NFC", word), word.casefold()]))


def match_expression(typed: str) -> str | None:
    """The FTS5 query for what the rep typed: every word, each as a prefix; None if no words."""
    words = typed_words(typed)
    if not words:
        return None
    return " AND ".join(_any_of(spellings(word)) for word in words)


def _any_of(ways: list[str]) -> str:
    prefixes = [f'"{way}"*' for way in ways]
    return prefixes[0] if len(prefixes) == 1 else f"({' OR '.join(prefixes)})"


def search_contacts(store: Store, typed: str, limit: int = MAX_RESULTS) -> list[SearchHit]:
    """Contacts matching every typed word as a prefix; name matches first."""
    query = match_expression(typed)
    if query is None:
        return []
    # Plain rows, no ORM: this runs at every keystroke. Each pass stops at `limit` without
    # ranking every match, so a one-letter prefix over 50,000 contacts stays instant.
    with store.reading() as reader:
        hits = [
            SearchHit(contact_id, shown_name(first, last, company), company, tier, "name")
            for contact_id, first, last, company, tier in reader.execute(
                f"SELECT s.rowid, c.first_name, c.last_name, c.company, c.tier "
                f"FROM {SEARCH_TABLE} s JOIN contacts c ON c.id = s.rowid "
                f"WHERE {SEARCH_TABLE} MATCH ? ORDER BY s.rowid LIMIT ?",
                (f"{{name}} : ({query})", limit),
            )
        ]
        if len(hits) < limit:
            hits += _found_elsewhere(reader, query, typed, hits, limit - len(hits))
    return hits


def _found_elsewhere(
    reader: Reader, query: str, typed: str, by_name: list[SearchHit], wanted: int
) -> list[SearchHit]:
    """Matches beyond the name, each saying where the words were found: 'family: Sam'."""
    rows = reader.execute(
        f"SELECT s.rowid, c.first_name, c.last_name, c.company, c.tier, "
        f"s.company, s.family, s.interests "
        f"FROM {SEARCH_TABLE} s JOIN contacts c ON c.id = s.rowid "
        f"WHERE {SEARCH_TABLE} MATCH ? AND s.rowid NOT IN (SELECT value FROM json_each(?)) "
        f"ORDER BY s.rowid LIMIT ?",
        (query, json.dumps([hit.contact_id for hit in by_name]), wanted),
    ).fetchall()
    finder = word_finder([way for word in typed_words(typed) for way in spellings(word)])
    found: list[SearchHit] = []
    in_notes: list[int] = []
    for contact_id, first, last, company, tier, *fields in rows:
        where = ""
        for column, field in zip(_SHORT_FIELDS, fields, strict=True):
            words = first_words(finder, field)
            if words:
                where = f"{column}: {', '.join(words)}"
                break
        if not where:
            in_notes.append(contact_id)
        found.append(SearchHit(contact_id, shown_name(first, last, company), company, tier, where))
    # Notes may run to a megabyte: read only those the short fields do not explain.
    notes = dict(
        reader.execute(
            f"SELECT rowid, notes FROM {SEARCH_TABLE} "
            "WHERE rowid IN (SELECT value FROM json_each(?))",
            (json.dumps(in_notes),),
        ).fetchall()
        if in_notes
        else []
    )
    return [
        hit if hit.matched_in else replace(hit, matched_in=_in_notes(finder, notes, hit))
        for hit in found
    ]


def _in_notes(finder: re.Pattern[str] | None, notes: dict[int, str], hit: SearchHit) -> str:
    words = first_words(finder, notes.get(hit.contact_id, ""))
    # Words split between the name and another field: the name explains the rest.
    return f"notes: {', '.join(words)}" if words else "name"


def _latin_accents() -> dict[str, str]:
    """Each accented Latin letter and the plain letter the index reads it as: "é" -> "e"."""
    plain: dict[str, str] = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        letter = chr(code)
        parts = unicodedata.normalize("NFD", letter)
        if len(parts) > 1 and parts[0].isascii() and all(map(unicodedata.combining, parts[1:])):
            plain[letter] = parts[0]
    return plain


def _by_plain_letter(plain: dict[str, str]) -> dict[str, str]:
    """Every accented letter of each plain one: "e" -> "ÈÉÊËèéêë…"."""
    accented: dict[str, str] = {}
    for letter, base in plain.items():
        accented[base.lower()] = accented.get(base.lower(), "") + letter
    return accented


_PLAIN = _latin_accents()
_ACCENTED = _by_plain_letter(_PLAIN)


def _without_latin_accents(text: str) -> str:
    """Latin letters without their accents, as the index reads them ("Zoé" is "Zoe");
    everything else exactly as it is (the index keeps "й" apart from "и")."""
    kept: list[str] = []
    for char in text:
        if char in _PLAIN:
            kept.append(_PLAIN[char])
        elif not (unicodedata.combining(char) and kept and kept[-1].isascii()):
            kept.append(char)
    return "".join(kept)


# Word edges as the index has them: an underscore, like a space, ends a word. The start
# is looked for behind a word's first letter (no letter or digit before it).
_WORD_START = r"(?<![^\W_].)"
_WORD_REST = r"[^\W_]*"


def word_finder(prefixes: list[str]) -> re.Pattern[str] | None:
    """A pattern for whole words starting with any of `prefixes`, accents and case aside;
    None when no prefix has a letter left to look for."""
    alternatives = []
    for prefix in prefixes:
        letters = []
        for letter in _without_latin_accents(prefix.lower()):
            accented = _ACCENTED.get(letter, "")
            letters.append(f"[{re.escape(letter + accented)}]" if accented else re.escape(letter))
        if letters:
            # The edge is checked after the first letter: a pattern that starts with a
            # letter is searched for twice as fast as one that starts with a look back.
            alternatives.append(letters[0] + _WORD_START + "".join(letters[1:]))
    if not alternatives:
        return None
    return re.compile(f"(?:{'|'.join(alternatives)}){_WORD_REST}", re.IGNORECASE)


def first_words(finder: re.Pattern[str] | None, text: str, most: int = 3) -> list[str]:
    """The words `finder` finds in `text`, from its first `most` matches, each once."""
    words: list[str] = []
    if finder is None:
        return words
    for number, match in enumerate(finder.finditer(text)):
        if number == most:
            break
        end = match.end()
        # The marks that belong to a word (a Devanagari vowel sign) are part of it too.
        while end < len(text) and (
            text[end].isalnum() or unicodedata.category(text[end]).startswith("M")
        ):
            end += 1
        word = text[match.start() : end]
        if word not in words:
            words.append(word)
    return words
