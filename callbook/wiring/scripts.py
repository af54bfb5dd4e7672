"""The script library in the main window: the Scripts page (Ctrl+4) and the card's suggestion."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence

from callbook.domain.clock import Clock
from callbook.services.book import Store
from callbook.ui.kept_figures import KeptReturnFigures
from callbook.ui.main_window import MainWindow
from callbook.ui.ops import Published
from callbook.ui.scripts_page import ScriptsPage

SCRIPTS = "scripts"


@dataclass
class ScriptsInWindow:
    """What the script library added to the window, kept so none is garbage-collected."""

    page: ScriptsPage
    action: QAction
    figures: KeptReturnFigures


def install_scripts(window: MainWindow, store: Store, clock: Clock) -> ScriptsInWindow:
    """Add the Scripts page to the navigation and keep the card's suggestion current."""

    def shown_contact() -> tuple[int, str] | None:
        card = window.card.card
        return (card.contact_id, card.name) if card is not None else None

    figures = KeptReturnFigures(store, window)
    window.card.rank_scripts_by(figures.current)
    page = ScriptsPage(store, clock, window.bus, shown_contact, figures.current)
    action = QAction("Scri&pts", window)
    action.setObjectName("Scripts")
    action.setShortcut(QKeySequence("Ctrl+4"))
    action.setToolTip("Scripts: what to say, and which ones get calls returned (Ctrl+4)")
    window.add_page(SCRIPTS, page, action, page.reload)
    page.status.connect(lambda text: window.statusBar().showMessage(text, 6000))

    def refresh_card(published: Published) -> None:
        changed = published.changed
        if changed.scripts:
            window.card.refresh_suggestion()
        # A message left or a loop closed moves the figures: worked out again behind.
        # (A card edit moves nothing there: only a loop opened, tried or closed does.)
        if changed.scripts or changed.loops:
            figures.refresh()

    def show_new_figures() -> None:
        window.card.refresh_suggestion()
        if page.isVisible():
            page.reload()

    window.bus.published.connect(refresh_card)
    figures.updated.connect(show_new_figures)
    figures.refresh()
    return ScriptsInWindow(page, action, figures)
