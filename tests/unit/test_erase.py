"""Erasing a contact leaves none of their text in the database file or the backups."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Channel, Outcome, Purpose
from callbook.paths import DATABASE_NAME
from callbook.services.backups import back_up_now
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.changes import NotFound
from callbook.services.contacts import NewContact, add_contact
from callbook.services.drafts import Draft, save_draft
from callbook.services.erase import erase_contact, erase_preview
from callbook.services.search import reindex_contact, search_contacts
from callbook.store.backup import list_backups
from callbook.store.engine import Store
from callbook.store.models import (
    BestTime,
    Contact,
    FamilyMember,
    Give,
    ImportantDate,
    Interaction,
    Interest,
    NudgeEvent,
    OpenLoop,
    QuickLogDraft,
    Tag,
)
from callbook.store.opening import open_store

# Words no other row holds, so finding one in the file means something of theirs is left.
THEIRS = (
    "Quenbyzarth",  # last name
    "Ximenaqua",  # first name
    "Vorplexind",  # company
    "+4930998877",  # phone
    "ximena@vorplexind",  # email
    "Brakkenfjord",  # notes
    "Ulvadrommel",  # personal notes
    "Sorrelwhisk",  # family member
    "Tamberlode",  # family notes
    "Kitesurfazu",  # interest
    "Jubiloquent",  # important date
    "Glimmerbay",  # best-time note
    "Pendrowmoor",  # assistant
    "Oxenbristle",  # interaction note
    "Marrowglade",  # next step
    "Fenwickhollow",  # give
    "Draftoquill",  # quick-log draft
    "Quixotellan",  # tag only they carry
    "Nudgewhistle",  # nudge body
)
OTHERS = ("Hollisbrook", "Anwenmere")


def file_text(folder: Path) -> bytes:
    """The bytes of the database and its side files, lower-cased for searching."""
    found = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = folder / (DATABASE_NAME + suffix)
        if path.exists():
            found += path.read_bytes()
    return found.lower()


def leftovers(data: bytes) -> list[str]:
    return [w for w in THEIRS if w.lower().encode() in data]


def fill_in_everything(store: Store, clock: FixedClock) -> tuple[int, int]:
    """A contact with text in every place there is, and another one who must stay."""
    theirs = add_contact(
        store,
        clock,
        NewContact(
            "Ximenaqua",
            "Quenbyzarth",
            company="Vorplexind GmbH",
            email="ximena@vorplexind.example",
            phones=[("mobile", "+49 30 998877")],
            notes="met at Brakkenfjord fair",
            tags=["Quixotellan", "shared-tag"],
        ),
    )
    other = add_contact(
        store,
        clock,
        NewContact("Hollisbrook", "Anwenmere", notes="plays chess", tags=["shared-tag"]),
    )
    log_interaction(
        store,
        clock,
        LogEntry(
            theirs,
            Outcome.VOICEMAIL,
            Purpose.BUSINESS,
            note="left Oxenbristle message",
            next_step="send the Marrowglade deck",
            next_step_due=date(2026, 11, 27),
        ),
    )
    clock.advance(timedelta(hours=1))
    replied = LogEntry(theirs, Outcome.REPLIED, Purpose.BUSINESS, Channel.EMAIL)
    log_interaction(store, clock, replied)
    log_interaction(store, clock, LogEntry(other, Outcome.CONNECTED, Purpose.CHECKIN))
    save_draft(store, clock, Draft(contact_id=theirs, contact_text="Ximenaqua", note="Draftoquill"))
    with store.begin() as session:
        contact = session.get(Contact, theirs)
        assert contact is not None
        contact.personal_notes = "loves Ulvadrommel"
        contact.assistant_name = "Pendrowmoor"
        session.add_all(
            [
                FamilyMember(contact_id=theirs, name="Sorrelwhisk Quenbyzarth", notes="Tamberlode"),
                Interest(contact_id=theirs, text="Kitesurfazu"),
                ImportantDate(contact_id=theirs, label="Jubiloquent day", month=3, day=4),
                BestTime(
                    contact_id=theirs,
                    weekday_mask=31,
                    start_minute=420,
                    end_minute=480,
                    note="Glimmerbay cafe",
                ),
                Give(
                    contact_id=theirs,
                    given_on=date(2026, 11, 1),
                    kind="intro",
                    note="Fenwickhollow intro",
                ),
                NudgeEvent(
                    happened_at=clock.now(),
                    event="fired",
                    nudge_key=f"best-time:{theirs}",
                    kind="best_time",
                    due_at=clock.now(),
                    title="Call Ximenaqua Quenbyzarth",
                    body="Nudgewhistle",
                    contact_id=theirs,
                ),
                NudgeEvent(
                    happened_at=clock.now(),
                    event="fired",
                    nudge_key="digest:2026-11-23",
                    kind="digest",
                    due_at=clock.now(),
                    title="Good morning",
                    body="Today: Ximenaqua Quenbyzarth, Hollisbrook Anwenmere",
                    contact_id=None,
                ),
            ]
        )
        session.flush()
        reindex_contact(session, theirs)
    return theirs, other


def test_erase_leaves_no_text_of_theirs_in_the_file(
    store: Store, clock: FixedClock, data_dir: Path
) -> None:
    theirs, other = fill_in_everything(store, clock)
    assert search_contacts(store, "Kitesurf")
    store.engine.dispose()
    assert leftovers(file_text(data_dir)), "the words should be in the file before the erase"

    preview = erase_preview(store, theirs)
    assert (preview.name, preview.interactions, preview.family) == (
        "Ximenaqua Quenbyzarth",
        2,
        1,
    )
    erased = erase_contact(store, clock, theirs)
    assert erased.name == "Ximenaqua Quenbyzarth"
    assert erased.changed.contact_list
    store.engine.dispose()

    data = file_text(data_dir)
    assert leftovers(data) == []
    for word in OTHERS:
        assert word.lower().encode() in data

    with store.read() as session:
        for model in (FamilyMember, Interaction, OpenLoop, Interest, QuickLogDraft, Give):
            count = session.scalar(
                select(func.count()).select_from(model).where(model.contact_id == theirs)
            )
            assert count == 0, model.__name__
        assert session.get(Contact, other) is not None
        assert session.scalar(select(func.count()).select_from(Interaction)) == 1
        tags = set(session.scalars(select(Tag.name)))
        assert tags == {"shared-tag"}
        digest = session.scalars(select(NudgeEvent.body)).all()
        assert digest == ["Today: (erased contact), Hollisbrook Anwenmere"]
    assert search_contacts(store, "Kitesurf") == []
    assert [h.contact_id for h in search_contacts(store, "Hollis")] == [other]


def test_erase_cleans_the_backups_too(store: Store, clock: FixedClock, data_dir: Path) -> None:
    theirs, _other = fill_in_everything(store, clock)
    back_up_now(store, clock)
    clock.advance(timedelta(days=1))
    store.close()
    reopened, report = open_store(data_dir, clock.now(), clock.zone())
    assert report.daily_backup is not None
    backups = list_backups(data_dir / "backups")
    assert len(backups) == 2
    for backup in backups:
        assert leftovers(backup.path.read_bytes().lower())

    erased = erase_contact(reopened, clock, theirs)
    reopened.close()
    assert erased.backups_cleaned == 2
    assert erased.backups_not_cleaned == ()
    for backup in backups:
        data = backup.path.read_bytes().lower()
        assert leftovers(data) == [], backup.path.name
        assert b"hollisbrook" in data


def test_erasing_someone_unknown_says_so(store: Store, clock: FixedClock) -> None:
    with pytest.raises(NotFound, match="no contact has the id 999"):
        erase_contact(store, clock, 999)
    with pytest.raises(NotFound):
        erase_preview(store, 999)
