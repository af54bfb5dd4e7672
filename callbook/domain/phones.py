"""Phone numbers: parsed to E.164, shown the way the rep dials them, zone guessed when sure."""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberFormat, timezone


def parse_phone(text: str, default_region: str) -> str:
    """The number in E.164 ('+14155550123'); a number without '+' is read in `default_region`."""
    raw = text.strip()
    if not raw:
        raise ValueError("no phone number given")
    try:
        number = phonenumbers.parse(raw, default_region.upper() or None)
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"'{text}' is not a phone number: {_reason(error)}") from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError(f"'{text}' has too few or too many digits for a phone number")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _reason(error: phonenumbers.NumberParseException) -> str:
    reasons = {
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: (
            "its country is unknown; start it with + and the country code"
        ),
        phonenumbers.NumberParseException.NOT_A_NUMBER: "it has no digits to dial",
        phonenumbers.NumberParseException.TOO_SHORT_NSN: "it is too short",
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "it is too short",
        phonenumbers.NumberParseException.TOO_LONG: "it is too long",
    }
    return reasons.get(error.error_type, "it could not be read")


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
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    zones = [z for z in timezone.time_zones_for_number(number) if z != "Etc/Unknown"]
    return zones[0] if len(zones) == 1 else None
