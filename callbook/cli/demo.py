"""The terminal's `callbook demo`: fill an empty book with realistic demo data."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, TextIO

from callbook.domain.clock import Clock
from callbook.services.changes import Invalid
from callbook.services.demo import fill_with_demo
from callbook.store.engine import Store


def add_commands(
    commands: argparse._SubParsersAction[Any], data_dir: argparse.ArgumentParser
) -> None:
    """Add `demo` to the command line."""
    demo = commands.add_parser(
        "demo", parents=[data_dir], help="fill the store with realistic demo data"
    )
    demo.add_argument(
        "--contacts", type=int, default=200, metavar="N", help="how many contacts (default 200)"
    )
    demo.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default 7)")
    demo.set_defaults(in_book=_demo)


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
