"""The terminal's `callbook show CONTACT`: the pre-call brief and the recent history."""

from __future__ import annotations

import argparse
import json
import locale
from datetime import date, datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from callbook.domain.clock import Clock
from callbook.domain.dates import short_date, short_day
from callbook.domain.gives import balance_detail, balance_words
from callbook.domain.words import counted
from callbook.interchange.regions import region_from_locale
from callbook.services.card import ContactCard, TimelineEntry, load_card
from callbook.services.card_words import (
    SayDay,
    best_time_words,
    channels_words,
    checkin_detail,
    checkin_headline,
    family_words,
    loop_words,
    next_step_words,
    their_time_words,
    touch_words,
)
from callbook.services.contacts import resolve_contact
from callbook.services.gives import GivesLog, gives_log
from callbook.services.interchange import saved_home_region
from callbook.store.engine import Store

HISTORY_SHOWN = 10


def add_commands(
    commands: argparse._SubParsersAction[Any],
    data_dir: argparse.ArgumentParser,
) -> None:
    """Add `show` to the command line."""
    show = commands.add_parser(
        "show",
        parents=[data_dir],
        help="a contact's pre-call brief and recent history",
        description="Who they are, their time now, the best way and time to reach them, the "
        "last personal check-in, family and interests, what is waiting on them, the give/ask "
        "balance and the newest touches.",
    )
    show.add_argument("contact", metavar="CONTACT", help="contact id or an unambiguous name")
    show.add_argument("--json", action="store_true", help="print a JSON object")
    show.add_argument(
        "--history",
        type=int,
        default=HISTORY_SHOWN,
        metavar="N",
        help=f"touches of the history to show (default {HISTORY_SHOWN}; 0 for all loaded)",
    )
    show.set_defaults(in_book=run_show)


def run_show(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    """Print one contact's brief: words for a person, or JSON for a script."""
    match = resolve_contact(store, args.contact)
    home_region = saved_home_region(store) or region_from_locale(locale.getlocale()[0])
    card = load_card(store, clock, match.contact_id, home_region)
    gives = gives_log(store, clock, match.contact_id)
    history = card.timeline if args.history <= 0 else card.timeline[: args.history]
    if args.json:
        json.dump(brief_as_json(card, gives, history), out, ensure_ascii=False, indent=2)
        print(file=out)
        return 0
    for line in brief_lines(card, gives, history, clock):
        print(line, file=out)
    return 0


def brief_lines(
    card: ContactCard, gives: GivesLog, history: tuple[TimelineEntry, ...], clock: Clock
) -> list[str]:
    """The brief as lines of plain text, in the order the card reads."""
    now = clock.now()
    zone = clock.zone()
    today = now.astimezone(zone).date()

    def say(day: date) -> str:
        return short_date(day, today)

    who = " at ".join(p for p in (card.title, card.company) if p)
    tags = f" · {', '.join(card.tags)}" if card.tags else ""
    lines = [
        f"{card.name} [#{card.contact_id}]",
        f"{who} · Tier {card.tier.value}{tags}".lstrip(" ·"),
    ]
    if card.role_function:
        lines.append(f"Role: {card.role_function}")
    lines.append(their_time_words(card))
    reach = [f"{p.label} {p.shown}" for p in card.phones]
    if card.email:
        reach.append(card.email)
    lines.append("Reach: " + (" · ".join(reach) or "no phone or email yet"))
    lines.append(f"Best way: {channels_words(card)}")
    if card.best_times:
        lines.append("Best times:")
        for line in card.best_times:
            theirs, yours = best_time_words(line)
            lines.append(f"  {theirs}; {yours}" if yours else f"  {theirs}")
    else:
        lines.append("Best times: not known yet")
    for label, value in (
        ("Place", card.place),
        ("Assistant", _assistant(card)),
        ("Boss", card.boss_name),
        ("On their mind", card.on_their_mind),
    ):
        if value:
            lines.append(f"{label}: {_one_line(value)}")
    if not card.question_asked:
        lines.append("Not asked yet: the best way to connect when they are slammed.")
    lines.append("")
    lines.append(checkin_headline(card, zone, today, say))
    lines.append(checkin_detail(card, now, zone, today, say))
    lines.append("")
    if card.family:
        lines.append("Family:")
        lines.extend(f"  {family_words(m, today, say)}" for m in card.family)
    else:
        lines.append("Family: none noted yet")
    lines.append("Interests: " + (" · ".join(card.interests) or "none noted yet"))
    lines.append("")
    if card.open_loops:
        lines.append("Waiting on them:")
        lines.extend(f"  {loop_words(loop, zone, today, say)}" for loop in card.open_loops)
    else:
        lines.append("Nothing is waiting on them.")
    lines.append(f"Give and ask: {balance_words(gives.balance)}")
    lines.append(f"  {balance_detail(gives.balance)}")
    lines.append("")
    if not history:
        lines.append("No calls or messages logged yet.")
        return lines
    shown = f"the newest {len(history):,} of " if len(history) < card.timeline_total else ""
    lines.append(f"History ({shown}{counted(card.timeline_total, 'touch', 'touches')}):")
    for entry in history:
        lines.extend(_history_lines(entry, zone, say))
    return lines


def _history_lines(entry: TimelineEntry, zone: ZoneInfo, say: SayDay) -> list[str]:
    local = entry.occurred_at.astimezone(zone)
    lines = [
        f"  {short_day(local.date())} {local.year} {local:%H:%M} · {touch_words(entry)}"
        f" · {entry.purpose.label.lower()}"
    ]
    if entry.note.strip():
        lines.append(f"      {_one_line(entry.note)}")
    step = next_step_words(entry, say)
    if step:
        lines.append(f"      {step}")
    return lines


def _assistant(card: ContactCard) -> str:
    return " ".join(p for p in (card.assistant_name, card.assistant_phone) if p)


def _one_line(text: str) -> str:
    # A terminal line per fact: a note's own line breaks are kept apart by a mark.
    return " ⏎ ".join(part.strip() for part in text.strip().splitlines() if part.strip())


def brief_as_json(
    card: ContactCard, gives: GivesLog, history: tuple[TimelineEntry, ...]
) -> dict[str, object]:
    """The brief as plain JSON values, for a script."""
    balance = gives.balance
    return {
        "contact_id": card.contact_id,
        "name": card.name,
        "company": card.company,
        "title": card.title,
        "role": card.role_function,
        "tier": card.tier.value,
        "tags": list(card.tags),
        "time_zone": card.time_zone,
        "local_time": card.local_now.isoformat(timespec="minutes") if card.local_now else None,
        "phones": [{"label": p.label, "number": p.e164, "shown": p.shown} for p in card.phones],
        "email": card.email,
        "preferred_channels": [c.value for c in card.preferred_channels],
        "best_times": [
            {
                "days": sorted(line.window.weekdays),
                "from": f"{line.window.start:%H:%M}",
                "to": f"{line.window.end:%H:%M}",
                "note": line.note,
                "their_time": line.theirs,
                "your_time": line.yours,
                "open_now": line.open_now,
            }
            for line in card.best_times
        ],
        "place": card.place,
        "assistant": {"name": card.assistant_name, "phone": card.assistant_phone},
        "boss": card.boss_name,
        "on_their_mind": card.on_their_mind,
        "question_asked": card.question_asked,
        "question_answer": card.question_answer,
        "last_personal_checkin_at": _instant(card.last_personal_checkin_at),
        "days_since_checkin": card.days_since_checkin,
        "checkin_every_days": card.rhythm_days,
        "checkin_due_on": card.checkin_due_on.isoformat(),
        "family": [
            {
                "name": m.name,
                "relation": m.relation,
                "birthday": m.birthday_text or None,
                "next_birthday": m.next_birthday.isoformat() if m.next_birthday else None,
                "turns": m.turns,
                "notes": m.notes,
            }
            for m in card.family
        ],
        "interests": list(card.interests),
        "open_loops": [
            {
                "kind": loop.kind.value,
                "subject": loop.subject,
                "opened_at": _instant(loop.opened_at),
                "days_waiting": loop.days_waiting,
                "attempts": loop.attempts,
                "next_attempt_on": loop.next_attempt_on.isoformat()
                if loop.next_attempt_on
                else None,
            }
            for loop in card.open_loops
        ],
        "give_ask": {
            "words": balance_words(balance),
            "asks_since_give": balance.asks_since_give,
            "days_since_give": balance.days_since_give,
            "gives_all": balance.gives_all,
            "asks_all": balance.asks_all,
        },
        "history_total": card.timeline_total,
        "history": [
            {
                "at": _instant(e.occurred_at),
                "channel": e.channel.value,
                "direction": e.direction.value,
                "outcome": e.outcome.value,
                "purpose": e.purpose.value,
                "duration_seconds": e.duration_seconds,
                "note": e.note,
                "next_step": e.next_step,
                "next_step_due": e.next_step_due.isoformat() if e.next_step_due else None,
                "next_step_done": e.next_step_done,
            }
            for e in history
        ],
    }


def _instant(at: datetime | None) -> str | None:
    return at.isoformat(timespec="seconds") if at is not None else None
