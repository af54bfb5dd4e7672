"""The window's own files in the data folder: owner-only whatever the umask, and a lock file
that cannot be made on a full disk says the disk is full."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from callbook.app import SETTINGS_FILE, window_settings
from callbook.instance import LOCK_NAME, InstanceError, InstanceGuard


@pytest.fixture(params=[0o000, 0o022], ids=["umask 000", "umask 022"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "data"
    made.mkdir(mode=0o700)
    return made


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_lock_file_is_the_reps_only(folder: Path, umask: int) -> None:
    guard = InstanceGuard(folder)
    assert guard.acquire()
    try:
        assert mode(folder / LOCK_NAME) == 0o600
    finally:
        guard.release()


def test_the_window_layout_file_is_the_reps_only_each_time_it_is_saved(
    folder: Path, umask: int
) -> None:
    settings = window_settings(folder)
    settings.setValue("window/page", 1)
    settings.sync()
    assert mode(folder / SETTINGS_FILE) == 0o600
    settings.setValue("window/page", 2)
    settings.sync()
    assert mode(folder / SETTINGS_FILE) == 0o600
    assert str(window_settings(folder).value("window/page")) == "2"


def test_a_layout_file_left_readable_by_others_is_tightened(folder: Path) -> None:
    (folder / SETTINGS_FILE).write_text("[window]\npage=1\n")
    (folder / SETTINGS_FILE).chmod(0o644)
    assert window_settings(folder).value("window/page") == "1"
    assert mode(folder / SETTINGS_FILE) == 0o600


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A data folder on a small disk with no room left (a tmpfs, which needs root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    tool = shutil.which("mount")
    if os.geteuid() != 0 or tool is None:
        pytest.skip("a full disk of its own needs root to mount a small tmpfs")
    made = subprocess.run(
        [tool, "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("this system does not let the test mount a tmpfs")
    try:
        folder = mount / "data"
        folder.mkdir(mode=0o700)
        with (mount / "filler").open("wb", buffering=0) as filler, pytest.raises(OSError):
            while True:
                filler.write(b"\0" * 4096)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_lock_file_that_cannot_be_made_on_a_full_disk_says_the_disk_is_full(
    full_disk: Path,
) -> None:
    with pytest.raises(InstanceError) as refused:
        InstanceGuard(full_disk).acquire()
    assert str(refused.value) == f"cannot create the lock file in {full_disk}: the disk is full"
