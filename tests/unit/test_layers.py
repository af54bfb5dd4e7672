"""The layering holds: domain and formats stand alone, storage has no Qt, widgets no store."""

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


QT = "PySide6"
SQL = ("sqlalchemy", "alembic", "sqlite3", "sqlcipher3")
OTHER_PARTS = (
    "callbook.app",
    "callbook.charts",
    "callbook.cli",
    "callbook.instance",
    "callbook.interchange",
    "callbook.nudges",
    "callbook.services",
    "callbook.store",
    "callbook.ui",
    "callbook.wiring",
)


# The composition root: app.py and the parts of the window it wires.
ROOT = ("callbook.app", "callbook.wiring")


def except_own(folder: str) -> tuple[str, ...]:
    """Every other part of callbook, for a folder that may import only itself."""
    return tuple(part for part in OTHER_PARTS if part != f"callbook.{folder}")


# What each part may not import. Dependencies point one way: ui -> services -> domain,
# services -> store; the domain and the file formats stand on their own.
RULES = [
    ("domain", (QT, *SQL, *except_own("domain"))),
    ("interchange", (QT, *SQL, *except_own("interchange"))),
    ("store", (QT, "callbook.ui", "callbook.services", "callbook.nudges", *ROOT)),
    ("services", (QT, "callbook.ui", "callbook.nudges", "callbook.cli", *ROOT)),
    ("nudges", (*SQL, "callbook.ui", "callbook.store", "callbook.cli", *ROOT)),
    # Widgets are built and connected by the composition root, never the other way round.
    ("ui", (*SQL, "callbook.store", "callbook.cli", *ROOT)),
    # The charts draw figures the domain worked out, with or without a window.
    ("charts", (QT, *SQL, *except_own("charts"))),
]


def forbidden_hit(name: str, forbidden: tuple[str, ...]) -> bool:
    """True when the module `name` is one of `forbidden` or inside one of them."""
    return any(name == f or name.startswith(f + ".") for f in forbidden)


@pytest.mark.parametrize(("folder", "forbidden"), RULES)
def test_layer_imports_point_one_way(folder: str, forbidden: tuple[str, ...]) -> None:
    assert (PACKAGE / folder).is_dir(), f"callbook/{folder} is missing"
    bad = []
    for path, names in imported_modules(PACKAGE / folder).items():
        hits = sorted(n for n in names if forbidden_hit(n, forbidden))
        if hits:
            bad.append(f"{path.relative_to(PACKAGE)}: {', '.join(hits)}")
    assert bad == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(
        "from PySide6.QtCore import QObject\nimport sqlalchemy.orm\n"
        "def late():\n    from callbook.store.engine import Store\n"
    )
    names = imported_modules(tmp_path)[tmp_path / "bad.py"]
    assert {"PySide6.QtCore", "sqlalchemy.orm", "callbook.store.engine"} <= names
    assert forbidden_hit("callbook.store.engine", ("callbook.store",))
    assert not forbidden_hit("callbook.storefront", ("callbook.store",))


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
