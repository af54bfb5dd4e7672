"""Today, in the window's list and in the terminal, says when to give before the next ask."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from callbook.cli import main
from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.contacts import NewContact, add_contact
from callbook.services.gives import GiveForm, record_give
from callbook.services.today import today_list
from callbook.store.engine import Store

ASKING = "Your last 3 touches were asks, nothing given yet: give something before the next ask"


def voicemail(store: Store, clock: FixedClock, contact_id: int, days_ago: int) -> None:
    log_interaction(
        store,
        clock,
        LogEntry(
            contact_id,
            Outcome.VOICEMAIL,
            Purpose.BUSINESS,
            occurred_at=clock.now() - timedelta(days=days_ago),
        ),
    )


@pytest.fixture
def ana(store: Store, clock: FixedClock) -> int:
    """Ana, chased with three business voicemails this fortnight and given nothing."""
    contact = add_contact(store, clock, NewContact("Ana", "Silva", company="Acme Sails"))
    for days_ago in (11, 9, 7):
        voicemail(store, clock, contact, days_ago)
    return contact


def ana_row(store: Store, clock: FixedClock, contact_id: int) -> list[str]:
    rows = [r for r in today_list(store, clock) if r.contact.contact_id == contact_id]
    assert rows, "Ana is no longer on Today"
    return list(rows[0].lines)


def test_the_chase_row_suggests_a_give_until_something_is_given(
    store: Store, clock: FixedClock, ana: int
) -> None:
    lines = ana_row(store, clock, ana)
    assert lines[0].startswith("Chase attempt 4 on your voicemail")
    assert lines[-1] == ASKING
    record_give(store, clock, GiveForm(ana, "article", "the piece on sail lofts"))
    # The chase stays; the suggestion goes, since something was just given.
    assert ana_row(store, clock, ana) == lines[:-1]


def test_a_give_long_ago_no_longer_counts(store: Store, clock: FixedClock, ana: int) -> None:
    record_give(store, clock, GiveForm(ana, "note", "congratulations on the new plant", "-40"))
    for days_ago in (5, 4, 3):
        voicemail(store, clock, ana, days_ago)
    assert ana_row(store, clock, ana)[-1] == (
        "Your last 6 touches were asks, nothing given for 40 days: "
        "give something before the next ask"
    )


def run(clock: FixedClock, *argv: str) -> str:
    out = io.StringIO()
    assert main(list(argv), clock=clock, out=out) == 0
    return out.getvalue()


def test_the_terminal_says_it_too(
    data_dir: Path, store: Store, clock: FixedClock, ana: int
) -> None:
    store.close()
    text = run(clock, "today", "--data-dir", str(data_dir))
    assert f"· {ASKING}" in text
    (row,) = json.loads(run(clock, "today", "--json", "--data-dir", str(data_dir)))
    assert row["give_first"] == ASKING
    assert row["reason"].endswith(ASKING)
    assert all(ASKING not in reason for reason in row["reasons"])
