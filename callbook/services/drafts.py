"""Quick-log drafts: kept as the rep types, offered back after a crash, gone once saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from callbook.domain.clock import Clock
from callbook.domain.gives import give_description
from callbook.domain.vocabulary import GiveKind
from callbook.services.call_log import LogEntry, Logged, record_interaction
from callbook.services.gives import GiveForm, record_give_in
from callbook.store.engine import Store
from callbook.store.models import Contact, QuickLogDraft, Script

# Column sizes in the table; longer input is cut rather than refused, since a draft
# must never fail to save while the rep is typing.
MAX_CONTACT_TEXT = 200
MAX_DUE_TEXT = 40
MAX_DURATION_TEXT = 20


@dataclass(frozen=True)
class Draft:
    """What the quick log holds right now, as typed (nothing validated yet)."""

    draft_id: int | None = None
    contact_id: int | None = None
    contact_text: str = ""
    outcome: str = ""
    purpose: str = ""
    channel: str = ""
    note: str = ""
    next_step: str = ""
    next_due_text: str = ""
    give_kind: str = ""
    direction: str = ""
    """Picked by the rep; blank while it follows the outcome."""
    duration_text: str = ""
    script_id: int | None = None
    started_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_empty(self) -> bool:
        """True when nothing worth keeping has been typed or picked."""
        return not (
            self.outcome
            or self.note.strip()
            or self.next_step.strip()
            or self.next_due_text
            or self.duration_text.strip()
        )


@dataclass(frozen=True)
class PendingDraft:
    """A draft left behind, with the contact's name to offer it back by."""

    draft: Draft
    contact_name: str


def save_draft(store: Store, clock: Clock, draft: Draft) -> Draft:
    """Keep `draft` (insert or update) in one transaction; returns it with its id and times."""
    now = clock.now()
    with store.begin() as session:
        # A contact or script erased meanwhile is dropped, not an error: the text stays.
        contact_id = draft.contact_id
        if contact_id is not None and session.get(Contact, contact_id) is None:
            contact_id = None
        script_id = draft.script_id
        if script_id is not None and session.get(Script, script_id) is None:
            script_id = None
        row = session.get(QuickLogDraft, draft.draft_id) if draft.draft_id is not None else None
        if row is None:
            # Gone meanwhile (saved or discarded elsewhere) or new: either way, keep the text.
            row = QuickLogDraft(started_at=draft.started_at or now)
            session.add(row)
        row.contact_id = contact_id
        row.contact_text = draft.contact_text[:MAX_CONTACT_TEXT]
        row.outcome = draft.outcome
        row.purpose = draft.purpose
        row.channel = draft.channel
        row.note = draft.note
        row.next_step = draft.next_step
        row.next_due_text = draft.next_due_text[:MAX_DUE_TEXT]
        row.give_kind = draft.give_kind
        row.direction = draft.direction
        row.duration_text = draft.duration_text[:MAX_DURATION_TEXT]
        row.script_id = script_id
        row.updated_at = now
        session.flush()
        return _as_draft(row)


def _as_draft(row: QuickLogDraft) -> Draft:
    return Draft(
        draft_id=row.id,
        contact_id=row.contact_id,
        contact_text=row.contact_text,
        outcome=row.outcome,
        purpose=row.purpose,
        channel=row.channel,
        note=row.note,
        next_step=row.next_step,
        next_due_text=row.next_due_text,
        give_kind=row.give_kind,
        direction=row.direction,
        duration_text=row.duration_text,
        script_id=row.script_id,
        started_at=row.started_at,
        updated_at=row.updated_at,
    )


def pending_drafts(store: Store) -> list[PendingDraft]:
    """Drafts never saved nor discarded, most recently typed first."""
    with store.read() as session:
        rows = session.execute(
            select(QuickLogDraft, Contact.first_name, Contact.last_name, Contact.company)
            .outerjoin(Contact, Contact.id == QuickLogDraft.contact_id)
            .order_by(QuickLogDraft.updated_at.desc(), QuickLogDraft.id.desc())
        ).all()
        return [
            PendingDraft(
                _as_draft(row[0]),
                f"{row.first_name or ''} {row.last_name or ''}".strip()
                or (row.company or row[0].contact_text),
            )
            for row in rows
        ]


def discard_draft(store: Store, draft_id: int) -> None:
    """Throw a draft away (the rep cancelled it); a draft already gone is fine."""
    with store.begin() as session:
        session.execute(delete(QuickLogDraft).where(QuickLogDraft.id == draft_id))


def log_from_draft(
    store: Store,
    clock: Clock,
    entry: LogEntry,
    draft_id: int | None,
    gave: GiveKind | None = None,
    introduced_to: int | None = None,
) -> Logged:
    """Store the touch and remove its draft in the same transaction: never both, never neither.

    With `gave`, the touch was a give: the give is recorded with it, described by the note;
    an introduction names the other contact with `introduced_to`.
    """
    with store.begin() as session:
        logged = record_interaction(session, clock, entry)
        if gave is not None:
            form = GiveForm(entry.contact_id, gave, give_description(entry.note), "", introduced_to)
            record_give_in(session, clock, form, logged.interaction_id)
        if draft_id is not None:
            session.execute(delete(QuickLogDraft).where(QuickLogDraft.id == draft_id))
        return logged
