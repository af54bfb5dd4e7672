"""The script library in the main window: the Scripts page (Ctrl+4) and the card's suggestion."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence

from callbook.domain.clock import Clock
from callbook.services.book import Store
from callbook.ui.main_window import MainWindow
from callbook.ui.ops import Published
from callbook.ui.scripts_page import ScriptsPage

SCRIPTS = "scripts"


@dataclass
class ScriptsInWindow:
    """What the script library added to the window, kept so none is garbage-collected."""

    page: ScriptsPage
    action: QAction


def install_scripts(window: MainWindow, store: Store, clock: Clock) -> ScriptsInWindow:
    """Add the Scripts page to the navigation and keep the card's suggestion current."""

    def shown_contact() -> tuple[int, str] | None:
        card = window.card.card
        return (card.contact_id, card.name) if card is not None else None

    page = ScriptsPage(store, clock, window.bus, shown_contact)
    action = QAction("Scri&pts", window)
    action.setObjectName("Scripts")
    action.setShortcut(QKeySequence("Ctrl+4"))
    action.setToolTip("Scripts: what to say, and which ones get calls returned (Ctrl+4)")
    window.add_page(SCRIPTS, page, action, page.reload)
    page.status.connect(lambda text: window.statusBar().showMessage(text, 6000))

    def refresh_card(published: Published) -> None:
        if published.changed.scripts:
            window.card.refresh_suggestion()

    window.bus.published.connect(refresh_card)
    return ScriptsInWindow(page, action)
