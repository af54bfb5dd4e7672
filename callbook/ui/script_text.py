"""A script filled for someone, as every view shows it: gaps marked, length, what is missing."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from callbook.domain.scripts import Filled, Measure
from callbook.services.scripts import FilledScript

MISSING_STYLE = "color: #b02a37; background: #f8d7da; font-weight: bold;"
WARNING_STYLE = "color: #664d03;"


def filled_html(filled: Filled) -> str:
    """The filled text as rich text: a placeholder with no value stands out in red."""
    parts = []
    for piece in filled.pieces:
        text = escape(piece.text).replace("\n", "<br>")
        parts.append(f'<span style="{MISSING_STYLE}">{text}</span>' if piece.missing else text)
    return "".join(parts)


def measure_html(length: Measure) -> str:
    """'about 14 s to say (33 words)', with its warning in amber after it."""
    text = escape(length.summary)
    if length.warning:
        text += f' <span style="{WARNING_STYLE}">⚠ {escape(length.warning)}</span>'
    return text


class ScriptPreview(QFrame):
    """A filled script: the words (gaps marked), its length, and who lacks what."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptPreview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(accessible_name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.words = QLabel()
        self.words.setObjectName("scriptWords")
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.RichText)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.words.setAccessibleName("What to say")
        self.length = QLabel()
        self.length.setObjectName("scriptLength")
        self.length.setAccessibleName("Length")
        self.length.setTextFormat(Qt.TextFormat.RichText)
        self.missing = QLabel()
        self.missing.setObjectName("scriptMissing")
        self.missing.setWordWrap(True)
        self.missing.setAccessibleName("Missing for this contact")
        self.missing.setStyleSheet(f"QLabel#scriptMissing {{ {WARNING_STYLE} }}")
        layout.addWidget(self.words)
        layout.addWidget(self.length)
        layout.addWidget(self.missing)
        self.missing.hide()

    def show_filled(self, filled: FilledScript) -> None:
        """Show one script filled for one contact."""
        subject = ""
        if filled.subject.text:
            subject = f"<b>Subject:</b> {filled_html(filled.subject)}<br><br>"
        self.words.setText(subject + filled_html(filled.body))
        self.length.setText(measure_html(filled.length))
        self.missing.setText(f"⚠ {filled.missing_text} Fill it in on the card, or say it your way.")
        self.missing.setVisible(bool(filled.missing))

    def show_plain(self, text: str) -> None:
        """Show a line of explanation instead of a script."""
        self.words.setText(escape(text))
        self.length.setText("")
        self.missing.hide()
