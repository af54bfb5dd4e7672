"""`callbook scripts`: the library with its figures, one script filled, and --json on both."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from callbook.cli import main
from callbook.domain.clock import FixedClock
from callbook.services.contacts import NewContact, add_contact
from callbook.store.opening import open_store


def run(clock: FixedClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), clock=clock, out=out)
    return code, out.getvalue()


@pytest.fixture
def demo_dir(tmp_path: Path, clock: FixedClock) -> Path:
    folder = tmp_path / "demo"
    assert run(clock, "demo", "--contacts", "40", "--data-dir", str(folder))[0] == 0
    return folder


def test_the_list_shows_kind_speaking_time_and_returns(clock: FixedClock, demo_dir: Path) -> None:
    code, out = run(clock, "scripts", "--data-dir", str(demo_dir))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Script", "Kind", "Length", "Returned", "Median", "wait"]
    tidbit = next(line for line in lines if line.startswith("Half a tidbit"))
    assert "Voicemail" in tidbit and "s to say" in tidbit
    assert " of " in tidbit  # "2 of 3" for a few, "64 % of 66" for more
    assert lines[-1] == "... and 1 retired (--retired lists them too)"
    rows = json.loads(run(clock, "scripts", "--json", "--retired", "--data-dir", str(demo_dir))[1])
    long_pitch = next(r for r in rows if r["name"] == "Just following up")
    assert long_pitch["retired"] is True
    assert long_pitch["speaking_seconds"] > 30
    assert long_pitch["warning"] == "over 30 seconds: short messages get returned"


def test_show_fills_a_script_for_a_contact_and_names_what_is_missing(
    clock: FixedClock, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(clock, "scripts", "show", "half a", "--for", "1", "--data-dir", str(demo_dir))
    assert code == 0
    assert out.startswith("Hi ") and "it's Alex" in out and "{" not in out
    store, _report = open_store(demo_dir, clock.now())
    add_contact(store, clock, NewContact("Zed", "Nobody"))
    store.close()
    shown = ("scripts", "show", "Gatekeeper", "--for", "Zed Nobody", "--data-dir", str(demo_dir))
    document = json.loads(run(clock, *shown, "--json")[1])
    assert document["missing"] == ["assistant"]
    assert document["filled_text"].startswith("Hi [assistant?], it's Alex. I left Zed a message")
    capsys.readouterr()
    run(clock, *shown)
    assert "Zed Nobody has no assistant noted" in capsys.readouterr().err


def test_an_unknown_script_is_one_clear_line(
    clock: FixedClock, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out = run(clock, "scripts", "show", "nope", "--data-dir", str(demo_dir))
    assert code == 1
    assert capsys.readouterr().err.startswith("callbook: no script is called 'nope' (scripts: ")
