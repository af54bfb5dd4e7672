"""Give before you ask: which touches are asks, the give/ask balance, and when to give first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from callbook.domain.dates import WEEKDAY_NAMES, WEEKDAYS, short_day
from callbook.domain.vocabulary import Direction, GiveKind, Outcome, Purpose

# The balance is read over this many days, and over all time.
RECENT_DAYS = 90
# Today suggests a give when the rep's last touches were this many asks in a row...
ASKS_IN_A_ROW = 3
# ...and nothing was given for at least this long.
GIVE_DRY_DAYS = 30
MAX_DESCRIPTION = 300

# What can be asked for: business, a proposal, a follow-up wanting a decision. A chase
# carries the purpose of the message it chases, so it counts as the ask it chases.
ASK_PURPOSES = frozenset({Purpose.BUSINESS, Purpose.PROPOSAL, Purpose.FOLLOW_UP})

# One key per kind in the quick log and the give dialog.
GIVE_KEYS: dict[str, GiveKind] = {
    "i": GiveKind.INTRO,
    "a": GiveKind.ARTICLE,
    "h": GiveKind.HELP,
    "v": GiveKind.INVITATION,
    "g": GiveKind.GIFT,
    "n": GiveKind.NOTE,
}
# The words a rep may type for a kind (the command line, an import).
KIND_WORDS: dict[str, GiveKind] = {
    "intro": GiveKind.INTRO,
    "introduction": GiveKind.INTRO,
    "referral": GiveKind.INTRO,
    "article": GiveKind.ARTICLE,
    "idea": GiveKind.ARTICLE,
    "help": GiveKind.HELP,
    "favour": GiveKind.HELP,
    "favor": GiveKind.HELP,
    "invitation": GiveKind.INVITATION,
    "invite": GiveKind.INVITATION,
    "gift": GiveKind.GIFT,
    "note": GiveKind.NOTE,
    "congratulations": GiveKind.NOTE,
    "congrats": GiveKind.NOTE,
    "other": GiveKind.OTHER,
}
KIND_CHOICES = "intro, article, help, invitation, gift or note"


def is_ask(purpose: Purpose, direction: Direction, outcome: Outcome) -> bool:
    """True when a touch wanted something from them.

    A business call or email, a proposal, a chase of an unanswered message, a follow-up
    asking for a decision. A personal check-in is neither an ask nor a give; what they
    sent the rep is not the rep asking; a wrong number reached no one.
    """
    return (
        purpose in ASK_PURPOSES
        and direction is Direction.OUTBOUND
        and outcome is not Outcome.WRONG_NUMBER
    )


@dataclass(frozen=True, slots=True)
class Touch:
    """One logged touch, as much of it as the balance needs."""

    at: datetime
    purpose: Purpose
    direction: Direction
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class Given:
    """One give: the day the rep gave it, and the moment it stands at among the touches."""

    on: date
    at: datetime


def given(on: date, logged_at: datetime | None, zone: ZoneInfo) -> Given:
    """A give dated the day it was logged happened when logged; an earlier one, at its day's end.

    So an ask made the morning before an afternoon's give is before it, and a give entered
    a week late is after whatever was asked on its day (the kinder reading of the day).
    """
    if logged_at is not None and logged_at.astimezone(zone).date() == on:
        return Given(on, logged_at)
    end = datetime.combine(on, time(23, 59, 59), tzinfo=zone)
    return Given(on, end)


@dataclass(frozen=True)
class Balance:
    """Gives against asks for one contact: recently, in all, and since the last give."""

    asks_recent: int
    gives_recent: int
    asks_all: int
    gives_all: int
    asks_since_give: int
    asks_in_a_row: int
    last_give_on: date | None
    today: date

    @property
    def days_since_give(self) -> int | None:
        """Whole days since the last give, None when nothing was ever given."""
        return None if self.last_give_on is None else (self.today - self.last_give_on).days


def balance(
    touches: Iterable[Touch], gives: Iterable[Given], now: datetime, zone: ZoneInfo
) -> Balance:
    """The give/ask balance of one contact's history, as of `now` in the rep's calendar."""
    today = now.astimezone(zone).date()
    since = today - timedelta(days=RECENT_DAYS)
    gives = sorted(gives, key=lambda g: g.at)
    last = gives[-1] if gives else None
    asks_all = asks_recent = asks_since = 0
    # The rep's own touches after the last give, newest first, for the run of asks.
    after_give: list[Touch] = []
    for touch in touches:
        ask = is_ask(touch.purpose, touch.direction, touch.outcome)
        if ask:
            asks_all += 1
            if touch.at.astimezone(zone).date() > since:
                asks_recent += 1
        if last is None or touch.at > last.at:
            asks_since += ask
            if touch.direction is Direction.OUTBOUND:
                after_give.append(touch)
    in_a_row = 0
    for touch in sorted(after_give, key=lambda t: t.at, reverse=True):
        if not is_ask(touch.purpose, touch.direction, touch.outcome):
            break
        in_a_row += 1
    return Balance(
        asks_recent=asks_recent,
        gives_recent=sum(1 for g in gives if g.on > since),
        asks_all=asks_all,
        gives_all=len(gives),
        asks_since_give=asks_since,
        asks_in_a_row=in_a_row,
        last_give_on=last.on if last else None,
        today=today,
    )


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}" if number == 1 else f"{number:,} {word}s"


def _ago(days: int) -> str:
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days:,} days ago"


def balance_words(found: Balance) -> str:
    """The balance in a line: '3 asks since your last give, 41 days ago'."""
    days = found.days_since_give
    if days is None:
        if not found.asks_all:
            return "Nothing given or asked yet"
        return f"{_count(found.asks_all, 'ask')} and nothing given yet"
    when = _ago(days)
    if not found.asks_since_give:
        return f"Nothing asked since your last give, {when}"
    return f"{_count(found.asks_since_give, 'ask')} since your last give, {when}"


def balance_detail(found: Balance) -> str:
    """'Last 90 days: 1 give, 4 asks · all time: 3 gives, 11 asks'."""
    return (
        f"Last {RECENT_DAYS} days: {_count(found.gives_recent, 'give')}, "
        f"{_count(found.asks_recent, 'ask')} · all time: {_count(found.gives_all, 'give')}, "
        f"{_count(found.asks_all, 'ask')}"
    )


def give_first(asks_in_a_row: int, last_give_on: date | None, today: date) -> str | None:
    """What Today says when the last touches were all asks and nothing was given for a while.

    None when a give is not overdue: fewer asks in a row, or something given lately.
    """
    if asks_in_a_row < ASKS_IN_A_ROW:
        return None
    if last_give_on is not None and (today - last_give_on).days < GIVE_DRY_DAYS:
        return None
    if last_give_on is None:
        dry = "nothing given yet"
    else:
        dry = f"nothing given for {(today - last_give_on).days:,} days"
    return f"Your last {asks_in_a_row} touches were asks, {dry}: give something before the next ask"


def asks_since_give_text(asks_since_give: int, last_give_on: date | None) -> str:
    """The contact list's cell: '4 asks', '0 asks', '6 asks, never given'."""
    text = _count(asks_since_give, "ask")
    return f"{text}, never given" if last_give_on is None else text


def parse_kind(typed: str) -> GiveKind:
    """The kind of give from a word the rep typed; ValueError naming the choices."""
    word = " ".join(typed.strip().lower().split())
    if word.endswith("s") and word[:-1] in KIND_WORDS:
        word = word[:-1]
    if word not in KIND_WORDS:
        shown = typed.strip() or "nothing"
        raise ValueError(f"'{shown}' is not a kind of give; use {KIND_CHOICES}")
    return KIND_WORDS[word]


def checked_description(typed: str) -> str:
    """What was given, trimmed; ValueError when it is empty or too long."""
    text = " ".join(typed.split())
    if not text:
        raise ValueError(
            "say what you gave, e.g. 'intro to Dana at Acme for their ERP search'; "
            "nothing was saved"
        )
    if len(text) > MAX_DESCRIPTION:
        raise ValueError(
            f"what was given is at most {MAX_DESCRIPTION} characters; this has {len(text):,} "
            "(keep the detail in the contact's notes)"
        )
    return text


def parse_given_on(typed: str, today: date) -> date:
    """The day a give was given: blank or 'today', 'yesterday', '-3', 'mon', '2026-11-20'.

    A weekday is the last one on or before today; a day still to come is refused.
    """
    word = typed.strip().lower()
    if word in ("", "today", "tod"):
        return today
    if word in ("yesterday", "yday"):
        return today - timedelta(days=1)
    if match := re.fullmatch(r"-(\d{1,4})", word):
        return today - timedelta(days=int(match.group(1)))
    if match := re.fullmatch(r"\+(\d{1,4})", word):
        raise ValueError(f"'{typed.strip()}' is a day still to come; log a give once it is given")
    hits = [i for i, d in enumerate(WEEKDAYS) if len(word) >= 3 and word.startswith(d)]
    if hits and WEEKDAY_NAMES[hits[0]].startswith(word):
        return today - timedelta(days=(today.weekday() - hits[0]) % 7)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        try:
            day = date.fromisoformat(word)
        except ValueError:
            raise ValueError(f"'{typed.strip()}' is not a day on the calendar") from None
        if day > today:
            raise ValueError(
                f"{short_day(day)} {day.year} is still to come; log a give once it is given"
            )
        return day
    raise ValueError(
        f"'{typed.strip()}' is not a day I understand; try today, yesterday, -3, mon or 2026-11-20"
    )


def quick_give_problem(gave: GiveKind | None, note: str) -> str | None:
    """What a give from the quick log still lacks, in words; None when it can be saved."""
    if gave is None:
        keys = ", ".join(f"{key} {kind.label.lower()}" for key, kind in GIVE_KEYS.items())
        return f"pick what you gave: {keys}"
    if not give_description(note):
        return (
            "say what you gave on the note's first line, e.g. 'intro to Dana at Acme for "
            "their ERP search'"
        )
    return None


def give_description(note: str) -> str:
    """What a give logged from a note was: its first line, cut to fit (the note keeps it all)."""
    first = next((line.strip() for line in note.splitlines() if line.strip()), "")
    if len(first) > MAX_DESCRIPTION:
        first = first[: MAX_DESCRIPTION - 1].rstrip() + "…"
    return first
