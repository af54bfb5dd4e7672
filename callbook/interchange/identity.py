"""Telling whether two contacts are one person: names, companies, UIDs and profile links."""

from __future__ import annotations

import difflib
import re
import unicodedata

# Legal forms that say nothing about which company it is.
_LEGAL_FORMS = re.compile(
    r"\b(gmbh|mbh|ag|kg|co|corp|corporation|inc|incorporated|llc|llp|ltd|limited|plc|sa|sas|"
    r"sarl|srl|spa|bv|nv|oy|ab|as|aps|pty|kk|company|the)\b"
)
_NOT_WORD = re.compile(r"[^\w]+")
# A link to one person's own page, which no two people share.
_PROFILE = re.compile(
    r"(linkedin\.com/(in|pub)/|xing\.com/profile/|twitter\.com/|x\.com/|github\.com/)",
    re.IGNORECASE,
)
_PROFILE_IN_NOTES = re.compile(r"^(?:LinkedIn|Web): (\S+)\s*$", re.MULTILINE)


def fold(text: str) -> str:
    """Text without accents, case or punctuation, for comparing names."""
    if text.isascii():
        return _NOT_WORD.sub(" ", text.lower())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain)


def name_key(first: str, last: str) -> str:
    """A name reduced for matching: no accents, case, punctuation or extra spaces."""
    return " ".join(fold(f"{first} {last}").split())


def company_key(company: str) -> str:
    """A company reduced for matching: also without legal forms like GmbH or Inc."""
    return " ".join(_LEGAL_FORMS.sub(" ", fold(company)).split())


def companies_close(a: str, b: str) -> bool:
    """True when two company names most likely mean the same company."""
    ka, kb = company_key(a), company_key(b)
    if not ka or not kb:
        return not ka and not kb and not a.strip() and not b.strip()
    if ka == kb or ka.startswith(kb + " ") or kb.startswith(ka + " "):
        return True
    return difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.88


def names_agree(one: str, other: str) -> bool:
    """True unless both are names and neither is the other with words left out or swapped.

    'Ana' and 'Ana Silva', 'Silva Ana' and 'Ana Maria Silva' agree; 'Bob Jones' and
    'Ana Silva' do not.
    """
    mine, theirs = set(fold(one).split()), set(fold(other).split())
    return not mine or not theirs or mine <= theirs or theirs <= mine


def is_profile_url(url: str) -> bool:
    """True for a link to one person's profile (LinkedIn, XING, GitHub...)."""
    return bool(_PROFILE.search(url))


def profile_urls_in(notes: str) -> list[str]:
    """The profile links an earlier import wrote into a contact's notes."""
    return [url for url in _PROFILE_IN_NOTES.findall(notes) if is_profile_url(url)]


def same_url(a: str, b: str) -> bool:
    """True when two links point to the same page (scheme, www and trailing '/' aside)."""
    return _url_key(a) == _url_key(b)


def _url_key(url: str) -> str:
    text = url.strip().casefold().split("?", 1)[0].split("#", 1)[0].rstrip("/")
    text = re.sub(r"^[a-z]+://", "", text)
    return re.sub(r"^(www|[a-z]{2})\.(?=linkedin\.com)", "", text).removeprefix("www.")
