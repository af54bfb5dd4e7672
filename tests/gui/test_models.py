"""Every item model of the window passes Qt's model tester and loads rows lazily."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from callbook.domain.clock import FixedClock
from callbook.domain.today import TodayRow
from callbook.services.contact_list import ListQuery, SortBy
from callbook.services.search import search_contacts
from callbook.services.today import ranked_today, today_list
from callbook.store.engine import Store
from callbook.ui import tables
from callbook.ui.models import ContactListModel, SearchResultsModel
from callbook.ui.tables import CONTACT_ID_ROLE
from callbook.ui.today_model import TodayModel


def test_today_model_passes_the_model_tester(
    qtmodeltester: ModelTester, demo_store: Store, clock: FixedClock
) -> None:
    model = TodayModel(clock)
    model.set_rows(today_list(demo_store, clock))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_contact_list_model_passes_and_fetches_page_by_page(
    qtmodeltester: ModelTester, demo_store: Store, clock: FixedClock, monkeypatch: object
) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(tables, "PAGE", 25)
    model = ContactListModel(demo_store, clock)
    model.reload()
    assert model.rowCount() == 25
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 50
    qtmodeltester.check(model)
    model.sort(1)
    assert model.query.sort_by is SortBy.COMPANY
    companies = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert companies == sorted(companies)
    model.set_query(ListQuery(tier=None, tag="golf"))
    qtmodeltester.check(model)


def test_the_search_model_passes(
    qtmodeltester: ModelTester, demo_store: Store, clock: FixedClock
) -> None:
    results = SearchResultsModel()
    hits = search_contacts(demo_store, "a")
    results.set_hits(hits)
    assert results.rowCount() == len(hits) > 0
    assert results.index(0, 0).data(CONTACT_ID_ROLE) == hits[0].contact_id
    qtmodeltester.check(results)


def test_today_rows_are_built_only_as_the_view_reaches_them(
    qtmodeltester: ModelTester, demo_store: Store, clock: FixedClock, monkeypatch: object
) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(tables, "PAGE", 5)
    monkeypatch.setattr(TodayModel, "FIRST_PAGE", 5)
    asked: list[int] = []

    def load(contact_ids: Sequence[int]) -> list[TodayRow]:
        asked.extend(contact_ids)
        return today_list(demo_store, clock, contact_ids)

    model = TodayModel(clock, load)
    places = ranked_today(demo_store, clock)
    model.set_list(places)
    assert model.rowCount() == 5 < len(places)
    assert asked == [p.contact_id for p in places[:5]]
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == len(places)
    shown = [model.today_row(n) for n in range(model.rowCount())]
    assert [row.place for row in shown if row is not None] == places


def test_someone_no_longer_due_leaves_the_part_of_the_list_not_yet_shown(
    demo_store: Store, clock: FixedClock, monkeypatch: object
) -> None:
    import pytest

    from callbook.services.card_edits import snooze

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(tables, "PAGE", 5)
    monkeypatch.setattr(TodayModel, "FIRST_PAGE", 5)
    model = TodayModel(clock, lambda ids: today_list(demo_store, clock, ids))
    places = ranked_today(demo_store, clock)
    model.set_list(places)
    # Snoozed elsewhere (another window, the command line) after the list was ranked.
    away = places[7].contact_id
    snooze(demo_store, clock, away, clock.now() + timedelta(days=3))
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == len(places) - 1
    assert away not in {
        model.data(model.index(n, 0), CONTACT_ID_ROLE) for n in range(model.rowCount())
    }
    assert all(model.today_row(n) is not None for n in range(model.rowCount()))


def test_a_changed_contact_is_reranked_in_place_as_a_full_refresh_would(
    qtmodeltester: ModelTester, demo_store: Store, clock: FixedClock
) -> None:
    from callbook.domain.card_fields import CardField
    from callbook.domain.vocabulary import Outcome, Purpose
    from callbook.services.call_log import LogEntry, log_interaction
    from callbook.services.card_edits import edit_field

    model = TodayModel(clock)
    model.set_rows(today_list(demo_store, clock))
    qtmodeltester.check(model)
    first, last = model.rows()[0].contact.contact_id, model.rows()[-1].contact.contact_id
    # The top contact is reached (off the list or lower), the last one becomes tier A.
    log_interaction(demo_store, clock, LogEntry(first, Outcome.CONNECTED, Purpose.CHECKIN))
    edit_field(demo_store, clock, last, CardField.TIER, "A")
    changed = {first, last}
    model.replace_contacts(changed, today_list(demo_store, clock, changed))
    fresh = today_list(demo_store, clock)
    assert [r.contact.contact_id for r in model.rows()] == [r.contact.contact_id for r in fresh]
    assert model.rowCount() <= len(fresh)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == len(fresh)


def test_search_results_change_in_place_key_after_key(
    qtmodeltester: ModelTester, demo_store: Store
) -> None:
    results = SearchResultsModel()
    qtmodeltester.check(results)  # stays connected: every change below is checked too
    for typed in ("a", "an", "ana", "zzz", "s", "sa", "", "g"):
        hits = search_contacts(demo_store, typed) if typed else []
        results.set_hits(hits)
        assert results.rowCount() == len(hits)
        shown = [results.index(row, 0).data(CONTACT_ID_ROLE) for row in range(results.rowCount())]
        assert shown == [hit.contact_id for hit in hits]


def _shown_in_a_short_view(
    qtbot: QtBot, demo_store: Store, clock: FixedClock, first: int, then: int
) -> tuple[TodayModel, int, list[int]]:
    """Today in a view about six rows high: the model, rows that fit, contacts built."""
    from callbook.ui.today_page import ContactTable

    built: list[int] = []

    def load(contact_ids: Sequence[int]) -> list[TodayRow]:
        built.extend(contact_ids)
        return today_list(demo_store, clock, contact_ids)

    model = TodayModel(clock, load)
    model.FIRST_PAGE, model.NEXT_PAGE = first, then
    view = ContactTable("Who to call today")
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 120)
    model.set_list(ranked_today(demo_store, clock))
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)
    fits = view.viewport().height() // view.sizeHintForRow(0) + 1
    return model, fits, built


def test_a_list_view_builds_no_rows_beyond_a_full_screen(
    qtbot: QtBot, demo_store: Store, clock: FixedClock
) -> None:
    model, fits, built = _shown_in_a_short_view(qtbot, demo_store, clock, first=9, then=1)
    assert fits < 9 < len(ranked_today(demo_store, clock))
    # The screen is full with the first page: laying it out builds nothing more.
    assert model.rowCount() == 9
    assert len(built) == 9


def test_a_list_view_fetches_rows_until_the_screen_is_full(
    qtbot: QtBot, demo_store: Store, clock: FixedClock
) -> None:
    model, fits, built = _shown_in_a_short_view(qtbot, demo_store, clock, first=2, then=2)
    assert 2 < fits < len(ranked_today(demo_store, clock)) - 2
    qtbot.waitUntil(lambda: model.rowCount() >= fits)
    assert model.rowCount() <= fits + 2  # a page at a time, the last one partly seen
    assert len(built) == model.rowCount()


def test_the_today_heading_counts_down_when_someone_leaves_the_unseen_part(
    qtbot: QtBot, demo_store: Store, clock: FixedClock, monkeypatch: object
) -> None:
    import pytest

    from callbook.services.card_edits import snooze
    from callbook.ui.today_page import TodayPage

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(TodayModel, "FIRST_PAGE", 3)
    page = TodayPage(clock)
    qtbot.addWidget(page)
    page.model.set_loader(lambda ids: today_list(demo_store, clock, ids))
    places = ranked_today(demo_store, clock)
    page.show_list(places, True)
    assert f"{len(places)} people to call" in page.heading.text()
    # Snoozed elsewhere after the list was ranked, further down than the screen.
    snooze(demo_store, clock, places[-1].contact_id, clock.now() + timedelta(days=3))
    while page.model.canFetchMore():
        page.model.fetchMore()
    assert f"{len(places) - 1} people to call" in page.heading.text()
