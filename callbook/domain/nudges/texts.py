"""What nudges say: the morning digest and best-time reminders, in the rep's words."""

from __future__ import annotations

import heapq
from datetime import date, datetime
from zoneinfo import ZoneInfo

from callbook.domain.nudges.kinds import DueItems
from callbook.domain.nudges.tally import DayTally
from callbook.domain.today import (
    Reason,
    ReasonKind,
    TodayRow,
    date_reason,
)
from callbook.domain.windows import WindowOpening
from callbook.domain.words import counted
from callbook.domain.zones import zone_place


def _date_phrase(name: str, reason: Reason) -> str:
    # The full name, never a first name alone: erasing a contact blanks their full name
    # in nudges about no one in particular, like this digest.
    if reason.text.casefold().startswith("birthday "):
        return f"{name}'s {reason.text[0].lower()}{reason.text[1:]}"
    return f"{reason.text} ({name})"


def _first_dates(tally: DayTally, items: DueItems, today: date, count: int) -> list[str]:
    """The digest's first dates: soonest first, then as their contacts stand on Today."""
    if not tally.dates:
        return []
    last = heapq.nsmallest(count, (ahead for ahead, _, _ in tally.dates))[-1]
    soonest = [found for found in tally.dates if found[0] <= last]
    wanted = {cid for _, cid, _ in soonest}
    rank: dict[int, int] = {}
    # Dates today or tomorrow score high: their contacts are found near the top.
    for number, place in enumerate(tally.places):
        if place.contact_id in wanted:
            rank[place.contact_id] = number
            if len(rank) == len(wanted):
                break
    # Two dates of one contact on one day read in the order they were loaded.
    soonest.sort(key=lambda found: (found[0], rank[found[1]], found[2]))
    phrases = []
    for _, cid, index in soonest[:count]:
        reason = date_reason(items.dates[index], today)
        assert reason is not None
        phrases.append(_date_phrase(items.contacts[cid].name, reason))
    return phrases


def digest_text(tally: DayTally, items: DueItems, today: date) -> tuple[str, str]:
    """Title and body of the morning digest: counts by reason, dates named."""
    if not tally.places:
        return "Nothing due today", "A good day to give before you ask."
    parts = []
    if tally.checkins_overdue:
        parts.append(f"{counted(tally.checkins_overdue, 'check-in')} overdue")
    if tally.checkins_due:
        parts.append(f"{counted(tally.checkins_due, 'check-in')} due today")
    if tally.chases:
        parts.append(f"{counted(tally.chases, 'chase')} due")
    if tally.follow_ups:
        parts.append(f"{counted(tally.follow_ups, 'follow-up')} due")
    parts += _first_dates(tally, items, today, 3)
    if len(tally.dates) > 3:
        parts.append(f"{counted(len(tally.dates) - 3, 'more date')} this week")
    people = "1 person" if len(tally.places) == 1 else f"{len(tally.places)} people"
    return f"Today: {people} to call", ", ".join(parts)


def best_time_text(
    row: TodayRow, opening: WindowOpening, rep_zone: ZoneInfo, place: str, at: datetime
) -> tuple[str, str]:
    """'Mike Chen: best time at 12:45' and where and why, in their time and the rep's.

    A reminder held back by quiet hours until the window has opened says it is open now.
    """
    theirs = row.contact.zone or rep_zone
    start_rep = opening.starts_at.astimezone(rep_zone)
    end_rep = opening.ends_at.astimezone(rep_zone)
    start, end = opening.starts_at.astimezone(theirs), opening.ends_at.astimezone(theirs)
    span = f"{start:%H:%M}–{end:%H:%M}"
    if theirs.key != rep_zone.key and start.utcoffset() != start_rep.utcoffset():
        yours = f"{start_rep:%H:%M}–{end_rep:%H:%M} yours"
        when = f"{span} their time in {zone_place(theirs.key)} ({yours})"
    else:
        when = f"{span}"
    lines = [f"Best time {when}"]
    if place:
        lines.append(f"Place: {place}")
    channel = row.best_channel
    lines.append(row.reason + (f" · prefers {channel.value}" if channel else ""))
    if at >= opening.starts_at:
        title = f"{row.contact.name}: best time now, until {end_rep:%H:%M}"
    else:
        title = f"{row.contact.name}: best time at {start_rep:%H:%M}"
    return title, "\n".join(lines)


def falls_due_today(reason: Reason) -> bool:
    # `tally_day` marks the same reasons in `falling_due` without building them.
    if reason.kind is ReasonKind.DATE:
        return reason.days_overdue in (0, -1)  # on the day, and a day ahead
    if reason.kind in (ReasonKind.FOLLOW_UP, ReasonKind.CHASE):
        return reason.days_overdue == 0
    return False


def reminder_headline(reason: Reason) -> str:
    """What a day reminder's title says after the name."""
    if reason.kind is ReasonKind.FOLLOW_UP:
        return "follow-up due today"
    if reason.kind is ReasonKind.CHASE:
        return "time to try again"
    # "Birthday tomorrow" reads on after the name in lower case; "Sam (son): ..." keeps its capital.
    if reason.text.startswith("Birthday "):
        return "b" + reason.text[1:]
    return reason.text
