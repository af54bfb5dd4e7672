"""Waiting on them over a real store: the list, its order, its total, and ending a chase (F8)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from callbook.domain.cadence import MAX_CHASE_ATTEMPTS
from callbook.domain.clock import FixedClock
from callbook.domain.loops import LoopEffect
from callbook.domain.vocabulary import Channel, Direction, LoopKind, Outcome, Purpose
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.changes import Invalid, NotFound
from callbook.services.contacts import NewContact, add_contact
from callbook.services.loops import stop_chasing, waiting_count, waiting_for, waiting_on_them
from callbook.services.today import today_list
from callbook.store.engine import Store


def add(store: Store, clock: FixedClock, first: str, **fields: object) -> int:
    return add_contact(store, clock, NewContact(first, **fields))  # type: ignore[arg-type]


def log(
    store: Store,
    clock: FixedClock,
    cid: int,
    outcome: Outcome,
    purpose: Purpose = Purpose.BUSINESS,
    **kw: object,
) -> LoopEffect:
    entry = LogEntry(cid, outcome, purpose, **kw)  # type: ignore[arg-type]
    return log_interaction(store, clock, entry).loop_effect


def test_nothing_waiting_on_an_empty_store(store: Store, clock: FixedClock) -> None:
    assert waiting_on_them(store, clock) == []
    assert waiting_count(store) == 0


def test_longest_waiting_first_with_attempts_and_next_try(store: Store, clock: FixedClock) -> None:
    ana = add(store, clock, "Ana", time_zone="Europe/Berlin")
    mike = add(store, clock, "Mike", time_zone="America/New_York")
    kim = add(store, clock, "Kim", time_zone="Europe/Berlin")
    log(store, clock, ana, Outcome.VOICEMAIL, Purpose.CHECKIN, note="Asked about the regatta")
    clock.advance(timedelta(days=2))
    log(store, clock, ana, Outcome.NO_ANSWER)
    log(store, clock, mike, Outcome.NO_ANSWER, channel=Channel.EMAIL, note="Sent pricing")
    log(store, clock, kim, Outcome.CONNECTED)  # nothing left waiting
    clock.advance(timedelta(days=1))

    waiting = waiting_on_them(store, clock)
    assert [(w.name, w.days_waiting, w.attempts) for w in waiting] == [
        ("Ana", 3, 2),
        ("Mike", 1, 1),
    ]
    ana_loop, mike_loop = waiting
    assert ana_loop.kind is LoopKind.VOICEMAIL
    assert ana_loop.subject == "Asked about the regatta"
    assert ana_loop.purpose is Purpose.CHECKIN  # what the first message was about
    assert ana_loop.next_attempt_on == date(2026, 11, 27)  # day 4 of the cadence
    assert mike_loop.kind is LoopKind.EMAIL
    assert mike_loop.next_attempt_on == date(2026, 11, 27)  # day 2, New York calendar
    assert waiting_count(store) == 2


def test_a_reply_or_a_connected_call_takes_it_off_the_list(store: Store, clock: FixedClock) -> None:
    ana = add(store, clock, "Ana")
    mike = add(store, clock, "Mike")
    log(store, clock, ana, Outcome.VOICEMAIL)
    log(store, clock, mike, Outcome.GATEKEEPER)
    assert waiting_count(store) == 2
    clock.advance(timedelta(days=1))
    log(store, clock, ana, Outcome.REPLIED, direction=Direction.INBOUND)
    log(store, clock, mike, Outcome.CONNECTED)
    assert waiting_on_them(store, clock) == []
    assert waiting_count(store) == 0


def test_the_cadence_runs_out_after_seven_tries_but_the_loop_stays_until_answered(
    store: Store, clock: FixedClock
) -> None:
    ana = add(store, clock, "Ana", time_zone="Europe/Berlin")
    log(store, clock, ana, Outcome.VOICEMAIL)
    for _ in range(MAX_CHASE_ATTEMPTS - 1):
        clock.advance(timedelta(days=4))
        assert log(store, clock, ana, Outcome.VOICEMAIL) is LoopEffect.ATTEMPT
    (loop,) = waiting_on_them(store, clock)
    assert loop.attempts == MAX_CHASE_ATTEMPTS
    assert loop.next_attempt_on is None
    assert not loop.due(clock.now().date())


def test_the_today_list_draws_its_chases_from_the_open_loops(
    store: Store, clock: FixedClock
) -> None:
    ana = add(store, clock, "Ana", time_zone="Europe/Berlin")
    log(store, clock, ana, Outcome.CONNECTED, Purpose.CHECKIN)
    log(store, clock, ana, Outcome.VOICEMAIL)
    clock.advance(timedelta(days=2))
    (loop,) = waiting_on_them(store, clock)
    assert loop.due(clock.now().astimezone(clock.zone()).date())
    assert [r.top.kind.value for r in today_list(store, clock)] == ["chase"]


def test_giving_up_closes_the_loop_and_the_chase_leaves_today(
    store: Store, clock: FixedClock
) -> None:
    ana = add(store, clock, "Ana")
    log(store, clock, ana, Outcome.CONNECTED, Purpose.CHECKIN)
    log(store, clock, ana, Outcome.VOICEMAIL)
    clock.advance(timedelta(days=2))
    (loop,) = waiting_on_them(store, clock)
    changed = stop_chasing(store, clock, loop.loop_id)
    assert changed.loops and changed.today and changed.contacts == {ana}
    assert waiting_count(store) == 0
    assert today_list(store, clock) == []
    with pytest.raises(Invalid, match="already answered or given up"):
        stop_chasing(store, clock, loop.loop_id)
    with pytest.raises(NotFound):
        stop_chasing(store, clock, 999)


def test_waiting_for_one_contact(store: Store, clock: FixedClock) -> None:
    ana = add(store, clock, "Ana")
    mike = add(store, clock, "Mike")
    log(store, clock, ana, Outcome.VOICEMAIL, Purpose.FOLLOW_UP)
    found = waiting_for(store, clock, ana)
    assert found is not None
    assert (found.contact_id, found.attempts, found.purpose) == (ana, 1, Purpose.FOLLOW_UP)
    assert waiting_for(store, clock, mike) is None
    with pytest.raises(NotFound):
        waiting_for(store, clock, 999)


def test_a_proposal_emailed_waits_as_a_proposal_and_today_chases_the_proposal(
    store: Store, clock: FixedClock
) -> None:
    ana = add(store, clock, "Ana", time_zone="Europe/Berlin")
    log(store, clock, ana, Outcome.CONNECTED, Purpose.CHECKIN)
    effect = log(
        store,
        clock,
        ana,
        Outcome.NO_ANSWER,
        Purpose.PROPOSAL,
        channel=Channel.EMAIL,
        note="Q1 proposal: 12 seats",
    )
    assert effect is LoopEffect.OPEN
    (loop,) = waiting_on_them(store, clock)
    assert (loop.kind, loop.subject, loop.purpose) == (
        LoopKind.PROPOSAL,
        "Q1 proposal: 12 seats",
        Purpose.PROPOSAL,
    )
    clock.advance(timedelta(days=2))
    (row,) = today_list(store, clock)
    assert row.reason == "Chase attempt 2 on your proposal of 23 Nov (2 days waiting)"


def test_a_proposal_sent_while_an_email_waits_is_what_they_now_owe_an_answer_to(
    store: Store, clock: FixedClock
) -> None:
    mike = add(store, clock, "Mike", time_zone="Europe/Berlin")
    log(store, clock, mike, Outcome.NO_ANSWER, channel=Channel.EMAIL, note="Intro: spring event")
    clock.advance(timedelta(days=2))
    effect = log(
        store,
        clock,
        mike,
        Outcome.NO_ANSWER,
        Purpose.PROPOSAL,
        channel=Channel.EMAIL,
        note="Proposal: 12 seats at 40 EUR",
    )
    assert effect is LoopEffect.ATTEMPT
    (loop,) = waiting_on_them(store, clock)
    # A new ask: its chase starts afresh, from the day it was sent.
    assert (loop.kind, loop.subject, loop.attempts, loop.days_waiting) == (
        LoopKind.PROPOSAL,
        "Proposal: 12 seats at 40 EUR",
        1,
        0,
    )
    # Chasing it starts the quick log on Proposal, not on the intro email's Business.
    assert loop.purpose is Purpose.PROPOSAL
    # Chasing it by phone leaves it a proposal.
    clock.advance(timedelta(days=2))
    assert log(store, clock, mike, Outcome.VOICEMAIL) is LoopEffect.ATTEMPT
    (loop,) = waiting_on_them(store, clock)
    assert (loop.kind, loop.subject, loop.attempts) == (
        LoopKind.PROPOSAL,
        "Proposal: 12 seats at 40 EUR",
        2,
    )
    clock.advance(timedelta(days=1))
    replied = log(
        store, clock, mike, Outcome.REPLIED, channel=Channel.EMAIL, direction=Direction.INBOUND
    )
    assert replied is LoopEffect.CLOSE
    assert waiting_count(store) == 0


def test_a_proposal_after_an_intro_chased_out_is_chased_in_its_own_right(
    store: Store, clock: FixedClock
) -> None:
    mike = add(store, clock, "Mike", time_zone="Europe/Berlin")
    log(store, clock, mike, Outcome.NO_ANSWER, channel=Channel.EMAIL, note="Intro: spring event")
    for _ in range(12):  # chased until the cadence gives up on it
        clock.advance(timedelta(days=3))
        log(store, clock, mike, Outcome.NO_ANSWER, channel=Channel.EMAIL)
    (intro,) = waiting_on_them(store, clock)
    assert intro.next_attempt_on is None
    log(store, clock, mike, Outcome.NO_ANSWER, Purpose.PROPOSAL, channel=Channel.EMAIL)
    (proposal,) = waiting_on_them(store, clock)
    assert (proposal.kind, proposal.attempts) == (LoopKind.PROPOSAL, 1)
    assert proposal.subject == "", "the intro's words were kept for the proposal"
    assert proposal.next_attempt_on is not None
    clock.advance(timedelta(days=(proposal.next_attempt_on - clock.now().date()).days))
    assert any("on your proposal of" in row.reason for row in today_list(store, clock))
