"""Type-ahead search over names, companies, notes, family and interests (SQLite FTS5)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from callbook.domain.names import shown_name
from callbook.store.engine import Store

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
# Where a match beyond the name is shown as found, in this order, with the column's
# place in the search table: FTS5 marks the matched words itself (a note may be 1 MB).
_SHOWN_FIELDS = (("company", 1), ("family", 3), ("interests", 4), ("notes", 2))
_FOUND_IN = "".join(
    f", snippet({SEARCH_TABLE}, {place}, char(2), char(3), '', 16)" for _, place in _SHOWN_FIELDS
)
_MARKED = re.compile("\x02(.*?)\x03", re.DOTALL)
_WORD = re.compile(r"\w+", re.UNICODE)
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


def match_expression(typed: str) -> str | None:
    """The FTS5 query for what the rep typed: every word, each as a prefix; None if no words."""
    words = _WORD.findall(typed.casefold())
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def search_contacts(store: Store, typed: str, limit: int = MAX_RESULTS) -> list[SearchHit]:
    """Contacts matching every typed word as a prefix; name matches first."""
    query = match_expression(typed)
    if query is None:
        return []
    hits: list[SearchHit] = []
    seen: set[int] = set()
    # Plain rows, no ORM: this runs at every keystroke.
    with store.reading() as reader:
        # Name matches first, then anywhere; each pass stops at `limit` without ranking
        # every match, so a one-letter prefix over 50,000 contacts stays instant.
        for expression, found_in in ((f"{{name}} : ({query})", ""), (query, _FOUND_IN)):
            wanted = limit - len(hits)
            if wanted <= 0:
                break
            rows = reader.execute(
                f"SELECT s.rowid, c.first_name, c.last_name, c.company, c.tier{found_in} "
                f"FROM {SEARCH_TABLE} s JOIN contacts c ON c.id = s.rowid "
                f"WHERE {SEARCH_TABLE} MATCH ? ORDER BY s.rowid LIMIT ?",
                (expression, wanted + len(seen)),
            ).fetchall()
            for contact_id, first, last, company, tier, *marked in rows:
                if contact_id in seen:
                    continue
                seen.add(contact_id)
                name = shown_name(first, last, company)
                hits.append(SearchHit(contact_id, name, company, tier, _where_matched(marked)))
                if len(hits) >= limit:
                    break
    return hits


def _where_matched(marked: list[str]) -> str:
    """Which field explains the match, with the words that matched: 'family: Sam'.

    `marked` holds the fields' snippets with the matched words between \\x02 and \\x03;
    none for a match on the name.
    """
    for (column, _), snippet in zip(_SHOWN_FIELDS, marked, strict=False):
        found = _MARKED.findall(snippet)
        if found:
            return f"{column}: {', '.join(dict.fromkeys(found[:3]))}"
    return "name"
