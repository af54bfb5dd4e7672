"""Turning a file's bytes into text line by line: UTF-8, UTF-16, declared charsets, cp1252."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from callbook.interchange.records import ReadError

# Every line break real files use: CR CR LF (iPhone), CRLF, LF, and CR alone (old Macs).
LINE_BREAK = re.compile(r"\r*\n|\r")
_LINE_BREAK_BYTES = re.compile(rb"\r*\n|\r")
# A vCard property naming the character set of its value: 'FN;CHARSET=ISO-8859-1:...'.
_DECLARED = re.compile(rb"^[A-Za-z0-9.\-]+;[^:]*?CHARSET=\"?([A-Za-z0-9_.\-]+)", re.IGNORECASE)
_NAMES_A_CHARSET = re.compile(rb"CHARSET=\"?(?!utf-?8\b|us-ascii\b)", re.IGNORECASE)
WINDOWS_1252 = "Windows-1252"
# What a line that is no text at all is marked with; the reader turns its record away.
NOT_TEXT = "not text"


@dataclass(frozen=True)
class DecodedText:
    """A file's text with line breaks made '\\n', and how each line that was not UTF-8 was read.

    Line N of `text` is line N as an editor shows it, so messages can name it.
    """

    text: str
    encoding: str
    odd_lines: dict[int, str] = field(default_factory=dict)

    def notes(self) -> list[str]:
        """One sentence per way lines were guessed, naming the first few lines."""
        said: list[str] = []
        if self.encoding == WINDOWS_1252:
            said.append("the file is not UTF-8 and names no encoding; read as Windows-1252")
        for how in (WINDOWS_1252, NOT_TEXT):
            lines = [n for n, h in self.odd_lines.items() if h == how]
            if not lines:
                continue
            named = ", ".join(str(n) for n in lines[:5]) + (
                f" and {len(lines) - 5:,} more" if len(lines) > 5 else ""
            )
            one = len(lines) == 1
            which = f"line {named} is" if one else f"lines {named} are"
            if how == WINDOWS_1252:
                said.append(
                    f"{which} not UTF-8 and name{'s' if one else ''} no character set; "
                    f"read as Windows-1252, so check {'its' if one else 'their'} accents"
                )
            else:
                said.append(f"{which} not text in any encoding Callbook knows")
        return said


def normal_lines(text: str) -> str:
    """`text` with every kind of line break made one '\\n'."""
    return LINE_BREAK.sub("\n", text)


def decode_text(data: bytes) -> DecodedText:
    """The text and how it was read; ReadError when the file is not text at all."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(normal_lines(_strict(data, "utf-16", "UTF-16")), "UTF-16")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif _looks_utf16(data):
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return DecodedText(normal_lines(_strict(data, codec, "UTF-16")), "UTF-16")
    if b"\x00" in data:
        line = len(_LINE_BREAK_BYTES.findall(data[: data.index(b"\x00")])) + 1
        raise ReadError(f"this is not a text file (line {line} holds binary data)")
    if not _NAMES_A_CHARSET.search(data):
        try:
            return DecodedText(normal_lines(data.decode("utf-8")), "UTF-8")
        except UnicodeDecodeError:
            pass
    return _line_by_line(data)


def _line_by_line(data: bytes) -> DecodedText:
    lines = _LINE_BREAK_BYTES.split(data)
    _mend_folded_characters(lines)
    texts: list[str] = []
    odd: dict[int, str] = {}
    declared: str | None = None
    utf8_lines = 0
    for number, line in enumerate(lines, start=1):
        if line[:1] not in (b" ", b"\t"):
            # A folded line goes on in the character set its first line named.
            declared = _declared_charset(line)
        text, how = _decode_line(line, declared)
        texts.append(text)
        if how:
            odd[number] = how
        elif not declared and not line.isascii():
            utf8_lines += 1
    if odd and not utf8_lines and all(how == WINDOWS_1252 for how in odd.values()):
        # No line reads as UTF-8: the whole file is in the old Windows encoding.
        return DecodedText("\n".join(texts), WINDOWS_1252)
    encoding = "UTF-8" if not odd else f"UTF-8, {len(odd):,} lines guessed"
    return DecodedText("\n".join(texts), encoding, odd)


def _decode_line(line: bytes, declared: str | None) -> tuple[str, str | None]:
    if declared:
        try:
            return line.decode(declared), None
        except UnicodeDecodeError:
            pass
    try:
        return line.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return line.decode("cp1252"), WINDOWS_1252
    except UnicodeDecodeError:
        return line.decode("utf-8", errors="replace"), NOT_TEXT


def _declared_charset(line: bytes) -> str | None:
    match = _DECLARED.match(line)
    if not match:
        return None
    try:
        codec = codecs.lookup(match[1].decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # Only charsets that write ASCII as ASCII: the property name around the value is ASCII.
    if codec.startswith(("utf-16", "utf-32", "utf-7")) or codec == "utf-8":
        return None
    return codec


def _mend_folded_characters(lines: list[bytes]) -> None:
    """Move the rest of a UTF-8 character a fold split back to the line it started on.

    Some writers fold at 75 bytes in the middle of a character; unfolding joins the
    halves again, and each line still decodes on its own.
    """
    for index in range(len(lines) - 1):
        line, following = lines[index], lines[index + 1]
        if following[:1] not in (b" ", b"\t") or not line:
            continue
        missing = _missing_continuation(line)
        if missing and all(0x80 <= b < 0xC0 for b in following[1 : 1 + missing]):
            lines[index] = line + following[1 : 1 + missing]
            lines[index + 1] = following[:1] + following[1 + missing :]


def _missing_continuation(line: bytes) -> int:
    """How many bytes the last UTF-8 character of `line` lacks (0 when it is whole)."""
    for back in range(1, min(4, len(line)) + 1):
        byte = line[-back]
        if byte < 0x80:
            return 0
        if byte >= 0xC0:
            width = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return max(width - back, 0)
    return 0


def _looks_utf16(data: bytes) -> bool:
    # Text in UTF-16 without a BOM has a zero byte in every other place for Latin text.
    sample = data[:200]
    if len(sample) < 4:
        return False
    evens, odds = sample[0::2], sample[1::2]
    return odds.count(0) > len(odds) * 0.4 or evens.count(0) > len(evens) * 0.4


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        before = data[: error.start].decode(codec, errors="replace")
        line = len(LINE_BREAK.findall(before)) + 1
        raise ReadError(f"line {line} is not valid {name} text") from None
