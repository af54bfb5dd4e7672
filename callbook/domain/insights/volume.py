"""How much am I calling? Touches per week, by what came of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from callbook.domain.vocabulary import Outcome

# Stacked in this order, bottom first: what reached them, then what did not.
STACK_ORDER: tuple[Outcome, ...] = (
    Outcome.CONNECTED,
    Outcome.REPLIED,
    Outcome.VOICEMAIL,
    Outcome.GATEKEEPER,
    Outcome.NO_ANSWER,
    Outcome.BUSY,
    Outcome.WRONG_NUMBER,
)


@dataclass(frozen=True)
class WeeklyVolume:
    """Touches in each week of the period, per outcome (only outcomes that happened)."""

    by_outcome: dict[Outcome, list[int]]
    weeks: int

    def totals(self) -> list[int]:
        """All touches in each week."""
        return [sum(counts[w] for counts in self.by_outcome.values()) for w in range(self.weeks)]

    @property
    def total(self) -> int:
        """All touches in the period."""
        return sum(self.totals())


def weekly_volume(counts: Iterable[tuple[int, Outcome, int]], weeks: int) -> WeeklyVolume:
    """Sum (week, outcome, touches) rows into one row of weeks per outcome, stacked in order."""
    found: dict[Outcome, list[int]] = {}
    for week, outcome, touches in counts:
        if 0 <= week < weeks:
            found.setdefault(outcome, [0] * weeks)[week] += touches
    return WeeklyVolume({o: found[o] for o in STACK_ORDER if o in found}, weeks)
