"""Reading a contact's phone numbers from a file: valid E.164 or kept as typed, extensions too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat

from callbook.interchange.regions import region_of_country

# The notes lines an import writes for what E.164 cannot hold; the vCard export reads
# them back, so the number and its extension go out again as TEL.
_EXTENSION_LINE = re.compile(r"^Phone \((.*)\) (\+\d+) extension (\d+)$", re.MULTILINE)
_E164 = re.compile(r"\+[1-9]\d{5,14}")
_KEPT_LINE = re.compile(r"^Phone \((.*)\) not understood: (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class ReadNumber:
    """One number as written, and what it was read as: E.164 and extension, or nothing."""

    written: str
    e164: str | None
    extension: str
    why_not: str = ""


def region_of_card(
    numbers: Iterable[str], countries: Iterable[str], home_region: str
) -> tuple[str, str]:
    """The country a card's numbers without + are in, and why: that of its numbers with +,
    else of its address, else the rep's own."""
    for written in numbers:
        if not written.strip().startswith("+"):
            continue
        try:
            number = phonenumbers.parse(written, None)
        except phonenumbers.NumberParseException:
            continue
        region = phonenumbers.region_code_for_number(number)
        if region and region != "001" and phonenumbers.is_valid_number(number):
            return region, "as its other numbers"
    for country in countries:
        region = region_of_country(country)
        if region:
            return region, f"as its address in {country.strip()}"
    return home_region, "as your own country"


def read_number(written: str, region: str) -> ReadNumber:
    """`written` in E.164 when it is a valid number (read in `region` when it has no
    country code); else kept as written, with the reason."""
    try:
        number = phonenumbers.parse(written.strip(), region)
    except phonenumbers.NumberParseException:
        return ReadNumber(written, None, "", "it is not a phone number")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    possible = phonenumbers.is_possible_number_with_reason(number)
    if phonenumbers.is_valid_number(number) or (
        # Written exactly as E.164 (a tel: URI, Callbook's own export) and dialable in
        # length: kept as it is, so a number the rep saved comes back the same.
        written.strip() == e164
        and _E164.fullmatch(e164)
        and possible == phonenumbers.ValidationResult.IS_POSSIBLE
    ):
        return ReadNumber(written, e164, number.extension or "")
    local = possible in (
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
        phonenumbers.ValidationResult.IS_POSSIBLE,
    )
    where = "" if written.strip().startswith("+") else f" in {region}"
    reason = (
        f"it lacks its area code or is not in use{where}"
        if local
        else f"it is not a valid number{where}"
    )
    return ReadNumber(written, None, "", reason)


def extension_line(label: str, e164: str, extension: str) -> str:
    """The notes line that keeps a number's extension: 'Phone (work) +4930123 extension 12'."""
    return f"Phone ({label}) {e164} extension {extension}"


def kept_line(label: str, written: str) -> str:
    """The notes line that keeps a number as typed: 'Phone (home) not understood: 3456789'."""
    return f"Phone ({label}) not understood: {written}"


def extensions_in(notes: str) -> dict[str, str]:
    """E.164 → extension, from the notes lines an import wrote."""
    return {e164: extension for _label, e164, extension in _EXTENSION_LINE.findall(notes)}


def kept_numbers_in(notes: str) -> list[tuple[str, str]]:
    """(label, as written) of the numbers kept as typed in the notes."""
    return [(label, written.strip()) for label, written in _KEPT_LINE.findall(notes)]
