"""Turning a file's bytes into text: UTF-8 with or without BOM, UTF-16, or Windows-1252."""

from __future__ import annotations

import codecs

from callbook.interchange.records import ReadError

# Bytes Windows-1252 leaves undefined: a file holding them is not cp1252 text.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was in; ReadError when it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", "UTF-8"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", "UTF-16"), "UTF-16"
    if _looks_utf16(data):
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return _strict(data, codec, "UTF-16"), "UTF-16"
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ReadError(f"this is not a text file (line {line} holds binary data)")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    hole = next((i for i, byte in enumerate(data) if byte in _CP1252_HOLES), None)
    if hole is not None:
        line = data[:hole].count(b"\n") + 1
        raise ReadError(
            f"the text on line {line} is in an encoding Callbook cannot tell; "
            "save the file as UTF-8 and import it again"
        )
    return data.decode("cp1252"), "Windows-1252"


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
        line = data[: error.start].decode(codec, errors="replace").count("\n") + 1
        raise ReadError(f"line {line} is not valid {name} text") from None
