"""Modules imported after the window's package are not read into memory by PySide6."""

from __future__ import annotations

import linecache
import subprocess
import sys
from pathlib import Path

import pytest

import callbook.ui  # noqa: F401 - the package that quiets PySide6's import hook


def test_a_module_imported_after_the_ui_package_keeps_its_source_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "freshly_written_module.py"
    source.write_text("from PySide6.QtCore import QObject\nVALUE = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    # An import statement, as in code: it goes through the hook (importlib would not).
    module = __import__("freshly_written_module")
    try:
        assert module.VALUE == 42
        assert str(source) not in linecache.cache
    finally:
        sys.modules.pop("freshly_written_module", None)


def test_the_app_quiets_the_hook_before_it_imports_its_own_modules() -> None:
    # In a fresh interpreter, as at a start: PySide6 first, then the app and all it needs.
    script = (
        "import linecache, sys\n"
        "import PySide6.QtCore\n"
        "import callbook.app\n"
        "read = [f for f in linecache.cache if '/callbook/' in f.replace(chr(92), '/')]\n"
        "print(len(read), read[:5])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    # callbook/__init__.py and app.py itself are read before the hook is quieted; no more.
    count = int(done.stdout.split()[0])
    assert count <= 2, done.stdout
