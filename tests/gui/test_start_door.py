"""The `callbook` command, started as the rep starts it, paints Today before the terminal's load."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from callbook.app import AfterFirstPaint
from callbook.domain.clock import FixedClock
from callbook.store.engine import Store
from callbook.ui.main_window import MainWindow

CHILD = Path(__file__).with_name("first_paint.py")
START_TIMEOUT_S = 120
# What only the terminal commands, the full store, the interchange formats or the Insights
# charts need.
NOT_BEFORE_TODAY = (
    "sqlalchemy",
    "alembic",
    "vobject",
    "icalendar",
    "phonenumbers",
    "matplotlib",
    "numpy",
)


@pytest.fixture
def runtime() -> Iterator[Path]:
    """A short folder for the window's instance socket, apart from any other window's."""
    folder = Path(tempfile.mkdtemp(prefix="cbrt"))
    yield folder
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


def modules_at_first_paint(runtime: Path, home: Path, *args: str) -> list[str]:
    """Start the installed `callbook` in a fresh interpreter; the modules it had at first paint."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CALLBOOK_RUNTIME_DIR": str(runtime),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    done = subprocess.run(
        [sys.executable, str(CHILD), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
        check=True,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["painted"], "the window never painted"
    return list(seen["modules"])


def loaded_too_early(modules: list[str]) -> list[str]:
    return sorted(
        name
        for name in modules
        if name.split(".")[0] in NOT_BEFORE_TODAY
        or name == "callbook.cli"
        or name.startswith(("callbook.cli.", "callbook.cli_"))
    )


@pytest.mark.parametrize("typed", ["--data-dir {folder}", "--data-dir={folder}", ""])
def test_callbook_paints_today_before_loading_the_terminal_commands_or_the_full_store(
    demo_store: Store,
    data_dir: Path,
    runtime: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    typed: str,
) -> None:
    demo_store.close()
    args = typed.format(folder=data_dir).split()
    # With no option the folder comes from the environment, as a packaged desktop file does.
    monkeypatch.setenv("CALLBOOK_DATA_DIR", str(data_dir if not args else tmp_path / "elsewhere"))
    modules = modules_at_first_paint(runtime, tmp_path, *args)
    assert "callbook.ui.today_page" in modules, "Today was not what painted"
    assert loaded_too_early(modules) == []


def test_the_collector_held_through_the_start_runs_again_once_the_window_has_painted(
    qtbot: QtBot, store: Store, clock: FixedClock, settings_path: Path
) -> None:
    window = MainWindow(store, clock, QSettings(str(settings_path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    wired: list[bool] = []
    gc.disable()  # as the entry point does before it loads the window
    try:
        AfterFirstPaint(window, lambda: wired.append(gc.isenabled()))
        window.show()
        qtbot.waitUntil(lambda: bool(wired))
        assert wired == [True]
    finally:
        gc.enable()
