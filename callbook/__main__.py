"""Entry point: a subcommand runs in the terminal, no subcommand opens the window."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

DATA_DIR = "--data-dir"


def main(argv: Sequence[str] | None = None) -> int:
    """Hand over to the terminal commands or to the window."""
    args = list(sys.argv[1:] if argv is None else argv)
    if plainly_the_window(args):
        # The terminal commands (SQLAlchemy, vCard, iCalendar, phone numbers) stay unloaded:
        # the rep is waiting for Today, and the window loads what it needs after it.
        # Until Today is painted the cycle collector is held too: what a start makes
        # (modules, classes, the window) lives as long as the app, so its walks would
        # find nothing to free. The window lets it run again after the first paint.
        gc.disable()
        from callbook.app import run

        return run(args)
    # Anything else is read by the full command line, which knows every option and error.
    from callbook import cli

    try:
        namespace, _ = cli.build_parser().parse_known_args(args)
    except cli.UsageError as error:
        print(error, file=sys.stderr)
        return 2
    if namespace.command is None:
        from callbook.app import run

        return run(args)
    return cli.main(args)


def plainly_the_window(args: Sequence[str]) -> bool:
    """True when `args` hold nothing but data folders, so the full command line opens the window.

    Narrow on purpose: whatever else is given (a command, --help, an abbreviation, a value
    that looks like an option) goes to the full command line, as it always has.
    """
    rest = iter(args)
    for given in rest:
        if given.startswith(DATA_DIR + "="):
            continue
        if given != DATA_DIR:
            return False
        folder = next(rest, None)
        if folder is None or folder.startswith("-"):
            return False
    return True


if __name__ == "__main__":
    sys.exit(main())
