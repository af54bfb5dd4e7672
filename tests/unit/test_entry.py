"""The `callbook` command decides between window and terminal as it always has."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from callbook import __version__
from callbook.__main__ import plainly_the_window

# Far longer than a command takes; a window opened by mistake fails instead of hanging.
COMMAND_TIMEOUT_S = 60


def callbook(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CALLBOOK_DATA_DIR": str(tmp_path / "data"),
        "CALLBOOK_RUNTIME_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "-m", "callbook", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_S,
    )


@pytest.mark.parametrize(
    "args", [["--help"], ["-h"], ["--data-dir", "elsewhere", "--help"], ["--data-dir=x", "-h"]]
)
def test_help_is_the_full_command_line_and_opens_no_window(tmp_path: Path, args: list[str]) -> None:
    done = callbook(tmp_path, *args)
    assert done.returncode == 0
    assert done.stdout.startswith("usage: callbook ")
    assert "With no command, opens the window." in " ".join(done.stdout.split())
    for command in ("today", "log", "agenda", "import", "export", "backup", "encrypt"):
        assert command in done.stdout
    assert not (tmp_path / "data").exists()


def test_version_is_printed_whatever_folder_is_given(tmp_path: Path) -> None:
    done = callbook(tmp_path, "--data-dir", str(tmp_path / "other"), "--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"callbook {__version__}"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--data-dir"], "argument --data-dir: expected one argument"),
        (["--data-dir", "--version"], "argument --data-dir: expected one argument"),
        (["nosuch"], "argument COMMAND: invalid choice: 'nosuch'"),
        (["--data-dir", "x", "nosuch"], "invalid choice: 'nosuch'"),
    ],
)
def test_bad_usage_is_one_line_and_exit_code_two(
    tmp_path: Path, args: list[str], said: str
) -> None:
    done = callbook(tmp_path, *args)
    assert done.returncode == 2
    assert said in done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.endswith("(see callbook --help)\n")
    assert done.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--data-dir", "folder"],
        ["--data-dir=folder"],
        ["--data-dir=-odd"],
        ["--data-dir", "a", "--data-dir", "b"],
    ],
)
def test_only_data_folders_go_straight_to_the_window(args: list[str]) -> None:
    assert plainly_the_window(args)


@pytest.mark.parametrize(
    "args",
    [
        ["today"],
        ["--data-dir"],
        ["--data-dir", "-x"],
        ["--data", "folder"],
        ["--help"],
        ["--version"],
        ["--unknown"],
        ["--data-dir", "folder", "log"],
    ],
)
def test_anything_else_is_read_by_the_full_command_line(args: list[str]) -> None:
    assert not plainly_the_window(args)
