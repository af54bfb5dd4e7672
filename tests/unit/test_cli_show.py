"""`callbook show CONTACT`: the pre-call brief and the recent history in a terminal."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from callbook.cli import main
from callbook.domain.card_fields import BestTimeEntry, CardField, FamilyEntry
from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose, ReachChannel
from callbook.services import card_edits
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.contacts import NewContact, add_contact
from callbook.store.opening import open_store


def run(clock: FixedClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), clock=clock, out=out)
    return code, out.getvalue()


@pytest.fixture
def book(data_dir: Path, clock: FixedClock) -> Path:
    """Dana, with family, best times, a voicemail waiting and a call logged; and two Sams."""
    store, _ = open_store(data_dir, clock.now())
    dana = add_contact(
        store,
        clock,
        NewContact("Dana", "Whitfield", company="Acme", title="VP Operations", time_zone="Chicago"),
    )
    card_edits.edit_field(store, clock, dana, CardField.ROLE_FUNCTION, "buys the freight")
    card_edits.set_family(
        store, clock, dana, [FamilyEntry("Mia", "daughter", "26 Nov 2017", "loves horses")]
    )
    card_edits.set_interests(store, clock, dana, ["sailing", "jazz"])
    card_edits.set_channels(store, clock, dana, [ReachChannel.TEXT, ReachChannel.PHONE])
    card_edits.set_best_times(
        store, clock, dana, [BestTimeEntry("Mon-Fri", "06:45", "07:30", "bagel shop")]
    )
    log_interaction(
        store,
        clock,
        LogEntry(
            dana,
            Outcome.CONNECTED,
            Purpose.CHECKIN,
            Channel.PHONE,
            Direction.OUTBOUND,
            note="Talked about the regatta",
            duration_seconds=12 * 60,
            occurred_at=clock.now() - timedelta(days=9),
        ),
    )
    log_interaction(
        store,
        clock,
        LogEntry(dana, Outcome.VOICEMAIL, Purpose.BUSINESS, occurred_at=clock.now()),
    )
    add_contact(store, clock, NewContact("Sam", "Ortiz", company="Globex"))
    add_contact(store, clock, NewContact("Sam", "Okafor", company="Initech"))
    store.close()
    return data_dir


def test_the_brief_reads_as_the_card_does(clock: FixedClock, book: Path) -> None:
    code, out = run(clock, "show", "dana", "--data-dir", str(book))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Dana Whitfield [#1]"
    assert lines[1] == "VP Operations at Acme · Tier B"
    assert "Role: buys the freight" in lines
    # Monday 15:00 UTC is 09:00 in Chicago.
    assert "Their time: 09:00, Monday (Chicago)" in lines
    assert "Best way: Text first → Call" in lines
    assert any(line.startswith("  Mon–Fri 06:45–07:30 their time; next ") for line in lines)
    assert any("(bagel shop)" in line for line in lines)
    assert "Last personal check-in: 9 days ago (14 Nov)" in lines
    assert "  Ask about Mia (daughter) — birthday 26 Nov, turns 9 (in 3 days) — loves horses" in (
        lines
    )
    assert "Interests: sailing · jazz" in lines
    assert any(
        line.startswith("  Your voicemail of 23 Nov: waiting 0 days, 1 try") for line in lines
    )
    assert any(line.startswith("Give and ask: ") for line in lines)
    assert "History (2 touches):" in lines
    assert lines[-3].endswith("· Call · left voicemail · business")
    assert lines[-2].endswith("· Call · connected · 12 min · personal check-in")
    assert lines[-1] == "      Talked about the regatta"


def test_history_can_be_cut_short(clock: FixedClock, book: Path) -> None:
    code, out = run(clock, "show", "#1", "--history", "1", "--data-dir", str(book))
    assert code == 0
    assert "History (the newest 1 of 2 touches):" in out
    assert "regatta" not in out


def test_json_carries_the_brief_for_a_script(clock: FixedClock, book: Path) -> None:
    code, out = run(clock, "show", "Dana Whitfield", "--json", "--data-dir", str(book))
    assert code == 0
    brief = json.loads(out)
    assert brief["name"] == "Dana Whitfield"
    assert brief["time_zone"] == "America/Chicago"
    assert brief["preferred_channels"] == ["text", "phone"]
    assert brief["family"][0]["next_birthday"] == "2026-11-26"
    assert brief["open_loops"][0]["kind"] == "voicemail"
    assert [h["outcome"] for h in brief["history"]] == ["voicemail", "connected"]
    assert brief["history_total"] == 2


def test_an_ambiguous_name_lists_the_candidates(
    clock: FixedClock, book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(clock, "show", "sam", "--data-dir", str(book))
    assert code == 1
    assert out == ""
    err = capsys.readouterr().err
    assert err.startswith("callbook: 'sam' matches 2 contacts; give the id or more of the name:")
    assert "#2 Sam Ortiz (Globex)" in err
    assert "#3 Sam Okafor (Initech)" in err


def test_an_unknown_name_says_so(
    clock: FixedClock, book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out = run(clock, "show", "Zed", "--data-dir", str(book))
    assert code == 1
    assert capsys.readouterr().err == "callbook: no contact is called 'Zed'\n"
