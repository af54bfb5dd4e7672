"""Logging a call, voicemail or message: the log entry, its loop and the check-in clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from callbook.domain.cadence import attempted_same_day, chase_state
from callbook.domain.clock import Clock
from callbook.domain.loops import LoopEffect, loop_effect, loop_kind
from callbook.domain.vocabulary import Channel, Direction, LoopKind, Outcome, Purpose
from callbook.services.aggregates import refresh_contact
from callbook.services.changes import Changed, Invalid, NotFound
from callbook.services.nudges import read_nudge_settings
from callbook.store.engine import Store
from callbook.store.models import Contact, Interaction, OpenLoop, Script


@dataclass(frozen=True)
class LogEntry:
    """What happened on one touch, as the rep records it."""

    contact_id: int
    outcome: Outcome
    purpose: Purpose
    channel: Channel = Channel.PHONE
    direction: Direction = Direction.OUTBOUND
    note: str = ""
    next_step: str = ""
    next_step_due: date | None = None
    duration_seconds: int | None = None
    script_id: int | None = None
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class Logged:
    """The stored entry and what it did to the contact's open loop."""

    interaction_id: int
    loop_effect: LoopEffect
    loop_id: int | None
    attempts: int
    next_attempt_on: date | None
    changed: Changed


def contact_zone(contact: Contact, clock: Clock) -> ZoneInfo:
    """The contact's own zone, else the rep's: whose calendar 'the same day' is read in."""
    return ZoneInfo(contact.time_zone) if contact.time_zone else clock.zone()


def _open_loop(session: Session, contact_id: int) -> OpenLoop | None:
    return session.scalar(
        select(OpenLoop)
        .where(OpenLoop.contact_id == contact_id, OpenLoop.closed_at.is_(None))
        .order_by(OpenLoop.opened_at.desc())
        .limit(1)
    )


def _last_outbound_attempt(session: Session, contact_id: int) -> datetime | None:
    return session.scalar(
        select(Interaction.occurred_at)
        .where(
            Interaction.contact_id == contact_id,
            Interaction.direction == Direction.OUTBOUND.value,
        )
        .order_by(Interaction.occurred_at.desc())
        .limit(1)
    )


def tried_today(store: Store, clock: Clock, contact_id: int) -> bool:
    """True when the rep already reached out to them today, by their calendar."""
    with store.read() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"no contact has the id {contact_id}")
        last = _last_outbound_attempt(session, contact_id)
        return last is not None and attempted_same_day(
            [last], clock.now(), contact_zone(contact, clock)
        )


def _apply_loop(
    session: Session, contact: Contact, entry: LogEntry, at: datetime, zone: ZoneInfo
) -> tuple[LoopEffect, OpenLoop | None]:
    loop = _open_loop(session, contact.id)
    effect = loop_effect(
        entry.outcome, entry.channel, entry.direction, loop is not None, entry.purpose
    )
    if effect is LoopEffect.OPEN:
        loop = OpenLoop(
            contact_id=contact.id,
            kind=loop_kind(entry.channel, entry.outcome, entry.purpose).value,
            subject=entry.note[:300],
            opened_at=at,
            attempts=0,
            last_attempt_at=at,
        )
        session.add(loop)
    if loop is None:
        return effect, None
    if effect is LoopEffect.ATTEMPT:
        kind = loop_kind(entry.channel, entry.outcome, entry.purpose, LoopKind(loop.kind)).value
        if kind != loop.kind:
            # A proposal is a new ask: Waiting shows it in its own words, and its chase
            # starts afresh from today (an intro chased out must not leave it unchased).
            loop.kind = kind
            loop.subject = entry.note[:300]  # the intro's words are not the proposal's
            loop.opened_at = loop.last_attempt_at = at
            loop.attempts = 0
    if effect in (LoopEffect.OPEN, LoopEffect.ATTEMPT):
        loop.attempts += 1
        loop.last_attempt_at = max(loop.last_attempt_at, at)
        quiet_days = read_nudge_settings(session).quiet_days
        state = chase_state(loop.opened_at, loop.attempts, loop.last_attempt_at, zone, quiet_days)
        loop.next_attempt_on = state.next_attempt_on
    elif effect is LoopEffect.CLOSE:
        loop.closed_at = at
        loop.closed_by = entry.outcome.value
        loop.next_attempt_on = None
    session.flush()
    return effect, loop


def log_interaction(store: Store, clock: Clock, entry: LogEntry) -> Logged:
    """Store one touch in one transaction, updating the loop and the check-in clock."""
    with store.begin() as session:
        return record_interaction(session, clock, entry)


def record_interaction(session: Session, clock: Clock, entry: LogEntry) -> Logged:
    """Store one touch inside the caller's transaction (so a draft can go in the same one)."""
    if entry.duration_seconds is not None and entry.duration_seconds < 0:
        raise Invalid("a call cannot last less than nothing")
    at = entry.occurred_at or clock.now()
    if at.tzinfo is None:
        raise Invalid("the time of a touch needs a time zone")
    contact = session.get(Contact, entry.contact_id)
    if contact is None:
        raise NotFound(f"no contact has the id {entry.contact_id}")
    if entry.script_id is not None and session.get(Script, entry.script_id) is None:
        raise NotFound(f"no script has the id {entry.script_id}")
    effect, loop = _apply_loop(session, contact, entry, at, contact_zone(contact, clock))
    interaction = Interaction(
        contact_id=contact.id,
        occurred_at=at,
        channel=entry.channel.value,
        direction=entry.direction.value,
        outcome=entry.outcome.value,
        purpose=entry.purpose.value,
        duration_seconds=entry.duration_seconds,
        note=entry.note,
        next_step=entry.next_step.strip(),
        next_step_due=entry.next_step_due,
        script_id=entry.script_id,
        loop_id=loop.id if loop is not None and effect is not LoopEffect.NONE else None,
    )
    if entry.purpose is Purpose.FOLLOW_UP:
        # Following up settles the follow-ups that were waiting.
        session.execute(
            update(Interaction)
            .where(
                Interaction.contact_id == contact.id,
                Interaction.next_step_due.is_not(None),
                Interaction.next_step_done_at.is_(None),
            )
            .values(next_step_done_at=at)
        )
    session.add(interaction)
    contact.updated_at = clock.now()
    refresh_contact(session, contact, clock.now(), clock.zone())
    session.flush()
    return Logged(
        interaction.id,
        effect,
        loop.id if loop is not None else None,
        loop.attempts if loop is not None else 0,
        loop.next_attempt_on if loop is not None else None,
        Changed(frozenset({contact.id}), today=True, loops=effect is not LoopEffect.NONE),
    )
