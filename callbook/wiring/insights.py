"""Insights in the main window: the page (Ctrl+5), cards opened from it, figures kept fresh."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence

from callbook.domain.clock import Clock
from callbook.domain.insights.figures import Insights
from callbook.services.book import Store
from callbook.ui.insights_page import InsightsPage, Progress
from callbook.ui.main_window import MainWindow
from callbook.ui.ops import Published

INSIGHTS = "insights"


@dataclass
class InsightsInWindow:
    """What Insights added to the window, kept so none is garbage-collected."""

    page: InsightsPage
    action: QAction


def install_insights(window: MainWindow, store: Store, clock: Clock) -> InsightsInWindow:
    """Add the Insights page to the navigation; any change makes its figures stale."""

    def compute(weeks: int, progress: Progress) -> Insights:
        # Loaded with the first look at the page, on the worker thread.
        from callbook.services.insights import insights

        return insights(store, clock, weeks, progress)

    page = InsightsPage(compute)
    action = QAction("&Insights", window)
    action.setObjectName("Insights")
    action.setShortcut(QKeySequence("Ctrl+5"))
    action.setToolTip("Insights: when to call, what gets returned, who is slipping (Ctrl+5)")
    window.add_page(INSIGHTS, page, action, page.reload)
    page.status.connect(lambda text: window.statusBar().showMessage(text, 8000))
    page.open_contact.connect(window.open_card)

    def stale(_published: Published) -> None:
        page.mark_stale()

    window.bus.published.connect(stale)
    return InsightsInWindow(page, action)
