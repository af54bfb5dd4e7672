"""What gets returned? Return rate and median days to a return, by channel and by script."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from callbook.domain.scripts import SMALL_COUNT, MessageLeft, ReturnFigures, days_words, returns_by
from callbook.domain.vocabulary import Channel


@dataclass(frozen=True)
class ReturnRow:
    """One bar: a channel or a script, its figures."""

    label: str
    figures: ReturnFigures

    @property
    def enough(self) -> bool:
        """True when enough messages were left to read the rate."""
        return self.figures.left >= SMALL_COUNT

    def words(self) -> str:
        """'Left voicemail: 12 of 40 returned (30 %), median 2 days'."""
        f = self.figures
        rate = f"{round(100 * f.returned / f.left)} %" if self.enough else "too few to tell"
        wait = days_words(f.median_days)
        return f"{self.label}: {f.returned:,} of {f.left:,} returned ({rate}), median {wait}"


@dataclass(frozen=True)
class Returns:
    """Returns by channel and by script, largest first."""

    by_channel: list[ReturnRow]
    by_script: list[ReturnRow]

    @property
    def left(self) -> int:
        """Messages left in the period."""
        return sum(row.figures.left for row in self.by_channel)


CHANNEL_WORDS = {
    Channel.PHONE: "Voicemail",
    Channel.TEXT: "Text",
    Channel.EMAIL: "Email",
    Channel.IN_PERSON: "In person",
    Channel.VIDEO: "Video",
}


def returns(messages: Sequence[MessageLeft], script_names: Mapping[int, str]) -> Returns:
    """The figures for messages left, by the channel they went by and by their script."""
    channels = returns_by(messages, lambda m: m.channel)
    scripts = returns_by(messages, lambda m: m.script_id)
    by_channel = [ReturnRow(CHANNEL_WORDS[c], f) for c, f in channels.items()]
    by_script = [ReturnRow(script_names.get(s, f"Script {s}"), f) for s, f in scripts.items()]
    return Returns(sorted(by_channel, key=_most_left), sorted(by_script, key=_most_left))


def _most_left(row: ReturnRow) -> tuple[int, str]:
    return -row.figures.left, row.label
