"""The Waiting-on-them page: the list by days waiting, the total, logging and giving up (F8)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Channel, Outcome, Purpose
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.contacts import NewContact, add_contact
from callbook.services.loops import waiting_count, waiting_on_them
from callbook.store.engine import Store
from callbook.ui.ops import ChangeBus
from callbook.ui.waiting import WaitingModel, WaitingPage, WaitingTotal


def touch(store: Store, clock: FixedClock, cid: int, outcome: Outcome, **kw: object) -> None:
    entry = LogEntry(cid, outcome, kw.pop("purpose", Purpose.BUSINESS), **kw)  # type: ignore[arg-type]
    log_interaction(store, clock, entry)


@pytest.fixture
def three_waiting(store: Store, clock: FixedClock) -> dict[str, int]:
    ids = {
        name: add_contact(
            store, clock, NewContact(name, company=company, time_zone="Europe/Berlin")
        )
        for name, company in (("Ana", "Acme"), ("Mike", ""), ("Kenji", "Sora"), ("Lea", ""))
    }
    touch(store, clock, ids["Ana"], Outcome.VOICEMAIL, note="Regatta pictures\nsecond line")
    clock.advance(timedelta(days=2))
    touch(store, clock, ids["Ana"], Outcome.NO_ANSWER)
    touch(store, clock, ids["Mike"], Outcome.NO_ANSWER, channel=Channel.EMAIL, note="Pricing")
    clock.advance(timedelta(days=3))
    touch(store, clock, ids["Kenji"], Outcome.GATEKEEPER)
    touch(store, clock, ids["Lea"], Outcome.CONNECTED)  # nothing left waiting
    return ids


def test_the_model_passes_the_model_tester_full_and_empty(
    qtmodeltester: ModelTester, store: Store, clock: FixedClock, three_waiting: dict[str, int]
) -> None:
    model = WaitingModel(clock)
    model.set_rows(waiting_on_them(store, clock))
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_longest_waiting_first_with_attempts_and_next_try(
    qtbot: QtBot, store: Store, clock: FixedClock, three_waiting: dict[str, int]
) -> None:
    page = WaitingPage(store, clock, ChangeBus())
    qtbot.addWidget(page)
    page.reload()
    assert page.total.text() == "3 messages waiting to be returned"
    shown = [
        [page.proxy.index(r, c).data() for c in range(page.proxy.columnCount())]
        for r in range(page.proxy.rowCount())
    ]
    assert shown == [
        [
            "Ana · Acme",
            "Voicemail of Mon 23 Nov: Regatta pictures",
            "5",
            "2",
            "due since Fri 27 Nov",
        ],
        ["Mike", "Email of Wed 25 Nov: Pricing", "3", "1", "due since Fri 27 Nov"],
        ["Kenji · Sora", "Voicemail of Sat 28 Nov", "0", "1", "Mon 30 Nov"],
    ]
    due = page.proxy.index(0, WaitingModel.NEXT).data(Qt.ItemDataRole.FontRole)
    assert due is not None and due.bold()
    # A click on a header sorts by it: fewest attempts first.
    page.table.sortByColumn(WaitingModel.ATTEMPTS, Qt.SortOrder.AscendingOrder)
    assert page.proxy.index(2, 0).data() == "Ana · Acme"


def test_enter_logs_the_next_try_and_moving_shows_the_card(
    qtbot: QtBot, store: Store, clock: FixedClock, three_waiting: dict[str, int]
) -> None:
    page = WaitingPage(store, clock, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.reload()
    page.table.setFocus()
    with qtbot.waitSignal(page.contact_chosen) as chosen:
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert chosen.args == [three_waiting["Mike"]]
    with qtbot.waitSignal(page.log_requested) as requested:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert requested.args == [three_waiting["Mike"]]


def test_stop_chasing_asks_then_takes_the_row_off(
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    three_waiting: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = WaitingPage(store, clock, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.reload()
    page.table.setFocus()
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def question(_parent: object, _title: str, text: str, *_rest: object) -> object:
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked == [
        "Stop chasing Ana · Acme? The log keeps every try; a reply still shows up as usual."
    ]
    assert waiting_count(store) == 3

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(page._bus.published) as published:
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert published.args[0].changed.loops
    assert waiting_count(store) == 2
    assert page.total.text() == "2 messages waiting to be returned"
    assert page.proxy.index(0, 0).data() == "Mike"


def test_nothing_waiting_says_what_the_page_is_for(
    qtbot: QtBot, store: Store, clock: FixedClock
) -> None:
    page = WaitingPage(store, clock, ChangeBus())
    qtbot.addWidget(page)
    page.reload()
    assert page.total.text() == "No messages waiting to be returned"
    assert page.stack.currentWidget() is page.empty
    assert "Nobody owes you a reply" in page.empty.text()
    assert not page.stop_button.isEnabled()


def test_the_total_for_the_main_window_counts_open_loops(
    qtbot: QtBot, store: Store, clock: FixedClock, three_waiting: dict[str, int]
) -> None:
    total = WaitingTotal(store)
    qtbot.addWidget(total)
    assert total.text() == "3 messages waiting to be returned"
    touch(store, clock, three_waiting["Kenji"], Outcome.REPLIED)
    total.refresh()
    assert total.text() == "2 messages waiting to be returned"
