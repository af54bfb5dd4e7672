"""Subcommands for the terminal, over the same services as the window."""

from __future__ import annotations

import argparse
import codecs
import json
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from sqlalchemy.exc import SQLAlchemyError

from callbook import __version__, cli_encryption, cli_gives, cli_interchange, cli_scripts
from callbook.cli_nudges import add_commands as add_agenda_command
from callbook.cli_nudges import run_agenda
from callbook.clock import SystemClock
from callbook.disk import disk_words
from callbook.domain.clock import Clock
from callbook.domain.loops import LoopEffect
from callbook.domain.quick_log import warn_second_try
from callbook.domain.today import TodayRow
from callbook.domain.vocabulary import Channel, Outcome, Purpose
from callbook.logs import log_to_folder
from callbook.paths import DataFolderError, data_folder, prepare_folder
from callbook.services.backups import (
    BackupError,
    RestoreRefused,
    back_up_now,
    backups_of,
    restore_from,
)
from callbook.services.call_log import log_interaction, tried_today
from callbook.services.changes import Invalid, NotFound
from callbook.services.contacts import AmbiguousContact, resolve_contact
from callbook.services.demo import fill_with_demo
from callbook.services.erase import erase_contact, erase_preview
from callbook.services.log_entry import LogForm, build_entry
from callbook.services.today import today_list
from callbook.store.engine import Store, StoreError, write_failure
from callbook.store.opening import open_store

log = logging.getLogger(__name__)
# What a shell reports for a writer stopped by SIGPIPE (128 + 13): its reader went away.
READER_GONE = 141


class UsageError(Exception):
    """The command line itself is wrong."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one clear line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def build_parser() -> OneLineParser:
    """The `callbook` command line."""
    data_dir = OneLineParser(add_help=False)
    data_dir.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder holding the database (default: your user data folder, or $CALLBOOK_DATA_DIR)",
    )
    parser = OneLineParser(
        prog="callbook",
        description="The call log a solo sales rep keeps open all day. "
        "With no command, opens the window.",
        parents=[data_dir],
    )
    parser.add_argument("--version", action="version", version=f"callbook {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    demo = commands.add_parser(
        "demo", parents=[data_dir], help="fill the store with realistic demo data"
    )
    demo.add_argument(
        "--contacts", type=int, default=200, metavar="N", help="how many contacts (default 200)"
    )
    demo.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default 7)")

    today = commands.add_parser("today", parents=[data_dir], help="who to call today and why")
    today.add_argument("--json", action="store_true", help="print a JSON array")
    today.add_argument(
        "--limit", type=int, default=25, metavar="N", help="rows to show (default 25; 0 for all)"
    )

    add_agenda_command(commands, data_dir)

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

    erase = commands.add_parser(
        "erase",
        parents=[data_dir],
        help="erase a contact completely: card, family, log, loops, drafts, search entries",
    )
    erase.add_argument("contact", metavar="CONTACT", help="contact id or an unambiguous name")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.add_argument(
        "--keep-backups",
        action="store_true",
        help="leave the backups as they are (by default they are cleaned of the contact too)",
    )
    cli_interchange.add_commands(commands, data_dir)
    cli_encryption.add_commands(commands, data_dir)
    cli_scripts.add_commands(commands, data_dir)
    cli_gives.add_commands(commands, data_dir)
    return parser


def main(argv: Sequence[str], clock: Clock | None = None, out: TextIO = sys.stdout) -> int:
    """Run one subcommand; what stops it is one line on stderr and a non-zero exit.

    Bad input, a full disk, a number too large, text that is not UTF-8: each is said in
    words, never as a traceback. A reader that goes away (`| head`) ends it quietly.
    """
    try:
        check_typed(argv)
        args = build_parser().parse_args(argv)
        code = _run(args, clock or SystemClock(), out)
        # Written out here, while a reader that went away can still be handled.
        out.flush()
        return code
    except BrokenPipeError:
        return _reader_went_away(out)
    except UsageError as error:
        print(error, file=sys.stderr)
        return 2
    except AmbiguousContact as error:
        print(f"callbook: {error}", file=sys.stderr)
        return 1
    except RestoreRefused as error:
        print(f"callbook: nothing was restored: {error}", file=sys.stderr)
        return 1
    except BackupError as error:
        print(f"callbook: {error}", file=sys.stderr)
        return 1
    except UnicodeError as error:
        print(f"callbook: {_unshowable(error)}", file=sys.stderr)
        return 1
    except (DataFolderError, StoreError, Invalid, NotFound, ValueError) as error:
        print(f"callbook: {error}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, sqlite3.Error, OSError, OverflowError) as error:
        # What no command caught: the traceback goes to the log, the rep gets the reason.
        log.error("a command stopped", exc_info=True)
        print(f"callbook: {_stopped_by(error)}", file=sys.stderr)
        return 1


def check_typed(argv: Sequence[str]) -> None:
    """UsageError naming the first argument that is not UTF-8 text (a name, a file name)."""
    for given in argv:
        try:
            given.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(
                f"callbook: '{_as_bytes(given)}' is not UTF-8 text; type it again, "
                "or rename the file so its name is"
            ) from None


def _as_bytes(text: str) -> str:
    # Bytes the terminal could not decode are shown as \xff, as the rep would see them.
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def _unshowable(error: UnicodeError) -> str:
    if isinstance(error, UnicodeEncodeError) and codecs.lookup(error.encoding).name != "utf-8":
        what = error.object[error.start : error.end]
        return (
            f"this terminal's encoding ({error.encoding}) cannot show {what!r}; "
            "use a UTF-8 locale or set PYTHONIOENCODING=utf-8"
        )
    return "some text is not valid UTF-8 (a file name, or a setting in the environment?)"


def _stopped_by(error: Exception) -> str:
    if isinstance(error, OverflowError):
        return "a number given is too large"
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return f"could not finish: {disk_words(error)}{where}"
    why = write_failure(error)
    if why is not None:
        return f"could not finish: {why}"
    return f"could not finish: the call book said {getattr(error, 'orig', None) or error}"


def _reader_went_away(out: TextIO) -> int:
    """The program reading the output stopped (`| head`): end quietly, as a pipe's writer does."""
    # Python's advice for SIGPIPE: what is still buffered goes to devnull, not to a second
    # BrokenPipeError as the interpreter exits.
    try:
        fd = out.fileno()
    except (OSError, ValueError):
        return READER_GONE
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
    return READER_GONE


def _run(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    folder = prepare_folder(data_folder(getattr(args, "data_dir", None)))
    log_to_folder(folder)
    if args.command == "restore":
        # The database may be the damaged one: restore never opens it as a store.
        return _restore(folder, clock, args, out)
    if args.command == "backup" and args.list:
        return _list_backups(folder, out)
    if args.command == "log" and args.contact is None:
        # The running window owns the quick log; the store is not opened here.
        return _quick_log_in_window(folder, args, out)
    passphrase = cli_encryption.passphrase_for(folder)
    store, report = open_store(folder, clock.now(), clock.zone(), passphrase)
    if report.backup_problem:
        print(f"callbook: warning: {report.backup_problem}", file=sys.stderr)
    try:
        if args.command == "demo":
            return _demo(store, clock, args, out)
        if args.command == "today":
            return _today(store, clock, args, out)
        if args.command == "log":
            return _log(store, clock, args, out)
        if args.command == "agenda":
            return run_agenda(store, clock, args, out)
        if args.command == "scripts":
            return cli_scripts.run_scripts(store, clock, args, out)
        if args.command == "import":
            return cli_interchange.run_import(store, clock, args, out)
        if args.command == "export":
            return cli_interchange.run_export(store, clock, args, out)
        if args.command == "backup":
            return _backup(store, clock, args, out)
        if args.command == "erase":
            return _erase(store, clock, args, out)
        if args.command == "give":
            return cli_gives.run_give(store, clock, args, out)
        if args.command == "gives":
            return cli_gives.run_gives(store, clock, args, out)
        if args.command == "encrypt":
            return cli_encryption.run_encrypt(store, clock, out)
        if args.command == "decrypt":
            return cli_encryption.run_decrypt(store, clock, out)
        raise UsageError("callbook: no such command")
    finally:
        store.close()


def _demo(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    if not 1 <= args.contacts <= 1_000_000:
        raise Invalid("--contacts must be between 1 and 1,000,000")
    started = time.perf_counter()
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            print(f"\r  {done:,} of {total:,} contacts", end="", file=sys.stderr, flush=True)

    report = fill_with_demo(store, clock.now(), args.contacts, args.seed, progress)
    if show:
        print(file=sys.stderr)
    print(
        f"Added {report.contacts:,} demo contacts with {report.interactions:,} interactions "
        f"and {report.open_loops:,} open loops in {time.perf_counter() - started:.1f} s "
        f"to {store.path}",
        file=out,
    )
    return 0


def today_as_json(row: TodayRow, rank: int) -> dict[str, object]:
    """One Today row as plain JSON values."""
    opening = row.opening
    return {
        "rank": rank,
        "contact_id": row.contact.contact_id,
        "name": row.contact.name,
        "company": row.contact.company,
        "tier": row.contact.tier.value,
        "reason": row.reason,
        "reasons": [r.text for r in row.reasons],
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
        print(f"     {row.reason}", file=out)
        print(f"     {there}; {how}", file=out)
    if len(shown) < len(rows):
        print(f"... and {len(rows) - len(shown):,} more (--limit 0 shows all)", file=out)
    return 0


LOG_USAGE = (
    "callbook log CONTACT --outcome voicemail --purpose checkin "
    "[--note TEXT] [--next fri --next-step TEXT]"
)


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


def _size(size_bytes: int) -> str:
    if size_bytes >= 1 << 20:
        return f"{size_bytes / (1 << 20):.1f} MB"
    return f"{max(1, size_bytes // 1024)} KB"


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
    passphrase = cli_encryption.passphrase_for(folder)
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


def _erase(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    contact = resolve_contact(store, args.contact)
    preview = erase_preview(store, contact.contact_id)
    company = f" ({preview.company})" if preview.company else ""
    what = (
        f"{preview.name}{company} [#{preview.contact_id}]: {preview.interactions:,} logged "
        f"touches, {preview.family:,} family members, {preview.open_loops:,} loops"
    )
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
