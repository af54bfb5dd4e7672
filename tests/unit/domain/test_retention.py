"""Which rolling backups are kept: 7 daily, 4 weekly before them, the newest few, no manual one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callbook.domain.retention import (
    BackupReason,
    BackupTaken,
    backup_name,
    backups_to_keep,
    backups_to_prune,
    daily_backup_due,
    parse_backup_name,
)

BERLIN = ZoneInfo("Europe/Berlin")
# Monday 23 November 2026, 09:00 in Berlin.
MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def taken(at: datetime, reason: BackupReason = BackupReason.DAILY) -> BackupTaken:
    return BackupTaken(at, reason, backup_name(at, reason))


def one_a_day(days: int, start: datetime = MONDAY) -> list[BackupTaken]:
    """A daily backup on each of the last `days` days, `start` being the newest."""
    return [taken(start - timedelta(days=n)) for n in range(days)]


def test_a_name_round_trips_and_other_files_are_ignored() -> None:
    at = datetime(2026, 11, 23, 15, 4, 5, 123456, tzinfo=UTC)
    name = backup_name(at, BackupReason.BEFORE_IMPORT)
    assert name == "callbook-20261123T150405123456Z-before-import.sqlite3"
    assert parse_backup_name(name) == BackupTaken(at, BackupReason.BEFORE_IMPORT, name)
    for other in (
        "notes.txt",
        "callbook.sqlite3",
        "callbook-20261123T150405Z-unknown.sqlite3",
        "callbook-20261399T150405Z-daily.sqlite3",
        name + ".partial",
    ):
        assert parse_backup_name(other) is None
    # Names written with whole seconds (older releases) still read.
    old = parse_backup_name("callbook-20261123T150405Z-daily.sqlite3")
    assert old is not None and old.taken_at == datetime(2026, 11, 23, 15, 4, 5, tzinfo=UTC)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        backup_name(datetime(2026, 11, 23), BackupReason.DAILY)


def test_a_week_of_dailies_is_all_kept() -> None:
    week = one_a_day(7)
    assert backups_to_prune(week, BERLIN) == []


def test_sixty_days_keep_seven_days_and_four_weeks_before_them() -> None:
    backups = one_a_day(60)
    kept = backups_to_keep(backups, BERLIN)
    kept_days = [b.taken_at.astimezone(BERLIN).date() for b in kept]
    last_week = [(MONDAY - timedelta(days=n)).date() for n in range(7)]
    assert set(last_week) <= set(kept_days)
    # The last seven days reach into two ISO weeks; the four weeks before them are kept
    # by their Sunday, so about six weeks of history remain.
    sundays = [d for d in kept_days if d not in last_week]
    assert sorted(sundays) == [
        date(2026, 10, 25),
        date(2026, 11, 1),
        date(2026, 11, 8),
        date(2026, 11, 15),
    ]
    assert len(kept) == 11
    assert len(backups_to_prune(backups, BERLIN)) == 60 - 11


def test_weeks_with_gaps_count_only_weeks_that_have_a_backup() -> None:
    # One backup every 10 days: a rep who is often away.
    backups = [taken(MONDAY - timedelta(days=10 * n)) for n in range(12)]
    kept = backups_to_keep(backups, BERLIN)
    # Seven days, then four more weeks that have a backup: 110 days of history.
    assert kept == sorted(backups)[-11:]


def test_many_backups_a_day_keep_the_newest_of_the_day_and_the_newest_three() -> None:
    morning = taken(MONDAY)
    imports = [taken(MONDAY + timedelta(hours=h), BackupReason.BEFORE_IMPORT) for h in range(1, 6)]
    yesterday = taken(MONDAY - timedelta(days=1))
    backups = [morning, *imports, yesterday]
    kept = backups_to_keep(backups, BERLIN)
    assert kept == [yesterday, *imports[-3:]]
    assert backups_to_prune(backups, BERLIN) == [morning, *imports[:2]]


def test_manual_backups_are_never_pruned_nor_counted() -> None:
    manual = [taken(MONDAY - timedelta(days=100 + n), BackupReason.MANUAL) for n in range(5)]
    backups = [*one_a_day(30), *manual]
    pruned = backups_to_prune(backups, BERLIN)
    assert not set(manual) & set(pruned)
    assert not set(manual) & set(backups_to_keep(backups, BERLIN))


def test_days_are_the_reps_days() -> None:
    # 23:30 and 00:30 in Berlin are two days there, one day in UTC.
    late = taken(datetime(2026, 11, 22, 22, 30, tzinfo=UTC))
    early = taken(datetime(2026, 11, 22, 23, 30, tzinfo=UTC))
    assert backups_to_keep([late, early], BERLIN, recent=0) == [late, early]
    assert backups_to_keep([late, early], ZoneInfo("UTC"), recent=0) == [early]


def test_a_daily_backup_is_due_once_a_day() -> None:
    assert daily_backup_due([], MONDAY, BERLIN)
    assert not daily_backup_due([taken(MONDAY - timedelta(hours=7))], MONDAY, BERLIN)
    assert daily_backup_due([taken(MONDAY - timedelta(hours=10))], MONDAY, BERLIN)
    # A backup before an import this morning counts; one taken by hand does not.
    assert not daily_backup_due([taken(MONDAY, BackupReason.BEFORE_IMPORT)], MONDAY, BERLIN)
    assert daily_backup_due([taken(MONDAY, BackupReason.MANUAL)], MONDAY, BERLIN)


@given(
    offsets=st.lists(st.integers(min_value=0, max_value=200 * 24 * 60), max_size=80, unique=True)
)
def test_retention_never_keeps_too_many_and_always_keeps_the_newest(offsets: list[int]) -> None:
    backups = [taken(MONDAY - timedelta(minutes=m)) for m in offsets]
    kept = backups_to_keep(backups, BERLIN)
    pruned = backups_to_prune(backups, BERLIN)
    assert len(kept) <= 7 + 4 + 3
    assert sorted(kept + pruned) == sorted(backups)
    if backups:
        assert max(backups) in kept
        # Pruning again what was kept lets nothing more go.
        assert backups_to_prune(kept, BERLIN) == []
