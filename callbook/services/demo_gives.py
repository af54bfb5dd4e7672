"""Demo gives: what the demo rep gave, introductions between demo contacts, ideas, balances."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from callbook.domain.gives import Given, Touch, balance, given
from callbook.domain.vocabulary import Direction, GiveKind, Outcome, Purpose
from callbook.store.instants import stored_instant_text

Add = Callable[..., object]
"""Buffers one row to be written: `add(table, **row)`."""

# What a give touch from the quick log said it was, by kind; {interest} and {mind} are theirs.
GIVEN = {
    GiveKind.ARTICLE: (
        "the article on {interest}",
        "a podcast episode on {mind}",
        "the benchmark report on {mind}",
    ),
    GiveKind.NOTE: (
        "congratulations on the promotion",
        "a note after the earnings call",
        "congratulations on the new plant",
    ),
    GiveKind.HELP: ("a contact for {mind}", "feedback on their RFP draft"),
    GiveKind.INVITATION: ("a seat at the customer roundtable", "tickets to the {interest} meetup"),
    GiveKind.GIFT: ("a book on {interest}", "a case of wine for the holidays"),
}
KIND_MIX = (
    (GiveKind.ARTICLE, 40),
    (GiveKind.NOTE, 25),
    (GiveKind.HELP, 12),
    (GiveKind.INVITATION, 13),
    (GiveKind.GIFT, 10),
)
# Of the demo's contacts: how many also got a give from the card, an introduction to
# another demo contact, ideas to give next; and of those being chased, a give lately.
GIVEN_FROM_CARD = 0.18
INTRODUCED = 0.05
WITH_IDEAS = 0.15
CHASED_AND_GIVEN_LATELY = 0.3
IDEAS = ("an article on {interest}", "the case study on {mind}", "an invite to the roundtable")
CHASE_NOTES = ("Left a short curious voicemail.", "Second try on the proposal.", "")


@dataclass
class _Someone:
    """One contact of the batch being written, as much as gives need."""

    first: str
    company: str
    mind: str
    row: dict[str, object] = field(default_factory=dict)
    touches: list[Touch] = field(default_factory=list)
    gives: list[Given] = field(default_factory=list)


class DemoGiving:
    """Gives for the demo contacts of one batch, and each contact's stored balance.

    Balances are worked out by the one rule when the batch is written, so that an
    introduction counts on both of its cards.
    """

    def __init__(self, rng: random.Random, now: datetime, first_give_id: int) -> None:
        self.rng = rng
        self.now = now
        self.next_id = first_give_id
        self.batch: dict[int, _Someone] = {}

    def meet(self, contact_id: int, first: str, company: str, mind: str) -> None:
        """Keep a contact for the gives and balances of its batch."""
        self.batch[contact_id] = _Someone(first, company, mind)

    def written(self, contact_id: int, row: dict[str, object]) -> None:
        """The contact's row, buffered: its balance is filled in when the batch settles."""
        self.batch[contact_id].row = row

    def touched(
        self, contact_id: int, at: datetime, purpose: Purpose, direction: str, outcome: Outcome
    ) -> None:
        """One touch of the contact's log, for their balance."""
        self.batch[contact_id].touches.append(Touch(at, purpose, Direction(direction), outcome))

    def given_with(
        self, add: Add, contact_id: int, at: datetime, interaction_id: int, interest: str
    ) -> str:
        """A give logged with a touch from the quick log; returns the touch's note."""
        kind, text = self._what(interest, self.batch[contact_id].mind)
        self._give(add, contact_id, at, kind, text, interaction_id=interaction_id)
        return text

    def more(
        self, add: Add, contact_id: int, created: datetime, interest: str, chased: bool
    ) -> None:
        """Gives from the card, an introduction, ideas to give next."""
        rng, someone = self.rng, self.batch[contact_id]
        days = max(1, (self.now - created).days)
        if rng.random() < GIVEN_FROM_CARD:
            for _ in range(rng.randint(1, 2)):
                kind, text = self._what(interest, someone.mind)
                at = self.now - timedelta(days=rng.randint(1, days), hours=rng.randint(0, 9))
                self._give(add, contact_id, at, kind, text)
        if chased and rng.random() < CHASED_AND_GIVEN_LATELY:
            kind, text = self._what(interest, someone.mind)
            at = self.now - timedelta(days=rng.randint(8, 25), hours=rng.randint(0, 9))
            self._give(add, contact_id, at, kind, text)
        others = [c for c in self.batch if c != contact_id]
        if others and rng.random() < INTRODUCED:
            other_id = rng.choice(others)
            other = self.batch[other_id]
            at = self.now - timedelta(days=rng.randint(3, 400), hours=rng.randint(0, 9))
            text = f"intro to {other.first} at {other.company} about {someone.mind}"
            self._give(add, contact_id, at, GiveKind.INTRO, text, other_id)
        if rng.random() < WITH_IDEAS:
            for text in rng.sample(IDEAS, k=rng.randint(1, 2)):
                add(
                    "give_ideas",
                    contact_id=contact_id,
                    kind=GiveKind.ARTICLE.value,
                    text=text.format(interest=interest, mind=someone.mind),
                    other_contact_id=None,
                    created_at=stored_instant_text(self.now - timedelta(days=rng.randint(1, 30))),
                )
            if others and rng.random() < 0.3:
                other_id = rng.choice(others)
                other = self.batch[other_id]
                add(
                    "give_ideas",
                    contact_id=contact_id,
                    kind=GiveKind.INTRO.value,
                    text=f"{other.first} at {other.company}",
                    other_contact_id=other_id,
                    created_at=stored_instant_text(self.now - timedelta(days=rng.randint(1, 30))),
                )

    def chase_note(self) -> str:
        """What an earlier try on a chase said."""
        return self.rng.choice(CHASE_NOTES)

    def settle(self) -> None:
        """Store each contact's balance on its row, then start a new batch."""
        utc = ZoneInfo("UTC")
        for someone in self.batch.values():
            found = balance(someone.touches, someone.gives, self.now, utc)
            someone.row["asks_since_give"] = found.asks_since_give
            someone.row["asks_in_a_row"] = found.asks_in_a_row
            someone.row["last_give_on"] = (
                found.last_give_on.isoformat() if found.last_give_on else None
            )
        self.batch.clear()

    def _what(self, interest: str, mind: str) -> tuple[GiveKind, str]:
        rng = self.rng
        kind = rng.choices([k for k, _ in KIND_MIX], weights=[w for _, w in KIND_MIX])[0]
        return kind, rng.choice(GIVEN[kind]).format(interest=interest, mind=mind)

    def _give(
        self,
        add: Add,
        contact_id: int,
        at: datetime,
        kind: GiveKind,
        text: str,
        other_id: int | None = None,
        interaction_id: int | None = None,
    ) -> None:
        on = at.astimezone(UTC).date()
        add(
            "gives",
            id=self.next_id,
            contact_id=contact_id,
            given_on=on.isoformat(),
            kind=kind.value,
            note=text,
            other_contact_id=other_id,
            interaction_id=interaction_id,
            logged_at=stored_instant_text(at),
        )
        self.next_id += 1
        mark = given(on, at, ZoneInfo("UTC"))
        self.batch[contact_id].gives.append(mark)
        if other_id is not None:
            self.batch[other_id].gives.append(mark)
