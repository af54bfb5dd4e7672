"""Hooks a `callbook` process as its window modules load, to note its first paint or settling.

It is loaded before the app imports anything and is timed with it, so it imports nothing
the interpreter has not loaded already (not even `typing`) until the window's modules load.
"""

from __future__ import annotations

import atexit
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType

    Then = Callable[[ModuleType], None]


class AfterImport:
    """Runs a function on a module right after it has been executed, before anyone uses it."""

    def __init__(self, then: dict[str, Then]) -> None:
        self._then = then

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        then = self._then.pop(fullname, None)
        if then is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None and spec.loader is not None:
                break
        else:
            return None
        loader = spec.loader
        run_module = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run_module(module)
            then(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def watch_start(what: str) -> None:
    """Print one JSON line at exit: when Today painted (`today`) or all was wired (`settled`)."""
    result: dict[str, object] = {"painted_at": None, "peak_kib": 0, "cpu_s": 0.0}

    def noted(measured: dict[str, object]) -> None:
        if result["painted_at"] is None:
            result.update(measured)

    def watch_today(module: ModuleType) -> None:
        import probe

        probe.watch_today(module, noted)

    def watch_settled(module: ModuleType) -> None:
        import probe

        probe.watch_settled(module, noted)

    if what == "today":
        hooks = {"callbook.ui.today_page": watch_today}
    else:
        hooks = {"callbook.ui.main_window": watch_settled}
    sys.meta_path.insert(0, AfterImport(hooks))
    atexit.register(lambda: print(_as_json(result), flush=True))


def _as_json(result: dict[str, object]) -> str:
    import json

    return json.dumps(result)
