"""Shared fixtures: a fixed clock and a fresh store in a temp folder per test."""

from __future__ import annotations

import os

# Qt must never need a screen in the test run; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.clock import FixedClock
from callbook.store.engine import Store
from callbook.store.opening import open_store

# Monday 23 November 2026, 15:00 UTC: 16:00 for a rep in Berlin.
MONDAY_AFTERNOON = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing at Monday afternoon, the rep in Berlin."""
    return FixedClock(MONDAY_AFTERNOON, ZoneInfo("Europe/Berlin"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder that does not exist yet."""
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path, clock: FixedClock) -> Iterator[Store]:
    """A fresh store at the newest schema."""
    opened, _report = open_store(data_dir, clock.now())
    yield opened
    opened.close()
