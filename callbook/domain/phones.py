"""Phone numbers: one rule for E.164, shown the way the rep dials them, zone guessed when sure."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType, ValidationResult, timezone

# phonenumbers compiles its patterns on every call unless told to keep them; Python's own
# cache of compiled patterns still costs most of the time a big import spends on numbers.
phonenumbers.enable_pattern_cache()

# Written exactly as E.164 ('+4930123456'): a tel: URI or Callbook's own export.
_E164 = re.compile(r"\+[1-9]\d{5,14}")


@dataclass(frozen=True)
class ReadPhone:
    """A number as written, and what it was read as: E.164 and extension, or why not."""

    written: str
    e164: str | None
    extension: str
    why_not: str = ""
    zone: str | None = None  # the IANA zone when the number has exactly one
    region: str = ""  # the country it belongs to, when asked for


def read_phone(
    written: str, region: str | None, with_zone: bool = False, with_region: bool = False
) -> ReadPhone:
    """The one rule for every number the rep types or imports: E.164 only when it is a valid
    number (read in `region` when it has no country code), else kept as written with why.

    A number written exactly as E.164 and possible in length is kept as it is, so a number
    Callbook wrote out comes back the same."""
    text = written.strip()
    if not text:
        return ReadPhone(written, None, "", "there is no number")
    try:
        number = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException as error:
        return ReadPhone(written, None, "", _reason(error))
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    # The number's type says at once whether it is valid and which zones it has: worked
    # out once here, because for a big import it is most of the time spent on numbers.
    kind = phonenumbers.number_type(number)
    possible = (
        ValidationResult.IS_POSSIBLE
        if kind != PhoneNumberType.UNKNOWN
        else phonenumbers.is_possible_number_with_reason(number)
    )
    if kind != PhoneNumberType.UNKNOWN or (
        text == e164 and _E164.fullmatch(e164) and possible == ValidationResult.IS_POSSIBLE
    ):
        valid = kind != PhoneNumberType.UNKNOWN
        zone = _zone(number, kind) if with_zone and valid else None
        country = phonenumbers.region_code_for_number(number) if with_region and valid else ""
        return ReadPhone(written, e164, number.extension or "", zone=zone, region=_country(country))
    where = "" if text.startswith("+") or not region else f" in {region.upper()}"
    if possible in (ValidationResult.IS_POSSIBLE_LOCAL_ONLY, ValidationResult.IS_POSSIBLE):
        return ReadPhone(written, None, "", f"it lacks its area code or is not in use{where}")
    lengths = {
        ValidationResult.TOO_SHORT: "it has too few digits",
        ValidationResult.TOO_LONG: "it has too many digits",
        ValidationResult.INVALID_LENGTH: "it has the wrong number of digits",
    }
    return ReadPhone(
        written, None, "", f"{lengths.get(possible, 'it is not a valid number')}{where}"
    )


def parse_phone(text: str, default_region: str) -> str:
    """The number in E.164 ('+14155550123') by `read_phone`'s rule; ValueError saying why not."""
    if not text.strip():
        raise ValueError("no phone number given")
    number = read_phone(text, default_region)
    if number.e164 is None:
        raise ValueError(f"'{text.strip()}' cannot be stored as a number: {number.why_not}")
    return number.e164


def _zone(number: phonenumbers.PhoneNumber, kind: int) -> str | None:
    if phonenumbers.is_number_type_geographical(kind, number.country_code or 0):
        return _one_zone(timezone.time_zones_for_geographical_number(number))
    return _country_zone(number.country_code)


@functools.cache
def _country_zone(country_code: int | None) -> str | None:
    # A mobile says only its country: the zone is the country's, the same for every number.
    return _one_zone(
        timezone._country_level_time_zones_for_number(
            phonenumbers.PhoneNumber(country_code=country_code)
        )
    )


def _one_zone(zones: tuple[str, ...]) -> str | None:
    known = [z for z in zones if z != "Etc/Unknown"]
    return known[0] if len(known) == 1 else None


def _reason(error: phonenumbers.NumberParseException) -> str:
    reasons = {
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: (
            "its country is unknown; start it with + and the country code"
        ),
        phonenumbers.NumberParseException.NOT_A_NUMBER: "it is not a phone number",
        phonenumbers.NumberParseException.TOO_SHORT_NSN: "it is too short",
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "it is too short",
        phonenumbers.NumberParseException.TOO_LONG: "it is too long",
    }
    return reasons.get(error.error_type, "it is not a phone number")


def display_phone(e164: str, home_region: str) -> str:
    """National format for numbers in the rep's own country, international otherwise."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    same_country = phonenumbers.region_code_for_number(number) == home_region.upper()
    style = PhoneNumberFormat.NATIONAL if same_country else PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


def international_phone(e164: str) -> str:
    """A stored number as people write it across borders: '+44 20 7946 8554'."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def zone_for_phone(e164: str) -> str | None:
    """The IANA zone of the number when it has exactly one, else None."""
    return read_phone(e164, None, with_zone=True).zone


def region_of_phone(e164: str) -> str:
    """The country a stored number belongs to ('DE'), '' when it is no one country's."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return ""
    return _country(phonenumbers.region_code_for_number(number))


def _country(region: str | None) -> str:
    # '001' is the world: satellite phones and the like.
    return region if region and region != "001" else ""
