"""The terminal's `callbook merge`: two cards of one person made one, after saying what moves."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from callbook.domain.clock import Clock
from callbook.services.contacts import resolve_contact
from callbook.services.duplicates import MergeField, merge_contacts, merge_preview
from callbook.store.engine import Store


def add_commands(
    commands: argparse._SubParsersAction[Any], data_dir: argparse.ArgumentParser
) -> None:
    """Add `merge` to the command line."""
    merge = commands.add_parser(
        "merge",
        parents=[data_dir],
        help="merge two cards of one person: B's touches, gives, loops and family move to A",
    )
    merge.add_argument("kept", metavar="A", help="the card that stays: id or unambiguous name")
    merge.add_argument("other", metavar="B", help="the card merged into it and then removed")
    merge.add_argument(
        "--take",
        metavar="FIELD",
        action="append",
        default=[],
        choices=[f.value for f in MergeField],
        help="where the two differ, keep B's value of FIELD (repeatable; A's is kept "
        f"otherwise): {', '.join(f.value for f in MergeField)}",
    )
    merge.add_argument(
        "--dry-run", action="store_true", help="say what the merge would do, change nothing"
    )
    merge.set_defaults(in_book=_merge)


def _merge(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    kept = resolve_contact(store, args.kept)
    other = resolve_contact(store, args.other)
    preview = merge_preview(store, kept.contact_id, other.contact_id)
    take = frozenset(MergeField(f) for f in args.take)
    for difference in preview.differences:
        mark_a, mark_b = ("  ", "* ") if difference.field in take else ("* ", "  ")
        print(
            f"{difference.field.label}: {mark_a}{difference.kept}  {mark_b}{difference.other}",
            file=out,
        )
    said = preview.description(take)
    if args.dry_run:
        print(f"Would merge: {said}", file=out)
        print("Nothing was changed (--dry-run).", file=out)
        return 0
    merge_contacts(store, clock, kept.contact_id, other.contact_id, take)
    print(f"Merged: {said}", file=out)
    return 0
