"""Keeping a contact's derived fields (last check-in, due date, balance) true after each change."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from callbook.domain.cadence import checkin_due_at, checkin_rhythm_days
from callbook.domain.gives import Balance, Touch, balance, given
from callbook.domain.vocabulary import Direction, Outcome, Purpose, Tier
from callbook.store.models import Contact, Give, Interaction

CHECKIN_OUTCOMES = [o.value for o in Outcome if o.reached_them]


def refresh_contact(session: Session, contact: Contact, now: datetime, zone: ZoneInfo) -> None:
    """Recompute last personal check-in, last touch, check-in due date and balance from the log."""
    session.flush()
    contact.last_personal_checkin_at = session.scalar(
        select(Interaction.occurred_at)
        .where(
            Interaction.contact_id == contact.id,
            Interaction.purpose == Purpose.CHECKIN.value,
            Interaction.outcome.in_(CHECKIN_OUTCOMES),
        )
        .order_by(Interaction.occurred_at.desc())
        .limit(1)
    )
    contact.last_touch_at = session.scalar(
        select(Interaction.occurred_at)
        .where(Interaction.contact_id == contact.id)
        .order_by(Interaction.occurred_at.desc())
        .limit(1)
    )
    refresh_due(contact, zone)
    refresh_balance(session, contact, now, zone)


def contact_balance(session: Session, contact_id: int, now: datetime, zone: ZoneInfo) -> Balance:
    """The give/ask balance of one contact from their log and their gives (either side)."""
    touches = [
        Touch(at, Purpose(purpose), Direction(direction), Outcome(outcome))
        for at, purpose, direction, outcome in session.execute(
            select(
                Interaction.occurred_at,
                Interaction.purpose,
                Interaction.direction,
                Interaction.outcome,
            ).where(Interaction.contact_id == contact_id)
        )
    ]
    gives = [
        given(on, logged_at, zone)
        for on, logged_at in session.execute(
            select(Give.given_on, Give.logged_at).where(
                or_(Give.contact_id == contact_id, Give.other_contact_id == contact_id)
            )
        )
    ]
    return balance(touches, gives, now, zone)


def refresh_balance(session: Session, contact: Contact, now: datetime, zone: ZoneInfo) -> None:
    """Recompute the stored balance the contact list sorts by and Today reads."""
    session.flush()
    found = contact_balance(session, contact.id, now, zone)
    contact.asks_since_give = found.asks_since_give
    contact.asks_in_a_row = found.asks_in_a_row
    contact.last_give_on = found.last_give_on


def refresh_due(contact: Contact, zone: ZoneInfo) -> None:
    """Recompute the check-in due date from the rhythm and the last check-in, in `zone`."""
    if contact.last_personal_checkin_at is None and contact.checkin_due_at is not None:
        return  # the first check-in keeps the day it was planned for (imports spread them)
    rhythm = checkin_rhythm_days(Tier(contact.tier), contact.checkin_rhythm_days)
    contact.checkin_due_at = checkin_due_at(
        contact.last_personal_checkin_at, rhythm, contact.created_at, zone
    )
