"""The terminal's `callbook agenda`: the nudges planned ahead, by the scheduler's own plan."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from callbook.domain.clock import Clock
from callbook.domain.dates import day_and_month, weekday_name
from callbook.domain.nudges import Nudge, NudgeSettings
from callbook.domain.windows import describe_weekdays
from callbook.domain.zones import zone_words
from callbook.services.nudges import MAX_AGENDA_DAYS, agenda, nudge_settings
from callbook.store.engine import Store


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days") from None
    if not 1 <= days <= MAX_AGENDA_DAYS:
        raise argparse.ArgumentTypeError(f"--days must be between 1 and {MAX_AGENDA_DAYS}")
    return days


def add_commands(
    commands: argparse._SubParsersAction[Any],
    data_dir: argparse.ArgumentParser,
) -> None:
    """Add `agenda` to the command line."""
    command = commands.add_parser(
        "agenda",
        parents=[data_dir],
        help="the nudges planned for the coming days, in your time zone",
        description="Every nudge planned for the next N days, at the time it will come up in "
        "your current time zone: the morning digest, best-time reminders, follow-ups, chases and "
        "dates. Quiet hours and quiet days are already applied.",
    )
    command.add_argument(
        "--days", type=_days, default=7, metavar="N", help="how many days ahead (default 7)"
    )
    command.add_argument("--json", action="store_true", help="print a JSON array")
    command.set_defaults(in_book=run_agenda)


def agenda_as_json(nudge: Nudge, zone: ZoneInfo) -> dict[str, object]:
    """One planned nudge as plain JSON values."""
    return {
        "key": nudge.key,
        "kind": nudge.kind.value,
        "at": nudge.at.isoformat(),
        "local_time": nudge.at.astimezone(zone).isoformat(timespec="minutes"),
        "time_zone": zone.key,
        "title": nudge.title,
        "body": nudge.body,
        "contact_id": nudge.contact_id,
        "snoozed": nudge.snoozed,
    }


def describe_settings(settings: NudgeSettings) -> str:
    """'Digest at 08:00; quiet 21:00–07:00 and all day Sat, Sun.'"""
    digest = f"Digest at {settings.digest_at:%H:%M}" if settings.digest else "No morning digest"
    quiet = []
    if settings.quiet_from is not None and settings.quiet_until is not None:
        quiet.append(f"{settings.quiet_from:%H:%M}–{settings.quiet_until:%H:%M}")
    if settings.quiet_days:
        quiet.append(f"all day {describe_weekdays(settings.quiet_days)}")
    return f"{digest}; quiet {' and '.join(quiet)}." if quiet else f"{digest}; no quiet hours."


def run_agenda(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    """Print the nudges planned for the next --days days."""
    planned = agenda(store, clock, args.days)
    zone = clock.zone()
    if args.json:
        json.dump([agenda_as_json(n, zone) for n in planned], out, ensure_ascii=False, indent=2)
        print(file=out)
        return 0
    days = "day" if args.days == 1 else f"{args.days} days"
    print(f"Nudges for the next {days}, times in {zone_words(zone.key)}.", file=out)
    print(describe_settings(nudge_settings(store)), file=out)
    if not planned:
        print("Nothing planned.", file=out)
        return 0
    shown_day = None
    for nudge in planned:
        local = nudge.at.astimezone(zone)
        if local.date() != shown_day:
            shown_day = local.date()
            print(f"\n{weekday_name(shown_day)} {day_and_month(shown_day)}", file=out)
        label = nudge.kind.label + (" (snoozed)" if nudge.snoozed else "")
        print(f"  {local:%H:%M}  {label:<15} {nudge.title}", file=out)
        for line in nudge.body.splitlines():
            print(f"{'':24}{line}", file=out)
    return 0
