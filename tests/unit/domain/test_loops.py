"""Waiting on them: which touches open, count against or close a loop (F5, F8)."""

from __future__ import annotations

import itertools

import pytest

from callbook.domain.loops import LoopEffect, counts_as_checkin, loop_effect, loop_kind
from callbook.domain.vocabulary import Channel, Direction, LoopKind, Outcome, Purpose

OUT = Direction.OUTBOUND
IN = Direction.INBOUND

EVERY_TOUCH = list(itertools.product(Outcome, Channel, Direction))


@pytest.mark.parametrize(
    ("outcome", "channel", "direction", "has_open_loop", "effect"),
    [
        # Reaching them closes what was waiting, and is nothing when nothing was.
        (Outcome.CONNECTED, Channel.PHONE, OUT, True, LoopEffect.CLOSE),
        (Outcome.CONNECTED, Channel.PHONE, OUT, False, LoopEffect.NONE),
        (Outcome.REPLIED, Channel.EMAIL, OUT, True, LoopEffect.CLOSE),
        (Outcome.CONNECTED, Channel.IN_PERSON, OUT, True, LoopEffect.CLOSE),
        (Outcome.CONNECTED, Channel.VIDEO, OUT, True, LoopEffect.CLOSE),
        # They got in touch: the loop closes whatever the outcome was labelled.
        (Outcome.REPLIED, Channel.TEXT, IN, True, LoopEffect.CLOSE),
        (Outcome.VOICEMAIL, Channel.PHONE, IN, True, LoopEffect.CLOSE),
        (Outcome.VOICEMAIL, Channel.PHONE, IN, False, LoopEffect.NONE),
        (Outcome.NO_ANSWER, Channel.EMAIL, IN, False, LoopEffect.NONE),
        # A message left opens a loop.
        (Outcome.VOICEMAIL, Channel.PHONE, OUT, False, LoopEffect.OPEN),
        (Outcome.GATEKEEPER, Channel.PHONE, OUT, False, LoopEffect.OPEN),
        (Outcome.NO_ANSWER, Channel.EMAIL, OUT, False, LoopEffect.OPEN),
        (Outcome.NO_ANSWER, Channel.TEXT, OUT, False, LoopEffect.OPEN),
        (Outcome.BUSY, Channel.TEXT, OUT, False, LoopEffect.OPEN),
        # A call that left nothing behind opens nothing.
        (Outcome.NO_ANSWER, Channel.PHONE, OUT, False, LoopEffect.NONE),
        (Outcome.BUSY, Channel.PHONE, OUT, False, LoopEffect.NONE),
        (Outcome.NO_ANSWER, Channel.VIDEO, OUT, False, LoopEffect.NONE),
        # Another try while waiting counts as an attempt, whatever the channel.
        (Outcome.VOICEMAIL, Channel.PHONE, OUT, True, LoopEffect.ATTEMPT),
        (Outcome.NO_ANSWER, Channel.PHONE, OUT, True, LoopEffect.ATTEMPT),
        (Outcome.BUSY, Channel.PHONE, OUT, True, LoopEffect.ATTEMPT),
        (Outcome.GATEKEEPER, Channel.PHONE, OUT, True, LoopEffect.ATTEMPT),
        (Outcome.NO_ANSWER, Channel.EMAIL, OUT, True, LoopEffect.ATTEMPT),
        # A wrong number neither reaches them nor counts as trying.
        (Outcome.WRONG_NUMBER, Channel.PHONE, OUT, True, LoopEffect.NONE),
        (Outcome.WRONG_NUMBER, Channel.PHONE, OUT, False, LoopEffect.NONE),
        (Outcome.WRONG_NUMBER, Channel.TEXT, OUT, False, LoopEffect.NONE),
    ],
)
def test_loop_effect(
    outcome: Outcome,
    channel: Channel,
    direction: Direction,
    has_open_loop: bool,
    effect: LoopEffect,
) -> None:
    assert loop_effect(outcome, channel, direction, has_open_loop) is effect


@pytest.mark.parametrize(("outcome", "channel", "direction"), EVERY_TOUCH)
def test_without_an_open_loop_a_touch_can_only_open_one(
    outcome: Outcome, channel: Channel, direction: Direction
) -> None:
    assert loop_effect(outcome, channel, direction, False) in (LoopEffect.OPEN, LoopEffect.NONE)


@pytest.mark.parametrize(("outcome", "channel", "direction"), EVERY_TOUCH)
def test_with_an_open_loop_a_touch_never_opens_a_second(
    outcome: Outcome, channel: Channel, direction: Direction
) -> None:
    assert loop_effect(outcome, channel, direction, True) is not LoopEffect.OPEN


@pytest.mark.parametrize(("outcome", "channel"), list(itertools.product(Outcome, Channel)))
def test_reaching_them_or_hearing_from_them_always_closes(
    outcome: Outcome, channel: Channel
) -> None:
    assert loop_effect(outcome, channel, IN, True) is LoopEffect.CLOSE
    if outcome.reached_them:
        assert loop_effect(outcome, channel, OUT, True) is LoopEffect.CLOSE


@pytest.mark.parametrize(
    ("channel", "outcome", "kind"),
    [
        (Channel.EMAIL, Outcome.NO_ANSWER, LoopKind.EMAIL),
        (Channel.TEXT, Outcome.NO_ANSWER, LoopKind.TEXT),
        (Channel.PHONE, Outcome.VOICEMAIL, LoopKind.VOICEMAIL),
        (Channel.PHONE, Outcome.GATEKEEPER, LoopKind.VOICEMAIL),
        (Channel.VIDEO, Outcome.VOICEMAIL, LoopKind.VOICEMAIL),
    ],
)
def test_loop_kind(channel: Channel, outcome: Outcome, kind: LoopKind) -> None:
    assert loop_kind(channel, outcome, Purpose.BUSINESS) is kind


@pytest.mark.parametrize(
    ("channel", "outcome"),
    [
        (Channel.EMAIL, Outcome.NO_ANSWER),
        (Channel.TEXT, Outcome.NO_ANSWER),
        (Channel.PHONE, Outcome.VOICEMAIL),
        (Channel.PHONE, Outcome.GATEKEEPER),
        (Channel.IN_PERSON, Outcome.GATEKEEPER),  # left at reception
    ],
)
def test_a_proposal_left_with_them_waits_as_a_proposal_whatever_the_channel(
    channel: Channel, outcome: Outcome
) -> None:
    assert loop_effect(outcome, channel, OUT, False) is LoopEffect.OPEN
    assert loop_kind(channel, outcome, Purpose.PROPOSAL) is LoopKind.PROPOSAL


def test_a_proposal_sent_while_an_email_waits_makes_it_a_proposal_and_counts_the_try() -> None:
    assert loop_effect(Outcome.NO_ANSWER, Channel.EMAIL, OUT, True) is LoopEffect.ATTEMPT
    after = loop_kind(Channel.EMAIL, Outcome.NO_ANSWER, Purpose.PROPOSAL, LoopKind.EMAIL)
    assert after is LoopKind.PROPOSAL


def test_a_call_about_the_proposal_that_found_nobody_leaves_the_loop_as_it_was() -> None:
    assert loop_effect(Outcome.NO_ANSWER, Channel.PHONE, OUT, True) is LoopEffect.ATTEMPT
    after = loop_kind(Channel.PHONE, Outcome.NO_ANSWER, Purpose.PROPOSAL, LoopKind.EMAIL)
    assert after is LoopKind.EMAIL


@pytest.mark.parametrize("purpose", [p for p in Purpose if p is not Purpose.PROPOSAL])
def test_chasing_a_proposal_keeps_it_a_proposal_and_other_tries_keep_their_loop(
    purpose: Purpose,
) -> None:
    assert loop_kind(Channel.PHONE, Outcome.VOICEMAIL, purpose, LoopKind.PROPOSAL) is (
        LoopKind.PROPOSAL
    )
    assert loop_kind(Channel.EMAIL, Outcome.NO_ANSWER, purpose, LoopKind.VOICEMAIL) is (
        LoopKind.VOICEMAIL
    )


@pytest.mark.parametrize(
    ("outcome", "channel", "direction"),
    [
        (Outcome.REPLIED, Channel.EMAIL, IN),
        (Outcome.CONNECTED, Channel.PHONE, OUT),
        (Outcome.CONNECTED, Channel.IN_PERSON, OUT),
    ],
)
def test_a_reply_or_a_connected_call_closes_a_proposal_like_any_loop(
    outcome: Outcome, channel: Channel, direction: Direction
) -> None:
    assert loop_effect(outcome, channel, direction, True) is LoopEffect.CLOSE


@pytest.mark.parametrize(
    ("purpose", "outcome", "counts"),
    [
        (Purpose.CHECKIN, Outcome.CONNECTED, True),
        (Purpose.CHECKIN, Outcome.REPLIED, True),
        (Purpose.CHECKIN, Outcome.VOICEMAIL, False),  # a voicemail is not a conversation
        (Purpose.CHECKIN, Outcome.NO_ANSWER, False),
        (Purpose.BUSINESS, Outcome.CONNECTED, False),  # business calls are kept apart
        (Purpose.GIVE, Outcome.CONNECTED, False),
        (Purpose.PROPOSAL, Outcome.CONNECTED, False),  # a proposal talked through is business
    ],
)
def test_only_a_personal_call_that_reached_them_counts_as_a_checkin(
    purpose: Purpose, outcome: Outcome, counts: bool
) -> None:
    assert counts_as_checkin(purpose, outcome) is counts


def test_every_outcome_and_purpose_reads_in_the_reps_words() -> None:
    assert Outcome.VOICEMAIL.label == "Left voicemail"
    assert Outcome.REPLIED.label == "They replied"
    assert Purpose.CHECKIN.label == "Personal check-in"
    assert Purpose.PROPOSAL.label == "Proposal"
    assert all(o.label for o in Outcome)
    assert all(p.label for p in Purpose)


def test_only_connected_and_replied_reach_them() -> None:
    assert {o for o in Outcome if o.reached_them} == {Outcome.CONNECTED, Outcome.REPLIED}
    assert {o for o in Outcome if o.awaits_reply} == {Outcome.VOICEMAIL, Outcome.GATEKEEPER}
