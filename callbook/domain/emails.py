"""What an email address must look like to be stored: one rule for the card and new contacts."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def is_email(text: str) -> bool:
    """True when `text` (already stripped) has a name, @ and a domain with a dot."""
    return _EMAIL.fullmatch(text) is not None


def email_problem(text: str) -> str | None:
    """Why `text` cannot be stored as an email address; None when it can (or is blank)."""
    text = text.strip()
    if not text or is_email(text):
        return None
    return (
        f"'{text}' is not an email address; it needs a name, @ and a domain, like ana@example.com"
    )
