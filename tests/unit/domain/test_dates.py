"""Birthdays, yearly dates and the short due dates a rep types (F2, F5)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callbook.domain.dates import YearlyDate, parse_due, parse_yearly

WEDNESDAY = date(2026, 3, 4)
FRIDAY = date(2026, 3, 6)


# --- yearly dates ------------------------------------------------------------


def test_leap_day_without_year_is_a_valid_birthday() -> None:
    assert YearlyDate(2, 29) == YearlyDate(month=2, day=29, year=None)


@pytest.mark.parametrize(
    ("month", "day", "year"),
    [(2, 30, None), (4, 31, None), (13, 1, None), (0, 10, None), (6, 0, None), (2, 29, 1985)],
)
def test_impossible_dates_are_refused(month: int, day: int, year: int | None) -> None:
    with pytest.raises(ValueError, match=rf"^{day}/{month}\b.* is not a date"):
        YearlyDate(month, day, year)


def test_leap_day_in_a_non_leap_year_names_the_year() -> None:
    # "29/2 is not a date" alone would puzzle someone born on a real 29 February.
    with pytest.raises(ValueError, match="29/2/1985 is not a date"):
        YearlyDate(2, 29, 1985)


def test_leap_day_with_a_leap_birth_year_is_valid() -> None:
    assert YearlyDate(2, 29, 1988).year == 1988


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2027, date(2027, 2, 28)), (2028, date(2028, 2, 29)), (2100, date(2100, 2, 28))],
)
def test_leap_day_is_kept_on_28_february_in_non_leap_years(year: int, expected: date) -> None:
    assert YearlyDate(2, 29).in_year(year) == expected


def test_next_occurrence_is_today_when_it_falls_today() -> None:
    assert YearlyDate(3, 4, 1980).next_on_or_after(WEDNESDAY) == WEDNESDAY


def test_next_occurrence_later_this_year() -> None:
    assert YearlyDate(12, 31).next_on_or_after(date(2026, 1, 1)) == date(2026, 12, 31)


def test_next_occurrence_wraps_past_year_end() -> None:
    assert YearlyDate(1, 1).next_on_or_after(date(2026, 12, 31)) == date(2027, 1, 1)
    assert YearlyDate(3, 3).next_on_or_after(WEDNESDAY) == date(2027, 3, 3)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 2, 28), date(2027, 2, 28)),  # non-leap: celebrated on the 28th
        (date(2027, 3, 1), date(2028, 2, 29)),
        (date(2028, 2, 28), date(2028, 2, 29)),  # leap: on the day itself, not the 28th
        (date(2028, 2, 29), date(2028, 2, 29)),
        (date(2028, 3, 1), date(2029, 2, 28)),
    ],
)
def test_next_leap_day_birthday(today: date, expected: date) -> None:
    assert YearlyDate(2, 29).next_on_or_after(today) == expected


@pytest.mark.parametrize(
    ("when", "age"),
    [
        (date(2026, 4, 11), 40),  # the day before the birthday
        (date(2026, 4, 12), 41),
        (date(2026, 12, 31), 41),
        (date(2027, 1, 1), 41),
    ],
)
def test_age_counts_full_years(when: date, age: int) -> None:
    assert YearlyDate(4, 12, 1985).age_on(when) == age


@pytest.mark.parametrize(
    ("when", "age"),
    [
        (date(2001, 2, 27), 0),
        (date(2001, 2, 28), 1),
        (date(2004, 2, 28), 3),
        (date(2004, 2, 29), 4),
    ],
)
def test_leap_day_baby_ages_on_the_day_the_birthday_is_kept(when: date, age: int) -> None:
    assert YearlyDate(2, 29, 2000).age_on(when) == age


def test_age_unknown_without_a_year() -> None:
    assert YearlyDate(4, 12).age_on(date(2026, 4, 12)) is None


@given(
    month=st.integers(1, 12),
    day=st.integers(1, 31),
    year=st.none() | st.integers(1900, 2030),
    today=st.dates(min_value=date(1950, 1, 1), max_value=date(2200, 12, 31)),
)
def test_next_occurrence_is_within_a_year_and_on_the_right_day(
    month: int, day: int, year: int | None, today: date
) -> None:
    try:
        yearly = YearlyDate(month, day, year)
    except ValueError:
        return
    when = yearly.next_on_or_after(today)
    assert today <= when <= today + timedelta(days=365)
    if (month, day) == (2, 29) and not calendar.isleap(when.year):
        assert (when.month, when.day) == (2, 28)
    else:
        assert (when.month, when.day) == (month, day)


# --- parse_yearly ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-04-12", YearlyDate(4, 12, 1985)),
        ("--04-12", YearlyDate(4, 12)),
        ("04-12", YearlyDate(4, 12)),
        ("4-2", YearlyDate(4, 2)),
        ("  --12-31 ", YearlyDate(12, 31)),
        ("--02-29", YearlyDate(2, 29)),
        ("1988-02-29", YearlyDate(2, 29, 1988)),
    ],
)
def test_parse_yearly_forms(text: str, expected: YearlyDate) -> None:
    assert parse_yearly(text) == expected


@pytest.mark.parametrize("text", ["", "April 12", "12/04/1985", "19850412", "85-04-12", "--0412"])
def test_parse_yearly_rejects_unknown_forms_naming_the_input(text: str) -> None:
    with pytest.raises(
        ValueError, match=f"'{re.escape(text)}' is not a date; use YYYY-MM-DD or MM-DD"
    ):
        parse_yearly(text)


@pytest.mark.parametrize("text", ["1985-02-29", "--02-30", "13-01", "1985-04-31"])
def test_parse_yearly_rejects_impossible_dates(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_yearly(text)


# --- parse_due ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+2", date(2026, 3, 6)),
        ("+0", WEDNESDAY),
        ("+3d", date(2026, 3, 7)),
        ("+1w", date(2026, 3, 11)),
        ("+2W", date(2026, 3, 18)),
        ("+30", date(2026, 4, 3)),
        ("today", WEDNESDAY),
        (" Today ", WEDNESDAY),
        ("tod", WEDNESDAY),
        ("tomorrow", date(2026, 3, 5)),
        ("TOM", date(2026, 3, 5)),
        ("tmrw", date(2026, 3, 5)),
        ("fri", FRIDAY),
        ("Friday", FRIDAY),
        ("mon", date(2026, 3, 9)),
        ("tues", date(2026, 3, 10)),
        ("thurs", date(2026, 3, 5)),
        ("sunday", date(2026, 3, 8)),
        ("wed", date(2026, 3, 11)),  # today is Wednesday: the next one
        ("2026-12-01", date(2026, 12, 1)),
        ("2027-01-15", date(2027, 1, 15)),
    ],
)
def test_parse_due_from_a_wednesday(text: str, expected: date) -> None:
    assert parse_due(text, WEDNESDAY) == expected


@pytest.mark.parametrize("text", ["fri", "friday", "FRI"])
def test_friday_typed_on_a_friday_means_next_friday(text: str) -> None:
    assert parse_due(text, FRIDAY) == date(2026, 3, 13)


def test_weekday_wraps_into_next_month_and_year() -> None:
    assert parse_due("fri", date(2026, 12, 31)) == date(2027, 1, 1)
    assert parse_due("+1w", date(2026, 12, 28)) == date(2027, 1, 4)


def test_weekday_names_do_not_depend_on_the_process_locale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # QApplication calls setlocale(LC_ALL, "") on Unix, so calendar.day_name turns
    # German on a German desktop; the rep still types English day names.
    german = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
    monkeypatch.setattr(calendar, "day_name", german)
    assert parse_due("friday", WEDNESDAY) == FRIDAY
    assert parse_due("thurs", WEDNESDAY) == date(2026, 3, 5)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2027-02-29"])
def test_impossible_calendar_day_is_named_in_the_error(text: str) -> None:
    with pytest.raises(ValueError, match=f"^'{re.escape(text)}' is not a day on the calendar$"):
        parse_due(text, WEDNESDAY)


@pytest.mark.parametrize(
    "text",
    ["blah", "fr", "fridays", "weds", "+", "-2", "2", "+1m", "+1000", "2026-3-4", "next week"],
)
def test_unreadable_due_date_is_named_in_the_error(text: str) -> None:
    with pytest.raises(ValueError, match=f"^'{re.escape(text)}' is not a date I understand; try "):
        parse_due(text, WEDNESDAY)


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_due_date_says_nothing_was_given(text: str) -> None:
    with pytest.raises(ValueError, match=r"^no date given$"):
        parse_due(text, WEDNESDAY)


@given(days=st.integers(0, 999), today=st.dates(date(2000, 1, 1), date(2100, 1, 1)))
def test_plus_n_is_n_days_ahead(days: int, today: date) -> None:
    assert parse_due(f"+{days}", today) == today + timedelta(days=days)
    assert parse_due(f"+{days}d", today) == today + timedelta(days=days)


@given(today=st.dates(date(2000, 1, 1), date(2100, 1, 1)), weekday=st.integers(0, 6))
def test_a_weekday_is_always_one_to_seven_days_ahead(today: date, weekday: int) -> None:
    due = parse_due(("mon", "tue", "wed", "thu", "fri", "sat", "sun")[weekday], today)
    assert due.weekday() == weekday
    assert 1 <= (due - today).days <= 7
