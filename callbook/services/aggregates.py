"""Keeping a contact's derived fields (last check-in, due date) true after each change."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from callbook.domain.cadence import checkin_due_at, checkin_rhythm_days
from callbook.domain.vocabulary import Outcome, Purpose, Tier
from callbook.store.models import Contact, Interaction

CHECKIN_OUTCOMES = [o.value for o in Outcome if o.reached_them]


def refresh_contact(session: Session, contact: Contact, zone: ZoneInfo) -> None:
    """Recompute last personal check-in, last touch and the check-in due date from the log."""
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


def refresh_due(contact: Contact, zone: ZoneInfo) -> None:
    """Recompute the check-in due date from the rhythm and the last check-in, in `zone`."""
    if contact.last_personal_checkin_at is None and contact.checkin_due_at is not None:
        return  # the first check-in keeps the day it was planned for (imports spread them)
    rhythm = checkin_rhythm_days(Tier(contact.tier), contact.checkin_rhythm_days)
    contact.checkin_due_at = checkin_due_at(
        contact.last_personal_checkin_at, rhythm, contact.created_at, zone
    )
