"""Insights at 50,000 contacts and about a million touches: the figures and charts of each period.

Run with `.venv/bin/python -m pytest tests/benchmarks/test_insights_speed.py -s`. The demo
book is copied once into a folder of its own at this schema, so the cached book other
benchmarks open is left as they expect it.
"""

from __future__ import annotations

import json
import shutil
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from callbook.charts.colors import LIGHT
from callbook.charts.drawing import draw_all
from callbook.domain.clock import FixedClock
from callbook.domain.insights.period import DEFAULT_WEEKS, PERIOD_CHOICES
from callbook.services.insights import insights
from callbook.store.opening import open_store
from callbook.store.revision import HEAD_REVISION

if TYPE_CHECKING:
    from conftest import DemoDatabase

TARGET_S = 1.0
RUNS = 3


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def report(label: str, value: str, target: str, ok: bool) -> None:
    print(f"\n  {label:<44} {value:>14}   target {target:<12} {verdict(ok)}", flush=True)


def book_at_this_schema(demo: DemoDatabase) -> Path:
    """A copy of the demo book brought to this schema (its indexes built), made once."""
    folder = demo.folder.with_name(f"{demo.folder.name}-schema{HEAD_REVISION}")
    marker = folder / "built.json"
    if not marker.exists():
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        shutil.copy2(demo.folder / "callbook.sqlite3", folder / "callbook.sqlite3")
        started = time.perf_counter()
        store, _report = open_store(folder, demo.made_at, daily_backup=False)
        store.close()
        print(
            f"\n[brought a copy to schema {HEAD_REVISION} in {time.perf_counter() - started:.0f} s]"
        )
        marker.write_text(json.dumps({"from": str(demo.folder)}))
    return folder


# The first run copies the book and builds its indexes; a loaded machine takes minutes.
@pytest.mark.timeout(1800)
def test_the_figures_and_charts_of_each_period_beside_the_target(demo_50k: DemoDatabase) -> None:
    folder = book_at_this_schema(demo_50k)
    clock = FixedClock(demo_50k.made_at)
    store, _report = open_store(folder, clock.now(), daily_backup=False)
    print(f"\n[{demo_50k.contacts:,} contacts, {demo_50k.interactions:,} touches over two years]")
    try:
        insights(store, clock, DEFAULT_WEEKS)  # the page cache warm, as after the first look
        medians: dict[int, float] = {}
        for weeks in PERIOD_CHOICES:
            figures_s, drawn_s = [], []
            for _ in range(RUNS):
                started = time.perf_counter()
                found = insights(store, clock, weeks)
                figured = time.perf_counter()
                charts = draw_all(found, LIGHT)
                for chart in charts.values():
                    chart.figure.canvas.draw()
                figures_s.append(figured - started)
                drawn_s.append(time.perf_counter() - started)
            medians[weeks] = statistics.median(drawn_s)
            report(
                f"figures of the last {weeks} weeks",
                f"{statistics.median(figures_s) * 1000:.0f} ms",
                "",
                True,
            )
            report(
                f"  figures and six charts drawn ({weeks} weeks)",
                f"{medians[weeks] * 1000:.0f} ms",
                f"< {TARGET_S:.0f} s",
                medians[weeks] < TARGET_S,
            )
            assert found.volume.total > 0
    finally:
        store.close()
    assert medians[DEFAULT_WEEKS] < TARGET_S, "the page's default period is past the target"
