"""The terminal's `callbook today`: who to call today and why, as text or JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from callbook.domain.clock import Clock
from callbook.domain.today import TodayRow
from callbook.services.today import today_list
from callbook.store.engine import Store


def add_commands(
    commands: argparse._SubParsersAction[Any], data_dir: argparse.ArgumentParser
) -> None:
    """Add `today` to the command line."""
    today = commands.add_parser("today", parents=[data_dir], help="who to call today and why")
    today.add_argument("--json", action="store_true", help="print a JSON array")
    today.add_argument(
        "--limit", type=int, default=25, metavar="N", help="rows to show (default 25; 0 for all)"
    )
    today.set_defaults(in_book=_today)


def today_as_json(row: TodayRow, rank: int) -> dict[str, object]:
    """One Today row as plain JSON values."""
    opening = row.opening
    return {
        "rank": rank,
        "contact_id": row.contact.contact_id,
        "name": row.contact.name,
        "company": row.contact.company,
        "tier": row.contact.tier.value,
        "reason": row.why,
        "reasons": [r.text for r in row.reasons],
        "give_first": row.give_first,
        "kind": row.top.kind.value,
        "due": row.top.due.isoformat(),
        "days_overdue": row.top.days_overdue,
        "time_zone": row.contact.zone.key if row.contact.zone else None,
        "local_time": row.local_now.isoformat(timespec="minutes") if row.local_now else None,
        "best_channel": row.best_channel.value if row.best_channel else None,
        "window_open_now": row.window_open_now,
        "next_window_start": opening.starts_at.isoformat() if opening else None,
    }


def _today(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    rows = today_list(store, clock)
    shown = rows if args.limit <= 0 else rows[: args.limit]
    if args.json:
        json.dump(
            [today_as_json(r, i) for i, r in enumerate(shown, 1)], out, ensure_ascii=False, indent=2
        )
        print(file=out)
        return 0
    local = clock.now().astimezone(clock.zone())
    if not rows:
        print(f"Nothing due today ({local:%A %d %B}). A good day to give before you ask.", file=out)
        return 0
    print(f"Today, {local:%A %d %B}: {len(rows):,} to call", file=out)
    for rank, row in enumerate(shown, 1):
        there = f"{row.local_now:%H:%M} their time" if row.local_now else "zone unknown"
        how = row.best_channel.value if row.best_channel else "any channel"
        if row.window_open_now:
            how += ", best time is NOW"
        elif row.opening:
            how += (
                f", best time {row.opening.starts_at.astimezone(clock.zone()):%a %H:%M} your time"
            )
        company = f" ({row.contact.company})" if row.contact.company else ""
        print(
            f"{rank:>3}. {row.contact.name}{company} "
            f"[#{row.contact.contact_id}, tier {row.contact.tier}]",
            file=out,
        )
        print(f"     {row.why}", file=out)
        print(f"     {there}; {how}", file=out)
    if len(shown) < len(rows):
        print(f"... and {len(rows) - len(shown):,} more (--limit 0 shows all)", file=out)
    return 0
