"""Erasing a contact completely: their card, family, log, loops, drafts and search entries."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from callbook.disk import disk_words
from callbook.domain.clock import Clock
from callbook.domain.words import counted
from callbook.services.backups import backups_folder
from callbook.services.changes import Changed, NotFound
from callbook.store.cipher import database_errors
from callbook.store.engine import Store, StoreError, write_failure
from callbook.store.erasure import (
    BackupsCleaned,
    Erased,
    UnfinishedErasure,
    clean_backups,
    compact,
    erase_contact_rows,
    erasure_done,
    note_erasure,
)
from callbook.store.models import Contact, FamilyMember, Give, GiveIdea, Interaction, OpenLoop

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErasePreview:
    """What erasing a contact will take away, for the rep to confirm."""

    contact_id: int
    name: str
    company: str
    interactions: int
    family: int
    open_loops: int
    # Gives on their card, either side of an introduction: the introductions stay on the
    # other person's card as "an introduction"; ideas to give go, theirs and others' about them.
    gives: int = 0
    introductions: int = 0
    give_ideas: int = 0

    def gives_words(self) -> str:
        """'3 gives, 2 things to give next', and what becomes of their introductions."""
        words = (
            f"{counted(self.gives, 'give')}, "
            f"{counted(self.give_ideas, 'thing to give next', 'things to give next')}"
        )
        if self.introductions == 1:
            words += (
                " (the 1 introduction stays on the other person's card as "
                '"an introduction", without their name)'
            )
        elif self.introductions:
            words += (
                f" (the {self.introductions:,} introductions stay on the other people's cards "
                'as "an introduction", without their name)'
            )
        return words


@dataclass(frozen=True)
class ErasedContact:
    """What an erase removed, and which backups were cleaned of the contact too."""

    name: str
    rows: int
    backups_cleaned: int
    backups_not_cleaned: tuple[Path, ...]
    changed: Changed
    # What is left to do and why, when the erase could not finish everywhere.
    unfinished: str | None = None


def erase_preview(store: Store, contact_id: int) -> ErasePreview:
    """The contact's name and how much of their history an erase would remove."""
    with store.read() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"no contact has the id {contact_id}")

        def count(model: type[Interaction] | type[FamilyMember] | type[OpenLoop]) -> int:
            return int(
                session.scalar(
                    select(func.count()).select_from(model).where(model.contact_id == contact_id)
                )
                or 0
            )

        either_side = or_(Give.contact_id == contact_id, Give.other_contact_id == contact_id)
        gives = session.scalar(select(func.count()).select_from(Give).where(either_side))
        introductions = session.scalar(
            select(func.count())
            .select_from(Give)
            .where(either_side, Give.other_contact_id.is_not(None))
        )
        ideas = session.scalar(
            select(func.count())
            .select_from(GiveIdea)
            .where(or_(GiveIdea.contact_id == contact_id, GiveIdea.other_contact_id == contact_id))
        )
        return ErasePreview(
            contact_id,
            contact.name,
            contact.company,
            count(Interaction),
            count(FamilyMember),
            count(OpenLoop),
            int(gives or 0),
            int(introductions or 0),
            int(ideas or 0),
        )


def erase_contact(
    store: Store, clock: Clock, contact_id: int, from_backups: bool = True
) -> ErasedContact:
    """Erase the contact and everything about them from the book, its WAL and free pages.

    With `from_backups`, the backups in the backup folder are cleaned of them too; a file
    the rep exported elsewhere is beyond reach. A record written first finishes the erase
    at the next start if it is cut short; `unfinished` says why when a full disk (or another
    program) stops it after the contact has left the book. StoreError when nothing was erased.
    """
    with store.read() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"no contact has the id {contact_id}")
        name = contact.name
        created_at = str(
            session.connection()
            .exec_driver_sql("SELECT created_at FROM contacts WHERE id = ?", (contact_id,))
            .scalar_one()
        )
    erasure = UnfinishedErasure(contact_id, created_at, from_backups)
    try:
        note_erasure(store.path, erasure)
    except OSError as error:
        raise StoreError(f"nothing was erased: {disk_words(error)}") from None
    try:
        erased = _erase_rows(store, erasure)
    except BaseException:
        erasure_done(store.path, erasure)  # nothing was erased, so nothing is left to finish
        raise
    why, left = None, []
    failures: tuple[type[Exception], ...] = (StoreError, SQLAlchemyError, *database_errors())
    try:
        with store.exclusive():
            raw = store.engine.raw_connection()
            try:
                compact(raw.driver_connection)
            finally:
                raw.close()
    except failures as error:
        why = _why(error)
        left.append("their words may stay in the call book's free space")
    cleaned = BackupsCleaned()
    if from_backups:
        cleaned = clean_backups(backups_folder(store.path.parent), erasure, store.passphrase)
        if cleaned.again is not None:
            why = why or cleaned.again
            held = len(cleaned.not_cleaned)
            left.append(
                "1 backup still holds them" if held == 1 else f"{held} backups still hold them"
            )
    unfinished = None
    if why is None:
        erasure_done(store.path, erasure)
    else:
        unfinished = (
            f"{name} is erased, but {why}, so {' and '.join(left)}; Callbook finishes the "
            "erase at its next start"
        )
    # The log names the id only: the point of erasing is that the name goes.
    log.info("erased contact #%d (%d rows) at %s", contact_id, erased.total, clock.now())
    return ErasedContact(
        name,
        erased.total,
        cleaned.cleaned,
        cleaned.not_cleaned,
        Changed(frozenset({contact_id}), today=True, loops=True, contact_list=True),
        unfinished,
    )


def _erase_rows(store: Store, erasure: UnfinishedErasure) -> Erased:
    with store.begin() as session:
        still = (
            session.connection()
            .exec_driver_sql(
                "SELECT 1 FROM contacts WHERE id = ? AND created_at = ?",
                (erasure.contact_id, erasure.created_at),
            )
            .first()
        )
        if still is None:
            raise NotFound(f"no contact has the id {erasure.contact_id}")
        erased = erase_contact_rows(session.connection(), erasure.contact_id)
        session.expunge_all()
    return erased


def _why(error: Exception) -> str:
    if isinstance(error, StoreError):
        return str(error)
    return write_failure(error) or f"the call book said {error}"
