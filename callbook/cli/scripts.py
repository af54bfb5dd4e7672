"""The terminal's `callbook scripts`: the library with its figures, and one script filled."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from callbook.domain.clock import Clock
from callbook.store.engine import Store

if TYPE_CHECKING:
    from callbook.services.scripts import FilledScript, LibraryScript


def add_commands(
    commands: argparse._SubParsersAction[Any], data_dir: argparse.ArgumentParser
) -> None:
    """Add `scripts` and `scripts show` to the command line."""
    scripts = commands.add_parser(
        "scripts",
        parents=[data_dir],
        help="the script library: kind, speaking time and how often each got a call back",
        description="Lists every script with its kind, how long it takes to say (or its SMS "
        "segments, or words), and how many messages left with it got a call back.",
    )
    scripts.add_argument("--json", action="store_true", help="print a JSON array")
    scripts.add_argument("--retired", action="store_true", help="list retired scripts too")
    inner = scripts.add_subparsers(dest="scripts_command", metavar="show")
    show = inner.add_parser(
        "show",
        parents=[data_dir],
        help="print one script, filled for a contact with --for",
        description="Prints a script; with --for, filled in for that contact. A placeholder "
        "they have no value for shows as [name?] and is named on stderr.",
    )
    show.add_argument("name", metavar="NAME", help="the script's name, or the start of it")
    show.add_argument(
        "--for", dest="contact", metavar="CONTACT", help="contact id or an unambiguous name"
    )
    show.add_argument("--json", action="store_true", help="print a JSON object")
    scripts.set_defaults(in_book=run_scripts)


def run_scripts(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    """`callbook scripts` and `callbook scripts show`."""
    from callbook.services.scripts import find_script, script_library

    if getattr(args, "scripts_command", None) == "show":
        script = find_script(store, args.name)
        if args.contact is None:
            return _show_unfilled(script, args.json, out)
        from callbook.services.contacts import resolve_contact
        from callbook.services.scripts import filled_for

        contact = resolve_contact(store, args.contact)
        filled = filled_for(store, clock, script.script_id, contact.contact_id)
        return _show_filled(filled, contact.contact_id, args.json, out)
    library = [s for s in script_library(store) if args.retired or not s.retired]
    if args.json:
        json.dump([script_as_json(s) for s in library], out, ensure_ascii=False, indent=2)
        print(file=out)
        return 0
    if not library:
        print("No scripts yet: write a few on the Scripts page of the window (Ctrl+4).", file=out)
        return 0
    _table(library, out)
    hidden = sum(1 for s in script_library(store) if s.retired) if not args.retired else 0
    if hidden:
        print(f"... and {hidden} retired (--retired lists them too)", file=out)
    return 0


def script_as_json(script: LibraryScript) -> dict[str, object]:
    """One script as plain JSON values, with its figures."""
    figures = script.figures
    return {
        "id": script.script_id,
        "name": script.name,
        "kind": script.kind.value,
        "subject": script.subject,
        "body": script.body,
        "retired": script.retired,
        "length": script.length.summary,
        "speaking_seconds": script.length.seconds,
        "warning": script.length.warning or None,
        "messages_left": figures.left if figures else 0,
        "returned": figures.returned if figures else 0,
        "return_rate": figures.rate if figures else None,
        "median_days_to_return": figures.median_days if figures else None,
    }


def _table(library: list[LibraryScript], out: TextIO) -> None:
    from callbook.domain.scripts import KIND_WORDS, days_words, rate_words

    rows = [
        (
            s.name + (" (retired)" if s.retired else ""),
            KIND_WORDS[s.kind],
            s.length.summary + (" ⚠" if s.length.warning else ""),
            rate_words(s.figures),
            days_words(s.figures.median_days if s.figures else None),
        )
        for s in library
    ]
    titles = ("Script", "Kind", "Length", "Returned", "Median wait")
    widths = [max(len(r[i]) for r in [titles, *rows]) for i in range(len(titles))]
    for row in [titles, *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip(),
            file=out,
        )


def _show_unfilled(script: LibraryScript, as_json: bool, out: TextIO) -> int:
    if as_json:
        json.dump(script_as_json(script), out, ensure_ascii=False, indent=2)
        print(file=out)
        return 0
    if script.subject:
        print(f"Subject: {script.subject}\n", file=out)
    print(script.body, file=out)
    print(f"\n{script.name} · {script.length.summary}", file=sys.stderr)
    return 0


def _show_filled(filled: FilledScript, contact_id: int, as_json: bool, out: TextIO) -> int:
    if as_json:
        document = script_as_json(filled.script)
        document.update(
            contact_id=contact_id,
            filled_subject=filled.subject.text or None,
            filled_text=filled.body.text,
            filled_length=filled.length.summary,
            filled_speaking_seconds=filled.length.seconds,
            filled_warning=filled.length.warning or None,
            missing=list(filled.missing),
        )
        json.dump(document, out, ensure_ascii=False, indent=2)
        print(file=out)
        return 0
    print(filled.text, file=out)
    # What is not the message goes to stderr, so the text can be piped or copied whole.
    note = f"{filled.script.name} for {filled.contact_name} · {filled.length.summary}"
    if filled.length.warning:
        note += f" · ⚠ {filled.length.warning}"
    print(f"\n{note}", file=sys.stderr)
    if filled.missing:
        print(f"callbook: warning: {filled.missing_text}", file=sys.stderr)
    return 0
