"""The window never stands still: the longest gap between event-loop turns, each beside its target.

Run with `.venv/bin/python -m pytest tests/benchmarks -s`. A 5 ms timer beats inside the
real window at 50,000 contacts while a rep starts it, opens a card, types a search, logs
from the quick log, has the nudges replanned, takes the daily backup and imports 2,000
vCards; a gap longer than the target is a window the rep sees frozen.
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import callbook

if TYPE_CHECKING:
    from conftest import DemoDatabase

STALL_PROBE = Path(__file__).with_name("stall_probe.py")
LONGEST_GAP_TARGET_MS = 50.0
VCARDS = 2_000


def report(label: str, value: str, target: str, ok: bool) -> None:
    print(f"\n  {label:<44} {value:>14}   target {target:<12} {'OK' if ok else 'MISSED'}")


def test_the_longest_gap_between_event_loop_turns(
    demo_50k: DemoDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "demo-50k"
    folder.mkdir()
    for part in demo_50k.folder.glob("callbook.sqlite3*"):
        shutil.copy2(part, folder / part.name)
    cards = tmp_path / "address-book.vcf"  # written by the probe, outside what it times
    # Compiled as an installer compiles an installed package (see the start benchmark).
    compileall.compile_dir(Path(callbook.__file__).parent, quiet=1)
    runtime = tmp_path / "run"
    runtime.mkdir()
    done = subprocess.run(
        [sys.executable, str(STALL_PROBE), str(folder), str(cards), str(VCARDS)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "CALLBOOK_RUNTIME_DIR": str(runtime)},
        timeout=600,
        check=True,
    )
    gaps: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    print("\n  longest gap between event-loop turns (a 5 ms beat), 50,000 contacts:")
    for what, gap in gaps.items():
        report(
            what,
            f"{gap:.0f} ms",
            f"<= {LONGEST_GAP_TARGET_MS:.0f} ms",
            gap <= LONGEST_GAP_TARGET_MS,
        )
    assert len(gaps) == 7, done.stderr
    assert max(gaps.values()) <= LONGEST_GAP_TARGET_MS
