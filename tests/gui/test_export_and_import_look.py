"""Export suggests a folder that is there and shows the whole name; an import says who came in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from callbook.domain.clock import FixedClock
from callbook.store.engine import Store
from callbook.ui import export_dialog
from callbook.ui.export_dialog import ExportDialog
from callbook.ui.import_dialog import ImportDialog

DATA = Path(__file__).resolve().parents[1] / "data" / "interchange"


def test_export_without_a_documents_folder_suggests_home_and_can_export(
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(Path, "home", lambda: home)
    monkeypatch.setattr(
        export_dialog.QStandardPaths,
        "writableLocation",
        lambda _where: str(home / "Documents"),  # named by the desktop, never made
    )
    dialog = ExportDialog(store, clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    suggested = dialog.path_field.text()
    assert suggested == str(home / "callbook-contacts-2026-11-23.vcf")
    assert dialog.export_button.isEnabled()
    shown = dialog.path_field.fontMetrics().horizontalAdvance(suggested)
    assert dialog.path_field.width() > shown, "the whole file name is in sight"


def test_the_import_result_names_who_came_in_in_a_compact_window(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    dialog = ImportDialog(store, clock, DATA / "apple_contacts.vcf", "DE", region_saved=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.preview_page, timeout=10_000)
    preview_height = dialog.height()
    with qtbot.waitSignal(dialog.imported, timeout=15_000):
        qtbot.keyClick(dialog.import_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.message_page, timeout=15_000)
    assert dialog.outcome.isVisible()
    assert dialog.outcome.text().startswith("New: Ana Maria Silva, ")
    assert dialog.height() < preview_height, "no large empty window around one line"
