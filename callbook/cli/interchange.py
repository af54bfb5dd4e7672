"""The terminal's `callbook import` and `callbook export`, over the interchange services."""

from __future__ import annotations

import argparse
import locale
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from callbook.domain.clock import Clock
from callbook.interchange.csv_read import FIELDS, NeedsMapping, parse_table
from callbook.interchange.files import (
    FileKind,
    kind_of,
    read_contacts,
    read_file_text,
    write_private_file,
)
from callbook.interchange.merge import Action, ImportCancelledError
from callbook.interchange.records import ReadError
from callbook.interchange.regions import check_region, region_from_locale
from callbook.services.backup_json import restore_json_backup
from callbook.services.changes import Invalid
from callbook.services.contacts import resolve_contact
from callbook.services.exports import ExportFormat, export_to_file
from callbook.services.interchange import (
    ImportSummary,
    import_contacts,
    preview_import,
    refuse_unreadable,
    saved_home_region,
)
from callbook.store.engine import Store

# A small import lists every notable record; a bigger one names this many problems and
# writes every record's line to a report file.
SHOWN_RECORDS = 25
SHOWN_PROBLEMS = 5
REPORTS_FOLDER = "reports"


def add_commands(
    commands: argparse._SubParsersAction[Any],
    data_dir: argparse.ArgumentParser,
) -> None:
    """Add `import` and `export` to the command line."""
    imp = commands.add_parser(
        "import",
        parents=[data_dir],
        help="bring contacts in from vCard or CSV, or restore a full JSON backup",
        description="Import contacts from a vCard file (Google, Apple, Outlook, Android), a CSV "
        "export (Google Contacts, Outlook, LinkedIn; others with --map), or restore a Callbook "
        "JSON backup into an empty data folder. Contacts already there are merged, not doubled. "
        "The whole file goes in as one step: if anything fails, nothing is changed.",
    )
    imp.add_argument("file", metavar="FILE", help="the .vcf, .csv or .json file")
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would be new, merged and skipped"
    )
    imp.add_argument(
        "--region",
        metavar="XX",
        help="country for phone numbers written without + (default: your saved country, "
        "else your locale's)",
    )
    imp.add_argument(
        "--skip-unreadable",
        action="store_true",
        help="import the readable records of a damaged file and leave out the rest",
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="for a CSV Callbook does not recognise: what a column is "
        f"({', '.join(f for f in FIELDS if f != 'ignore')}); repeat for each column",
    )
    imp.add_argument(
        "-v",
        "--verbose",
        "--all",
        dest="verbose",
        action="store_true",
        help="print every record's line here, not only in the report file",
    )

    exp = commands.add_parser(
        "export",
        parents=[data_dir],
        help="write contacts as vCard, planned calls and dates as iCalendar, or a JSON backup",
        description="vcard: vCard 4.0 of all contacts (or those given with --contact), with "
        "family and birthdays. ics: follow-ups, chase attempts, check-ins of the next 60 days, "
        "birthdays and dates; UIDs stay the same, so importing again updates your calendar. "
        "json: everything, for `callbook import` into an empty data folder. "
        "The file is written readable by you only.",
    )
    exp.add_argument(
        "--format", required=True, choices=[f.value for f in ExportFormat], dest="export_format"
    )
    exp.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write it")
    exp.add_argument(
        "--contact",
        action="append",
        metavar="CONTACT",
        help="vcard only: a contact id or unambiguous name; repeat for several",
    )
    imp.set_defaults(in_book=run_import)
    exp.set_defaults(in_book=run_export)


def run_export(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    """`callbook export --format F -o FILE`."""
    kind = ExportFormat(args.export_format)
    ids = (
        [resolve_contact(store, text).contact_id for text in args.contact] if args.contact else None
    )
    report = export_to_file(store, clock, kind, Path(args.output).expanduser(), ids)
    # Into a pipe or the terminal (-o /dev/stdout), the export may be this very output.
    said = out if report.path.is_file() else sys.stderr
    print(f"{report.describe()}.", file=said)
    for warning in report.warnings:
        print(f"  note: {warning[:1].upper()}{warning[1:]}.", file=said)
    return 0


def run_import(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    """`callbook import FILE`: preview or import, one line per notable record."""
    path = Path(args.file).expanduser()
    try:
        text = read_file_text(path)
        kind = kind_of(path, text)
        if kind is FileKind.BACKUP:
            restored = restore_json_backup(store, text.text, dry_run=args.dry_run)
            verb = "Would restore" if args.dry_run else "Restored"
            print(f"{verb} {restored.describe()} from {path.name}.", file=out)
            return 0
        region, guessed = _region(store, args.region)
        mapping = _mapping(args.map, text.text, path, region) if args.map else None
        result = read_contacts(path, text, region, mapping, _progress("Reading"))
    except NeedsMapping as error:
        print(_mapping_help(error), file=sys.stderr)
        return 1
    except ReadError as error:
        raise Invalid(f"cannot import {path.name}: {error}") from None
    _done_progress()
    if guessed:
        print(
            f"Reading phone numbers without a country code as {region} (from your locale); "
            "use --region XX to change it.",
            file=sys.stderr,
        )
    try:
        if args.dry_run:
            if not args.skip_unreadable:
                # A preview fails where the import would, with the same words.
                refuse_unreadable(result)
            summary = preview_import(store, result, region, _progress("Checking"))
        else:
            summary = import_contacts(
                store,
                clock,
                result,
                region,
                skip_unreadable=args.skip_unreadable,
                progress=_progress("Importing"),
            )
    except (KeyboardInterrupt, ImportCancelledError):
        _done_progress()
        print("Import cancelled; nothing was changed.", file=sys.stderr)
        return 130
    _done_progress()
    _print_summary(summary, path, args.verbose, out, lambda: _report_path(store, clock, path))
    return 0


def _region(store: Store, given: str | None) -> tuple[str, bool]:
    if given:
        return given.strip().upper(), False
    saved = saved_home_region(store)
    if saved:
        return saved, False
    guess = region_from_locale(locale.getlocale()[0])
    if sys.stdin.isatty() and sys.stderr.isatty():
        # The first import asks once; the answer is remembered with the import.
        try:
            typed = input(f"Which country are phone numbers without a +country code in? [{guess}] ")
        except EOFError:
            typed = ""
        return check_region(typed) if typed.strip() else guess, False
    return guess, True


def _mapping(pairs: list[str], text: str, path: Path, region: str) -> dict[int, str]:
    if kind_of(path, text) is not FileKind.CSV:
        raise Invalid("--map is only for CSV files")
    header = [h.casefold() for h in parse_table(text).header]
    mapping: dict[int, str] = {}
    for pair in pairs:
        column, sep, field_name = pair.rpartition("=")
        field_name = field_name.strip()
        if not sep or field_name not in FIELDS:
            raise Invalid(f"--map '{pair}': say COLUMN=FIELD with FIELD one of {', '.join(FIELDS)}")
        key = column.strip().casefold()
        if key not in header:
            raise Invalid(f"--map '{pair}': the file has no column '{column.strip()}'")
        mapping[header.index(key)] = field_name
    return mapping


def _mapping_help(error: NeedsMapping) -> str:
    header = error.table.header
    suggested = " ".join(
        f"--map '{header[i]}={field_name}'" for i, field_name in sorted(error.suggestion.items())
    )
    first = error.table.rows[0][1] if error.table.rows else []
    columns = "\n".join(
        f"  {name!r}" + (f"  e.g. {first[i]!r}" if i < len(first) and first[i] else "")
        for i, name in enumerate(header)
    )
    return (
        f"callbook: {error}. Its columns:\n{columns}\n"
        f"Say what each one is with --map COLUMN=FIELD; a first guess:\n  {suggested or '(none)'}"
    )


def _print_summary(
    summary: ImportSummary,
    path: Path,
    verbose: bool,
    out: TextIO,
    report_path: Callable[[], Path],
) -> None:
    if summary.written:
        print(f"Imported {path.name} ({summary.kind}): {summary.headline()}.", file=out)
    else:
        print(f"{path.name} ({summary.kind}) would give: {summary.headline()}.", file=out)
        print("Nothing was changed (--dry-run).", file=out)
    for warning in summary.warnings:
        print(f"  note: {warning[:1].upper()}{warning[1:]}.", file=out)
    if summary.written and summary.possible_duplicates:
        print(
            "  Two kept apart that are one person? 'callbook merge A B' makes them one card.",
            file=out,
        )
    lines = _record_lines(summary)
    if verbose or len(lines) <= SHOWN_RECORDS:
        for line in lines:
            print(f"  {line}", file=out)
        return
    problems = [
        *(f"unreadable, left out: {b}" for b in summary.broken),
        *(str(r) for r in summary.possible_duplicates),
        *(str(r) for r in summary.records if r.warnings and r.possible_duplicate_of is None),
    ]
    for line in problems[:SHOWN_PROBLEMS]:
        print(f"  {line}", file=out)
    if len(problems) > SHOWN_PROBLEMS:
        print(f"  ... and {len(problems) - SHOWN_PROBLEMS:,} more to look at", file=out)
    report = report_path()
    try:
        report.parent.mkdir(mode=0o700, exist_ok=True)
        write_private_file(report, "".join(line + "\n" for line in lines).encode("utf-8"))
    except OSError as error:
        print(f"  (the report could not be written to {report}: {error})", file=out)
        return
    print(f"Every record's line is in {report} (--verbose prints them here).", file=out)


def _record_lines(summary: ImportSummary) -> list[str]:
    notable = [str(r) for r in summary.records if r.action is not Action.NEW or r.details]
    return notable + [f"unreadable, left out: {broken}" for broken in summary.broken]


def _report_path(store: Store, clock: Clock, path: Path) -> Path:
    stamp = clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
    return store.path.parent / REPORTS_FOLDER / f"import-{stamp}-{path.stem[:40]}.txt"


def _progress(what: str) -> Callable[[int, int], None]:
    show = sys.stderr.isatty()

    def report(done: int, total: int) -> None:
        if show and total >= 500:
            filled = done * 30 // max(total, 1)
            bar = "#" * filled + "." * (30 - filled)
            print(f"\r  {what} [{bar}] {done:,} of {total:,}", end="", file=sys.stderr, flush=True)

    return report


def _done_progress() -> None:
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)
