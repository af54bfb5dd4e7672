"""A contact's shown name: their name, else their company, never blank."""

from __future__ import annotations

from callbook.domain.names import shown_name


def test_first_and_last_name_are_shown_together() -> None:
    assert shown_name("Ana", "García", "Acme") == "Ana García"
    assert shown_name("", "Tanaka", "Acme") == "Tanaka"


def test_a_contact_without_a_name_is_shown_by_company() -> None:
    assert shown_name(" ", "", "Acme GmbH") == "Acme GmbH"


def test_a_contact_with_nothing_is_never_shown_blank() -> None:
    assert shown_name("", "", "") == "(no name)"
