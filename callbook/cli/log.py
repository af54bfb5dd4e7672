"""The terminal's `callbook log`: log a touch here, or bring up the window's quick log."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from callbook.cli.book import opened_book
from callbook.cli.usage import UsageError
from callbook.domain.clock import Clock
from callbook.domain.loops import LoopEffect
from callbook.domain.quick_log import warn_second_try
from callbook.domain.vocabulary import Channel, Outcome, Purpose
from callbook.services.call_log import log_interaction, tried_today
from callbook.services.contacts import resolve_contact
from callbook.services.log_entry import LogForm, build_entry
from callbook.store.engine import Store


def add_commands(
    commands: argparse._SubParsersAction[Any], data_dir: argparse.ArgumentParser
) -> None:
    """Add `log` to the command line."""
    log = commands.add_parser("log", parents=[data_dir], help="log a call, voicemail or message")
    log.add_argument(
        "contact",
        metavar="CONTACT",
        nargs="?",
        help="contact id or an unambiguous name; leave it out (and every option) to bring "
        "up the quick log in the running window",
    )
    log.add_argument("--outcome", choices=[o.value for o in Outcome], help="needed with CONTACT")
    log.add_argument("--purpose", choices=[p.value for p in Purpose], help="needed with CONTACT")
    log.add_argument("--channel", default=Channel.PHONE.value, choices=[c.value for c in Channel])
    log.add_argument("--note", default="", help="what was said")
    log.add_argument(
        "--next",
        dest="next_due",
        metavar="DATE",
        help="next step due: +2, tomorrow, fri, 2026-12-01",
    )
    log.add_argument("--next-step", default="", metavar="TEXT", help="what the next step is")
    log.set_defaults(in_folder=_log_or_quick_log)


LOG_USAGE = (
    "callbook log CONTACT --outcome voicemail --purpose checkin "
    "[--note TEXT] [--next fri --next-step TEXT]"
)


def _log_or_quick_log(folder: Path, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    if args.contact is None:
        # The running window owns the quick log; the book is not opened here.
        return _quick_log_in_window(folder, args, out)
    with opened_book(folder, clock) as store:
        return _log(store, clock, args, out)


def _quick_log_in_window(folder: Path, args: argparse.Namespace, out: TextIO) -> int:
    given = [
        name
        for name, value in (
            ("--outcome", args.outcome),
            ("--purpose", args.purpose),
            ("--note", args.note),
            ("--next", args.next_due),
            ("--next-step", args.next_step),
            ("--channel", None if args.channel == Channel.PHONE.value else args.channel),
        )
        if value
    ]
    if given:
        verb = "needs" if len(given) == 1 else "need"
        raise UsageError(f"callbook log: {', '.join(given)} {verb} a CONTACT: {LOG_USAGE}")
    from callbook.instance import hand_over

    reply = hand_over(folder, "quick-log")
    if reply is not None and reply.get("ok"):
        print("The quick log is open in the Callbook window.", file=out)
        return 0
    raise UsageError(
        "callbook log: Callbook is not running, so there is no quick log to bring up.\n"
        "  Start Callbook (run 'callbook') and 'callbook log' brings its quick log to the "
        "front,\n  or log from here: " + LOG_USAGE
    )


def _log(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    wanted = (("--outcome", args.outcome), ("--purpose", args.purpose))
    missing = [name for name, value in wanted if value is None]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise UsageError(
            f"callbook log: {' and '.join(missing)} {verb} needed with a CONTACT: {LOG_USAGE}"
        )
    contact = resolve_contact(store, args.contact)
    form = LogForm(
        contact_id=contact.contact_id,
        outcome=Outcome(args.outcome),
        purpose=Purpose(args.purpose),
        channel=Channel(args.channel),
        note=args.note,
        next_step=args.next_step,
        next_due_text=args.next_due or "",
        script_id=None,
    )
    entry = build_entry(form, clock)
    warn = warn_second_try(entry.outcome, tried_today(store, clock, contact.contact_id))
    logged = log_interaction(store, clock, entry)
    print(
        f"Logged {entry.outcome.label.lower()} ({entry.purpose.label.lower()}) "
        f"for {contact.name} (#{contact.contact_id}).",
        file=out,
    )
    if warn:
        print(
            f"Note: you had already tried {contact.name} today, their time; "
            "never twice the same day.",
            file=sys.stderr,
        )
    if logged.loop_effect in (LoopEffect.OPEN, LoopEffect.ATTEMPT):
        nxt = logged.next_attempt_on
        then = f"next try {nxt:%a %d %b}" if nxt else "that was the last try by the cadence"
        print(f"Waiting on them: attempt {logged.attempts}, {then}.", file=out)
    elif logged.loop_effect is LoopEffect.CLOSE:
        print("They got back to you: the open loop is closed.", file=out)
    if entry.next_step_due:
        print(f"Next step due {entry.next_step_due:%a %d %b}.", file=out)
    return 0
