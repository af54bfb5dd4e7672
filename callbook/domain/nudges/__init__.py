"""Nudges planned from the same rules as Today: one module per job, the plan's names here.

kinds (what a nudge is), settings, tally (a day's list without texts), texts (what the
digest and reminders say), planning (which fall when), snooze, missed (catch-up after a
gap) and wall_clock (noticing sleep or a clock change).
"""

from callbook.domain.nudges.kinds import (
    KIND_LABELS,
    KIND_OF_REASON,
    SNOOZE_KEY_MARK,
    DueItems,
    Nudge,
    NudgeKind,
    local_instant,
)
from callbook.domain.nudges.missed import CATCH_UP_LINES, MISFIRE_GRACE, catch_up, missed_nudges
from callbook.domain.nudges.planning import DAY_REMINDER_LIMIT, MORE_NAMED, plan_day, plan_nudges
from callbook.domain.nudges.settings import NudgeSettings
from callbook.domain.nudges.snooze import (
    SNOOZE_LABELS,
    SnoozeChoice,
    snooze_until,
    snoozed_copy,
)
from callbook.domain.nudges.tally import DayTally, tally_day
from callbook.domain.nudges.texts import best_time_text, digest_text
from callbook.domain.nudges.wall_clock import WallClockWatch

__all__ = [
    "CATCH_UP_LINES",
    "DAY_REMINDER_LIMIT",
    "KIND_LABELS",
    "KIND_OF_REASON",
    "MISFIRE_GRACE",
    "MORE_NAMED",
    "SNOOZE_KEY_MARK",
    "SNOOZE_LABELS",
    "DayTally",
    "DueItems",
    "Nudge",
    "NudgeKind",
    "NudgeSettings",
    "SnoozeChoice",
    "WallClockWatch",
    "best_time_text",
    "catch_up",
    "digest_text",
    "local_instant",
    "missed_nudges",
    "plan_day",
    "plan_nudges",
    "snooze_until",
    "snoozed_copy",
    "tally_day",
]
