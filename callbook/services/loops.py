"""Waiting on them: the open loops, how long each has waited, and ending a chase (F8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from callbook.domain.clock import Clock
from callbook.domain.names import shown_name
from callbook.domain.quick_log import days_waiting
from callbook.domain.vocabulary import LoopKind, Purpose
from callbook.services.changes import Changed, Invalid, NotFound
from callbook.store.engine import Store
from callbook.store.models import Contact, Interaction, OpenLoop

# How a loop the rep stopped chasing is marked, beside the outcomes that close one.
GIVEN_UP = "given-up"


@dataclass(frozen=True)
class WaitingLoop:
    """One message waiting on them to answer."""

    loop_id: int
    contact_id: int
    name: str
    company: str
    tier: str
    kind: LoopKind
    subject: str
    opened_at: datetime
    days_waiting: int
    attempts: int
    last_attempt_at: datetime
    next_attempt_on: date | None
    purpose: Purpose | None

    def due(self, today: date) -> bool:
        """True when the cadence allows the next try today (or it is overdue)."""
        return self.next_attempt_on is not None and self.next_attempt_on <= today


def _waiting(session: Session, clock: Clock, *conditions: ColumnElement[bool]) -> list[WaitingLoop]:
    now = clock.now()
    zone = clock.zone()
    # What the loop began as: its first touch, found by the loop's index, one loop at a
    # time (grouping every touch ever logged by loop took a third of a second at 50,000).
    first_purpose = (
        select(Interaction.purpose)
        .where(Interaction.loop_id == OpenLoop.id)
        .order_by(Interaction.id)
        .limit(1)
        .correlate(OpenLoop)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            OpenLoop.id,
            OpenLoop.contact_id,
            OpenLoop.kind,
            OpenLoop.subject,
            OpenLoop.opened_at,
            OpenLoop.attempts,
            OpenLoop.last_attempt_at,
            OpenLoop.next_attempt_on,
            Contact.first_name,
            Contact.last_name,
            Contact.company,
            Contact.tier,
            first_purpose.label("purpose"),
        )
        .join(Contact, Contact.id == OpenLoop.contact_id)
        .where(OpenLoop.closed_at.is_(None), *conditions)
    ).all()
    loops = [
        WaitingLoop(
            loop_id=r.id,
            contact_id=r.contact_id,
            name=shown_name(r.first_name, r.last_name, r.company),
            company=r.company,
            tier=r.tier,
            kind=LoopKind(r.kind),
            subject=r.subject,
            opened_at=r.opened_at,
            days_waiting=max(0, days_waiting(r.opened_at, now, zone)),
            attempts=r.attempts,
            last_attempt_at=r.last_attempt_at,
            next_attempt_on=r.next_attempt_on,
            purpose=_chased_for(LoopKind(r.kind), r.purpose),
        )
        for r in rows
    ]
    loops.sort(key=lambda w: (-w.days_waiting, -w.attempts, w.name.casefold(), w.loop_id))
    return loops


def _chased_for(kind: LoopKind, first_purpose: str | None) -> Purpose | None:
    """What a chase of the loop is about: a proposal's, whatever the loop began as."""
    if kind is LoopKind.PROPOSAL:
        return Purpose.PROPOSAL
    return Purpose(first_purpose) if first_purpose else None


def waiting_on_them(store: Store, clock: Clock) -> list[WaitingLoop]:
    """Every open loop, longest waiting first (then most attempts, then name)."""
    with store.read() as session:
        return _waiting(session, clock)


def waiting_count(store: Store) -> int:
    """How many messages are waiting to be returned."""
    with store.read() as session:
        count = session.scalar(
            select(func.count()).select_from(OpenLoop).where(OpenLoop.closed_at.is_(None))
        )
    return int(count or 0)


def waiting_for(store: Store, clock: Clock, contact_id: int) -> WaitingLoop | None:
    """The contact's open loop, if the rep is waiting on them."""
    with store.read() as session:
        if session.get(Contact, contact_id) is None:
            raise NotFound(f"no contact has the id {contact_id}")
        loops = _waiting(session, clock, OpenLoop.contact_id == contact_id)
    return max(loops, key=lambda w: w.opened_at, default=None)


def stop_chasing(store: Store, clock: Clock, loop_id: int) -> Changed:
    """Close a loop the rep has given up on; the log keeps every attempt."""
    with store.begin() as session:
        loop = session.get(OpenLoop, loop_id)
        if loop is None:
            raise NotFound(f"no open loop has the id {loop_id}")
        if loop.closed_at is not None:
            raise Invalid("that message was already answered or given up on")
        loop.closed_at = clock.now()
        loop.closed_by = GIVEN_UP
        loop.next_attempt_on = None
        return Changed(frozenset({loop.contact_id}), today=True, loops=True)
