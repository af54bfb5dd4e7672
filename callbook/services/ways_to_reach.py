"""Ways to reach a contact: their numbers and email, and which ways they prefer, best first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from callbook.domain.clock import Clock
from callbook.domain.emails import email_problem
from callbook.domain.phones import parse_phone
from callbook.domain.vocabulary import ReachChannel
from callbook.services.card import ContactCard
from callbook.services.changes import Changed, InvalidEntry, NotFound
from callbook.store.engine import Store
from callbook.store.models import Contact, Phone

# The ways that carry a value of their own here: a number to dial or text, an address.
NUMBER_WAYS = frozenset({ReachChannel.PHONE, ReachChannel.TEXT})
VALUE_WAYS = NUMBER_WAYS | {ReachChannel.EMAIL}
# A number texted is a mobile; one called keeps the label it had, else 'phone'.
_NEW_LABEL = {ReachChannel.PHONE: "phone", ReachChannel.TEXT: "mobile"}


@dataclass(frozen=True)
class WayToReach:
    """One way to reach them, as the rep wrote it: its kind, its value, and whether preferred."""

    kind: ReachChannel
    value: str = ""
    preferred: bool = False
    label: str = ""
    """For a number: 'mobile', 'work', 'home'; blank keeps the one it had."""


def ways_of(card: ContactCard) -> list[WayToReach]:
    """The card's ways to reach, preferred first in their order, then the rest."""
    phones = [p.shown for p in card.phones]
    mobiles = [p.shown for p in card.phones if p.label.casefold() in ("mobile", "cell")]
    labels = {p.shown: p.label for p in card.phones}
    shown_values: set[str] = set()
    ways: list[WayToReach] = []
    for kind in card.preferred_channels:
        value = ""
        if kind is ReachChannel.EMAIL:
            value = card.email
        elif kind in NUMBER_WAYS:
            choices = mobiles + phones if kind is ReachChannel.TEXT else phones
            value = next((n for n in choices if n not in shown_values), "")
        if value:
            shown_values.add(value)
        ways.append(WayToReach(kind, value, True, labels.get(value, "")))
    for phone in card.phones:
        if phone.shown not in shown_values:
            ways.append(WayToReach(ReachChannel.PHONE, phone.shown, label=phone.label))
    if card.email and card.email not in shown_values:
        ways.append(WayToReach(ReachChannel.EMAIL, card.email))
    return ways


def set_ways_to_reach(
    store: Store,
    clock: Clock,
    contact_id: int,
    ways: Sequence[WayToReach],
    home_region: str = "US",
) -> Changed:
    """Store their numbers, their email and their preferred ways (in row order) at once.

    A number that cannot be read, a second email or a bad address names its row; nothing
    is stored then.
    """
    numbers: list[tuple[WayToReach, str]] = []
    email = ""
    for row, way in enumerate(ways):
        typed = way.value.strip()
        if way.kind in NUMBER_WAYS and typed:
            try:
                numbers.append((way, parse_phone(typed, home_region)))
            except ValueError as error:
                raise InvalidEntry(row, "value", str(error)) from None
        elif way.kind is ReachChannel.EMAIL and typed:
            problem = email_problem(typed)
            if problem is not None:
                raise InvalidEntry(row, "value", problem)
            if email and typed.casefold() != email.casefold():
                raise InvalidEntry(
                    row, "value", "one email address is kept per contact; put the other in Notes"
                )
            email = typed
    preferred = list(dict.fromkeys(w.kind for w in ways if w.preferred))
    with store.begin() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"no contact has the id {contact_id}")
        labels = {p.e164: p.label for p in contact.phones}
        kept: list[Phone] = []
        for way, e164 in numbers:
            if any(p.e164 == e164 for p in kept):
                continue
            label = way.label.strip()[:40] or labels.get(e164, _NEW_LABEL[way.kind])
            kept.append(Phone(label=label, e164=e164, position=len(kept)))
        contact.phones = kept
        contact.email = email
        contact.preferred_channels = [c.value for c in preferred]
        contact.updated_at = clock.now()
    return Changed(frozenset({contact_id}), today=True)
