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
    """Every number of one card. Those without + are read in the country of its numbers
    with +, else of its address, else the rep's own: the first of these in which the
    number is valid (a German card with one Irish number keeps its German mobile)."""
    numbers: dict[int, ReadPhone] = {}
    # Where the card's local numbers may be from, likeliest first, and why.
    places: dict[str, str] = {}
    for index, text in enumerate(written):
        if text.strip().startswith("+"):
            number = read_phone(text, None, with_zone=True, with_region=True)
            numbers[index] = number
            if number.region:
                places.setdefault(number.region, "as its other numbers")
    for country in countries:
        if found := region_of_country(country):
            places.setdefault(found, f"as its address in {country.strip()}")
    places.setdefault(home_region, "as your own country")
    used = ""
    for index, text in enumerate(written):
        if index in numbers:
            continue
        first = ""
        for place in places:
            number = read_phone(text, place, with_zone=True)
            first = first or place
            if number.e164 is not None:
                used = used or place
                break
        else:
            # Valid nowhere: kept as typed, with the reason it fails where it most likely is.
            number = read_phone(text, first, with_zone=True)
        numbers[index] = number
    region = used or next(iter(places))
    return CardNumbers([numbers[i] for i in range(len(written))], region, places[region])


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
