"""The contact list: counted, sorted and filtered in SQL, pages that add up to the whole."""

from __future__ import annotations

from datetime import timedelta

import pytest

from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Outcome, Purpose, Tier
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.card_edits import set_tags
from callbook.services.contact_list import (
    ListQuery,
    SortBy,
    all_tags,
    contact_page,
    count_contacts,
    has_contacts,
)
from callbook.services.contacts import NewContact, add_contact
from callbook.services.demo import fill_with_demo
from callbook.store.engine import Store


@pytest.fixture
def three(store: Store, clock: FixedClock) -> dict[str, int]:
    ana = add_contact(store, clock, NewContact("Ana", "Silva", company="Northwind", tier=Tier.A))
    ben = add_contact(store, clock, NewContact("Ben", "Adler", company="Acme", tier=Tier.C))
    cai = add_contact(store, clock, NewContact("Cai", "Moreau", company="Globex", tier=Tier.B))
    log_interaction(store, clock, LogEntry(ben, Outcome.CONNECTED, Purpose.CHECKIN))
    clock.advance(timedelta(days=4))
    log_interaction(store, clock, LogEntry(cai, Outcome.CONNECTED, Purpose.CHECKIN))
    clock.advance(timedelta(days=1))
    return {"ana": ana, "ben": ben, "cai": cai}


def names(store: Store, clock: FixedClock, query: ListQuery) -> list[str]:
    return [r.name for r in contact_page(store, clock, query, 0, 100)]


def test_first_start_has_no_contacts(store: Store) -> None:
    assert not has_contacts(store)
    assert count_contacts(store, ListQuery()) == 0


def test_sorted_by_name_company_tier(
    store: Store, clock: FixedClock, three: dict[str, int]
) -> None:
    assert has_contacts(store)
    assert names(store, clock, ListQuery()) == ["Ben Adler", "Cai Moreau", "Ana Silva"]
    assert names(store, clock, ListQuery(SortBy.NAME, descending=True)) == [
        "Ana Silva",
        "Cai Moreau",
        "Ben Adler",
    ]
    assert names(store, clock, ListQuery(SortBy.COMPANY)) == [
        "Ben Adler",
        "Cai Moreau",
        "Ana Silva",
    ]
    assert names(store, clock, ListQuery(SortBy.TIER)) == ["Ana Silva", "Cai Moreau", "Ben Adler"]


def test_sorted_by_last_checkin_and_days_since_with_never_checked_in_last_or_first(
    store: Store, clock: FixedClock, three: dict[str, int]
) -> None:
    newest_first = ListQuery(SortBy.LAST_CHECKIN, descending=True)
    assert names(store, clock, newest_first) == ["Cai Moreau", "Ben Adler", "Ana Silva"]
    longest_first = ListQuery(SortBy.DAYS_SINCE, descending=True)
    assert names(store, clock, longest_first) == ["Ana Silva", "Ben Adler", "Cai Moreau"]
    rows = {r.name: r.days_since_checkin for r in contact_page(store, clock, ListQuery(), 0, 9)}
    assert rows == {"Ana Silva": None, "Ben Adler": 5, "Cai Moreau": 1}


def test_filtered_by_tier_and_tag(store: Store, clock: FixedClock, three: dict[str, int]) -> None:
    assert names(store, clock, ListQuery(tier=Tier.C)) == ["Ben Adler"]
    set_tags(store, clock, three["ana"], ["golf"])
    set_tags(store, clock, three["cai"], ["golf", "renewal"])
    assert all_tags(store) == ["golf", "renewal"]
    assert names(store, clock, ListQuery(tag="golf")) == ["Cai Moreau", "Ana Silva"]
    assert count_contacts(store, ListQuery(tier=Tier.A, tag="golf")) == 1
    assert names(store, clock, ListQuery(tag="nobody")) == []


@pytest.mark.parametrize("sort_by", list(SortBy))
def test_pages_add_up_to_the_whole_list_in_order(
    store: Store, clock: FixedClock, sort_by: SortBy
) -> None:
    fill_with_demo(store, clock.now(), 90, seed=11)
    query = ListQuery(sort_by)
    whole = [r.contact_id for r in contact_page(store, clock, query, 0, 1000)]
    paged = []
    for start in range(0, 90, 25):
        paged += [r.contact_id for r in contact_page(store, clock, query, start, 25)]
    assert paged == whole
    assert len(set(whole)) == count_contacts(store, query) == 90
