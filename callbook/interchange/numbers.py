"""Reading a contact's phone numbers from a file: valid E.164 or kept as typed, extensions too."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from callbook.domain.phones import ReadPhone, read_phone
from callbook.interchange.regions import region_of_country

# The notes lines an import writes for what E.164 cannot hold; the vCard export reads
# them back, so the number and its extension go out again as TEL.
_EXTENSION_LINE = re.compile(r"^Phone \((.*)\) (\+\d+) extension (\d+)$", re.MULTILINE)
_KEPT_LINE = re.compile(r"^Phone \((.*)\) not understood: (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class CardNumbers:
    """A card's numbers in its order, and the country those without + were read in."""

    numbers: list[ReadPhone]
    region: str
    why_region: str


def read_card_numbers(
    written: Sequence[str], countries: Iterable[str], home_region: str
) -> CardNumbers:
    """Every number of one card, each parsed once. Those without + are read in the country
    of its numbers with +, else of its address, else the rep's own."""
    numbers: dict[int, ReadPhone] = {}
    region = ""
    for index, text in enumerate(written):
        if text.strip().startswith("+"):
            number = read_phone(text, None, with_zone=True, with_region=not region)
            numbers[index] = number
            region = region or number.region
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
            numbers[index] = read_phone(text, region, with_zone=True)
    return CardNumbers([numbers[i] for i in range(len(written))], region, why)


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
