"""The terminal commands: demo, today, log, and one clear line for bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from callbook import __version__
from callbook.cli import main
from callbook.domain.clock import FixedClock


def run(clock: FixedClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), clock=clock, out=out)
    return code, out.getvalue()


@pytest.fixture
def demo_dir(tmp_path: Path, clock: FixedClock) -> Path:
    folder = tmp_path / "demo"
    code, out = run(clock, "demo", "--contacts", "60", "--seed", "5", "--data-dir", str(folder))
    assert code == 0, out
    assert out.startswith("Added 60 demo contacts with ")
    return folder


def test_today_lists_who_to_call_with_reason_time_and_channel(
    clock: FixedClock, demo_dir: Path
) -> None:
    code, out = run(clock, "today", "--data-dir", str(demo_dir))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Today, Monday 23 November: ")
    assert lines[1].lstrip().startswith("1. ")
    assert "their time" in lines[3] or "zone unknown" in lines[3]


def test_today_json_has_the_promised_fields(clock: FixedClock, demo_dir: Path) -> None:
    code, out = run(clock, "today", "--json", "--limit", "0", "--data-dir", str(demo_dir))
    assert code == 0
    rows = json.loads(out)
    assert rows, "demo data should leave someone to call"
    for row in rows:
        assert {"contact_id", "name", "reason", "due"} <= row.keys()
        assert isinstance(row["contact_id"], int)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))


def test_empty_store_says_nothing_is_due(clock: FixedClock, tmp_path: Path) -> None:
    code, out = run(clock, "today", "--data-dir", str(tmp_path / "empty"))
    assert code == 0
    assert out.startswith("Nothing due today (Monday 23 November)")
    assert json.loads(run(clock, "today", "--json", "--data-dir", str(tmp_path / "empty"))[1]) == []


def _book_with_mike(clock: FixedClock, tmp_path: Path) -> str:
    """A data folder whose call book holds Mike Rowe (#1)."""
    from callbook.services.contacts import NewContact, add_contact
    from callbook.store.opening import open_store

    folder = tmp_path / "d"
    store, _ = open_store(folder, clock.now())
    add_contact(store, clock, NewContact("Mike", "Rowe", company="Jupiter Hospital"))
    store.close()
    return str(folder)


def test_log_by_name_opens_a_loop_and_then_counts_attempts(
    clock: FixedClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _book_with_mike(clock, tmp_path)
    code, out = run(
        clock,
        "log",
        "Mike",
        "--outcome",
        "voicemail",
        "--purpose",
        "business",
        "--data-dir",
        folder,
    )
    assert code == 0
    assert "Logged left voicemail (business) for Mike Rowe (#1)." in out
    assert "Waiting on them: attempt 1, next try Wed 25 Nov." in out
    code, out = run(
        clock,
        "log",
        "1",
        "--outcome",
        "no-answer",
        "--purpose",
        "follow-up",
        "--next",
        "fri",
        "--next-step",
        "Try the bagel shop",
        "--data-dir",
        folder,
    )
    assert code == 0
    assert "attempt 2" in out
    assert "Next step due Fri 27 Nov." in out
    assert "already tried Mike Rowe today" in capsys.readouterr().err


def test_a_reply_logged_in_a_terminal_came_from_them_not_the_rep(
    clock: FixedClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _book_with_mike(clock, tmp_path)
    code, _out = run(
        clock, "log", "1", "--outcome", "replied", "--purpose", "business", "--data-dir", folder
    )
    assert code == 0
    # Their reply is no try of the rep's: a voicemail after it is the first try today.
    code, _out = run(
        clock, "log", "1", "--outcome", "voicemail", "--purpose", "business", "--data-dir", folder
    )
    assert code == 0
    assert "already tried" not in capsys.readouterr().err
    from callbook.store.opening import open_store

    store, _ = open_store(Path(folder), clock.now())
    with store.reading() as reader:
        directions = [row[0] for row in reader.execute("SELECT direction FROM interactions")]
    store.close()
    assert sorted(directions) == ["inbound", "outbound"]


def test_a_next_step_given_in_the_past_is_refused_as_in_the_quick_log(
    clock: FixedClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _book_with_mike(clock, tmp_path)
    code, _out = run(
        clock,
        "log",
        "1",
        "--outcome",
        "voicemail",
        "--purpose",
        "business",
        "--next",
        "2026-11-01",
        "--next-step",
        "Call back",
        "--data-dir",
        folder,
    )
    assert code != 0
    assert "has already passed" in capsys.readouterr().err


def test_log_a_proposal_emailed_and_today_chases_the_proposal(
    clock: FixedClock, tmp_path: Path
) -> None:
    folder = _book_with_mike(clock, tmp_path)
    code, out = run(
        clock,
        "log",
        "Mike",
        "--outcome",
        "no-answer",
        "--purpose",
        "proposal",
        "--channel",
        "email",
        "--note",
        "Q1 proposal",
        "--data-dir",
        folder,
    )
    assert code == 0, out
    assert "Logged no answer (proposal) for Mike Rowe (#1)." in out
    assert "Waiting on them: attempt 1, next try Wed 25 Nov." in out
    clock.advance(timedelta(days=2))
    code, out = run(clock, "today", "--data-dir", folder)
    assert code == 0
    assert "Chase attempt 2 on your proposal of 23 Nov (2 days waiting)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["log", "Nobody", "--outcome", "connected", "--purpose", "checkin"],
            "no contact is called 'Nobody'",
        ),
        (["log", "1", "--outcome", "maybe", "--purpose", "checkin"], "invalid choice: 'maybe'"),
        (
            ["log", "1", "--outcome", "busy", "--purpose", "checkin", "--next", "2026-02-30"],
            "not a day on the calendar",
        ),
        (
            ["log", "1", "--outcome", "busy", "--purpose", "checkin", "--next", "someday"],
            "not a date I understand",
        ),
        (["demo", "--contacts", "0"], "between 1 and 1,000,000"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_is_one_clear_line_and_nothing_is_written(
    clock: FixedClock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    folder = tmp_path / "d"
    from callbook.services.contacts import NewContact, add_contact
    from callbook.store.opening import open_store

    store, _ = open_store(folder, clock.now())
    add_contact(store, clock, NewContact("Ana"))
    store.close()
    code, _out = run(clock, *argv, "--data-dir", str(folder))
    err = capsys.readouterr().err
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    store, _ = open_store(folder, clock.now())
    with store.read() as session:
        from sqlalchemy import text

        assert session.execute(text("SELECT count(*) FROM interactions")).scalar() == 0
    store.close()


def test_ambiguous_name_lists_the_candidates(
    clock: FixedClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from callbook.services.contacts import NewContact, add_contact
    from callbook.store.opening import open_store

    store, _ = open_store(tmp_path, clock.now())
    add_contact(store, clock, NewContact("Alex", "Smith", company="Acme"))
    add_contact(store, clock, NewContact("Alex", "Stone", company="Globex"))
    store.close()
    code, _ = run(
        clock,
        "log",
        "alex",
        "--outcome",
        "busy",
        "--purpose",
        "business",
        "--data-dir",
        str(tmp_path),
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "'alex' matches 2 contacts" in err
    assert "#1 Alex Smith (Acme)" in err and "#2 Alex Stone (Globex)" in err


def test_installed_command_reports_version_and_errors_without_traceback(tmp_path: Path) -> None:
    version = subprocess.run(
        [sys.executable, "-m", "callbook", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"callbook {__version__}"
    blocked = tmp_path / "file"
    blocked.write_text("x")
    failed = subprocess.run(
        [sys.executable, "-m", "callbook", "today", "--data-dir", str(blocked / "sub")],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1
    assert failed.stderr.startswith("callbook: cannot create the data folder")
    assert "Traceback" not in failed.stderr
