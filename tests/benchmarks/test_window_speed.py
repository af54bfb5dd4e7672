"""The window at 50,000 contacts: start, type-ahead, Today and memory, each beside its target.

Run with `.venv/bin/python -m pytest tests/benchmarks -s`; the first run builds the demo
databases (about a minute each for 50,000 contacts) and caches them in the temp folder.
"""

from __future__ import annotations

import compileall
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest

import callbook
from callbook.domain.clock import FixedClock
from callbook.services.today import ranked_today, today_list
from callbook.store.engine import Store
from callbook.store.opening import open_store
from callbook.ui.today_model import TodayModel

if TYPE_CHECKING:
    from conftest import DemoDatabase

PROBE = Path(__file__).with_name("probe.py")
# On PYTHONPATH, it has the installed command report its own first paint.
START_HOOK = Path(__file__).with_name("door")
TYPING_PROBE = Path(__file__).with_name("typing_probe.py")
START_RATIO_TARGET = 2.0
KEYSTROKE_P95_TARGET_MS = 16.0
TODAY_TARGET_MS = 50.0
TODAY_GROWTH_LIMIT = 1.3
MEMORY_TARGET_MIB = 80.0
STARTS = 7


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def report(label: str, value: str, target: str, ok: bool) -> None:
    print(f"\n  {label:<44} {value:>14}   target {target:<12} {verdict(ok)}", flush=True)


class Start(NamedTuple):
    """One start: seconds from launch to first paint, peak MiB, processor seconds used."""

    seconds: float
    peak_mib: float
    cpu_seconds: float


def installed_command() -> Path:
    """The `callbook` command installed beside this interpreter, as the rep runs it.

    Its modules are compiled first, as an installer does for an installed package: an
    editable install under PYTHONDONTWRITEBYTECODE would otherwise compile every module
    from source at every start, a cost no rep's start has.
    """
    command = Path(sys.executable).with_name("callbook")
    if not command.is_file():
        pytest.fail(f"no installed callbook command beside {sys.executable}: pip install -e .")
    compileall.compile_dir(Path(callbook.__file__).parent, quiet=1)
    return command


def _start(what: str, screen: dict[str, str], folder: Path | None = None) -> Start:
    """Launch a bare window (`bare`) or the installed command (`today`, `settled`) and time it."""
    env = {**os.environ, **screen}
    if what == "bare":
        command = [sys.executable, str(PROBE), "bare"]
    else:
        assert folder is not None
        command = [str(installed_command()), "--data-dir", str(folder)]
        env.update(PYTHONPATH=str(START_HOOK), CALLBOOK_START_PROBE=what)
    launched = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["painted_at"] is not None, done.stderr
    return Start(
        result["painted_at"] - launched, result["peak_kib"] / 1024, result.get("cpu_s", 0.0)
    )


@pytest.fixture(scope="module")
def own_demo_50k(demo_50k: DemoDatabase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the 50,000-contact demo: a start takes the day's backup and holds a lock."""
    folder = tmp_path_factory.mktemp("demo-50k")
    for part in demo_50k.folder.glob("callbook.sqlite3*"):
        shutil.copy2(part, folder / part.name)
    return folder


def _starts_side_by_side(folder: Path, screen: dict[str, str], where: str) -> tuple[float, float]:
    """Bare and Callbook started in turn on one screen; the start ratio and memory above bare."""
    bare: list[Start] = []
    callbook: list[Start] = []
    for _ in range(STARTS):
        bare.append(_start("bare", screen))
        callbook.append(_start("today", screen, folder))
    bare_s = statistics.median(s.seconds for s in bare)
    callbook_s = statistics.median(s.seconds for s in callbook)
    ratio = callbook_s / bare_s
    # Processor time is what the start costs the machine, whatever else runs on it: the
    # wall-clock ratio swings with a shared machine's load, this one much less.
    cpu_ratio = statistics.median(s.cpu_seconds for s in callbook) / statistics.median(
        s.cpu_seconds for s in bare
    )
    at_paint_mib = statistics.median(s.peak_mib for s in callbook) - statistics.median(
        s.peak_mib for s in bare
    )
    print(f"\n  {where}, {STARTS} starts each in turn, medians:", flush=True)
    report("bare PySide6 window with one label", f"{bare_s * 1000:.0f} ms", "", True)
    report("callbook to painted Today (50,000 contacts)", f"{callbook_s * 1000:.0f} ms", "", True)
    report("start ratio", f"{ratio:.2f}x", f"<= {START_RATIO_TARGET}x", ratio <= START_RATIO_TARGET)
    report("  each start's ratio, fastest to slowest", _ratios(bare, callbook), "", True)
    report("  processor time ratio (not a target)", f"{cpu_ratio:.2f}x", "", True)
    report("  peak memory above bare, at first paint", f"{at_paint_mib:.0f} MiB", "", True)
    return ratio, statistics.median(s.peak_mib for s in bare)


def _ratios(bare: list[Start], callbook: list[Start]) -> str:
    return " ".join(
        f"{c.seconds / b.seconds:.1f}"
        for b, c in sorted(
            zip(bare, callbook, strict=True), key=lambda p: p[1].seconds / p[0].seconds
        )
    )


def test_start_to_painted_today_and_memory_beside_a_bare_window(
    own_demo_50k: Path, x_display: str | None
) -> None:
    """The installed `callbook` command against a bare PySide6 window, started in turn.

    Offscreen (Qt paints into memory) and on an X server (Xvfb), as on a rep's desktop.
    """
    offscreen = {"QT_QPA_PLATFORM": "offscreen"}
    _start("settled", offscreen, own_demo_50k)  # warm the file cache, take the day's backup
    ratios = [_starts_side_by_side(own_demo_50k, offscreen, "offscreen")[0]]
    if x_display is None:
        print("\n    (no X server could be started here: offscreen only)")
    else:
        on_screen = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display}
        ratios.append(_starts_side_by_side(own_demo_50k, on_screen, "on an X server")[0])
    bare_mib = statistics.median(_start("bare", offscreen).peak_mib for _ in range(3))
    settled = [_start("settled", offscreen, own_demo_50k) for _ in range(3)]
    settled_mib = statistics.median(s.peak_mib for s in settled) - bare_mib
    print(flush=True)
    report(
        "  store open, all wired (not a target)",
        f"{statistics.median(s.seconds for s in settled) * 1000:.0f} ms",
        "",
        True,
    )
    # The peak of the whole start: the store open, the other pages, nudges planned.
    report(
        "peak memory above bare, whole start",
        f"{settled_mib:.0f} MiB",
        f"<= {MEMORY_TARGET_MIB:.0f} MiB",
        settled_mib <= MEMORY_TARGET_MIB,
    )
    assert max(ratios) <= START_RATIO_TARGET
    assert settled_mib <= MEMORY_TARGET_MIB


def _today_as_shown(store: Store, clock: FixedClock) -> int:
    """What the window does for Today: rank everyone due, build the rows of the first screens."""
    places = ranked_today(store, clock)
    today_list(store, clock, [p.contact_id for p in places[: TodayModel.FIRST_PAGE]])
    return len(places)


def _best_ms(action: Callable[[], object], runs: int = 9) -> float:
    """The fastest of several runs: the cost itself, least disturbed by other processes."""
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def test_today_list_is_quick_and_does_not_grow_with_the_log(
    demo_50k: DemoDatabase, demo_10k: DemoDatabase, tmp_path: Path
) -> None:
    clock = FixedClock(demo_50k.made_at)
    store, _ = open_store(demo_50k.folder, clock.now())
    try:
        rows = _today_as_shown(store, clock)
        at_50k = _best_ms(lambda: _today_as_shown(store, clock))
        every_row = _best_ms(lambda: today_list(store, clock), runs=3)
    finally:
        store.close()

    # The same contacts with four times the log: old, settled touches added in bulk.
    # Both copies are timed in turn, so whatever else the machine does hits both alike.
    small_clock = FixedClock(demo_10k.made_at)
    as_built, grown = tmp_path / "as-built", tmp_path / "grown"
    for folder in (as_built, grown):
        folder.mkdir()
        shutil.copy2(demo_10k.folder / "callbook.sqlite3", folder / "callbook.sqlite3")
    with closing(sqlite3.connect(grown / "callbook.sqlite3")) as connection:
        for _ in range(2):
            connection.execute(
                "INSERT INTO interactions (contact_id, occurred_at, channel, direction, "
                "outcome, purpose, duration_seconds, note, next_step) "
                "SELECT contact_id, datetime(occurred_at, '-800 days'), channel, direction, "
                "outcome, purpose, duration_seconds, note, '' FROM interactions"
            )
        connection.commit()
        # As after any quiet moment: the grown log moved from the WAL into the file.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    small, _ = open_store(as_built, small_clock.now())
    large, _ = open_store(grown, small_clock.now())
    try:
        times: dict[str, list[float]] = {"small": [], "large": []}
        for _ in range(9):
            times["small"].append(_best_ms(lambda: _today_as_shown(small, small_clock), runs=1))
            times["large"].append(_best_ms(lambda: _today_as_shown(large, small_clock), runs=1))
        before, after = min(times["small"]), min(times["large"])
        logged_before, logged_after = _count(small), _count(large)
    finally:
        small.close()
        large.close()
    growth = after / before
    print(flush=True)
    report(
        f"Today list, 50,000 contacts ({rows:,} ranked)",
        f"{at_50k:.0f} ms",
        f"< {TODAY_TARGET_MS:.0f} ms",
        at_50k < TODAY_TARGET_MS,
    )
    report("  (every one of those rows built in full)", f"{every_row:.0f} ms", "", True)
    report(f"Today list, 10,000 contacts, {logged_before:,} touches", f"{before:.0f} ms", "", True)
    report(f"Today list, same contacts, {logged_after:,} touches", f"{after:.0f} ms", "", True)
    report(
        "growth with 4x the log",
        f"{growth:.2f}x",
        f"<= {TODAY_GROWTH_LIMIT}x",
        growth <= TODAY_GROWTH_LIMIT,
    )
    assert growth <= TODAY_GROWTH_LIMIT
    assert at_50k < TODAY_TARGET_MS


def _count(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT count(*) FROM interactions").scalar() or 0)


def _typed(demo: DemoDatabase, tmp_path: Path, env: dict[str, str]) -> list[tuple[float, str]]:
    """Each key's time to painted results, typed by typing_probe.py under `env`."""
    done = subprocess.run(
        [
            sys.executable,
            str(TYPING_PROBE),
            str(demo.folder),
            demo.made_at.isoformat(),
            str(tmp_path / "window.ini"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
        check=True,
    )
    return [(ms, text) for ms, text in json.loads(done.stdout.strip().splitlines()[-1])]


def _report_typing(where: str, timings: list[tuple[float, str]]) -> float:
    times = sorted(ms for ms, _ in timings)
    p95 = times[int(len(times) * 0.95) - 1]
    report(
        f"keystroke p95, {where} ({len(times)} keys)",
        f"{p95:.1f} ms",
        f"< {KEYSTROKE_P95_TARGET_MS:.0f} ms",
        p95 < KEYSTROKE_P95_TARGET_MS,
    )
    report("  median", f"{statistics.median(times):.1f} ms", "", True)
    slowest = sorted(timings, reverse=True)[:5]
    print("\n    slowest: " + ", ".join(f"{ms:.0f} ms at {text!r}" for ms, text in slowest))
    return p95


def test_type_ahead_keystroke_p95(
    demo_50k: DemoDatabase, tmp_path: Path, x_display: str | None
) -> None:
    """Typed on a real X server (Xvfb), as on a rep's desktop, and with no display at all.

    The X server adds handing each frame over to the display; Qt's offscreen platform
    paints into memory only. The target holds for both.
    """
    offscreen = _typed(demo_50k, tmp_path, {"QT_QPA_PLATFORM": "offscreen"})
    print(flush=True)
    worst = _report_typing("offscreen", offscreen)
    if x_display is None:
        print("\n    (no X server could be started here: offscreen only)")
    else:
        on_screen = _typed(demo_50k, tmp_path, {"QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display})
        worst = max(worst, _report_typing("on an X server", on_screen))
    assert worst < KEYSTROKE_P95_TARGET_MS


# Debian's virtual X server, and the libraries Qt's X platform plugin loads.
X_PACKAGES = [
    "xvfb",
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "libxcb-randr0",
]


@pytest.fixture(scope="module")
def x_display() -> Iterator[str | None]:
    """A virtual X server Qt can show windows on, installed when missing; None if impossible."""
    if shutil.which("Xvfb") is None:
        _install_x()
    if shutil.which("Xvfb") is None:
        yield None
        return
    display = f":{random.randint(200, 900)}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    try:
        works = server.poll() is None and (_qt_runs_on(display) or _install_x())
        yield display if works and _qt_runs_on(display) else None
    finally:
        server.terminate()
        server.wait(timeout=10)


def _install_x() -> bool:
    """Install the X server and Qt's X libraries with Debian's apt-get, where it is there."""
    if shutil.which("apt-get") is None:
        return False
    done = subprocess.run(
        ["apt-get", "install", "-y", "-qq", *X_PACKAGES],
        capture_output=True,
        check=False,
        timeout=600,
    )
    return done.returncode == 0


def _qt_runs_on(display: str) -> bool:
    """Whether a bare window paints on `display`: Qt's X plugin finds all it links to."""
    try:
        _start("bare", {"QT_QPA_PLATFORM": "xcb", "DISPLAY": display})
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return False
    return True


@pytest.fixture(autouse=True)
def _quiet_window_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing a benchmark opens writes into the real home config."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
