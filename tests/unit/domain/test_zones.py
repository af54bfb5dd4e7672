"""Time zones read and typed as places."""

from __future__ import annotations

import pytest

from callbook.domain.zones import find_zone, place_names, zone_place, zone_words


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("America/New_York", "New York time"),
        ("Asia/Jerusalem", "Jerusalem time"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires time"),
        ("Etc/UTC", "UTC"),
        ("UTC", "UTC"),
        ("Etc/GMT+5", "UTC−5"),
        ("Etc/GMT-3", "UTC+3"),
    ],
)
def test_a_zone_reads_as_its_place(key: str, words: str) -> None:
    assert zone_words(key) == words
    assert "/" not in zone_place(key)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("new york", "America/New_York"),
        ("  Los   Angeles ", "America/Los_Angeles"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("utc", "UTC"),
        ("Jerusalem", "Asia/Jerusalem"),
    ],
)
def test_a_city_finds_its_zone(typed: str, key: str) -> None:
    assert find_zone(typed) == key


def test_an_unknown_place_finds_nothing() -> None:
    assert find_zone("Mars") is None
    assert find_zone("") is None


def test_the_places_offered_are_plain_city_names() -> None:
    names = place_names()
    assert "New York" in names and "Berlin" in names
    assert not [n for n in names if "/" in n or "_" in n]
