"""Type-ahead search over names, companies, notes, family and interests (SQLite FTS5)."""

from __future__ import annotations

import re
import unicodedata
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
_MATCHED_IN = {
    "company": "company",
    "notes": "notes",
    "family": "family",
    "interests": "interests",
}
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
    # Folded once per keystroke, not once per row shown.
    prefixes = tuple(_fold(word) for word in _WORD.findall(typed.casefold()))
    with store.read() as session:
        # Name matches first, then anywhere; each pass stops at `limit` without ranking
        # every match, so a one-letter prefix over 50,000 contacts stays instant.
        for scope, column in (("name", "name"), (None, None)):
            wanted = limit - len(hits)
            if wanted <= 0:
                break
            expression = f"{{{scope}}} : ({query})" if scope else query
            rows = session.execute(
                text(
                    f"SELECT s.rowid AS id, c.first_name, c.last_name, c.company, c.tier, "
                    f"s.name, s.company AS s_company, s.notes, s.family, s.interests "
                    f"FROM {SEARCH_TABLE} s JOIN contacts c ON c.id = s.rowid "
                    f"WHERE {SEARCH_TABLE} MATCH :q ORDER BY s.rowid LIMIT :n"
                ),
                {"q": expression, "n": wanted + len(seen)},
            ).all()
            for row in rows:
                if row.id in seen:
                    continue
                seen.add(row.id)
                where = column or _where_matched(
                    prefixes,
                    {
                        "company": row.s_company,
                        "notes": row.notes,
                        "family": row.family,
                        "interests": row.interests,
                    },
                )
                name = shown_name(row.first_name, row.last_name, row.company)
                hits.append(SearchHit(row.id, name, row.company, row.tier, where))
                if len(hits) >= limit:
                    break
    return hits


def _fold(text: str) -> str:
    """Lower case without accents, the way the index compares words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _where_matched(prefixes: tuple[str, ...], columns: dict[str, str]) -> str:
    """Which field explains the match, with the words that matched: 'family: Sam'."""
    for column in ("company", "family", "interests", "notes"):
        found = [
            token for token in _WORD.findall(columns[column]) if _fold(token).startswith(prefixes)
        ]
        if found:
            shown = ", ".join(dict.fromkeys(found[:3]))
            return f"{_MATCHED_IN[column]}: {shown}"
    return "name"
