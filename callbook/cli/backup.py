"""The terminal's `callbook backup` and `callbook restore`, and the list of backups kept."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from callbook.cli.book import opened_book
from callbook.cli.encryption import passphrase_for
from callbook.domain.clock import Clock
from callbook.services.backups import back_up_now, backups_of, restore_from
from callbook.store.engine import Store
from callbook.store.opening import open_store


def add_commands(
    commands: argparse._SubParsersAction[Any], data_dir: argparse.ArgumentParser
) -> None:
    """Add `backup` and `restore` to the command line."""
    backup = commands.add_parser(
        "backup", parents=[data_dir], help="a checked copy of the database, made while it is in use"
    )
    backup.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write it (default: the backups folder beside the database)",
    )
    backup.add_argument("--list", action="store_true", help="list the backups kept, newest first")

    restore = commands.add_parser(
        "restore",
        parents=[data_dir],
        help="put a backup back in place of the database (the current one is backed up first)",
    )
    restore.add_argument("file", metavar="FILE", help="the backup file to restore")
    backup.set_defaults(in_folder=_backup_or_list)
    restore.set_defaults(in_folder=_restore)


def _size(size_bytes: int) -> str:
    if size_bytes >= 1 << 20:
        return f"{size_bytes / (1 << 20):.1f} MB"
    return f"{max(1, size_bytes // 1024)} KB"


def _backup_or_list(folder: Path, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    if args.list:
        return _list_backups(folder, out)
    with opened_book(folder, clock) as store:
        return _backup(store, clock, args, out)


def _backup(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    target = Path(args.output).expanduser() if args.output else None
    written = back_up_now(store, clock, target)
    size = f" ({_size(written.stat().st_size)})" if written.is_file() else ""
    print(f"Backed up to {written}{size}.", file=out)
    return 0


def _list_backups(folder: Path, out: TextIO) -> int:
    rows = backups_of(folder)
    if not rows:
        print("No backups yet; one is taken each day at start, or run: callbook backup", file=out)
        return 0
    for row in rows:
        print(
            f"{row.taken_at:%Y-%m-%d %H:%M} UTC  {row.why:<30} {_size(row.size_bytes):>9}  "
            f"{row.path}",
            file=out,
        )
    return 0


def _restore(folder: Path, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    passphrase = passphrase_for(folder)
    summary = restore_from(folder, Path(args.file).expanduser(), clock, passphrase)
    # Opening brings an older backup up to the current schema, with a backup first.
    store, _report = open_store(folder, clock.now(), clock.zone(), passphrase)
    store.close()
    print(
        f"Restored {summary.contacts:,} contacts and {summary.interactions:,} interactions "
        f"from {summary.restored_from}.",
        file=out,
    )
    if summary.previous_backup:
        print(
            f"The database as it was is kept in {summary.previous_backup} "
            f"(to undo: callbook restore {summary.previous_backup}).",
            file=out,
        )
    if summary.damaged_kept_at:
        print(f"The damaged database is kept aside as {summary.damaged_kept_at}.", file=out)
    return 0
