"""Help: the list of keyboard shortcuts, read from the window's own actions, and About."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callbook import __version__
from callbook.domain.quick_log import OUTCOME_KEYS
from callbook.ui.icons import load_app_icon

NATIVE = QKeySequence.SequenceFormat.NativeText

# Keys that are not actions of the window: where they work and what they do.
MORE_KEYS = (
    ("Search", "Enter", "Open the card of the highlighted match"),
    ("Search", "↑ ↓", "Walk the matches; the card follows"),
    ("Search", "Esc", "Back to the page you were on"),
    ("Card", "Esc", "Back to the list or the search"),
    ("Card", "Enter or leaving a field", "Save what you typed"),
    ("Quick log", "Ctrl+Enter", "Save"),
    ("Quick log", "Tab", "Purpose, channel, direction, duration, next step, script"),
    ("Quick log", "Esc twice", "Throw the draft away"),
)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every action with a shortcut, then the other keys."""
    rows: dict[str, tuple[str, str, str]] = {}
    for action in actions:
        keys = [k.toString(NATIVE) for k in action.shortcuts() if not k.isEmpty()]
        if not keys:
            continue
        what = action.text().replace("&", "").rstrip("…").strip()
        rows.setdefault(what, ("Anywhere", " or ".join(keys), what))
    outcomes = [("Quick log", key, outcome.label) for key, outcome in OUTCOME_KEYS.items()]
    extra = [*MORE_KEYS, *outcomes]
    return sorted(rows.values(), key=lambda row: row[2].casefold()) + list(extra)


class ShortcutsDialog(QDialog):
    """Every shortcut of the window in one list."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts — Callbook")
        self.setAccessibleName("Keyboard shortcuts")
        self.list = QTreeWidget()
        self.list.setAccessibleName("Shortcuts")
        self.list.setHeaderLabels(["Where", "Keys", "What it does"])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        for where, keys, what in shortcut_rows(actions):
            self.list.addTopLevelItem(QTreeWidgetItem([where, keys, what]))
        for column in range(2):
            self.list.resizeColumnToContents(column)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(720, 560)


def show_about(parent: QWidget | None) -> None:
    """Who made Callbook, its version, and what it is built with."""
    box = QMessageBox(parent)
    box.setWindowTitle("About Callbook")
    box.setIconPixmap(load_app_icon().pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<h3>Callbook {__version__}</h3>")
    box.setInformativeText(
        "The call log that says who to call today, how to reach them and what to say. "
        "Everything stays on this computer.<br><br>"
        "Icons: Tabler Icons, MIT licence."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.exec()
