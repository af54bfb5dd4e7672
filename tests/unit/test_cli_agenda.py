"""`callbook agenda`: the nudges planned ahead, in the rep's zone, from the scheduler's plan."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callbook.cli import main
from callbook.domain.card_fields import BestTimeEntry
from callbook.domain.clock import FixedClock
from callbook.nudges.runner import NudgeRunner
from callbook.services.card_edits import set_best_times
from callbook.services.contacts import NewContact, add_contact
from callbook.store.opening import open_store


def run(clock: FixedClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), clock=clock, out=out)
    return code, out.getvalue()


@pytest.fixture
def mike_dir(tmp_path: Path, clock: FixedClock) -> Path:
    """A call book with Mike in New York, best reached 06:45–07:30 his time."""
    folder = tmp_path / "data"
    store, _ = open_store(folder, clock.now())
    mike = add_contact(store, clock, NewContact("Mike", "Chen", time_zone="America/New_York"))
    set_best_times(store, clock, mike, [BestTimeEntry("Mon-Fri", "06:45", "07:30")])
    store.close()
    return folder


def test_agenda_lists_each_day_with_times_in_the_reps_zone(
    clock: FixedClock, mike_dir: Path
) -> None:
    code, out = run(clock, "agenda", "--days", "2", "--data-dir", str(mike_dir))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "Nudges for the next 2 days, times in Berlin time."
    assert lines[1] == "Digest at 08:00; quiet 21:00–07:00 and all day Sat, Sun."
    assert "Tuesday 24 Nov" in lines
    # Monday 16:00 now: Mike's 06:45 New York is 12:45 Berlin, ten minutes' lead.
    assert "  12:35  Best time       Mike Chen: best time at 12:45" in lines
    assert "  08:00  Morning digest  Today: 1 person to call" in lines


def test_agenda_json_matches_what_the_scheduler_posts(clock: FixedClock, mike_dir: Path) -> None:
    code, out = run(clock, "agenda", "--json", "--days", "2", "--data-dir", str(mike_dir))
    assert code == 0
    rows = json.loads(out)
    # Monday's 12:35 reminder has passed: Tuesday's digest comes first, then Mike.
    assert [(r["kind"], r["local_time"], r["contact_id"]) for r in rows[:2]] == [
        ("digest", "2026-11-24T08:00+01:00", None),
        ("best-time", "2026-11-24T12:35+01:00", 1),
    ]
    assert rows[1]["time_zone"] == "Europe/Berlin"

    posted: list[str] = []

    class Board:
        def post(self, nudges: object, replan_at: datetime) -> None:
            posted.extend(n.key for n in nudges)  # type: ignore[attr-defined]

    store, _ = open_store(mike_dir, clock.now())
    try:
        NudgeRunner(store, clock, Board(), lambda n: "panel", horizon=timedelta(days=2)).replan()
    finally:
        store.close()
    assert [r["key"] for r in rows] == posted


def test_agenda_refuses_a_silly_number_of_days(
    clock: FixedClock, mike_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(clock, "agenda", "--days", "0", "--data-dir", str(mike_dir))
    assert code == 2
    assert "--days must be between 1 and 60" in capsys.readouterr().err


def test_an_empty_call_book_has_only_digests(clock: FixedClock, tmp_path: Path) -> None:
    clock.instant = datetime(2026, 11, 27, 12, tzinfo=UTC)  # Friday
    code, out = run(clock, "agenda", "--days", "3", "--data-dir", str(tmp_path / "empty"))
    assert code == 0
    # Saturday and Sunday are quiet: only Monday's digest is planned.
    assert "Monday 30 Nov" in out
    assert "Saturday" not in out and "Sunday" not in out
    assert "Nothing due today" in out
