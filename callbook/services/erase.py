"""Erasing a contact completely: their card, family, log, loops, drafts and search entries."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from callbook.domain.clock import Clock
from callbook.services.backups import backups_folder
from callbook.services.changes import Changed, NotFound
from callbook.store.backup import list_backups
from callbook.store.cipher import connect, key_for
from callbook.store.engine import Store, StoreError, write_failure
from callbook.store.erasure import compact, erase_contact_rows
from callbook.store.models import Contact, FamilyMember, Interaction, OpenLoop

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


@dataclass(frozen=True)
class ErasedContact:
    """What an erase removed, and which backups were cleaned of the contact too."""

    name: str
    rows: int
    backups_cleaned: int
    backups_not_cleaned: tuple[Path, ...]
    changed: Changed


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

        return ErasePreview(
            contact_id,
            contact.name,
            contact.company,
            count(Interaction),
            count(FamilyMember),
            count(OpenLoop),
        )


def _erase_from_backup(
    path: Path, contact_id: int, created_at: str, passphrase: str | None
) -> bool:
    """Erase the same contact (same id, same creation time) from one backup file."""
    key = key_for(path, passphrase)
    engine = create_engine("sqlite://", creator=lambda: connect(path, key), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            found = connection.exec_driver_sql(
                "SELECT 1 FROM contacts WHERE id = ? AND created_at = ?",
                (contact_id, created_at),
            ).first()
            if found is None:
                return False
            erase_contact_rows(connection, contact_id)
    finally:
        engine.dispose()
    compact(path, key)
    return True


def erase_contact(
    store: Store, clock: Clock, contact_id: int, from_backups: bool = True
) -> ErasedContact:
    """Erase the contact and everything about them, then compact the file so no text remains.

    With `from_backups`, the backups in the backup folder are cleaned of them too; a file
    the rep exported elsewhere is beyond reach.
    """
    with store.begin() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"no contact has the id {contact_id}")
        name = contact.name
        created_at = (
            session.connection()
            .exec_driver_sql("SELECT created_at FROM contacts WHERE id = ?", (contact_id,))
            .scalar_one()
        )
        erased = erase_contact_rows(session.connection(), contact_id)
        session.expunge_all()
    with store.exclusive():
        raw = store.engine.raw_connection()
        try:
            compact(raw.driver_connection)
        except sqlite3.OperationalError as error:
            why = write_failure(error)
            if why is None:
                raise
            # The rows are gone already: say so, and what is left undone.
            raise StoreError(
                f"{name} is erased, but {why}, so the file could not be rewritten without "
                "them: their words may stay in its free space until the next erase, and "
                "the backups still hold them"
            ) from None
        finally:
            raw.close()
    cleaned = 0
    not_cleaned: list[Path] = []
    if from_backups:
        for backup in list_backups(backups_folder(store.path.parent)):
            try:
                cleaned += _erase_from_backup(
                    backup.path, contact_id, str(created_at), store.passphrase
                )
            except Exception as error:  # one unreadable backup must not stop the others
                log.warning("could not erase the contact from %s: %s", backup.path, error)
                not_cleaned.append(backup.path)
    # The log names the id only: the point of erasing is that the name goes.
    log.info("erased contact #%d (%d rows) at %s", contact_id, erased.total, clock.now())
    return ErasedContact(
        name,
        erased.total,
        cleaned,
        tuple(not_cleaned),
        Changed(frozenset({contact_id}), today=True, loops=True, contact_list=True),
    )
