"""At 1280×720 Today fits beside the card and the nudges panel; the card reads as a brief."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.contacts import NewContact, add_contact
from callbook.store.engine import Store
from callbook.ui.main_window import NUDGES_DOCK, MainWindow
from callbook.ui.menus import action_name
from callbook.ui.today_model import TodayModel

WindowFactory = Callable[[], MainWindow]


def test_today_fits_at_1280_with_the_nudges_panel_open(
    make_window: WindowFactory, qtbot: QtBot, demo_store: Store
) -> None:
    window = make_window()
    window.resize(1280, 720)
    assert window.findChild(QDockWidget, NUDGES_DOCK).isVisible()
    qtbot.waitUntil(lambda: window.width() == 1280)
    table = window.today_page.table
    header = table.header()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    assert shown == [TodayModel.WHO, TodayModel.WHY, TodayModel.THEIR_TIME, TodayModel.BEST_WAY]
    qtbot.waitUntil(lambda: not table.horizontalScrollBar().isVisible())
    best_way_right = header.sectionViewportPosition(TodayModel.BEST_WAY) + header.sectionSize(
        TodayModel.BEST_WAY
    )
    assert best_way_right <= table.viewport().width(), "the best way shows without scrolling"
    assert header.sectionSize(TodayModel.WHY) >= 100, "why keeps room to be read"
    model = window.today_page.model
    why = model.index(0, TodayModel.WHY)
    assert why.data(Qt.ItemDataRole.ToolTipRole).startswith(why.data()[:20])


def test_a_row_has_the_contact_actions_on_right_click(
    make_window: WindowFactory, store: Store, clock: FixedClock
) -> None:
    add_contact(store, clock, NewContact("Ana", "Silva", phones=[("mobile", "+1 212 555 0100")]))
    window = make_window()
    table = window.today_page.table
    assert table.contextMenuPolicy() is Qt.ContextMenuPolicy.ActionsContextMenu
    names = [action_name(a) for a in table.actions() if not a.isSeparator()]
    assert names == ["Call", "Text", "Email", "Copy number", "Log", "Snooze"]


def test_the_timeline_says_each_touch_in_words_without_a_table(
    make_window: WindowFactory, store: Store, clock: FixedClock
) -> None:
    ana = add_contact(store, clock, NewContact("Ana", "Silva"))
    log_interaction(
        store,
        clock,
        LogEntry(ana, Outcome.REPLIED, Purpose.BUSINESS, Channel.TEXT, Direction.INBOUND),
    )
    clock.advance(timedelta(hours=1))
    log_interaction(
        store,
        clock,
        LogEntry(
            ana, Outcome.CONNECTED, Purpose.CHECKIN, duration_seconds=12 * 60, note="Kids well"
        ),
    )
    window = make_window()
    window.show_card(ana)
    text = window.card.timeline.text()
    assert "Call · connected · 12 min · <i>personal check-in</i>" in text
    assert "Text from them · they replied" in text
    assert "Kids well" in text
    assert "Text first" not in text, "the words of a touch, not of a preference"
