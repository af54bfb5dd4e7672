"""The rep's words for tiers, channels, outcomes and purposes."""

from __future__ import annotations

from enum import StrEnum


class Tier(StrEnum):
    """How much an account matters: A most, C least."""

    A = "A"
    B = "B"
    C = "C"


class Channel(StrEnum):
    """How a touch reached the contact."""

    PHONE = "phone"
    TEXT = "text"
    EMAIL = "email"
    IN_PERSON = "in-person"
    VIDEO = "video"

    @property
    def label(self) -> str:
        """How the channel of a touch reads in the log: 'Call', 'Text'."""
        return CHANNEL_LABELS[self]


CHANNEL_LABELS = {
    Channel.PHONE: "Call",
    Channel.TEXT: "Text",
    Channel.EMAIL: "Email",
    Channel.IN_PERSON: "In person",
    Channel.VIDEO: "Video",
}


class ReachChannel(StrEnum):
    """A way they like to be reached, as they told the rep (best first on the card)."""

    PHONE = "phone"
    TEXT = "text"
    EMAIL = "email"
    ASSISTANT = "assistant"
    IN_PERSON = "in-person"
    VIDEO = "video"

    @property
    def label(self) -> str:
        """How the way reads as a preference: 'Text first', 'Via assistant'."""
        return REACH_LABELS[self]


REACH_LABELS = {
    ReachChannel.PHONE: "Call",
    ReachChannel.TEXT: "Text first",
    ReachChannel.EMAIL: "Email",
    ReachChannel.ASSISTANT: "Via assistant",
    ReachChannel.IN_PERSON: "In person",
    ReachChannel.VIDEO: "Video",
}


class Direction(StrEnum):
    """Who reached out."""

    OUTBOUND = "outbound"
    INBOUND = "inbound"

    @property
    def label(self) -> str:
        """How the direction reads on screen."""
        return "They reached out" if self is Direction.INBOUND else "You reached out"


class Outcome(StrEnum):
    """What happened when the rep tried."""

    CONNECTED = "connected"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no-answer"
    GATEKEEPER = "gatekeeper"
    BUSY = "busy"
    WRONG_NUMBER = "wrong-number"
    REPLIED = "replied"

    @property
    def label(self) -> str:
        """How the outcome reads on screen."""
        return OUTCOME_LABELS[self]

    @property
    def reached_them(self) -> bool:
        """True when the contact was actually spoken with or answered."""
        return self in (Outcome.CONNECTED, Outcome.REPLIED)

    @property
    def awaits_reply(self) -> bool:
        """True when the touch leaves a message hanging out there."""
        return self in (Outcome.VOICEMAIL, Outcome.GATEKEEPER)


OUTCOME_LABELS = {
    Outcome.CONNECTED: "Connected",
    Outcome.VOICEMAIL: "Left voicemail",
    Outcome.NO_ANSWER: "No answer",
    Outcome.GATEKEEPER: "Gatekeeper",
    Outcome.BUSY: "Busy",
    Outcome.WRONG_NUMBER: "Wrong number",
    Outcome.REPLIED: "They replied",
}


class Purpose(StrEnum):
    """Why the rep reached out."""

    CHECKIN = "checkin"
    BUSINESS = "business"
    FOLLOW_UP = "follow-up"
    GIVE = "give"
    PROPOSAL = "proposal"

    @property
    def label(self) -> str:
        """How the purpose reads on screen."""
        return PURPOSE_LABELS[self]


PURPOSE_LABELS = {
    Purpose.CHECKIN: "Personal check-in",
    Purpose.BUSINESS: "Business",
    Purpose.FOLLOW_UP: "Follow-up",
    Purpose.GIVE: "Give",
    Purpose.PROPOSAL: "Proposal",
}


class LoopKind(StrEnum):
    """What the rep is waiting on them to answer."""

    VOICEMAIL = "voicemail"
    EMAIL = "email"
    TEXT = "text"
    PROPOSAL = "proposal"


class GiveKind(StrEnum):
    """What the rep gave without asking."""

    INTRO = "intro"
    ARTICLE = "article"
    HELP = "help"
    INVITATION = "invitation"
    GIFT = "gift"
    NOTE = "note"
    # Gives logged before the kind was asked (a touch whose purpose was 'give').
    OTHER = "other"

    @property
    def label(self) -> str:
        """How the kind reads on screen."""
        return GIVE_KIND_LABELS[self]


GIVE_KIND_LABELS = {
    GiveKind.INTRO: "Introduction or referral",
    GiveKind.ARTICLE: "Article or idea",
    GiveKind.HELP: "Help or favour",
    GiveKind.INVITATION: "Invitation",
    GiveKind.GIFT: "Gift",
    GiveKind.NOTE: "Congratulations or a note",
    GiveKind.OTHER: "Something given",
}


class ScriptKind(StrEnum):
    """Where a prepared message is used."""

    VOICEMAIL = "voicemail"
    TEXT = "text"
    EMAIL = "email"
    OPENER = "opener"  # the first words of a personal check-in call
