"""Screenshots of every page and dialog, at 1280×720 and 1400×900, light and dark.

    python tests/look/screenshots.py OUT_FOLDER [FONT_SCALE]
    QT_SCALE_FACTOR=2 python tests/look/screenshots.py OUT_FOLDER   # crisp at 2×?

FONT_SCALE (say 1.5) makes the desktop's font that much larger, as a rep with a large
font setting has it.

Each picture is meant to be opened and looked at as a rep would: text cut off, columns
off screen, a dialog too small for its words. Runs offscreen on a fresh demo book.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from callbook.domain.clock import FixedClock
from callbook.interchange.files import read_contacts, read_file_text
from callbook.services.contacts import resolve_contact
from callbook.services.demo import fill_with_demo
from callbook.services.duplicates import merge_preview
from callbook.services.interchange import import_contacts
from callbook.store.opening import open_store
from callbook.ui.dialogs import NewContactDialog, SnoozeDialog
from callbook.ui.export_dialog import ExportDialog
from callbook.ui.help import ShortcutsDialog
from callbook.ui.insights_page import CHART_ORDER
from callbook.ui.main_window import MainWindow
from callbook.ui.merge_dialog import MergeDialog
from callbook.ui.quick_log import QuickLogStart
from callbook.wiring.insights import install_insights
from callbook.wiring.interchange import install_interchange
from callbook.wiring.nudges import install_nudges
from callbook.wiring.quick_log import install_quick_log

SIZES = ((1280, 720), (1400, 900))
DATA = Path(__file__).resolve().parents[1] / "data" / "interchange"
# A Friday afternoon in Berlin.
NOW = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)


def dark_palette() -> QPalette:
    """A dark desktop palette, as a dark theme hands it to Qt."""
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#3d7bd9"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.ToolTipBase, "#353535"),
        (QPalette.ColorRole.ToolTipText, "#e6e6e6"),
        (QPalette.ColorRole.PlaceholderText, "#8c8c8c"),
    ):
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#777"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#777"))
    return palette


def settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def save(widget: QWidget, out: Path, name: str) -> None:
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def dialog_shot(app: QApplication, dialog: QDialog, out: Path, name: str) -> None:
    dialog.show()
    settle(app)
    save(dialog, out, name)
    dialog.close()


def main(out: Path, font_scale: float = 1.0) -> int:
    """Write every screenshot into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    if font_scale != 1.0:
        font = app.font()
        font.setPointSizeF(font.pointSizeF() * font_scale)
        app.setFont(font)
    light = app.palette()
    with tempfile.TemporaryDirectory() as folder:
        clock = FixedClock(NOW, ZoneInfo("Europe/Berlin"))
        store, _report = open_store(Path(folder), clock.now(), daily_backup=False)
        fill_with_demo(store, clock.now(), 200, seed=7)
        # Two cards an import kept apart: the card names the other, and offers to merge.
        office = DATA / "shared_office_phone.vcf"
        import_contacts(store, clock, read_contacts(office, read_file_text(office), "DE"), "DE")
        kept = resolve_contact(store, "Ana Silva").contact_id
        doubted = resolve_contact(store, "Bob Jones").contact_id
        for palette_name, palette in (("light", light), ("dark", dark_palette())):
            app.setPalette(palette)
            for width, height in SIZES:
                settings = QSettings(
                    str(Path(folder) / f"window-{width}.ini"), QSettings.Format.IniFormat
                )
                window = MainWindow(store, clock, settings, home_region="US")
                nudges = install_nudges(window, store, clock, window.bus, use_tray=False)
                quick_log = install_quick_log(window, store, clock)
                install_interchange(window, store, clock, "US")
                insights = install_insights(window, store, clock)
                window.settled.emit()
                window.resize(width, height)
                window.show()
                nudges.start()
                settle(app, 20)
                tag = f"{width}x{height}-{palette_name}"
                pages: list[tuple[str, Callable[[], None]]] = [
                    ("today", lambda w=window: w.show_page("today")),
                    ("contacts", lambda w=window: w.show_page("contacts")),
                    ("waiting", lambda w=window: w.show_page("waiting")),
                    ("search", lambda w=window: w.search_field.setText("sato")),
                ]
                for name, show in pages:
                    show()
                    settle(app, 10)
                    save(window, out, f"{tag}-{name}")
                window.show_page("insights")
                insights.page.wait()
                settle(app, 10)
                for row, chart in enumerate(CHART_ORDER):
                    insights.page.questions.setCurrentRow(row)
                    settle(app, 10)
                    save(window, out, f"{tag}-insights-{chart}")
                window.show_page("today")
                # A row that suggests a give first, its card open at the give/ask balance.
                model = window.today_page.model
                asking = [r for r in model.rows() if r.give_first is not None]
                if asking:
                    number = model.row_of(asking[0].contact.contact_id)
                    if number is not None:
                        table = window.today_page.table
                        table.setCurrentIndex(model.index(number, 0))
                    window.show_card(asking[0].contact.contact_id)
                    settle(app)
                    window.card.ensureWidgetVisible(window.card.gives)
                    settle(app)
                    save(window, out, f"{tag}-today-give-first")
                window.card.verticalScrollBar().setValue(window.card.verticalScrollBar().maximum())
                settle(app)
                save(window, out, f"{tag}-card-end")
                contact = window.card.card
                assert contact is not None
                dialog_shot(
                    app,
                    NewContactDialog(store, clock, window.bus, "US", window),
                    out,
                    f"{tag}-new-contact",
                )
                dialog_shot(
                    app,
                    SnoozeDialog(
                        store, clock, window.bus, contact.contact_id, contact.name, window
                    ),
                    out,
                    f"{tag}-snooze",
                )
                dialog_shot(
                    app,
                    ExportDialog(store, clock, (contact.contact_id, contact.name), parent=window),
                    out,
                    f"{tag}-export",
                )
                dialog_shot(app, ShortcutsDialog(window.actions(), window), out, f"{tag}-shortcuts")
                window.card.show_contact(contact.contact_id)
                for name, edit in (
                    ("family", window.card.edit_family),
                    ("ways-to-reach", window.card.edit_ways_to_reach),
                    ("best-times", window.card.edit_best_times),
                ):
                    editor = edit()
                    assert editor is not None
                    settle(app)
                    save(editor, out, f"{tag}-{name}")
                    editor.close()
                window.open_card(doubted)
                settle(app, 10)
                save(window, out, f"{tag}-card-possible-duplicate")
                dialog_shot(
                    app,
                    MergeDialog(
                        store, clock, window.bus, merge_preview(store, kept, doubted), window
                    ),
                    out,
                    f"{tag}-merge",
                )
                log = quick_log.quick_log.open(QuickLogStart(contact.contact_id))
                settle(app)
                save(log, out, f"{tag}-quick-log")
                log.discard()
                page = nudges.page
                page.reload()
                page.show()
                settle(app)
                save(page, out, f"{tag}-nudges")
                page.close()
                QTimer.singleShot(0, window.close)
                nudges.stop()
                window.close()
                window.deleteLater()
                settle(app)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(
        main(
            Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"),
            float(sys.argv[2]) if len(sys.argv) > 2 else 1.0,
        )
    )
