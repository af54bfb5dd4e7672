"""Time zones in the rep's words: 'New York time', and a city typed to find a zone."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "GMT"})


def zone_place(key: str) -> str:
    """The place a zone is named after: 'America/New_York' reads 'New York'.

    Zones without a place read as an offset: 'UTC', 'UTC−5' for 'Etc/GMT+5' (whose sign
    is the POSIX one, the other way round).
    """
    if key in _UTC_NAMES:
        return "UTC"
    if key.startswith("Etc/GMT") and key[7:].lstrip("+-").isdigit():
        hours = int(key[7:])
        return f"UTC{'−' if hours > 0 else '+'}{abs(hours)}"
    return key.rsplit("/", 1)[-1].replace("_", " ")


def zone_words(key: str) -> str:
    """How a zone reads in a sentence: 'New York time', or 'UTC'."""
    place = zone_place(key)
    return place if place.startswith("UTC") else f"{place} time"


@cache
def _zones_by_place() -> dict[str, str]:
    found: dict[str, str] = {}
    for key in sorted(available_timezones()):
        if "/" not in key or key.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            continue
        found.setdefault(zone_place(key).casefold(), key)
    return found


def find_zone(typed: str) -> str | None:
    """The zone for a zone name or a city as the rep types it ('new york', 'Tel Aviv').

    None when nothing matches; a city that is not a zone's own name (most are not) has
    to be typed as the nearest one that is.
    """
    text = " ".join(typed.split())
    if not text:
        return None
    keys = available_timezones()
    if text in keys:
        return text
    if text.upper() in ("UTC", "GMT"):
        return "UTC"
    by_place = _zones_by_place()
    return by_place.get(text.replace("_", " ").casefold())


def place_names() -> list[str]:
    """Every city a zone is named after, for completing what the rep types."""
    return sorted({zone_place(key) for key in _zones_by_place().values()}, key=str.casefold)
