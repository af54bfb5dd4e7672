"""The terminal's `callbook erase`: a contact erased completely, after saying what goes."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from callbook.domain.clock import Clock
from callbook.services.changes import Invalid
from callbook.services.contacts import resolve_contact
from callbook.services.erase import erase_contact, erase_preview
from callbook.store.engine import Store


def add_commands(
    commands: argparse._SubParsersAction[Any], data_dir: argparse.ArgumentParser
) -> None:
    """Add `erase` to the command line."""
    erase = commands.add_parser(
        "erase",
        parents=[data_dir],
        help="erase a contact completely: card, family, log, loops, drafts, search entries",
    )
    erase.add_argument("contact", metavar="CONTACT", help="contact id or an unambiguous name")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.add_argument(
        "--dry-run", action="store_true", help="say what erasing would take, and erase nothing"
    )
    erase.add_argument(
        "--keep-backups",
        action="store_true",
        help="leave the backups as they are (by default they are cleaned of the contact too)",
    )
    erase.set_defaults(in_book=_erase)


def _erase(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    contact = resolve_contact(store, args.contact)
    preview = erase_preview(store, contact.contact_id)
    company = f" ({preview.company})" if preview.company else ""
    what = (
        f"{preview.name}{company} [#{preview.contact_id}]: {preview.interactions:,} logged "
        f"touches, {preview.family:,} family members, {preview.open_loops:,} loops, "
        f"{preview.gives_words()}"
    )
    if args.dry_run:
        print(f"Erasing would take {what}. Nothing was erased.", file=out)
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise Invalid(f"erasing {what} cannot be undone; add --yes to confirm")
        answer = input(f"Erase {what}? This cannot be undone. [y/N] ")
        if answer.strip().casefold() not in ("y", "yes"):
            print("Nothing was erased.", file=out)
            return 1
    erased = erase_contact(store, clock, contact.contact_id, from_backups=not args.keep_backups)
    print(f"Erased {erased.name} and everything about them ({erased.rows:,} rows).", file=out)
    if not args.keep_backups:
        held = erased.backups_cleaned
        print(f"Cleaned {held:,} backup{'' if held == 1 else 's'} that held them.", file=out)
    for path in erased.backups_not_cleaned:
        print(f"callbook: warning: could not clean the backup {path}", file=sys.stderr)
    print("Files you exported yourself are not touched.", file=out)
    if erased.unfinished is not None:
        print(f"callbook: {erased.unfinished}", file=sys.stderr)
        return 1
    return 0
