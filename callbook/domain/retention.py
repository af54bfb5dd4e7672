"""Which rolling backups to keep: the last 7 days, 4 weeks before them, and the newest few."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

DAILY_KEPT = 7
WEEKLY_KEPT = 4
# The newest few are kept whatever their day: a backup taken before an import must not push
# out the one taken at start the same morning, since either may be the one the rep wants.
RECENT_KEPT = 3

PREFIX = "callbook-"
SUFFIX = ".sqlite3"
_NAME = re.compile(r"^callbook-(\d{8}T\d{6}(?:\d{6})?)Z-([a-z-]+)\.sqlite3$")


class BackupReason(StrEnum):
    """Why a rolling backup was taken; part of its file name."""

    DAILY = "daily"
    BEFORE_MIGRATION = "before-migration"
    BEFORE_IMPORT = "before-import"
    BEFORE_RESTORE = "before-restore"
    BEFORE_ENCRYPTION = "before-encryption"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        """How the rep reads it in a list of backups."""
        return {
            BackupReason.DAILY: "daily",
            BackupReason.BEFORE_MIGRATION: "before an upgrade",
            BackupReason.BEFORE_IMPORT: "before an import",
            BackupReason.BEFORE_RESTORE: "before a restore",
            BackupReason.BEFORE_ENCRYPTION: "before encryption was changed",
            BackupReason.MANUAL: "taken by hand",
        }[self]


@dataclass(frozen=True, order=True)
class BackupTaken:
    """One backup file in the rolling folder: when it was taken and why."""

    taken_at: datetime
    reason: BackupReason
    name: str


def backup_name(taken_at: datetime, reason: BackupReason) -> str:
    """The file name for a backup taken at `taken_at` (UTC, to the microsecond)."""
    if taken_at.tzinfo is None:
        raise ValueError("a backup time needs a time zone")
    stamp = taken_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{PREFIX}{stamp}Z-{reason.value}{SUFFIX}"


def parse_backup_name(name: str) -> BackupTaken | None:
    """The backup a file name describes, or None for any other file."""
    found = _NAME.match(name)
    if found is None:
        return None
    stamp, reason = found.groups()
    try:
        kind = BackupReason(reason)
        layout = "%Y%m%dT%H%M%S%f" if len(stamp) > 15 else "%Y%m%dT%H%M%S"
        taken_at = datetime.strptime(stamp, layout).replace(tzinfo=UTC)
    except ValueError:
        return None
    return BackupTaken(taken_at, kind, name)


def rolling(backups: Iterable[BackupTaken]) -> list[BackupTaken]:
    """The backups retention applies to (those taken by hand are the rep's to delete)."""
    return sorted(b for b in backups if b.reason is not BackupReason.MANUAL)


def _day(backup: BackupTaken, zone: ZoneInfo) -> date:
    return backup.taken_at.astimezone(zone).date()


def backups_to_keep(
    backups: Sequence[BackupTaken],
    zone: ZoneInfo,
    daily: int = DAILY_KEPT,
    weekly: int = WEEKLY_KEPT,
    recent: int = RECENT_KEPT,
) -> list[BackupTaken]:
    """The rolling backups to keep, oldest first.

    The newest of each of the last `daily` days that have one; then, for the weeks before those
    (ISO weeks with a backup and none kept yet), the newest of each of `weekly` weeks; and the
    `recent` newest whatever their day. Days are the rep's, in `zone`.
    """
    newest_first = sorted(rolling(backups), reverse=True)
    keep: set[BackupTaken] = set(newest_first[:recent])
    days: set[date] = set()
    for backup in newest_first:
        day = _day(backup, zone)
        if day not in days and len(days) < daily:
            days.add(day)
            keep.add(backup)
    covered = {day.isocalendar()[:2] for day in days}
    weeks: set[tuple[int, int]] = set()
    for backup in newest_first:
        week = _day(backup, zone).isocalendar()[:2]
        if week not in covered and week not in weeks and len(weeks) < weekly:
            weeks.add(week)
            keep.add(backup)
    return sorted(keep)


def backups_to_prune(
    backups: Sequence[BackupTaken],
    zone: ZoneInfo,
    daily: int = DAILY_KEPT,
    weekly: int = WEEKLY_KEPT,
    recent: int = RECENT_KEPT,
) -> list[BackupTaken]:
    """The rolling backups retention lets go, oldest first; manual ones are never listed."""
    keep = set(backups_to_keep(backups, zone, daily, weekly, recent))
    return [b for b in rolling(backups) if b not in keep]


def daily_backup_due(backups: Iterable[BackupTaken], now: datetime, zone: ZoneInfo) -> bool:
    """True unless a rolling backup was already taken today, the rep's day."""
    today = now.astimezone(zone).date()
    return not any(_day(b, zone) == today for b in rolling(backups))
