"""Waiting on them: which touches open, count against, or close an open loop."""

from __future__ import annotations

from enum import StrEnum

from callbook.domain.vocabulary import Channel, Direction, LoopKind, Outcome, Purpose


class LoopEffect(StrEnum):
    """What a logged touch does to the contact's open loop."""

    OPEN = "open"
    ATTEMPT = "attempt"
    CLOSE = "close"
    NONE = "none"


def loop_effect(
    outcome: Outcome,
    channel: Channel,
    direction: Direction,
    has_open_loop: bool,
    purpose: Purpose | None = None,
) -> LoopEffect:
    """Reaching them closes the loop; a message left opens one; another try counts against it.

    A give wants nothing back: left as a message it neither opens a loop nor counts as a try.
    """
    if outcome.reached_them or direction is Direction.INBOUND:
        return LoopEffect.CLOSE if has_open_loop else LoopEffect.NONE
    if outcome is Outcome.WRONG_NUMBER or purpose is Purpose.GIVE:
        return LoopEffect.NONE
    if has_open_loop:
        return LoopEffect.ATTEMPT
    return LoopEffect.OPEN if leaves_message(outcome, channel) else LoopEffect.NONE


def leaves_message(outcome: Outcome, channel: Channel) -> bool:
    """True when the touch left them something to answer."""
    # Written messages always land; a call only when a voicemail or a gatekeeper took it.
    return outcome.awaits_reply or channel in (Channel.TEXT, Channel.EMAIL)


def left_message(channel: Channel, direction: Direction, outcome: Outcome) -> bool:
    """True for a message the rep left them that waits on them to get back: the ones a
    return is counted against (a voicemail, a word with the gatekeeper, a text, an email)."""
    if direction is not Direction.OUTBOUND:
        return False
    if outcome.reached_them or outcome is Outcome.WRONG_NUMBER:
        return False
    return leaves_message(outcome, channel)


def loop_kind(
    channel: Channel, outcome: Outcome, purpose: Purpose, waiting_on: LoopKind | None = None
) -> LoopKind:
    """What the loop waits on after a touch opens it or tries again (`waiting_on` until now).

    A proposal left with them (emailed, texted, or as a message) is what they owe an answer
    to from then on, whatever the loop waited on before; a call about one that found nobody
    left nothing new to answer, so the loop keeps waiting on what it was.
    """
    if purpose is Purpose.PROPOSAL and leaves_message(outcome, channel):
        return LoopKind.PROPOSAL
    if waiting_on is not None:
        return waiting_on
    if channel is Channel.EMAIL:
        return LoopKind.EMAIL
    if channel is Channel.TEXT:
        return LoopKind.TEXT
    return LoopKind.VOICEMAIL


def counts_as_checkin(purpose: Purpose, outcome: Outcome) -> bool:
    """A personal check-in counts only when they were actually reached."""
    return purpose is Purpose.CHECKIN and outcome.reached_them
