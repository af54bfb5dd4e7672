"""Possible duplicates: listed on the card, merged into one card, or marked as two people."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from callbook.domain.card_fields import CardField
from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.interchange.files import read_contacts, read_file_text
from callbook.services.backup_json import backup_bytes, restore_json_backup
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.card import load_card
from callbook.services.card_edits import edit_field
from callbook.services.changes import Invalid, NotFound
from callbook.services.duplicates import (
    MergeField,
    mark_not_same_person,
    merge_contacts,
    merge_preview,
    possible_duplicates_of,
)
from callbook.services.erase import erase_contact
from callbook.services.gives import GiveForm, record_give
from callbook.services.interchange import import_contacts
from callbook.services.search import search_contacts
from callbook.store.engine import Store
from callbook.store.models import Base, Contact, Interaction, PossibleDuplicate
from callbook.store.opening import open_store

DATA = Path(__file__).resolve().parents[1] / "data" / "interchange"


def imported(store: Store, clock: FixedClock, name: str) -> None:
    path = DATA / name
    import_contacts(store, clock, read_contacts(path, read_file_text(path), "DE"), "DE")


def contact_id(store: Store, last_name: str) -> int:
    with store.read() as session:
        return session.scalars(select(Contact.id).where(Contact.last_name == last_name)).one()


def contacts(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Contact)) or 0


@pytest.fixture
def office(store: Store, clock: FixedClock) -> tuple[int, int]:
    """Ana Silva and Bob Jones, kept apart by an import though they share an office phone."""
    imported(store, clock, "shared_office_phone.vcf")
    return contact_id(store, "Silva"), contact_id(store, "Jones")


def test_the_pair_an_import_kept_apart_is_listed_on_both_cards(
    store: Store, office: tuple[int, int]
) -> None:
    ana, bob = office
    (on_bobs,) = possible_duplicates_of(store, bob)
    assert (on_bobs.other_id, on_bobs.other_name) == (ana, "Ana Silva")
    assert on_bobs.why.startswith("same phone +49 30 1234567, but the names differ")
    assert [d.other_id for d in possible_duplicates_of(store, ana)] == [bob]


def test_not_the_same_person_is_never_suggested_again(
    store: Store, clock: FixedClock, office: tuple[int, int]
) -> None:
    ana, bob = office
    changed = mark_not_same_person(store, clock, bob, ana)
    assert changed.contacts == {ana, bob}
    assert possible_duplicates_of(store, bob) == []
    assert possible_duplicates_of(store, ana) == []
    imported(store, clock, "shared_office_phone.vcf")
    assert possible_duplicates_of(store, bob) == []
    assert contacts(store) == 2


def test_the_preview_says_where_they_differ_and_what_moves(
    store: Store, clock: FixedClock, office: tuple[int, int]
) -> None:
    ana, bob = office
    log_interaction(store, clock, LogEntry(bob, Outcome.CONNECTED, Purpose.CHECKIN))
    preview = merge_preview(store, ana, bob)
    assert [d.field for d in preview.differences][:2] == [
        MergeField.FIRST_NAME,
        MergeField.LAST_NAME,
    ]
    assert ("touch", 1) in preview.moving
    said = preview.description(frozenset({MergeField.FIRST_NAME}))
    assert said.startswith("Bob Jones's card goes into Ana Silva's: 1 touch")
    assert "first name Bob" in said
    assert said.endswith("Bob Jones's own card is then removed.")


def test_a_merge_keeps_both_cards_worth_on_one_card(
    store: Store, clock: FixedClock, office: tuple[int, int]
) -> None:
    ana, bob = office
    earlier = clock.now() - timedelta(days=3)
    log_interaction(
        store, clock, LogEntry(ana, Outcome.CONNECTED, Purpose.BUSINESS, occurred_at=earlier)
    )
    log_interaction(store, clock, LogEntry(bob, Outcome.CONNECTED, Purpose.CHECKIN))
    record_give(store, clock, GiveForm(bob, "article", "The sailing piece"))
    changed = merge_contacts(store, clock, ana, bob, frozenset({MergeField.FIRST_NAME}))
    assert changed.contacts == {ana, bob} and changed.contact_list and changed.today
    assert contacts(store) == 1
    card = load_card(store, clock, ana, "DE")
    assert (card.first_name, card.last_name) == ("Bob", "Silva")
    assert [p.e164 for p in card.phones] == ["+49301234567", "+491712345678"]
    assert card.timeline_total == 2
    # The check-in logged on Bob's card now counts on the merged one.
    assert card.last_personal_checkin_at == clock.now()
    assert possible_duplicates_of(store, ana) == []
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(PossibleDuplicate)) == 0
    assert [h.contact_id for h in search_contacts(store, "Jones")] == []
    assert [h.contact_id for h in search_contacts(store, "Silva")] == [ana]


def test_both_emails_are_kept_and_the_rep_picks_the_one_to_use(
    store: Store, clock: FixedClock, office: tuple[int, int]
) -> None:
    ana, bob = office
    edit_field(store, clock, bob, CardField.EMAIL, "bob@jones.example")
    edit_field(store, clock, bob, CardField.BOSS_NAME, "Dana Weiss")
    merge_contacts(store, clock, ana, bob, frozenset({MergeField.EMAIL}))
    card = load_card(store, clock, ana, "DE")
    assert card.email == "bob@jones.example"
    assert "Other email: ana.silva@acme.example" in card.notes
    # What the kept card lacked it takes without being asked.
    assert card.boss_name == "Dana Weiss"


def test_a_merge_refuses_a_contact_with_itself_or_one_that_is_gone(
    store: Store, clock: FixedClock, office: tuple[int, int]
) -> None:
    ana, _bob = office
    with pytest.raises(Invalid, match="cannot be merged with itself"):
        merge_contacts(store, clock, ana, ana)
    with pytest.raises(NotFound, match="may have been merged or erased"):
        merge_contacts(store, clock, ana, 9999)
    assert contacts(store) == 2


def test_erasing_the_merged_card_leaves_nothing_of_either(
    store: Store, clock: FixedClock, office: tuple[int, int]
) -> None:
    ana, bob = office
    log_interaction(store, clock, LogEntry(bob, Outcome.CONNECTED, Purpose.CHECKIN))
    merge_contacts(store, clock, ana, bob)
    erase_contact(store, clock, ana)
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 0
        assert session.scalar(select(func.count()).select_from(Interaction)) == 0


def test_a_backup_after_a_merge_restores_the_merged_card(
    store: Store, clock: FixedClock, office: tuple[int, int], tmp_path: Path
) -> None:
    ana, bob = office
    log_interaction(store, clock, LogEntry(bob, Outcome.CONNECTED, Purpose.CHECKIN))
    merge_contacts(store, clock, ana, bob)
    document = backup_bytes(store, clock).decode("utf-8")
    restored, _report = open_store(tmp_path / "restored", clock.now())
    try:
        restore_json_backup(restored, document)
        with restored.read() as session:
            assert session.scalars(select(Contact.id)).all() == [ana]
            assert session.scalar(select(func.count()).select_from(Interaction)) == 1
        assert "possible_duplicates" in Base.metadata.tables
        assert load_card(restored, clock, ana, "DE").timeline_total == 1
    finally:
        restored.close()
