"""The rep's country for phone numbers written without +: checked, and guessed from the locale."""

from __future__ import annotations

import phonenumbers

FALLBACK_REGION = "US"


def check_region(code: str) -> str:
    """A two-letter country code phonenumbers knows, upper-cased; ValueError otherwise."""
    region = code.strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(
            f"'{code}' is not a country code for phone numbers; use two letters like DE or US"
        )
    return region


def region_from_locale(locale_name: str | None) -> str:
    """'de_DE.UTF-8' → 'DE'; a locale without a country gives the fallback."""
    if locale_name:
        territory = locale_name.split(".")[0].split("@")[0].replace("-", "_").split("_")
        if len(territory) > 1 and territory[-1].upper() in phonenumbers.SUPPORTED_REGIONS:
            return territory[-1].upper()
    return FALLBACK_REGION


def region_choices() -> list[tuple[str, str]]:
    """Every supported region as (code, 'DE  +49'), sorted by code."""
    return [
        (code, f"{code}  +{phonenumbers.country_code_for_region(code)}")
        for code in sorted(phonenumbers.SUPPORTED_REGIONS)
    ]
