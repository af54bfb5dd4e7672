"""Entry point: a subcommand runs in the terminal, no subcommand opens the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from callbook import cli


def main(argv: Sequence[str] | None = None) -> int:
    """Hand over to the terminal commands or to the window."""
    args = list(sys.argv[1:] if argv is None else argv)
    parsed = cli.build_parser()
    try:
        namespace, _ = parsed.parse_known_args(args)
    except cli.UsageError as error:
        print(error, file=sys.stderr)
        return 2
    if namespace.command is None:
        # Qt loads only when the window is wanted: terminal commands stay quick.
        from callbook.app import run

        return run(args)
    return cli.main(args)


if __name__ == "__main__":
    sys.exit(main())
