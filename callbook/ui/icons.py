"""The app's own icon, from the resources folder beside the package."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

# resources/ sits next to the callbook package in a checkout and an editable install;
# a bundle built from packaging/ puts it in the same place.
RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def app_icon_path() -> Path:
    """Where the Callbook icon lives."""
    return RESOURCES / "icons" / "callbook.svg"


def load_app_icon() -> QIcon:
    """The Callbook icon; an empty icon (the desktop's default) when the file is missing."""
    path = app_icon_path()
    return QIcon(str(path)) if path.is_file() else QIcon()
