"""Counts in words: '1 call', '3 calls', '1,204 touches', one rule for every text the rep reads."""

from __future__ import annotations


def counted(count: int, word: str, words: str = "") -> str:
    """`count` and `word`, made plural (`words`, else word + 's') unless it is one."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"
