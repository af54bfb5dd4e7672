"""What the quick log needs: who the contact is, whether they were tried today, the scripts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from callbook.domain.clock import Clock
from callbook.domain.vocabulary import Direction, Outcome
from callbook.services.call_log import contact_zone
from callbook.services.changes import NotFound
from callbook.services.loops import WaitingLoop, waiting_for
from callbook.store.engine import Store
from callbook.store.models import Contact, Interaction, Script


@dataclass(frozen=True)
class QuickLogContact:
    """The contact a quick log is about, with what the rep should see before saving."""

    contact_id: int
    name: str
    company: str
    checkin_due: bool
    last_try_at: datetime | None
    last_try_outcome: Outcome | None
    tried_today: bool
    waiting: WaitingLoop | None


@dataclass(frozen=True)
class ScriptChoice:
    """A prepared script the rep may say they used."""

    script_id: int
    name: str
    kind: str


def quick_log_contact(store: Store, clock: Clock, contact_id: int) -> QuickLogContact:
    """The contact with their last try, whether that was today in their calendar, and any loop."""
    now = clock.now()
    waiting = waiting_for(store, clock, contact_id)
    with store.read() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"no contact has the id {contact_id}")
        last = session.execute(
            select(Interaction.occurred_at, Interaction.outcome)
            .where(
                Interaction.contact_id == contact_id,
                Interaction.direction == Direction.OUTBOUND.value,
            )
            .order_by(Interaction.occurred_at.desc())
            .limit(1)
        ).first()
        zone = contact_zone(contact, clock)
        tried_today = (
            last is not None
            and last.occurred_at.astimezone(zone).date() == now.astimezone(zone).date()
        )
        return QuickLogContact(
            contact_id=contact.id,
            name=contact.name,
            company=contact.company,
            checkin_due=contact.checkin_due_at <= now,
            last_try_at=last.occurred_at if last else None,
            last_try_outcome=Outcome(last.outcome) if last else None,
            tried_today=tried_today,
            waiting=waiting,
        )


def script_choices(store: Store) -> list[ScriptChoice]:
    """Every script not retired, by name."""
    with store.read() as session:
        rows = session.execute(
            select(Script.id, Script.name, Script.kind)
            .where(Script.retired_at.is_(None))
            .order_by(Script.name)
        )
        return [ScriptChoice(r.id, r.name, r.kind) for r in rows]
