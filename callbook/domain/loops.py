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
    outcome: Outcome, channel: Channel, direction: Direction, has_open_loop: bool
) -> LoopEffect:
    """Reaching them closes the loop; a message left opens one; another try counts against it."""
    if outcome.reached_them or direction is Direction.INBOUND:
        return LoopEffect.CLOSE if has_open_loop else LoopEffect.NONE
    if outcome is Outcome.WRONG_NUMBER:
        return LoopEffect.NONE
    if has_open_loop:
        return LoopEffect.ATTEMPT
    leaves_message = outcome.awaits_reply or channel in (Channel.TEXT, Channel.EMAIL)
    return LoopEffect.OPEN if leaves_message else LoopEffect.NONE


def loop_kind(channel: Channel, outcome: Outcome) -> LoopKind:
    """The kind of message a new loop waits on."""
    if channel is Channel.EMAIL:
        return LoopKind.EMAIL
    if channel is Channel.TEXT:
        return LoopKind.TEXT
    return LoopKind.VOICEMAIL


def counts_as_checkin(purpose: Purpose, outcome: Outcome) -> bool:
    """A personal check-in counts only when they were actually reached."""
    return purpose is Purpose.CHECKIN and outcome.reached_them
