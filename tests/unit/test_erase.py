"""Erasing a contact leaves none of their text in the database file or the backups."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))

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
from callbook.store.engine import Store, StoreError
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


THEIR_NAME = "Ximenaqua Quenbyzarth"


def words_left(folder: Path) -> dict[str, list[str]]:
    """Each file in the data folder and its backups that still holds any word of theirs."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and (words := leftovers(path.read_bytes().lower())):
            found[str(path.relative_to(folder))] = words
    return found


def erase_records(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(DATABASE_NAME + ".erasing-*"))


def names_in_book(folder: Path) -> set[str]:
    with closing(sqlite3.connect(folder / DATABASE_NAME)) as db:
        rows = db.execute("SELECT first_name || ' ' || last_name FROM contacts").fetchall()
    return {r[0] for r in rows}


def backed_up(store: Store, clock: FixedClock, data_dir: Path) -> None:
    """Their text in the book and in a backup by hand and the day's first backup; closed."""
    fill_in_everything(store, clock)
    back_up_now(store, clock)
    store.close()
    open_store(data_dir, clock.now(), clock.zone())[0].close()
    assert len(list_backups(data_dir / "backups")) == 2


def full_disk_at(target: object, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(target, name, full)


def test_an_erase_a_full_disk_stops_is_finished_at_a_later_start(
    store: Store, clock: FixedClock, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import callbook.services.erase as erase_service
    import callbook.store.erasure as erasure

    backed_up(store, clock, data_dir)
    reopened, _ = open_store(data_dir, clock.now(), clock.zone())
    theirs = search_contacts(reopened, "Ximenaqua")[0].contact_id
    # Deleting the rows fits; rewriting the book and the backups without them does not.
    with monkeypatch.context() as full:
        full_disk_at(erase_service, "compact", full)
        full_disk_at(erasure, "compact", full)
        erased = erase_contact(reopened, clock, theirs)
        assert erased.unfinished == (
            "Ximenaqua Quenbyzarth is erased, but the disk is full, so their words may stay "
            "in the call book's free space and 2 backups still hold them; Callbook finishes "
            "the erase at its next start"
        )
        assert erased.changed.contact_list
        assert search_contacts(reopened, "Ximenaqua") == []
        reopened.close()
        # A start while the disk is still full tries, and keeps the record.
        open_store(data_dir, clock.now(), clock.zone())[0].close()
        assert len(erase_records(data_dir)) == 1
    again, _ = open_store(data_dir, clock.now(), clock.zone())
    again.close()
    assert erase_records(data_dir) == []
    assert words_left(data_dir) == {}
    assert "Hollisbrook Anwenmere" in names_in_book(data_dir)


def test_a_window_start_finishes_an_erase_cut_short_once_its_first_look_is_closed(
    store: Store, clock: FixedClock, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import callbook.services.erase as erase_service
    import callbook.store.erasure as erasure
    from callbook.services.backups import daily_backup_if_due_now
    from callbook.store.file_head import read_head
    from callbook.store.first_look import first_look

    backed_up(store, clock, data_dir)
    reopened, _ = open_store(data_dir, clock.now(), clock.zone())
    theirs = search_contacts(reopened, "Ximenaqua")[0].contact_id
    with monkeypatch.context() as full:
        full_disk_at(erase_service, "compact", full)
        full_disk_at(erasure, "compact", full)
        erase_contact(reopened, clock, theirs)
    reopened.close()
    # As the window starts: the first look holds a read while the store opens behind it,
    # so the erase cannot be finished then...
    head = read_head(data_dir / DATABASE_NAME)
    look = first_look(data_dir, head)
    assert look is not None
    window_store, _ = open_store(data_dir, clock.now(), clock.zone(), head=head)
    assert len(erase_records(data_dir)) == 1
    # ...but it is, behind the window, once the first look is closed.
    look.close()
    daily_backup_if_due_now(window_store, clock)
    window_store.close()
    assert erase_records(data_dir) == []
    assert words_left(data_dir) == {}


def test_a_disk_too_full_to_note_the_erase_erases_nothing(
    store: Store, clock: FixedClock, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import callbook.services.erase as erase_service

    theirs, _ = fill_in_everything(store, clock)

    def no_room(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as full:
        full.setattr(erase_service, "note_erasure", no_room)
        with pytest.raises(StoreError, match=r"^nothing was erased: the disk is full$"):
            erase_contact(store, clock, theirs)
    assert [h.name for h in search_contacts(store, "Ximenaqua")] == [THEIR_NAME]
    assert [p.name for p in data_dir.iterdir() if ".erasing" in p.name] == []


def test_a_backup_cut_short_keeps_nothing_of_an_erased_contact(
    store: Store, clock: FixedClock, data_dir: Path
) -> None:
    from kill_at_step import run_until

    theirs, _ = fill_in_everything(store, clock)
    back_up_now(store, clock)
    # Another program's backup, killed just before its copy took its name: the window
    # still has the book open, and erases next.
    assert run_until(1, ["pathlib:Path.replace"], data_dir, "backup").killed
    partial = [p.name for p in (data_dir / "backups").glob("*.partial")]
    assert len(partial) == 1 and words_left(data_dir), partial
    erased = erase_contact(store, clock, theirs)
    assert erased.unfinished is None
    store.engine.dispose()
    assert words_left(data_dir) == {}
    assert list((data_dir / "backups").glob("*.partial*")) == []


# Every call of these is a point where `callbook erase` is killed in turn.
ERASE_STEPS = (
    "callbook.services.erase:note_erasure",
    "callbook.services.erase:_erase_rows",
    "callbook.services.erase:compact",
    "callbook.services.erase:clean_backups",
    "callbook.services.erase:erasure_done",
    "callbook.store.erasure:erase_from_file",
    "callbook.store.erasure:compact",
    "callbook.store.erasure:remove_unfinished_copies",
    "pathlib:Path.replace",
)


@pytest.mark.slow
def test_an_erase_killed_at_any_step_is_all_or_nothing_after_the_next_start(
    store: Store, clock: FixedClock, data_dir: Path, tmp_path: Path
) -> None:
    from kill_at_step import run_until, steps_of

    backed_up(store, clock, data_dir)
    # Today's backup, so the killed run takes none of its own.
    assert run_until(0, (), data_dir, "today").code == 0
    pristine = tmp_path / "pristine"
    shutil.copytree(data_dir, pristine)
    erase = ("erase", THEIR_NAME, "--yes")
    steps = steps_of(ERASE_STEPS, data_dir, *erase)
    assert steps.count("callbook.store.erasure:erase_from_file") == 3, steps  # two backups
    ended = {"erased": 0, "untouched": 0}
    for kill_at in range(1, len(steps) + 1):
        folder = tmp_path / f"killed-{kill_at}"
        shutil.copytree(pristine, folder)
        assert run_until(kill_at, ERASE_STEPS, folder, *erase).killed, kill_at
        open_store(folder, clock.now(), clock.zone(), daily_backup=False)[0].close()
        where = f"killed at step {kill_at} ({steps[kill_at - 1]})"
        assert erase_records(folder) == [], where
        if THEIR_NAME in names_in_book(folder):
            # Killed before the erase was noted: nothing happened, all their text is there.
            assert set(words_left(folder)) >= {DATABASE_NAME, *backup_names(folder)}, where
            ended["untouched"] += 1
        else:
            assert words_left(folder) == {}, where
            ended["erased"] += 1
        assert "Hollisbrook Anwenmere" in names_in_book(folder)
    assert ended["erased"] >= len(steps) - 2 and ended["untouched"] >= 1, ended
    print(f"erase: {len(steps)} kill points, {ended}")


def backup_names(folder: Path) -> list[str]:
    return [str(b.path.relative_to(folder)) for b in list_backups(folder / "backups")]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """An 8 MB file system of its own (tmpfs, mounted as root), so the disk can really fill.

    Room for a 150-contact book with its indexes and two backups of it, before the filler.
    """
    point = tmp_path / "disk"
    point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small disk needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"a small disk cannot be mounted here: {mounted.stderr!r}")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=True)


@pytest.mark.slow
def test_erase_on_a_really_full_disk_says_so_and_the_next_start_finishes(
    small_disk: Path, clock: FixedClock
) -> None:
    from kill_at_step import run_until

    from callbook.services.demo import fill_with_demo

    folder = small_disk / "data"
    store, _ = open_store(folder, clock.now(), clock.zone())
    fill_with_demo(store, clock.now(), 150, seed=3)
    backed_up(store, clock, folder)
    assert run_until(0, (), folder, "today").code == 0  # today's backup, before the disk fills
    book = (folder / DATABASE_NAME).stat().st_size
    free = os.statvfs(small_disk)
    room = 160 * 1024
    assert free.f_bavail * free.f_frsize > book + room, "the disk is too small for the test"
    filler = small_disk / "filler"
    filler.write_bytes(bytes(free.f_bavail * free.f_frsize - book // 2 - room))
    # Room to delete the rows, not to rewrite the book or a backup without them.
    full = run_until(0, (), folder, "erase", THEIR_NAME, "--yes")
    assert full.code == 1, full.stderr
    assert "Traceback" not in full.stderr
    assert full.stderr.splitlines()[-1] == (
        "callbook: Ximenaqua Quenbyzarth is erased, but the disk is full, so their words may "
        "stay in the call book's free space and 3 backups still hold them; Callbook finishes "
        "the erase at its next start"
    ), full.stderr
    assert THEIR_NAME not in names_in_book(folder)
    assert len(erase_records(folder)) == 1

    filler.unlink()
    assert run_until(0, (), folder, "today").code == 0
    assert erase_records(folder) == []
    assert words_left(folder) == {}
