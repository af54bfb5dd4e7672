"""How a contact is named on screen, in lists and in files."""

from __future__ import annotations

NO_NAME = "(no name)"


def shown_name(first_name: str, last_name: str, company: str) -> str:
    """First and last name as one, else the company, else '(no name)'."""
    return f"{first_name} {last_name}".strip() or company or NO_NAME
