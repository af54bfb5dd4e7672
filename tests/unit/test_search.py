"""Type-ahead search: prefixes over names, companies, notes, family and interests (FTS5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from callbook.domain.card_fields import CardField, FamilyEntry
from callbook.domain.clock import FixedClock
from callbook.services.card_edits import edit_field, set_family, set_interests
from callbook.services.contacts import NewContact, add_contact
from callbook.services.demo import fill_with_demo
from callbook.services.search import match_expression, rebuild, search_contacts
from callbook.store.engine import Store


def names(store: Store, typed: str) -> list[str]:
    return [hit.name for hit in search_contacts(store, typed)]


@pytest.fixture
def people(store: Store, clock: FixedClock) -> dict[str, int]:
    ana = add_contact(store, clock, NewContact("Ana", "Silva", company="Northwind Foods"))
    chloe = add_contact(
        store, clock, NewContact("Chloé", "O'Brien", company="Globex", notes="Met at the expo")
    )
    maryam = add_contact(store, clock, NewContact("مريم", "الحسن", company="Initech"))
    return {"ana": ana, "chloe": chloe, "maryam": maryam}


def test_a_new_contact_is_found_by_any_prefix_of_name_or_company(
    store: Store, people: dict[str, int]
) -> None:
    assert names(store, "an") == ["Ana Silva"]
    assert names(store, "SIL") == ["Ana Silva"]
    assert names(store, "northw") == ["Ana Silva"]
    assert names(store, "ana north") == ["Ana Silva"]  # every word must match
    assert names(store, "ana globex") == []


def test_accents_apostrophes_and_right_to_left_names_are_found(
    store: Store, people: dict[str, int]
) -> None:
    assert names(store, "chloe") == ["Chloé O'Brien"]
    assert names(store, "o'bri") == ["Chloé O'Brien"]
    assert names(store, "مري") == ["مريم الحسن"]


def test_notes_family_and_interests_are_searched_and_say_where(
    store: Store, clock: FixedClock, people: dict[str, int]
) -> None:
    set_family(store, clock, people["ana"], [FamilyEntry("Theodore", "son", "2016-04-12")])
    set_interests(store, clock, people["chloe"], ["sailing", "jazz vinyl"])
    edit_field(store, clock, people["ana"], CardField.PERSONAL_NOTES, "Runs marathons")
    hits = {h.name: h.matched_in for h in search_contacts(store, "theo")}
    assert hits == {"Ana Silva": "family: Theodore"}
    assert [(h.name, h.matched_in) for h in search_contacts(store, "vinyl")] == [
        ("Chloé O'Brien", "interests: vinyl")
    ]
    assert [(h.name, h.matched_in) for h in search_contacts(store, "marath")] == [
        ("Ana Silva", "notes: marathons")
    ]
    assert [(h.name, h.matched_in) for h in search_contacts(store, "expo")] == [
        ("Chloé O'Brien", "notes: expo")
    ]


def test_name_matches_come_before_other_matches(store: Store, clock: FixedClock) -> None:
    add_contact(store, clock, NewContact("Kenji", "Tanaka", notes="Golf with Sam on Fridays"))
    add_contact(store, clock, NewContact("Sam", "Rossi"))
    assert names(store, "sam") == ["Sam Rossi", "Kenji Tanaka"]


def test_renaming_updates_the_index_in_the_same_transaction(
    store: Store, clock: FixedClock, people: dict[str, int]
) -> None:
    edit_field(store, clock, people["ana"], CardField.LAST_NAME, "Costa")
    assert names(store, "silva") == []
    assert names(store, "costa") == ["Ana Costa"]


@pytest.mark.parametrize("typed", ['"', "AND", "NEAR(", "*", "a OR", "-", "'", "(", "🎣", "   "])
def test_odd_input_never_breaks_the_query(store: Store, people: dict[str, int], typed: str) -> None:
    search_contacts(store, typed)  # must not raise


def test_punctuation_only_input_is_no_query() -> None:
    assert match_expression("  ,;  ") is None
    assert match_expression('say "hi"') == '"say"* AND "hi"*'


def test_results_are_capped(store: Store, clock: FixedClock) -> None:
    fill_with_demo(store, clock.now(), 120, seed=5)
    assert len(search_contacts(store, "a", limit=10)) == 10


def test_demo_data_is_searchable_and_a_rebuild_keeps_one_row_a_contact(
    store: Store, clock: FixedClock
) -> None:
    fill_with_demo(store, clock.now(), 40, seed=2)
    with store.begin() as session:
        rebuild(session)
    with store.read() as session:
        rows = session.execute(text("SELECT count(*) FROM contact_search")).scalar()
        contacts = session.execute(text("SELECT count(*) FROM contacts")).scalar()
    assert rows == contacts == 40
    assert search_contacts(store, "northwind") or search_contacts(store, "globex")


def test_the_hint_matches_without_accents(store: Store, clock: FixedClock) -> None:
    add_contact(store, clock, NewContact("Kenji", "Sato", notes="Skiing with Zoé"))
    assert [h.matched_in for h in search_contacts(store, "zoe")] == ["notes: Zoé"]


def test_a_word_deep_in_a_one_megabyte_note_is_found_and_named(
    store: Store, clock: FixedClock
) -> None:
    note = "Lorem ipsum dolor sit amet. " * 37_000 + "Loves heli-skiing in Niseko."
    assert len(note) > 1_000_000
    add_contact(store, clock, NewContact("Kenji", "Sato", notes=note))
    assert [(h.name, h.matched_in) for h in search_contacts(store, "nisek")] == [
        ("Kenji Sato", "notes: Niseko")
    ]


def test_a_common_word_all_over_a_large_note_is_named_once(store: Store, clock: FixedClock) -> None:
    note = "Lorem ipsum dolor sit amet. " * 20_000 + "Golf with Zoé."
    add_contact(store, clock, NewContact("Kenji", "Sato", company="Acme", notes=note))
    add_contact(store, clock, NewContact("Mia", "Lopez", company="Dolores Foods"))
    found = {h.name: h.matched_in for h in search_contacts(store, "dolor")}
    assert found == {"Kenji Sato": "notes: dolor", "Mia Lopez": "company: Dolores"}
    assert [h.matched_in for h in search_contacts(store, "ZOE")] == ["notes: Zoé"]
    assert [h.matched_in for h in search_contacts(store, "acme golf")] == ["company: Acme"]


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("zoe", "Zoé"),
        ("straß", "Straße"),
        ("йог", "Йогурт"),
        ("ёлк", "Ёлка"),
        ("αθή", "Αθήνα"),
        ("istan", "İstanbul"),
        ("bar", "foo_bar"),
        ("viet", "Việt"),
        ("łódź", "Łódź"),
        ("नमस्", "नमस्ते"),
        # Saved as typed, in forms that change when composed: the index keeps them so.
        ("\u0a36\u0a30", "\u0a36\u0a30\u0a2e\u0a3e"),  # Gurmukhi sha
        ("\u095b\u0948", "\u095b\u0948\u0926"),  # Devanagari za
        ("\uf900", "\uf900"),  # a CJK compatibility ideograph
        ("ᎠᎡ", "ᎠᎡᎢ"),  # Cherokee capitals
        ("weiß", "Weiss"),
        ("weiß", "Weiß"),
    ],
)
def test_the_word_found_in_notes_is_named_in_any_script(
    store: Store, clock: FixedClock, typed: str, written: str
) -> None:
    add_contact(store, clock, NewContact("Kenji", "Sato", notes=f"Asked about {written} twice"))
    expected = written.split("_")[-1]
    assert [h.matched_in for h in search_contacts(store, typed)] == [f"notes: {expected}"]


def test_the_migration_fills_the_index_as_rebuild_does(tmp_path: Path) -> None:
    # Migration 0002 keeps its own frozen copy of the indexing query: it must not drift.
    from datetime import UTC, datetime

    from callbook.services.search import SEARCH_TABLE
    from callbook.store.engine import make_engine
    from callbook.store.migrate import upgrade

    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    now = datetime(2026, 11, 23, tzinfo=UTC)
    upgrade(engine, path, tmp_path / "backups", now, to="0001")
    stamp = "2026-01-01 00:00:00.000000"
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO contacts (id, first_name, last_name, company, title, email, tier, notes, "
            "personal_notes, preferred_channels, place, assistant_name, assistant_phone, "
            "assistant_notes, boss_name, reception_notes, question_asked, question_answer, "
            "industry, role_function, on_their_mind, company_notes, checkin_due_at, created_at, "
            "updated_at) VALUES (1, 'Chloé', 'Dubois', 'Acme', '', '', 'A', 'rents a boat', "
            "'Ask about Sam', '[]', '', '', '', '', '', '', 0, '', '', '', '', '', ?, ?, ?)",
            (stamp, stamp, stamp),
        )
        connection.exec_driver_sql(
            "INSERT INTO family_members (contact_id, name, relation, notes) "
            "VALUES (1, 'Sam', 'son', '')"
        )
        connection.exec_driver_sql("INSERT INTO interests (contact_id, text) VALUES (1, 'sailing')")
    upgrade(engine, path, tmp_path / "backups", now)
    query = f"SELECT rowid, name, company, notes, family, interests FROM {SEARCH_TABLE}"
    with engine.begin() as connection:
        migrated = connection.exec_driver_sql(query).all()
        rebuild(connection)
        rebuilt = connection.exec_driver_sql(query).all()
    engine.dispose()
    assert migrated and migrated == rebuilt
