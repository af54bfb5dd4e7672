"""The terminal's `callbook insights`: the figures of a period in words, as JSON, or as pictures."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from callbook.domain.clock import Clock
from callbook.domain.insights.period import DEFAULT_WEEKS

if TYPE_CHECKING:
    # Loaded when the command runs, not for every other command's start.
    from callbook.domain.insights.figures import Insights
    from callbook.store.engine import Store


def add_commands(
    commands: argparse._SubParsersAction[Any],
    data_dir: argparse.ArgumentParser,
) -> None:
    """Add `insights` to the command line."""
    found = commands.add_parser(
        "insights",
        parents=[data_dir],
        help="when to call, what gets returned, who is slipping: the figures of recent weeks",
        description="The Insights figures over the last N weeks: connect rate by hour, "
        "check-in coverage per tier, calls a week, return rates, business after check-ins, "
        "and who was asked many times with nothing given.",
    )
    found.add_argument(
        "--weeks",
        type=int,
        default=DEFAULT_WEEKS,
        metavar="N",
        help=f"how many weeks back to look (default {DEFAULT_WEEKS}; the page offers 4, 13, 52)",
    )
    found.add_argument("--json", action="store_true", help="print the figures as a JSON object")
    found.add_argument(
        "--png", metavar="DIR", help="write each chart as a PNG picture into DIR (made if needed)"
    )
    found.add_argument(
        "--svg", metavar="DIR", help="write each chart as an SVG drawing into DIR (made if needed)"
    )
    found.set_defaults(in_book=run_insights)


def _write_charts(found: Insights, folder: str, suffix: str, out: TextIO) -> None:
    # matplotlib is loaded only when pictures are asked for, and without any display.
    from callbook.charts.colors import LIGHT
    from callbook.charts.drawing import draw_all, save_chart
    from callbook.domain.insights.figures import QUESTIONS

    where = Path(folder).expanduser()
    where.mkdir(parents=True, exist_ok=True)
    for name, chart in draw_all(found, LIGHT).items():
        path = where / f"insights-{name}.{suffix}"
        save_chart(chart, path)
        print(f"wrote {path}  ({QUESTIONS[name]})", file=out)


def _words(found: Insights, out: TextIO) -> None:
    from callbook.domain.insights.figures import QUESTIONS, insights_json

    figures = insights_json(found)
    print(f"Insights over the last {found.period.words()}", file=out)
    pickup = figures["pickup"]
    best = found.pickup.best()
    print(f"\n{QUESTIONS['pickup']}", file=out)
    print(f"  {pickup['calls']:,} calls, {pickup['picked_up']:,} picked up", file=out)
    if pickup["too_few"]:
        print(f"  {pickup['too_few']}", file=out)
    elif best is not None:
        print(f"  best so far: {best.words()}", file=out)
    print(f"\n{QUESTIONS['coverage']}", file=out)
    for tier, tier_figures in figures["coverage"]["tiers"].items():
        kept, known = tier_figures["kept"][-1], tier_figures["known"][-1]
        print(f"  tier {tier}: {kept:,} of {known:,} within their rhythm", file=out)
    print(f"  slipping: {found.coverage.slipping_count:,}", file=out)
    for slipping in figures["coverage"]["slipping"][:5]:
        print(
            f"    {slipping['tier']}  {slipping['name']}, {slipping['days_overdue']} days overdue",
            file=out,
        )
    print(f"\n{QUESTIONS['volume']}", file=out)
    print(f"  {found.volume.total:,} touches", file=out)
    print(f"\n{QUESTIONS['returns']}", file=out)
    for row in found.returns.by_channel:
        print(f"  {row.words()}", file=out)
    for row in found.returns.by_script[:5]:
        print(f"  {row.words()}", file=out)
    print(f"\n{QUESTIONS['relationship']}\n  {found.relationship.words()}", file=out)
    print(f"\n{QUESTIONS['asks']}\n  {found.asks.words()}", file=out)


def run_insights(store: Store, clock: Clock, args: argparse.Namespace, out: TextIO) -> int:
    """Print the figures (words or JSON) and write the charts asked for."""
    from callbook.domain.insights.figures import insights_json
    from callbook.services.insights import insights

    found = insights(store, clock, args.weeks)
    if args.json:
        json.dump(insights_json(found), out, ensure_ascii=False, indent=2)
        print(file=out)
    elif not (args.png or args.svg):
        _words(found, out)
    # With JSON on the output, the files written are told on stderr: the output stays JSON.
    told = sys.stderr if args.json else out
    if args.png:
        _write_charts(found, args.png, "png", told)
    if args.svg:
        _write_charts(found, args.svg, "svg", told)
    return 0
