"""The terminal's `callbook give` and `callbook gives`: record a give; list gives and balance."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from callbook.domain.clock import Clock
from callbook.domain.gives import KIND_CHOICES, balance_detail, balance_words
from callbook.services.changes import Invalid
from callbook.services.contacts import resolve_contact
from callbook.services.gives import GiveForm, GivesLog, delete_give, gives_log, record_give
from callbook.store.engine import Store

GIVE_USAGE = 'callbook give CONTACT --kind intro --note "intro to Dana at Acme" [--to OTHER]'


def add_commands(
    commands: argparse._SubParsersAction[Any],
    data_dir: argparse.ArgumentParser,
) -> None:
    """Add `give` and `gives` to the command line."""
    give = commands.add_parser(
        "give",
        parents=[data_dir],
        help="record something you gave a contact, with no ask attached",
        description="Record a give: an introduction or referral, an article or idea, help or "
        "a favour, an invitation, a gift, congratulations or a note.",
    )
    give.add_argument("contact", metavar="CONTACT", help="contact id or an unambiguous name")
    give.add_argument("--kind", required=True, metavar="KIND", help=KIND_CHOICES)
    give.add_argument("--note", required=True, metavar="TEXT", help="what you gave")
    give.add_argument(
        "--to",
        metavar="OTHER",
        help="for an introduction: the other contact (id or name); both cards show it",
    )
    give.add_argument(
        "--on",
        metavar="DATE",
        default="",
        help="when it was given: today (default), yesterday, -3, mon, 2026-11-20",
    )
    gives = commands.add_parser(
        "gives", parents=[data_dir], help="what you gave a contact, and the give/ask balance"
    )
    gives.add_argument("contact", metavar="CONTACT", help="contact id or an unambiguous name")
    gives.add_argument("--json", action="store_true", help="print a JSON object")
    gives.add_argument(
        "--delete",
        type=int,
        metavar="ID",
        help="delete the give with this id (listed as #ID), recorded by mistake",
    )
    give.set_defaults(in_book=run_give)
    gives.set_defaults(in_book=run_gives)


def run_give(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    """Record one give and say where the balance stands now."""
    contact = resolve_contact(store, args.contact)
    other = resolve_contact(store, args.to) if args.to else None
    recorded = record_give(
        store,
        clock,
        GiveForm(
            contact.contact_id,
            args.kind,
            args.note,
            args.on,
            other.contact_id if other is not None else None,
        ),
    )
    who = f"{contact.name} (#{contact.contact_id})"
    if other is not None:
        who += f" and {other.name} (#{other.contact_id})"
    print(f"Recorded a give to {who}, {recorded.given_on:%a %d %b %Y}.", file=out)
    print(balance_words(gives_log(store, clock, contact.contact_id).balance) + ".", file=out)
    return 0


def gives_as_json(log: GivesLog) -> dict[str, object]:
    """A contact's gives, ideas and balance as plain JSON values."""
    found = log.balance
    return {
        "contact_id": log.contact_id,
        "name": log.name,
        "balance": {
            "summary": balance_words(found),
            "asks_since_last_give": found.asks_since_give,
            "asks_in_a_row": found.asks_in_a_row,
            "last_give_on": found.last_give_on.isoformat() if found.last_give_on else None,
            "days_since_last_give": found.days_since_give,
            "last_90_days": {"gives": found.gives_recent, "asks": found.asks_recent},
            "all_time": {"gives": found.gives_all, "asks": found.asks_all},
        },
        "gives": [
            {
                "id": line.give_id,
                "given_on": line.given_on.isoformat(),
                "kind": line.kind.value,
                "note": line.description,
                "introduced_to": (
                    {"contact_id": line.other_contact_id, "name": line.other_name}
                    if line.other_contact_id is not None
                    else None
                ),
            }
            for line in log.gives
        ],
        "ideas": [
            {"id": idea.idea_id, "kind": idea.kind.value, "text": idea.text} for idea in log.ideas
        ],
    }


def run_gives(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    """List what was given to a contact, newest first, under the balance."""
    contact = resolve_contact(store, args.contact)
    log = gives_log(store, clock, contact.contact_id)
    if args.delete is not None:
        return _delete(store, clock, log, args.delete, out)
    if args.json:
        json.dump(gives_as_json(log), out, ensure_ascii=False, indent=2)
        print(file=out)
        return 0
    print(f"{log.name} (#{log.contact_id}): {balance_words(log.balance)}", file=out)
    print(f"  {balance_detail(log.balance)}", file=out)
    if not log.gives:
        print(f"  Nothing given yet. To record one: {GIVE_USAGE}", file=out)
    for line in log.gives:
        print(f"  {line.given_on:%Y-%m-%d}  {line.words()}  #{line.give_id}", file=out)
    if log.ideas:
        print("Things to give next:", file=out)
        for idea in log.ideas:
            print(f"  - {idea.kind.label}: {idea.text}", file=out)
    return 0


def _delete(store: Store, clock: Clock, log: GivesLog, give_id: int, out: TextIO) -> int:
    line = next((g for g in log.gives if g.give_id == give_id), None)
    if line is None:
        raise Invalid(
            f"{log.name} has no give #{give_id}; `callbook gives {log.contact_id}` lists theirs"
        )
    delete_give(store, clock, give_id)
    print(
        f"Deleted the give of {line.given_on:%a %d %b %Y} to {log.name}: {line.words()}.",
        file=out,
    )
    print(balance_words(gives_log(store, clock, log.contact_id).balance) + ".", file=out)
    return 0
