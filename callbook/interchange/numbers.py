"""Reading a contact's phone numbers from a file: valid E.164 or kept as typed, extensions too."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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


@dataclass(frozen=True)
class CardNumbers:
    """A card's numbers in its order, and the country those without + were read in."""

    numbers: list[ReadNumber]
    region: str
    why_region: str


def read_card_numbers(
    written: Sequence[str], countries: Iterable[str], home_region: str
) -> CardNumbers:
    """Every number of one card, each parsed once. Those without + are read in the country
    of its numbers with +, else of its address, else the rep's own."""
    numbers: dict[int, ReadNumber] = {}
    region = ""
    for index, text in enumerate(written):
        if text.strip().startswith("+"):
            number, parsed = _read(text, None)
            numbers[index] = number
            if not region and parsed is not None and number.e164:
                found = phonenumbers.region_code_for_number(parsed)
                region = found if found and found != "001" else ""
    why = "as its other numbers"
    if not region:
        for country in countries:
            if found := region_of_country(country):
                region, why = found, f"as its address in {country.strip()}"
                break
    if not region:
        region, why = home_region, "as your own country"
    for index, text in enumerate(written):
        if index not in numbers:
            numbers[index] = _read(text, region)[0]
    return CardNumbers([numbers[i] for i in range(len(written))], region, why)


def read_number(written: str, region: str) -> ReadNumber:
    """`written` in E.164 when it is a valid number (read in `region` when it has no
    country code); else kept as written, with the reason."""
    return _read(written, region)[0]


def _read(written: str, region: str | None) -> tuple[ReadNumber, phonenumbers.PhoneNumber | None]:
    text = written.strip()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return ReadNumber(written, None, "", "it is not a phone number"), None
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    possible = phonenumbers.is_possible_number_with_reason(number)
    if phonenumbers.is_valid_number(number) or (
        # Written exactly as E.164 (a tel: URI, Callbook's own export) and dialable in
        # length: kept as it is, so a number the rep saved comes back the same.
        text == e164
        and _E164.fullmatch(e164)
        and possible == phonenumbers.ValidationResult.IS_POSSIBLE
    ):
        return ReadNumber(written, e164, number.extension or ""), number
    local = possible in (
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
        phonenumbers.ValidationResult.IS_POSSIBLE,
    )
    where = "" if text.startswith("+") else f" in {region}"
    reason = (
        f"it lacks its area code or is not in use{where}"
        if local
        else f"it is not a valid number{where}"
    )
    return ReadNumber(written, None, "", reason), number


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
