"""At 1280×720 Today fits beside the card and the nudges panel; the card reads as a brief."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
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
    # Two lines a row: who over why, their time over the best way.
    assert shown == [TodayModel.WHO, TodayModel.THEIR_TIME]
    qtbot.waitUntil(lambda: not table.horizontalScrollBar().isVisible())
    right = header.sectionViewportPosition(TodayModel.THEIR_TIME) + header.sectionSize(
        TodayModel.THEIR_TIME
    )
    assert right <= table.viewport().width(), "the best way shows without scrolling"
    model = window.today_page.model
    first = model.index(0, TodayModel.WHO)
    name_line, reason_line = first.data().split("\n")
    assert reason_line == model.index(0, TodayModel.WHY).data()
    assert first.data(Qt.ItemDataRole.ToolTipRole).startswith(name_line)
    # Most reasons read whole beside the card and the panel, not cut to a word or two.
    metrics = table.fontMetrics()
    room = header.sectionSize(TodayModel.WHO) - 12
    rows = range(min(15, model.rowCount()))
    whole = [r for r in rows if metrics.horizontalAdvance(model.index(r, 1).data()) <= room]
    assert len(whole) >= 0.6 * len(rows), f"{len(whole)} of {len(rows)} reasons read whole"
    assert room >= 280


def test_the_current_row_has_call_text_email_log_and_snooze_buttons(
    make_window: WindowFactory,
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_contact(store, clock, NewContact("Ana", "Silva", phones=[("mobile", "+1 212 555 0100")]))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = make_window()
    table = window.today_page.table
    bar = window.today_page.row_actions
    assert bar is not None
    qtbot.waitUntil(bar.isVisible)
    assert [b.accessibleName() for b in bar.buttons] == ["Call", "Text", "Email", "Log", "Snooze"]
    # The buttons ride on the current row, at the end of its first line.
    row = table.visualRect(table.currentIndex().siblingAtColumn(TodayModel.THEIR_TIME))
    assert row.top() <= bar.y() and bar.geometry().bottom() <= row.center().y() + 1
    assert bar.geometry().right() <= table.viewport().width()
    qtbot.mouseClick(bar.buttons[0], Qt.MouseButton.LeftButton)
    assert [u.toString() for u in opened] == ["tel:+12125550100"]


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
