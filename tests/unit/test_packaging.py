"""The desktop bundle's files: a launcher, AppStream metadata and an icon that agree."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

from callbook import __version__

TOP = Path(__file__).resolve().parents[2]
PACKAGING = TOP / "packaging"
APP_ID = "app.callbook.Callbook"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(PACKAGING / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_launcher_starts_callbook_with_its_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "callbook"
    assert entry["Icon"] == APP_ID
    assert entry["Categories"].endswith(";")
    assert (TOP / "resources" / "icons" / "callbook.svg").is_file()


def test_appstream_names_the_launcher_and_this_release() -> None:
    root = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("provides/binary") == "callbook"
    versions = [r.get("version") for r in root.iter("release")]
    assert versions and versions[0] == __version__
    assert len(root.findtext("summary") or "") < 80
