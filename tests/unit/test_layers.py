"""The layering holds: domain is pure, storage has no Qt, widgets have no SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "callbook"


def imported_modules(folder: Path) -> dict[Path, set[str]]:
    """Every module each file under `folder` imports, by top-level name and full name."""
    found: dict[Path, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[path] = names
    return found


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    """Files under callbook/`folder` importing any of `forbidden`."""
    bad = []
    for path, names in imported_modules(PACKAGE / folder).items():
        hits = sorted(n for n in names if n.split(".")[0] in forbidden or n in forbidden)
        if hits:
            bad.append(f"{path.relative_to(PACKAGE)}: {', '.join(hits)}")
    return bad


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("domain", ("PySide6", "sqlalchemy", "alembic", "callbook.store", "callbook.services")),
        ("store", ("PySide6", "callbook.ui", "callbook.services")),
        ("services", ("PySide6", "callbook.ui")),
        ("ui", ("sqlalchemy", "alembic", "sqlite3", "callbook.store.models")),
    ],
)
def test_layer_imports_point_one_way(folder: str, forbidden: tuple[str, ...]) -> None:
    if not (PACKAGE / folder).exists():
        pytest.skip(f"callbook/{folder} does not exist yet")
    assert offenders(folder, forbidden) == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("from PySide6.QtCore import QObject\nimport sqlalchemy.orm\n")
    names = imported_modules(tmp_path)[tmp_path / "bad.py"]
    assert {"PySide6.QtCore", "sqlalchemy.orm"} <= names


def test_every_module_says_what_it_is_in_one_line() -> None:
    missing = []
    for path in PACKAGE.rglob("*.py"):
        if "versions" in path.parts and path.name != "__init__.py":
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        empty_package_marker = path.name == "__init__.py" and not path.stat().st_size
        if not doc and not empty_package_marker:
            missing.append(str(path.relative_to(PACKAGE)))
    assert missing == []
