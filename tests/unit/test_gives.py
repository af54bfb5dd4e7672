"""The gives log: recording a give, introductions on both cards, ideas, erase and backup (F12)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Channel, GiveKind, Outcome, Purpose
from callbook.services.backup_json import backup_bytes, restore_json_backup
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.changes import Invalid, NotFound
from callbook.services.contact_list import ListQuery, SortBy, contact_page
from callbook.services.contacts import NewContact, add_contact
from callbook.services.drafts import log_from_draft
from callbook.services.erase import erase_contact
from callbook.services.gives import (
    GiveForm,
    add_idea,
    drop_idea,
    give_idea,
    gives_log,
    record_give,
)
from callbook.store.engine import Store
from callbook.store.models import Contact, Give, GiveIdea, OpenLoop
from callbook.store.opening import open_store


@pytest.fixture
def ana(store: Store, clock: FixedClock) -> int:
    return add_contact(store, clock, NewContact("Ana", "Silva", company="Acme Sails"))


@pytest.fixture
def dana(store: Store, clock: FixedClock) -> int:
    return add_contact(store, clock, NewContact("Dana", "Quorblethwick", company="Zyxomatic"))


def ask(store: Store, clock: FixedClock, contact_id: int, days_ago: float = 0) -> None:
    log_interaction(
        store,
        clock,
        LogEntry(
            contact_id,
            Outcome.CONNECTED,
            Purpose.BUSINESS,
            occurred_at=clock.now() - timedelta(days=days_ago),
        ),
    )


def stored(store: Store, contact_id: int) -> Contact:
    with store.read() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        session.expunge(contact)
        return contact


def test_a_give_is_recorded_and_resets_the_asks_since(
    store: Store, clock: FixedClock, ana: int
) -> None:
    for days in (50, 30, 10):
        ask(store, clock, ana, days)
    assert gives_log(store, clock, ana).balance.asks_since_give == 3
    recorded = record_give(store, clock, GiveForm(ana, "article", "the piece on sail lofts"))
    assert recorded.changed.contacts == {ana}
    assert recorded.changed.today and recorded.changed.contact_list
    log = gives_log(store, clock, ana)
    assert [line.words() for line in log.gives] == ["Article or idea: the piece on sail lofts"]
    assert log.gives[0].given_on == clock.now().astimezone(clock.zone()).date()
    assert log.balance.asks_since_give == 0
    assert stored(store, ana).asks_since_give == 0
    clock.advance(timedelta(hours=1))
    ask(store, clock, ana)
    assert stored(store, ana).asks_since_give == 1
    assert stored(store, ana).asks_in_a_row == 1


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        (dict(kind="lunch", description="x"), "'lunch' is not a kind of give"),
        (dict(kind="gift", description="   "), "say what you gave"),
        (dict(kind="gift", description="wine", given_on="2026-12-25"), "still to come"),
        (dict(kind="gift", description="wine", given_on="+1"), "still to come"),
        (dict(kind="gift", description="wine", given_on="someday"), "not a day I understand"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    store: Store, clock: FixedClock, ana: int, form: dict[str, str], problem: str
) -> None:
    with pytest.raises(Invalid, match=problem):
        record_give(store, clock, GiveForm(ana, **form))
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Give)) == 0


def test_an_introduction_shows_on_both_cards_and_counts_for_both(
    store: Store, clock: FixedClock, ana: int, dana: int
) -> None:
    ask(store, clock, dana, 5)
    record_give(store, clock, GiveForm(ana, "intro", "for their ERP search", "", dana))
    ana_side = gives_log(store, clock, ana).gives
    dana_side = gives_log(store, clock, dana).gives
    assert ana_side[0].other_name == "Dana Quorblethwick"
    assert dana_side[0].other_name == "Ana Silva"
    assert dana_side[0].words() == (
        "Introduction or referral: for their ERP search (introduced to Ana Silva)"
    )
    assert stored(store, dana).asks_since_give == 0
    assert stored(store, dana).last_give_on == ana_side[0].given_on


def test_an_introduction_needs_two_people_and_is_only_an_introduction(
    store: Store, clock: FixedClock, ana: int, dana: int
) -> None:
    with pytest.raises(Invalid, match="between two people: pick someone other than Ana Silva"):
        record_give(store, clock, GiveForm(ana, "intro", "to herself", "", ana))
    with pytest.raises(Invalid, match="only an introduction or referral names a second person"):
        record_give(store, clock, GiveForm(ana, "gift", "wine", "", dana))
    with pytest.raises(NotFound):
        record_give(store, clock, GiveForm(ana, "intro", "to no one", "", 999))
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Give)) == 0


def test_a_give_from_the_quick_log_is_recorded_with_its_touch_and_waits_on_nothing(
    store: Store, clock: FixedClock, ana: int
) -> None:
    entry = LogEntry(
        ana, Outcome.NO_ANSWER, Purpose.GIVE, Channel.EMAIL, note="Sent the regatta photos\nmore"
    )
    logged = log_from_draft(store, clock, entry, None, GiveKind.GIFT)
    with store.read() as session:
        give = session.scalars(select(Give)).one()
        assert (give.kind, give.note, give.interaction_id) == (
            "gift",
            "Sent the regatta photos",
            logged.interaction_id,
        )
        # A give expects nothing back: an emailed one is not waiting on them.
        assert session.scalar(select(func.count()).select_from(OpenLoop)) == 0


def test_ideas_are_kept_ticked_off_into_gives_or_dropped(
    store: Store, clock: FixedClock, ana: int, dana: int
) -> None:
    add_idea(store, clock, ana, "the sail-loft article")
    add_idea(store, clock, ana, "Dana, for the ERP search", "intro", dana)
    with pytest.raises(Invalid, match="say what you gave"):
        add_idea(store, clock, ana, "  ")
    ideas = gives_log(store, clock, ana).ideas
    assert [(i.kind, i.text, i.other_name) for i in ideas] == [
        (GiveKind.ARTICLE, "the sail-loft article", None),
        (GiveKind.INTRO, "Dana, for the ERP search", "Dana Quorblethwick"),
    ]
    recorded = give_idea(store, clock, ideas[1].idea_id)
    assert recorded.changed.contacts == {ana, dana}
    log = gives_log(store, clock, ana)
    assert [i.text for i in log.ideas] == ["the sail-loft article"]
    assert log.gives[0].other_name == "Dana Quorblethwick"
    drop_idea(store, ideas[0].idea_id)
    assert gives_log(store, clock, ana).ideas == ()
    with pytest.raises(NotFound, match="no longer on the list"):
        give_idea(store, clock, ideas[0].idea_id)


@pytest.mark.parametrize("erased_side", ["giver", "other"])
def test_erasing_either_side_keeps_an_introduction_without_the_name(
    store: Store, clock: FixedClock, ana: int, dana: int, erased_side: str
) -> None:
    record_give(store, clock, GiveForm(ana, "intro", "Dana Quorblethwick at Zyxomatic", "", dana))
    add_idea(store, clock, ana, "another intro", "intro", dana)
    add_idea(store, clock, dana, "an article for Dana")
    erased, kept = (ana, dana) if erased_side == "giver" else (dana, ana)
    erase_contact(store, clock, erased, from_backups=False)
    log = gives_log(store, clock, kept)
    assert [line.words() for line in log.gives] == ["An introduction"]
    assert log.gives[0].other_contact_id is None
    with store.read() as session:
        ideas = session.scalars(select(GiveIdea.text)).all()
        notes = session.scalars(select(Give.note)).all()
    # Ideas of the erased go, and so does the intro that can no longer be made.
    assert ideas == ([] if erased == dana else ["an article for Dana"])
    assert notes == [""]
    if erased == dana:
        assert b"Quorblethwick" not in store.path.read_bytes()


def test_gives_and_ideas_come_back_from_the_json_backup(
    store: Store, clock: FixedClock, ana: int, dana: int, tmp_path: Path
) -> None:
    record_give(store, clock, GiveForm(ana, "intro", "for their ERP search", "-2", dana))
    add_idea(store, clock, ana, "the sail-loft article")
    clock.advance(timedelta(hours=1))
    ask(store, clock, ana)
    document = backup_bytes(store, clock).decode()
    empty, _report = open_store(tmp_path / "empty", clock.now())
    try:
        report = restore_json_backup(empty, document)
        assert report.rows["gives"] == 1 and report.rows["give_ideas"] == 1
        log = gives_log(empty, clock, ana)
        assert log.gives[0].other_name == "Dana Quorblethwick"
        assert [i.text for i in log.ideas] == ["the sail-loft article"]
        assert stored(empty, ana).asks_since_give == 1
    finally:
        empty.close()


def test_the_contact_list_sorts_by_asks_since_a_give(
    store: Store, clock: FixedClock, ana: int, dana: int
) -> None:
    for days in (3, 2, 1):
        ask(store, clock, dana, days)
    ask(store, clock, ana, 1)
    query = ListQuery(SortBy.ASKS_SINCE_GIVE, descending=True)
    rows = contact_page(store, clock, query, 0, 10)
    assert [(r.name, r.asks_since_give) for r in rows] == [
        ("Dana Quorblethwick", 3),
        ("Ana Silva", 1),
    ]
