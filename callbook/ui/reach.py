"""Reaching a contact through the desktop: tel:, sms: and mailto: links."""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def call_url(e164: str) -> QUrl:
    """A tel: link for a stored E.164 number."""
    return QUrl(f"tel:{e164}")


def text_url(e164: str) -> QUrl:
    """An sms: link for a stored E.164 number."""
    return QUrl(f"sms:{e164}")


def email_url(address: str) -> QUrl:
    """A mailto: link for an email address."""
    return QUrl(f"mailto:{quote(address, safe='@.+-_')}")


def open_link(url: QUrl) -> bool:
    """Hand the link to the desktop's phone, messaging or mail app."""
    return QDesktopServices.openUrl(url)
