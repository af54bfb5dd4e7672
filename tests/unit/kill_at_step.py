"""Run a `callbook` command that SIGKILLs itself at a chosen step, never by timing.

Run as `python kill_at_step.py N STEPS_FILE STEP[,STEP...] -- ARGS...`. Each STEP names a
function as `module:attribute` (`pathlib:Path.replace`); every call of one is a step. Just
before step N is taken the process kills itself with SIGKILL. With N = 0 the command runs to
its end and STEPS_FILE gets one line per step taken, so a test knows how many points there
are and what each one is.
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__)


@dataclass(frozen=True)
class Run:
    """How one run ended: killed at its step, or its exit code and what it said."""

    killed: bool
    code: int
    stderr: str


def run_until(
    kill_at: int, steps: Sequence[str], folder: Path, *args: str, env: dict[str, str] | None = None
) -> Run:
    """Run `callbook ARGS --data-dir FOLDER`, killed just before step `kill_at` (0: never)."""
    done = subprocess.run(
        [sys.executable, str(HERE), str(kill_at), str(folder.parent / "steps.txt"), ",".join(steps),
         "--", *args, "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )  # fmt: skip
    return Run(done.returncode == -signal.SIGKILL, done.returncode, done.stderr)


def steps_of(
    steps: Sequence[str], folder: Path, *args: str, env: dict[str, str] | None = None
) -> list[str]:
    """The steps a whole run of `callbook ARGS` takes, in order (it runs to its end)."""
    finished = run_until(0, steps, folder, *args, env=env)
    assert finished.code == 0, finished.stderr
    taken = (folder.parent / "steps.txt").read_text(encoding="utf-8").split()
    (folder.parent / "steps.txt").unlink()
    return taken


def chosen_points(taken: Sequence[str], around: str = "pathlib:Path.replace") -> list[int]:
    """Where to kill a run that takes the steps `taken`, numbered from 1.

    Before the first call of each function, just before and just after every call of
    `around` (a rename: the moment a file changes), and before the last step.
    """
    points = {len(taken)}
    for number, step in enumerate(taken, 1):
        if step not in taken[: number - 1]:
            points.add(number)
        if step == around:
            points.update({number, number + 1})
    return sorted(point for point in points if point <= len(taken))


def _owner_and_name(step: str) -> tuple[Any, str]:
    module_name, _, dotted = step.partition(":")
    owner: Any = importlib.import_module(module_name)
    *parents, name = dotted.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    return owner, name


def _counted(step: str, real: Callable[..., Any], taken: list[str], kill_at: int) -> Any:
    @functools.wraps(real)
    def step_taken(*args: Any, **kwargs: Any) -> Any:
        taken.append(step)
        if len(taken) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    return step_taken


def main() -> int:
    kill_at, steps_file = int(sys.argv[1]), Path(sys.argv[2])
    steps = [step for step in sys.argv[3].split(",") if step]
    argv = sys.argv[sys.argv.index("--") + 1 :]
    from callbook.cli import main as callbook

    taken: list[str] = []
    for step in steps:
        owner, name = _owner_and_name(step)
        setattr(owner, name, _counted(step, getattr(owner, name), taken, kill_at))
    code = callbook(argv)
    if kill_at == 0:
        steps_file.write_text("".join(f"{step}\n" for step in taken), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
