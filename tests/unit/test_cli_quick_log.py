"""`callbook log` without a contact: hands over to the running window, or says how to log."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from callbook.cli import main
from callbook.domain.clock import FixedClock


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["log", "--outcome", "voicemail"], "callbook log: --outcome needs a CONTACT: "),
        (["log", "--note", "hi", "--next", "fri"], "--note, --next need a CONTACT"),
        (["log", "--channel", "email"], "--channel needs a CONTACT"),
        (["log", "1", "--note", "hi"], "--outcome and --purpose are needed with a CONTACT"),
        (["log", "1", "--outcome", "busy"], "--purpose is needed with a CONTACT"),
    ],
)
def test_options_without_what_they_need_say_how_to_log(
    clock: FixedClock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    out = io.StringIO()
    code = main([*argv, "--data-dir", str(tmp_path / "data")], clock=clock, out=out)
    assert code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "callbook log CONTACT --outcome voicemail --purpose checkin" in err
    assert out.getvalue() == ""


def test_with_no_running_app_it_says_how_to_use_it(tmp_path: Path) -> None:
    # In its own process: asking over the socket sets up Qt, which unit tests keep out of.
    runtime = tempfile.mkdtemp(prefix="cbrt")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "callbook", "log", "--data-dir", str(tmp_path / "data")],
            env={**os.environ, "CALLBOOK_RUNTIME_DIR": runtime},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        Path(runtime).rmdir()
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "callbook log: Callbook is not running, so there is no quick log to bring up.",
        "  Start Callbook (run 'callbook') and 'callbook log' brings its quick log to the front,",
        "  or log from here: callbook log CONTACT --outcome voicemail --purpose checkin "
        "[--note TEXT] [--next fri --next-step TEXT]",
    ]
