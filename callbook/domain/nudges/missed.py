"""Nudges missed while the laptop slept or Callbook was closed: found, and folded into one."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from callbook.domain.nudges.kinds import Nudge, NudgeKind
from callbook.domain.windows import WEEKDAY_NAMES
from callbook.domain.words import counted

# Nudges later than this are not fired one by one but folded into one catch-up.
MISFIRE_GRACE = timedelta(seconds=90)
CATCH_UP_LINES = 6


def missed_nudges(
    plan: Iterable[Nudge],
    handled: Collection[str],
    settled_through: datetime,
    now: datetime,
    grace: timedelta = MISFIRE_GRACE,
) -> list[Nudge]:
    """Nudges that should have fired but did not: later than the grace, never handled.

    Only what fell due after `settled_through` counts (what was added for an hour already
    gone is not news), except snoozed nudges, which the rep explicitly asked back.
    """
    return [
        n
        for n in plan
        if n.key not in handled and n.at <= now - grace and (n.at > settled_through or n.snoozed)
    ]


def catch_up(missed: Sequence[Nudge], now: datetime, rep_zone: ZoneInfo) -> Nudge:
    """One nudge that stands for everything missed, the digest first."""
    ordered = sorted(missed, key=lambda n: (n.kind != NudgeKind.DIGEST, n.at))
    lines = []
    for nudge in ordered[:CATCH_UP_LINES]:
        local = nudge.at.astimezone(rep_zone)
        if nudge.kind is NudgeKind.DIGEST:
            lines.append(f"{nudge.title}: {nudge.body}")
        else:
            lines.append(f"{WEEKDAY_NAMES[local.weekday()]} {local:%H:%M} {nudge.title}")
    if len(ordered) > CATCH_UP_LINES:
        lines.append(f"and {len(ordered) - CATCH_UP_LINES} more on the Nudges page")
    contacts = {n.contact_id for n in missed}
    only = next(iter(contacts)) if len(contacts) == 1 else None
    return Nudge(
        f"catch-up:{now.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        NudgeKind.CATCH_UP,
        now,
        f"While you were away: {counted(len(missed), 'nudge')}",
        "\n".join(lines),
        only,
    )
