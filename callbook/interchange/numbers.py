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
_KEPT_LINE = re.compile(r"^Phone \((.*)\) not understood: (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class ReadNumber:
    """One number as written, and what it was read as: E.164 and extension, or nothing."""

    written: str
    e164: str | None
    extension: str
    why_not: str = ""


def region_of_card(numbers: Iterable[str], countries: Iterable[str], home_region: str) -> str:
    """The country a card's numbers without + are in: that of its numbers with +, else of
    its address, else the rep's own."""
    for written in numbers:
        if not written.strip().startswith("+"):
            continue
        try:
            number = phonenumbers.parse(written, None)
        except phonenumbers.NumberParseException:
            continue
        region = phonenumbers.region_code_for_number(number)
        if region and region != "001" and phonenumbers.is_valid_number(number):
            return region
    for country in countries:
        region = region_of_country(country)
        if region:
            return region
    return home_region


def read_number(written: str, region: str, home_region: str) -> ReadNumber:
    """`written` in E.164 when it is a valid number, read in `region` then `home_region`
    when it has no country code; else kept as written with the reason."""
    text = written.strip()
    tried: list[phonenumbers.PhoneNumber] = []
    for where in dict.fromkeys((region, home_region)):
        try:
            number = phonenumbers.parse(text, where)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
            return ReadNumber(written, e164, number.extension or "")
        tried.append(number)
        if text.startswith("+"):
            break  # a number with its country code is read the same in every region
    if not tried:
        return ReadNumber(written, None, "", "it is not a phone number")
    local = phonenumbers.is_possible_number_with_reason(tried[0]) in (
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
        phonenumbers.ValidationResult.IS_POSSIBLE,
    )
    reason = "it lacks its area code or is not in use" if local else "it is not a valid number"
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
