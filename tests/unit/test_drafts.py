"""Quick-log drafts: kept as typed, listed back after a crash, removed with the save."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.services.call_log import LogEntry
from callbook.services.changes import NotFound
from callbook.services.contacts import NewContact, add_contact
from callbook.services.drafts import (
    Draft,
    discard_draft,
    log_from_draft,
    pending_drafts,
    save_draft,
)
from callbook.store.engine import Store
from callbook.store.models import Contact, Interaction, QuickLogDraft


def test_a_draft_is_kept_updated_in_place_and_listed_back(store: Store, clock: FixedClock) -> None:
    ana = add_contact(store, clock, NewContact("Ana", "Silva"))
    first = save_draft(store, clock, Draft(contact_id=ana, outcome="voicemail", note="Left"))
    assert first.draft_id is not None
    assert first.started_at == clock.now()
    clock.advance(timedelta(seconds=3))
    second = save_draft(
        store, clock, Draft(first.draft_id, ana, note="Left a message about the regatta 🚤")
    )
    assert second.draft_id == first.draft_id
    assert second.started_at == first.started_at
    (pending,) = pending_drafts(store)
    assert pending.contact_name == "Ana Silva"
    assert pending.draft.note == "Left a message about the regatta 🚤"
    assert pending.draft.updated_at == clock.now()


def test_newest_draft_comes_first_and_one_without_a_contact_keeps_what_was_typed(
    store: Store, clock: FixedClock
) -> None:
    save_draft(store, clock, Draft(contact_text="Zoë", note="who was that"))
    clock.advance(timedelta(minutes=1))
    ana = add_contact(store, clock, NewContact("Ana"))
    save_draft(store, clock, Draft(contact_id=ana, note="newer"))
    assert [(p.contact_name, p.draft.note) for p in pending_drafts(store)] == [
        ("Ana", "newer"),
        ("Zoë", "who was that"),
    ]


def test_saving_the_log_removes_its_draft_in_the_same_transaction(
    store: Store, clock: FixedClock
) -> None:
    ana = add_contact(store, clock, NewContact("Ana"))
    draft = save_draft(store, clock, Draft(contact_id=ana, note="hello"))
    log_from_draft(store, clock, LogEntry(ana, Outcome.VOICEMAIL, Purpose.CHECKIN), draft.draft_id)
    assert pending_drafts(store) == []
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Interaction)) == 1


def test_a_failed_save_keeps_the_draft(store: Store, clock: FixedClock) -> None:
    ana = add_contact(store, clock, NewContact("Ana"))
    draft = save_draft(store, clock, Draft(contact_id=ana, note="keep me"))
    with pytest.raises(NotFound):
        log_from_draft(
            store,
            clock,
            LogEntry(ana, Outcome.VOICEMAIL, Purpose.CHECKIN, script_id=404),
            draft.draft_id,
        )
    assert [p.draft.note for p in pending_drafts(store)] == ["keep me"]
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Interaction)) == 0


def test_discarding_and_erasing_the_contact_remove_drafts(store: Store, clock: FixedClock) -> None:
    ana = add_contact(store, clock, NewContact("Ana"))
    mike = add_contact(store, clock, NewContact("Mike"))
    one = save_draft(store, clock, Draft(contact_id=ana, note="one"))
    save_draft(store, clock, Draft(contact_id=mike, note="two"))
    assert one.draft_id is not None
    discard_draft(store, one.draft_id)
    discard_draft(store, one.draft_id)  # already gone is fine
    with store.begin() as session:
        session.delete(session.get(Contact, mike))
    assert pending_drafts(store) == []
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(QuickLogDraft)) == 0


def test_a_draft_never_fails_to_save(store: Store, clock: FixedClock) -> None:
    huge = "ملاحظة طويلة 👨‍👩‍👧 " * 60_000
    saved = save_draft(
        store,
        clock,
        Draft(contact_id=999, contact_text="x" * 500, note=huge, next_due_text="y" * 100),
    )
    (pending,) = pending_drafts(store)
    assert pending.draft.note == huge
    assert pending.draft.contact_id is None  # that contact is not there
    assert len(pending.draft.contact_text) == 200
    assert saved.draft_id == pending.draft.draft_id


def test_an_empty_draft_is_recognised() -> None:
    assert Draft(contact_id=1, purpose="checkin", channel="phone").is_empty
    assert not Draft(outcome="voicemail").is_empty
    assert not Draft(note="x").is_empty


def test_direction_and_duration_are_kept_with_the_draft(store: Store, clock: FixedClock) -> None:
    ana = add_contact(store, clock, NewContact("Ana"))
    save_draft(
        store,
        clock,
        Draft(contact_id=ana, outcome="connected", direction="inbound", duration_text="1:30"),
    )
    (pending,) = pending_drafts(store)
    assert (pending.draft.direction, pending.draft.duration_text) == ("inbound", "1:30")


def test_a_duration_alone_is_worth_keeping(store: Store, clock: FixedClock) -> None:
    assert not Draft(duration_text="12").is_empty
    assert Draft(direction="inbound").is_empty
