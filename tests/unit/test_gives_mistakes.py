"""A give recorded by mistake is deleted and can be put back; an erase says what gives go (F12)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from callbook.cli import main
from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.changes import Invalid, NotFound
from callbook.services.contacts import NewContact, add_contact
from callbook.services.erase import erase_contact, erase_preview
from callbook.services.gives import (
    GiveForm,
    add_idea,
    delete_give,
    gives_log,
    record_give,
    restore_give,
)
from callbook.store.engine import Store


@pytest.fixture
def ana(store: Store, clock: FixedClock) -> int:
    return add_contact(store, clock, NewContact("Ana", "Silva", company="Acme Sails"))


@pytest.fixture
def dana(store: Store, clock: FixedClock) -> int:
    return add_contact(store, clock, NewContact("Dana", "Quorblethwick", company="Zyxomatic"))


def ask(store: Store, clock: FixedClock, contact_id: int, days_ago: int) -> None:
    entry = LogEntry(
        contact_id,
        Outcome.CONNECTED,
        Purpose.BUSINESS,
        occurred_at=clock.now() - timedelta(days=days_ago),
    )
    log_interaction(store, clock, entry)


def balance_line(store: Store, clock: FixedClock, contact_id: int) -> tuple[int, int]:
    found = gives_log(store, clock, contact_id).balance
    return found.asks_since_give, found.gives_all


def test_a_mistaken_introduction_goes_from_both_cards_and_undo_puts_it_back(
    store: Store, clock: FixedClock, ana: int, dana: int
) -> None:
    for days in (9, 6, 3):
        ask(store, clock, ana, days)
        ask(store, clock, dana, days)
    give = record_give(store, clock, GiveForm(ana, "intro", "for their ERP search", "-1", dana))
    assert balance_line(store, clock, ana) == (0, 1)
    assert balance_line(store, clock, dana) == (0, 1)

    deleted = delete_give(store, clock, give.give_id)
    assert deleted.changed.contacts == {ana, dana}
    assert deleted.changed.today and deleted.changed.contact_list
    assert deleted.words() == "Introduction or referral: for their ERP search"
    assert gives_log(store, clock, ana).gives == () == gives_log(store, clock, dana).gives
    assert balance_line(store, clock, ana) == (3, 0)
    assert balance_line(store, clock, dana) == (3, 0)

    assert restore_give(store, clock, deleted).contacts == {ana, dana}
    (line,) = gives_log(store, clock, dana).gives
    assert (
        line.words() == "Introduction or referral: for their ERP search (introduced to Ana Silva)"
    )
    assert line.given_on == give.given_on
    assert balance_line(store, clock, ana) == (0, 1)
    assert balance_line(store, clock, dana) == (0, 1)


def test_a_give_deleted_twice_is_refused_in_words(
    store: Store, clock: FixedClock, ana: int
) -> None:
    give = record_give(store, clock, GiveForm(ana, "gift", "a case of wine"))
    delete_give(store, clock, give.give_id)
    with pytest.raises(Invalid, match="deleted already"):
        delete_give(store, clock, give.give_id)


def test_undo_after_the_other_side_was_erased_brings_back_an_introduction_without_a_name(
    store: Store, clock: FixedClock, ana: int, dana: int
) -> None:
    give = record_give(store, clock, GiveForm(ana, "intro", "Dana for their ERP search", "", dana))
    deleted = delete_give(store, clock, give.give_id)
    erase_contact(store, clock, dana, from_backups=False)
    restore_give(store, clock, deleted)
    assert [g.words() for g in gives_log(store, clock, ana).gives] == ["An introduction"]
    erase_contact(store, clock, ana, from_backups=False)
    with pytest.raises(NotFound, match="erased"):
        restore_give(store, clock, deleted)


def test_the_erase_preview_counts_gives_and_ideas_on_both_sides(
    store: Store, clock: FixedClock, ana: int, dana: int
) -> None:
    record_give(store, clock, GiveForm(ana, "gift", "a case of wine"))
    record_give(store, clock, GiveForm(ana, "intro", "for their ERP search", "", dana))
    record_give(store, clock, GiveForm(dana, "intro", "for the sail loft", "", ana))
    add_idea(store, clock, ana, "the piece on sail lofts")
    add_idea(store, clock, dana, "coffee with Ana", "intro", ana)
    preview = erase_preview(store, ana)
    assert (preview.gives, preview.introductions, preview.give_ideas) == (3, 2, 2)
    assert preview.gives_words() == (
        "3 gives, 2 things to give next (the 2 introductions stay on the other people's "
        'cards as "an introduction", without their name)'
    )
    assert erase_preview(store, dana).gives_words().startswith("2 gives, 1 thing to give next")


def run(clock: FixedClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), clock=clock, out=out)
    return code, out.getvalue()


def test_the_terminal_lists_give_ids_deletes_one_and_dry_runs_an_erase(
    data_dir: Path, store: Store, clock: FixedClock, ana: int, dana: int
) -> None:
    kept = record_give(store, clock, GiveForm(ana, "note", "congratulations on the new plant"))
    wrong = record_give(store, clock, GiveForm(ana, "gift", "a case of wine"))
    other = record_give(store, clock, GiveForm(dana, "gift", "a box of cigars"))
    store.close()
    folder = ("--data-dir", str(data_dir))
    code, out = run(clock, "gives", str(ana), *folder)
    assert code == 0 and f"Gift: a case of wine  #{wrong.give_id}" in out
    code, out = run(clock, "gives", str(ana), "--delete", str(other.give_id), *folder)
    assert code != 0
    code, out = run(clock, "gives", str(ana), "--delete", str(wrong.give_id), *folder)
    assert code == 0
    assert out.startswith("Deleted the give of Mon 23 Nov 2026 to Ana Silva: Gift: a case of wine.")
    code, out = run(clock, "gives", str(ana), *folder)
    assert "a case of wine" not in out and f"#{kept.give_id}" in out
    code, out = run(clock, "erase", str(ana), "--dry-run", *folder)
    assert code == 0
    assert "1 give, 0 things to give next" in out and "Nothing was erased." in out
    code, out = run(clock, "gives", str(ana), *folder)
    assert code == 0 and "congratulations on the new plant" in out
