"""The card's facts in the rep's words, one copy for the window and the terminal alike."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from callbook.domain.dates import SayDay, days_ago, days_until, weekday_name
from callbook.domain.today import coming_soon
from callbook.domain.vocabulary import Direction
from callbook.domain.windows import WEEKDAY_NAMES
from callbook.domain.words import counted
from callbook.domain.zones import zone_place
from callbook.services.card import BestTimeLine, ContactCard, FamilyLine, LoopLine, TimelineEntry


def their_time_words(card: ContactCard) -> str:
    """'Their time: 14:05, Monday (New York)', or what to do when the zone is not known."""
    if card.local_now is None or card.time_zone is None:
        return "Their time zone is not known: set it under Contact."
    local = card.local_now
    return f"Their time: {local:%H:%M}, {weekday_name(local.date())} ({zone_place(card.time_zone)})"


def checkin_headline(card: ContactCard, zone: ZoneInfo, today: date, say: SayDay) -> str:
    """'Last personal check-in: 12 days ago (22 Nov)', or that there was none."""
    if card.last_personal_checkin_at is None:
        return "No personal check-in yet"
    local = card.last_personal_checkin_at.astimezone(zone).date()
    return f"Last personal check-in: {days_ago(local, today)} ({say(local)})"


def checkin_detail(
    card: ContactCard, now: datetime, zone: ZoneInfo, today: date, say: SayDay
) -> str:
    """'A personal check-in every 14 days (tier A); due 1 Dec, 6 days overdue'."""
    late = (today - card.checkin_due_on).days
    if late > 0:
        due = f"due {say(card.checkin_due_on)}, {counted(late, 'day')} overdue"
    elif late == 0:
        due = "due today"
    else:
        due = f"next due {say(card.checkin_due_on)}"
    rhythm = f"every {card.rhythm_days} days"
    if card.own_rhythm_days is None:
        rhythm += f" (tier {card.tier.value})"
    snoozed = ""
    if card.snoozed_until is not None and card.snoozed_until > now:
        until = card.snoozed_until.astimezone(zone).date()
        snoozed = f" · snoozed until {WEEKDAY_NAMES[until.weekday()]} {say(until)}"
    return f"A personal check-in {rhythm}; {due}{snoozed}"


def family_words(member: FamilyLine, today: date, say: SayDay) -> str:
    """'Ask about Mia (daughter) — birthday 4 Dec, turns 9 (in 3 days) — loves horses'."""
    relation = f" ({member.relation})" if member.relation else ""
    line = f"Ask about {member.name}{relation}"
    if member.next_birthday is not None:
        turns = f", turns {member.turns}" if member.turns is not None else ""
        line += f" — birthday {say(member.next_birthday)}{turns}"
        if coming_soon(member.next_birthday, today):
            line += f" ({days_until(member.next_birthday, today)})"
    if member.notes:
        line += f" — {member.notes}"
    return line


def birthday_soon(member: FamilyLine, today: date) -> bool:
    """True when their birthday is close enough to call about."""
    return member.next_birthday is not None and coming_soon(member.next_birthday, today)


def best_time_words(line: BestTimeLine) -> tuple[str, str]:
    """A best time in their time, and its next opening in yours (with the note)."""
    yours = line.yours + (f" ({line.note})" if line.note else "")
    return line.theirs, yours


def channels_words(card: ContactCard) -> str:
    """'Text first → Call', or 'not known yet'."""
    return " → ".join(c.label for c in card.preferred_channels) or "not known yet"


def loop_words(loop: LoopLine, zone: ZoneInfo, today: date, say: SayDay) -> str:
    """'Your voicemail “pricing” of 2 Dec: waiting 5 days, 2 tries, next try Fri 11 Dec'."""
    opened = loop.opened_at.astimezone(zone).date()
    if loop.next_attempt_on is None:
        nxt = "no more tries by the cadence"
    elif loop.next_attempt_on <= today:
        nxt = "next try due now"
    else:
        day = WEEKDAY_NAMES[loop.next_attempt_on.weekday()]
        nxt = f"next try {day} {say(loop.next_attempt_on)}"
    subject = f" “{loop.subject}”" if loop.subject else ""
    return (
        f"Your {loop.kind.value}{subject} of {say(opened)}: "
        f"waiting {counted(loop.days_waiting, 'day')}, {counted(loop.attempts, 'try', 'tries')}, "
        f"{nxt}"
    )


def touch_words(entry: TimelineEntry) -> str:
    """One touch in words: 'Call · connected · 12 min', 'Text from them · they replied'."""
    via = entry.channel.label
    if entry.direction is Direction.INBOUND:
        via = f"{via} from them"
    words = [via, entry.outcome.label.lower()]
    if entry.duration_seconds and entry.duration_seconds >= 60:
        words.append(f"{round(entry.duration_seconds / 60)} min")
    return " · ".join(words)


def next_step_words(entry: TimelineEntry, say: SayDay) -> str | None:
    """'Next: send the pricing by 4 Dec ✓ done', or None when the touch left no next step."""
    if not entry.next_step and entry.next_step_due is None:
        return None
    due = f" by {say(entry.next_step_due)}" if entry.next_step_due is not None else ""
    done = " ✓ done" if entry.next_step_done else ""
    return f"Next: {entry.next_step or 'follow up'}{due}{done}"
