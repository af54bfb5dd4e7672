"""Prepared scripts (F11): placeholders filled for a person, how long they take, which get returned.

Pure rules: reading a body's placeholders (refusing unknown ones and stray braces with
where they are), filling them for a contact, speaking time, SMS segments, which script to
suggest next on a loop, and the return figures. No Qt, no storage; today is passed in.
"""

from __future__ import annotations

import difflib
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from callbook.domain.vocabulary import Channel, LoopKind, ScriptKind

PLACEHOLDERS: dict[str, str] = {
    "first_name": "their first name",
    "last_name": "their last name",
    "company": "their company",
    "title": "their title",
    "interest": "something they love (the first interest on their card)",
    "family": "someone to ask about, with relation: 'your son Sam'",
    "on_their_mind": "what is on their mind (Research)",
    "assistant": "their assistant's name",
    "boss": "their boss's name",
    "last_checkin": "when you last checked in, in words: 'three weeks ago'",
    "my_name": "your own name (set once on the Scripts page)",
    "my_phone": "your own number (set once on the Scripts page)",
}
# How many spoken words a placeholder usually becomes, for a script not filled for anyone.
TYPICAL_WORDS = {"family": 3, "on_their_mind": 5, "last_checkin": 3, "company": 2, "my_phone": 10}

WORDS_PER_MINUTE = 150
LONG_AFTER_SECONDS = 30
MAX_BODY_CHARS = 10_000
MAX_SUBJECT_CHARS = 300
MAX_NAME_CHARS = 200
# Below this many messages a rate says more than it knows: the counts are shown instead.
SMALL_COUNT = 10

KIND_WORDS = {
    ScriptKind.VOICEMAIL: "Voicemail",
    ScriptKind.TEXT: "Text",
    ScriptKind.EMAIL: "Email",
    ScriptKind.OPENER: "Check-in opener",
}


# -- reading placeholders -------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A placeholder in a body: its name and where it starts (0-based character offset)."""

    name: str
    offset: int


Piece = str | Slot


@dataclass(frozen=True)
class BodyProblem:
    """Why a body cannot be saved, and where: line and column count from 1."""

    message: str
    offset: int
    line: int
    column: int


def _where(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _problem(text: str, offset: int, what: str) -> BodyProblem:
    line, column = _where(text, offset)
    return BodyProblem(f"{what} at line {line}, column {column}", offset, line, column)


def read_body(text: str) -> tuple[list[Piece], list[BodyProblem]]:
    """The body as plain text and placeholders, with every problem found in it.

    `{first_name}` is a placeholder; `{{` and `}}` are a literal brace. A brace never
    closed, one that closes nothing, an empty `{}` and a name that is no placeholder are
    problems, each named with its line and column.
    """
    pieces: list[Piece] = []
    problems: list[BodyProblem] = []
    plain: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char in "{}" and text.startswith(char * 2, at):
            plain.append(char)
            at += 2
            continue
        if char == "}":
            problems.append(_problem(text, at, "a } that closes nothing"))
            plain.append(char)
            at += 1
            continue
        if char != "{":
            plain.append(char)
            at += 1
            continue
        end = text.find("}", at + 1)
        reopened = text.find("{", at + 1)
        if end < 0 or 0 <= reopened < end:
            problems.append(_problem(text, at, "a { that is never closed"))
            plain.append(char)
            at += 1
            continue
        name = text[at + 1 : end].strip()
        if not name:
            problems.append(_problem(text, at, "an empty {} (put a placeholder in it)"))
        elif name not in PLACEHOLDERS:
            problems.append(_problem(text, at, _unknown(name)))
        if plain:
            pieces.append("".join(plain))
            plain = []
        pieces.append(Slot(name, at))
        at = end + 1
    if plain:
        pieces.append("".join(plain))
    return pieces, problems


def _unknown(name: str) -> str:
    shown = name if len(name) <= 40 else name[:40] + "…"
    guess = difflib.get_close_matches(name.lower(), PLACEHOLDERS, n=1, cutoff=0.6)
    hint = f"; did you mean {{{guess[0]}}}?" if guess else ""
    return f"{{{shown}}} is not a placeholder{hint}"


def body_problems(text: str) -> list[BodyProblem]:
    """Every reason `text` cannot be a script's body or subject (empty list: it can)."""
    return read_body(text)[1]


# -- filling for a person -------------------------------------------------------------------


@dataclass(frozen=True)
class FilledPiece:
    """A run of the filled text: plain words, a filled placeholder, or one left unfilled."""

    text: str
    placeholder: str | None = None
    missing: bool = False


@dataclass(frozen=True)
class Filled:
    """A body filled for one contact; `missing` names the placeholders they have no value for."""

    pieces: tuple[FilledPiece, ...]
    missing: tuple[str, ...]

    @property
    def text(self) -> str:
        """The filled text; a missing value shows plainly as [interest?]."""
        return "".join(p.text for p in self.pieces)


def missing_mark(name: str) -> str:
    """How a placeholder with no value shows in the filled text."""
    return f"[{name}?]"


def fill(text: str, values: Mapping[str, str | None]) -> Filled:
    """`text` with each placeholder replaced by its value; blank values are left marked."""
    pieces, _problems = read_body(text)
    out: list[FilledPiece] = []
    missing: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(FilledPiece(piece))
            continue
        value = (values.get(piece.name) or "").strip()
        if value:
            out.append(FilledPiece(value, piece.name))
        else:
            out.append(FilledPiece(missing_mark(piece.name), piece.name, missing=True))
            if piece.name not in missing:
                missing.append(piece.name)
    return Filled(tuple(out), tuple(missing))


def missing_words(missing: Sequence[str], name: str) -> str:
    """'Ana has no interest or boss noted: those show as [interest?] [boss?].'"""
    if not missing:
        return ""
    names = [m.replace("_", " ") for m in missing]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    marks = " ".join(missing_mark(m) for m in missing)
    shows = "it shows" if len(missing) == 1 else "they show"
    return f"{name} has no {listed} noted: {shows} as {marks}."


def family_words(name: str, relation: str) -> str:
    """Someone to ask about, as a script says it: 'your son Sam', or just 'Sam'."""
    name, relation = name.strip(), relation.strip()
    return f"your {relation} {name}" if relation and name else name


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _count(n: int, unit: str) -> str:
    word = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else f"{n:,}"
    return f"{word} {unit}{'s' if n != 1 else ''} ago"


def ago_in_words(day: date, today: date) -> str:
    """How long ago, as it is said on a call: 'yesterday', 'three weeks ago', 'last month'."""
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return _count(days, "day")
    if days < 14:
        return "last week"
    if days < 60:
        return _count(days // 7, "week")
    if days < 365:
        return _count(round(days / 30.44), "month")
    return "over a year ago" if days < 730 else f"{days // 365} years ago"


# -- how long it is -------------------------------------------------------------------------

# A letter word (with its apostrophes) is one spoken word; a digit is read out on its own.
_SPOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d")


def spoken_words(text: str) -> int:
    """Words as they are said: digits one by one (a phone number takes a while)."""
    return len(_SPOKEN.findall(text))


def unfilled_words(text: str) -> int:
    """Spoken words of a body not filled for anyone: a placeholder as its usual length."""
    pieces, _problems = read_body(text)
    return sum(
        spoken_words(p) if isinstance(p, str) else TYPICAL_WORDS.get(p.name, 1) for p in pieces
    )


def speaking_seconds(words: int) -> int:
    """Seconds to say `words` at about 150 words a minute, rounded up."""
    return math.ceil(words * 60 / WORDS_PER_MINUTE)


def too_long_to_say(seconds: int) -> bool:
    """Past 30 seconds a voicemail stops getting returned: short messages do."""
    return seconds > LONG_AFTER_SECONDS


# GSM 03.38: the default alphabet, and the extension table whose characters take two.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


class SmsEncoding(StrEnum):
    """How a phone sends a text: 7-bit GSM, or UCS-2 once one character is outside it."""

    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True)
class SmsLength:
    """A text's length as the network counts it."""

    characters: int
    encoding: SmsEncoding
    units: int
    segments: int
    per_segment: int
    # The first character that made it UCS-2 (a curly apostrophe, an emoji), if any.
    culprit: str | None


def sms_length(text: str) -> SmsLength:
    """Characters and SMS segments: 160 GSM-7 units (153 each when split), else 70 (67)."""
    culprit = next((c for c in text if c not in GSM_BASIC and c not in GSM_EXTENDED), None)
    if culprit is None:
        units = sum(2 if c in GSM_EXTENDED else 1 for c in text)
        encoding, single, multi = SmsEncoding.GSM7, 160, 153
    else:
        units = len(text.encode("utf-16-le")) // 2
        encoding, single, multi = SmsEncoding.UCS2, 70, 67
    if units == 0:
        segments = 0
    elif units <= single:
        segments = 1
    else:
        segments = math.ceil(units / multi)
    return SmsLength(
        len(text), encoding, units, segments, single if segments <= 1 else multi, culprit
    )


@dataclass(frozen=True)
class Measure:
    """How long a script is, in the terms of its kind, and whether that is too long."""

    summary: str
    warning: str
    seconds: int | None


def measure(kind: ScriptKind, text: str, words: int | None = None) -> Measure:
    """Speaking time for what is said; characters and segments for a text; words for an email.

    `words` overrides the spoken-word count (a body not filled for anyone yet).
    """
    if kind is ScriptKind.TEXT:
        sms = sms_length(text)
        summary = (
            f"{sms.characters:,} character{'s' if sms.characters != 1 else ''}, "
            f"{sms.segments} SMS segment{'s' if sms.segments != 1 else ''} ({sms.encoding.value})"
        )
        warning = ""
        if sms.culprit is not None and sms.segments > 1:
            warning = (
                f"“{sms.culprit}” makes it a Unicode text: {sms.per_segment} characters a "
                "segment instead of 153"
            )
        elif sms.segments > 1:
            warning = f"sent as {sms.segments} messages: a short text gets read"
        return Measure(summary, warning, None)
    count = spoken_words(text) if words is None else words
    if kind is ScriptKind.EMAIL:
        return Measure(f"{count:,} word{'s' if count != 1 else ''}", "", None)
    seconds = speaking_seconds(count)
    summary = f"about {seconds} s to say ({count:,} words)"
    warning = (
        f"over {LONG_AFTER_SECONDS} seconds: short messages get returned"
        if too_long_to_say(seconds)
        else ""
    )
    return Measure(summary, warning, seconds)


# -- which script, for which call -----------------------------------------------------------


@dataclass(frozen=True)
class CallSituation:
    """What the card knows about the next call: a loop waiting, a check-in due, text first."""

    waiting_on: LoopKind | None
    checkin_due: bool
    first_channel: Channel | None


@dataclass(frozen=True)
class WantedScript:
    """The kind of script this call wants, and the reason in the rep's words."""

    kind: ScriptKind
    reason: str


def wanted_script(situation: CallSituation) -> WantedScript:
    """A text for someone who prefers text first; a chase voicemail on a loop; else an opener."""
    if situation.first_channel is Channel.TEXT:
        return WantedScript(ScriptKind.TEXT, "they prefer a text first")
    if situation.waiting_on is LoopKind.EMAIL and situation.first_channel is Channel.EMAIL:
        return WantedScript(ScriptKind.EMAIL, "your email is waiting, and they prefer email")
    if situation.waiting_on is not None:
        return WantedScript(
            ScriptKind.VOICEMAIL, f"chase: your {situation.waiting_on.value} is waiting"
        )
    if situation.checkin_due:
        return WantedScript(ScriptKind.OPENER, "personal check-in due: no ask")
    return WantedScript(ScriptKind.OPENER, "a personal check-in: no ask")


def rotation(candidates: Sequence[int], used: Sequence[int]) -> list[int]:
    """`candidates` (best first) in the order to suggest them, given `used` (oldest first).

    Never the one left last, so the same voicemail is not left twice running on a loop;
    then those not used yet, then the one used longest ago. Ties keep the candidates' order.
    """
    last_use = {script: at for at, script in enumerate(used)}
    latest = used[-1] if used else None

    def order(item: tuple[int, int]) -> tuple[int, int, int]:
        position, script = item
        if script not in last_use:
            return (0, 0, position)
        return (1, last_use[script], position)

    ranked = [s for _p, s in sorted(enumerate(candidates), key=order)]
    if latest in ranked and len(ranked) > 1:
        ranked.remove(latest)
        ranked.append(latest)
    return ranked


# -- which script gets calls returned -------------------------------------------------------


@dataclass(frozen=True)
class MessageLeft:
    """A message left for someone, and what became of the loop it went into."""

    # The script it was read from; None for a message left without one.
    script_id: int | None
    left_at: datetime
    loop_id: int | None
    # When the loop was closed by them getting back (a reply or a connected call), if it was.
    returned_at: datetime | None
    channel: Channel = Channel.PHONE


@dataclass(frozen=True)
class ReturnFigures:
    """How one script has done: messages left, returned, and the median days to a return."""

    left: int
    returned: int
    median_days: float | None

    @property
    def rate(self) -> float | None:
        """Returned over left; None before any message was left."""
        return self.returned / self.left if self.left else None


K = TypeVar("K")


def _script_of(message: MessageLeft) -> int | None:
    return message.script_id


def returns_by(
    messages: Sequence[MessageLeft], key: Callable[[MessageLeft], K | None]
) -> dict[K, ReturnFigures]:
    """Return figures per `key` (a script, a channel); messages whose key is None are left out.

    A return is credited to the last message left before it, on that loop. Earlier messages
    on a loop that was returned count as left, not returned: they did not get the call
    back, the last one did.
    """
    left = Counter(kept for kept in map(key, messages) if kept is not None)
    on_returned = [m for m in messages if m.returned_at is not None]
    return counted_returns_by(left, on_returned, key)


def return_figures(messages: Sequence[MessageLeft]) -> dict[int, ReturnFigures]:
    """Per script: messages left from it, returned, and the median days to a return."""
    return returns_by(messages, _script_of)


def counted_returns(
    left: Mapping[int, int], on_returned_loops: Sequence[MessageLeft]
) -> dict[int, ReturnFigures]:
    """`return_figures` from how many messages each script left, and only the messages on
    loops that were returned (what a large log reads of itself: counts, and a few rows)."""
    return counted_returns_by(left, on_returned_loops, _script_of)


def counted_returns_by(
    left: Mapping[K, int],
    on_returned_loops: Sequence[MessageLeft],
    key: Callable[[MessageLeft], K | None],
) -> dict[K, ReturnFigures]:
    """The figures per `key` from how many messages each key left, and the messages on
    loops that were returned: each return credited to the last message before it."""
    last_on_loop: dict[int, MessageLeft] = {}
    for message in on_returned_loops:
        if message.loop_id is None or message.returned_at is None:
            continue
        if message.left_at > message.returned_at:
            continue
        held = last_on_loop.get(message.loop_id)
        if held is None or message.left_at >= held.left_at:
            last_on_loop[message.loop_id] = message
    waits: dict[K, list[float]] = {kept: [] for kept in left}
    for message in last_on_loop.values():
        assert message.returned_at is not None
        kept = key(message)
        if kept is None:
            continue
        seconds = (message.returned_at - message.left_at).total_seconds()
        waits.setdefault(kept, []).append(seconds / 86400)
    return {
        kept: ReturnFigures(
            count,
            len(waits[kept]),
            statistics.median(waits[kept]) if waits[kept] else None,
        )
        for kept, count in left.items()
    }


def rate_words(figures: ReturnFigures | None) -> str:
    """'2 of 3' for small counts, '41 % of 56' once there are enough, '—' before any."""
    if figures is None or not figures.left:
        return "—"
    if figures.left < SMALL_COUNT:
        return f"{figures.returned} of {figures.left}"
    return f"{round(100 * figures.returned / figures.left)} % of {figures.left:,}"


def rate_sort_key(figures: ReturnFigures | None) -> float:
    """How sure a good rate is (Wilson lower bound): 1 of 1 ranks below 30 of 50."""
    if figures is None or not figures.left:
        return -1.0
    n, p, z = figures.left, figures.returned / figures.left, 1.96
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def days_words(days: float | None) -> str:
    """Median wait as the rep reads it: 'same day', '1 day', '4 days'."""
    if days is None:
        return "—"
    if days < 1:
        return "same day"
    whole = round(days)
    return f"{whole} day{'s' if whole != 1 else ''}"
