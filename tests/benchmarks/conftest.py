"""Benchmark fixtures: demo databases built once and cached in the temp folder."""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callbook.services.demo import fill_with_demo
from callbook.store.opening import open_store

CACHE = Path(tempfile.gettempdir()) / "callbook-benchmarks"
SEED = 7


@dataclass(frozen=True)
class DemoDatabase:
    """A data folder holding a demo store, and the instant it was made for."""

    folder: Path
    made_at: datetime
    contacts: int
    interactions: int


def demo_database(contacts: int) -> DemoDatabase:
    """The cached demo folder with `contacts` contacts, built on first use."""
    folder = CACHE / f"demo-{contacts}-seed{SEED}"
    marker = folder / "built.json"
    if not marker.exists():
        if folder.exists():
            for stale in folder.iterdir():
                if stale.is_file():
                    stale.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        made_at = datetime.now(UTC).replace(microsecond=0)
        store, _ = open_store(folder, made_at)
        started = time.perf_counter()
        try:
            report = fill_with_demo(store, made_at, contacts, SEED)
        finally:
            store.close()
        print(
            f"\n[built a demo of {report.contacts:,} contacts and {report.interactions:,} "
            f"interactions in {time.perf_counter() - started:.0f} s, cached in {folder}]"
        )
        marker.write_text(
            json.dumps({"made_at": made_at.isoformat(), "interactions": report.interactions})
        )
    built = json.loads(marker.read_text())
    return DemoDatabase(
        folder, datetime.fromisoformat(built["made_at"]), contacts, built["interactions"]
    )


@pytest.fixture(scope="session")
def demo_50k() -> DemoDatabase:
    """50,000 contacts and about 1.4 million interactions."""
    return demo_database(50_000)


@pytest.fixture(scope="session")
def demo_10k() -> DemoDatabase:
    """10,000 contacts and about 280,000 interactions."""
    return demo_database(10_000)
