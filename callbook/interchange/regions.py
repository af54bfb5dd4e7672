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
    # From the table phonenumbers loads at import: asking region by region would load
    # every region's metadata (a quarter of a second, in the import dialog).
    calling_code = {
        region: code
        for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()
        for region in regions
    }
    return [
        (region, f"{region}  +{calling_code[region]}")
        for region in sorted(calling_code)
        if region in phonenumbers.SUPPORTED_REGIONS
    ]


# Country names as address books write them, in English and in their own language.
_COUNTRY_NAMES = {
    "AR": ("argentina",),
    "AT": ("austria", "österreich", "osterreich"),
    "AU": ("australia",),
    "BE": ("belgium", "belgië", "belgie", "belgique", "belgien"),
    "BR": ("brazil", "brasil"),
    "CA": ("canada",),
    "CH": ("switzerland", "schweiz", "suisse", "svizzera"),
    "CN": ("china", "中国"),
    "CZ": ("czech republic", "czechia", "česko", "česká republika"),
    "DE": ("germany", "deutschland", "allemagne", "alemania"),
    "DK": ("denmark", "danmark"),
    "ES": ("spain", "españa", "espana", "spanien"),
    "FI": ("finland", "suomi"),
    "FR": ("france", "frankreich", "francia"),
    "GB": ("united kingdom", "uk", "great britain", "england", "scotland", "wales"),
    "GR": ("greece", "ελλάδα"),
    "HU": ("hungary", "magyarország"),
    "IE": ("ireland", "éire"),
    "IL": ("israel",),
    "IN": ("india",),
    "IT": ("italy", "italia", "italien"),
    "JP": ("japan", "日本"),
    "KR": ("south korea", "korea", "대한민국"),
    "LU": ("luxembourg", "luxemburg"),
    "MX": ("mexico", "méxico"),
    "NL": ("netherlands", "the netherlands", "nederland", "holland", "niederlande"),
    "NO": ("norway", "norge"),
    "NZ": ("new zealand",),
    "PL": ("poland", "polska", "polen"),
    "PT": ("portugal",),
    "RO": ("romania", "românia"),
    "RU": ("russia", "россия"),
    "SE": ("sweden", "sverige", "schweden"),
    "SG": ("singapore",),
    "TR": ("turkey", "türkiye", "turkiye"),
    "UA": ("ukraine", "україна"),
    "US": ("united states", "united states of america", "usa", "u.s.a.", "u.s."),
    "ZA": ("south africa",),
}
_BY_NAME = {name: code for code, names in _COUNTRY_NAMES.items() for name in names}


def region_of_country(country: str) -> str | None:
    """'Deutschland', 'Germany' or 'DE' → 'DE'; None for a country not known by name."""
    text = " ".join(country.strip().casefold().split())
    if len(text) == 2 and text.upper() in phonenumbers.SUPPORTED_REGIONS:
        return text.upper()
    return _BY_NAME.get(text)
