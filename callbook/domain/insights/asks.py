"""Give before you ask: who was asked most in the period and never given anything."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from callbook.domain.gives import ASKS_IN_A_ROW

# "Many asks": as many as make Today suggest giving first.
MANY_ASKS = ASKS_IN_A_ROW
ASK_HEAVY_SHOWN = 12


@dataclass(frozen=True, slots=True)
class AskHeavy:
    """A contact asked `asks` times and never given anything."""

    contact_id: int
    name: str
    asks: int


@dataclass(frozen=True)
class GiveBeforeAsk:
    """How many contacts were asked many times with no give, and the most asked of them."""

    many_asks_no_gives: int
    contacts: int
    most_asked: list[AskHeavy]

    def words(self) -> str:
        """'312 of 50,000 contacts asked 3 times or more, and never given anything.'"""
        if not self.many_asks_no_gives:
            return f"Nobody was asked {MANY_ASKS} times or more without ever being given anything."
        return (
            f"{self.many_asks_no_gives:,} of {self.contacts:,} contacts asked {MANY_ASKS} times "
            "or more, and never given anything."
        )


def give_before_ask(
    never_given: Iterable[AskHeavy], many_asks_no_gives: int, contacts: int
) -> GiveBeforeAsk:
    """The most asked first (then by name), as many as the chart shows."""
    ranked = sorted((c for c in never_given if c.asks > 0), key=lambda c: (-c.asks, c.name))
    return GiveBeforeAsk(many_asks_no_gives, contacts, ranked[:ASK_HEAVY_SHOWN])
