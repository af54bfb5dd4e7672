"""Dates in the window follow the desktop's locale; the terminal keeps its plain '4 Dec'."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QLocale

from callbook.domain.dates import short_date as plain_short_date
from callbook.ui.dates import long_day, short_date, weekday_date

TODAY = date(2026, 11, 23)


@pytest.fixture
def desktop_locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("name", "this_year", "last_year", "with_day"),
    [
        ("en_US", "Dec 4", "Dec 4, 2025", "Fri Dec 4"),
        ("en_GB", "4 Dec", "4 Dec 2025", "Fri 4 Dec"),
        ("de_DE", "4. Dez.", "4. Dez. 2025", "Fr. 4. Dez."),
        ("ja_JP", "12月4日", "2025年12月4日", "金 12月4日"),
    ],
)
def test_dates_read_the_desktops_way(
    desktop_locale: None, name: str, this_year: str, last_year: str, with_day: str
) -> None:
    QLocale.setDefault(QLocale(name))
    assert short_date(date(2026, 12, 4), TODAY) == this_year
    assert short_date(date(2025, 12, 4), TODAY) == last_year
    assert weekday_date(date(2026, 12, 4), TODAY) == with_day


def test_the_terminal_keeps_its_own_words(desktop_locale: None) -> None:
    QLocale.setDefault(QLocale("de_DE"))
    assert plain_short_date(date(2026, 12, 4), TODAY) == "4 Dec"
    assert plain_short_date(date(2025, 12, 4), TODAY) == "4 Dec 2025"


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("en_US", "Friday, December 4"),
        ("en_GB", "Friday, 4 December"),
        ("de_DE", "Freitag, 4. Dezember"),
    ],
)
def test_a_pages_heading_names_the_day_the_desktops_way(
    desktop_locale: None, name: str, heading: str
) -> None:
    QLocale.setDefault(QLocale(name))
    assert long_day(date(2026, 12, 4)) == heading
