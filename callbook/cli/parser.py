"""The `callbook` command line: one parser, to which each group of commands adds its own."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from callbook import __version__
from callbook.cli import (
    agenda,
    backup,
    demo,
    encryption,
    erase,
    gives,
    insights,
    interchange,
    log,
    merge,
    scripts,
    show,
    today,
)
from callbook.cli.usage import OneLineParser, UsageError


def build_parser() -> OneLineParser:
    """The `callbook` command line, every command with what it runs as its default."""
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
    for group in (
        demo,
        today,
        agenda,
        log,
        backup,
        erase,
        merge,
        interchange,
        encryption,
        scripts,
        gives,
        show,
        insights,
    ):
        group.add_commands(commands, data_dir)
    return parser


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
