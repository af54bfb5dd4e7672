"""One rule for phone numbers: E.164 only when valid, the same words wherever it is refused."""

from __future__ import annotations

import pytest

from callbook.domain.phones import parse_phone, read_phone, zone_for_phone


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("(415) 555-0100", "US", "+14155550100"),
        ("030 1234567", "DE", "+49301234567"),
        ("+44 20 7946 0958", "DE", "+442079460958"),
        # Written exactly as E.164 and of a dialable length: a number Callbook wrote out.
        ("+12120000000", "DE", "+12120000000"),
    ],
)
def test_a_valid_number_is_stored_as_e164(typed: str, region: str, e164: str) -> None:
    assert read_phone(typed, region).e164 == e164
    assert parse_phone(typed, region) == e164


@pytest.mark.parametrize(
    ("typed", "region", "why"),
    [
        ("3456789", "US", "it lacks its area code or is not in use in US"),
        ("+1-555-0123", "US", "it lacks its area code or is not in use"),
        ("555", "US", "it has too few digits in US"),
        ("call reception", "DE", "it is not a phone number"),
    ],
)
def test_a_number_that_is_not_valid_is_never_stored(typed: str, region: str, why: str) -> None:
    number = read_phone(typed, region)
    assert number.e164 is None
    assert number.why_not == why
    with pytest.raises(ValueError, match=f"cannot be stored as a number: {why}"):
        parse_phone(typed, region)


def test_the_extension_is_read_apart_from_the_number() -> None:
    number = read_phone("+49 30 1234567 ext. 12", None)
    assert (number.e164, number.extension) == ("+49301234567", "12")


def test_a_zone_is_given_only_when_the_number_has_one() -> None:
    assert read_phone("+49 30 1234567", None, with_zone=True).zone == "Europe/Berlin"
    assert zone_for_phone("+4915112345678") == "Europe/Berlin"
    # A US mobile could be anywhere in the country.
    assert zone_for_phone("+12025550100") == "America/New_York"
    assert read_phone("+1 800 555 0100", None, with_zone=True).zone is None
