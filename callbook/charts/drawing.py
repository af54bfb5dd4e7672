"""The six insight charts, each drawn on its own matplotlib Figure and titled with its question."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from callbook.charts.colors import ChartColors
from callbook.domain.insights.figures import QUESTIONS, Insights, too_few_calls_words
from callbook.domain.insights.pickup import DAY_LABELS, MIN_CALLS_PER_CELL
from callbook.domain.insights.returns import ReturnRow
from callbook.domain.scripts import days_words
from callbook.domain.vocabulary import Tier

CHART_NAMES: tuple[str, ...] = ("pickup", "coverage", "volume", "returns", "relationship", "asks")
# Inches at 100 dots an inch: what the page starts from and the files are written at.
SIZE = (9.0, 5.2)
HATCH = "///"

# What a pointer over the chart says: the counts behind the cell or bar under it.
Hover = Callable[[Axes, float, float], "str | None"]


@dataclass
class Chart:
    """One drawn chart: its figure, what hovering says, and its finding in words."""

    name: str
    figure: Figure
    summary: str
    hover: Hover = field(default=lambda _axes, _x, _y: None)
    # How many data points it shows (cells, bars, weeks): 0 means nothing to see yet.
    points: int = 0


def _figure(colors: ChartColors) -> Figure:
    return Figure(figsize=SIZE, dpi=100, facecolor=colors.background, layout="constrained")


def _style(axes: Axes, colors: ChartColors) -> None:
    axes.set_facecolor(colors.background)
    for spine in axes.spines.values():
        spine.set_color(colors.grid)
    axes.tick_params(colors=colors.text, labelcolor=colors.text)
    axes.xaxis.label.set_color(colors.text)
    axes.yaxis.label.set_color(colors.text)
    axes.title.set_color(colors.text)


def _title(figure: Figure, name: str, subtitle: str, colors: ChartColors) -> None:
    """The question on top, and at the foot what the chart finds."""
    figure.suptitle(QUESTIONS[name], color=colors.text, fontsize=14, fontweight="bold")
    if subtitle:
        figure.supxlabel(subtitle, color=colors.text, fontsize=10, wrap=True)


def _week_labels(days: Sequence[date]) -> list[str]:
    return [f"{day.day} {day.strftime('%b')}" for day in days]


def _week_ticks(axes: Axes, days: Sequence[date]) -> None:
    labels = _week_labels(days)
    step = max(1, -(-len(labels) // 6))
    ticks = list(range(0, len(labels), step))
    axes.set_xticks(ticks, [labels[i] for i in ticks], rotation=0)


def pickup_chart(insights: Insights, colors: ChartColors) -> Chart:
    """Connect rate by weekday and the contact's local hour, as a heat map."""
    grid = insights.pickup
    figure = _figure(colors)
    axes = figure.add_subplot()
    _style(axes, colors)
    hours = list(grid.hours())
    rates: list[list[float]] = []
    for weekday in range(7):
        rates.append([])
        for hour in hours:
            cell = grid.cell(weekday, hour)
            rates[weekday].append(float("nan") if cell.rate is None else 100 * cell.rate)
    image = axes.imshow(
        rates,
        aspect="auto",
        cmap=colors.heat_map,
        vmin=0,
        vmax=100,
        extent=(hours[0] - 0.5, hours[-1] + 0.5, 6.5, -0.5),
        interpolation="nearest",
    )
    # Cells with some calls but too few to tell: hatched, never shown as 0 % or 100 %.
    for weekday in range(7):
        for hour in hours:
            cell = grid.cell(weekday, hour)
            if cell.calls and cell.rate is None:
                axes.add_patch(
                    Rectangle(
                        (hour - 0.5, weekday - 0.5),
                        1,
                        1,
                        facecolor=colors.too_few,
                        edgecolor=colors.grid,
                        hatch=HATCH,
                        linewidth=0,
                    )
                )
    axes.set_yticks(range(7), DAY_LABELS)
    every = 2 if len(hours) > 12 else 1
    axes.set_xticks(hours[::every], [f"{hour}" for hour in hours[::every]])
    axes.set_xlabel("Hour of the day in their own time; hatched: too few calls", wrap=True)
    axes.set_ylabel("Weekday")
    bar = figure.colorbar(image, ax=axes, fraction=0.05, pad=0.02)
    bar.set_label("Calls picked up (%)", color=colors.text)
    bar.ax.tick_params(colors=colors.text, labelcolor=colors.text)
    bar.outline.set_edgecolor(colors.grid)
    thin = too_few_calls_words(insights)
    best = grid.best()
    if thin is not None:
        summary = thin
        axes.text(
            (hours[0] + hours[-1]) / 2,
            3,
            thin,
            ha="center",
            va="center",
            color=colors.text,
            fontsize=12,
            bbox={"facecolor": colors.background, "edgecolor": colors.grid},
        )
    elif best is not None:
        summary = f"Best so far: {best.words()}"
    else:
        summary = f"No hour has {MIN_CALLS_PER_CELL} calls yet"
    _title(
        figure, "pickup", f"{summary} · {grid.calls:,} calls in {insights.period.words()}", colors
    )

    def hover(_axes: Axes, x: float, y: float) -> str | None:
        weekday, hour = round(y), round(x)
        if not 0 <= weekday < 7 or hour not in hours:
            return None
        return grid.cell(weekday, hour).words()

    return Chart("pickup", figure, summary, hover, len(grid.cells))


def coverage_chart(insights: Insights, colors: ChartColors) -> Chart:
    """The share of each tier within its check-in rhythm at each week's end."""
    cover = insights.coverage
    figure = _figure(colors)
    axes = figure.add_subplot()
    _style(axes, colors)
    weeks = list(range(insights.period.weeks))
    for index, tier in enumerate(Tier):
        shares = [None if s is None else 100 * s for s in cover.tiers[tier].shares()]
        axes.plot(
            weeks,
            [float("nan") if s is None else s for s in shares],
            marker="o",
            markersize=3,
            linewidth=2,
            color=colors.series[index],
            label=f"Tier {tier.value}",
        )
    axes.set_ylim(0, 100)
    axes.set_ylabel("Within their check-in rhythm (%)")
    axes.set_xlabel("Week starting")
    _week_ticks(axes, insights.week_days)
    axes.grid(True, color=colors.grid, linewidth=0.5)
    legend = axes.legend(loc="lower left", facecolor=colors.background, edgecolor=colors.grid)
    for text in legend.get_texts():
        text.set_color(colors.text)
    now = [cover.tiers[t].shares()[-1] for t in Tier]
    summary = "Now: " + ", ".join(
        f"{t.value} {'—' if s is None else f'{round(100 * s)} %'}"
        for t, s in zip(Tier, now, strict=True)
    )
    summary += f" · {cover.slipping_count:,} slipping"
    _title(figure, "coverage", summary, colors)

    def hover(_axes: Axes, x: float, _y: float) -> str | None:
        week = round(x)
        if not 0 <= week < len(weeks):
            return None
        parts = []
        for tier in Tier:
            tc = cover.tiers[tier]
            parts.append(f"{tier.value}: {tc.kept[week]:,} of {tc.known[week]:,}")
        return f"Week of {_week_labels(insights.week_days)[week]}: " + ", ".join(parts)

    points = sum(1 for t in Tier for n in cover.tiers[t].known if n)
    return Chart("coverage", figure, summary, hover, points)


def volume_chart(insights: Insights, colors: ChartColors) -> Chart:
    """Touches each week, stacked by what came of them."""
    volume = insights.volume
    figure = _figure(colors)
    axes = figure.add_subplot()
    _style(axes, colors)
    weeks = list(range(volume.weeks))
    bottom = [0] * volume.weeks
    for index, (outcome, counts) in enumerate(volume.by_outcome.items()):
        axes.bar(
            weeks,
            counts,
            bottom=bottom,
            color=colors.series[index % len(colors.series)],
            label=outcome.label,
            width=0.8,
        )
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    axes.set_ylabel("Calls, voicemails and messages a week")
    axes.set_xlabel("Week starting")
    _week_ticks(axes, insights.week_days)
    axes.grid(True, axis="y", color=colors.grid, linewidth=0.5)
    axes.set_axisbelow(True)
    if volume.by_outcome:
        legend = axes.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1),
            facecolor=colors.background,
            edgecolor=colors.grid,
        )
        for text in legend.get_texts():
            text.set_color(colors.text)
    totals = volume.totals()
    average = volume.total / volume.weeks if volume.weeks else 0
    summary = f"{volume.total:,} touches in {insights.period.words()}, {average:,.0f} a week"
    _title(figure, "volume", summary, colors)

    def hover(_axes: Axes, x: float, _y: float) -> str | None:
        week = round(x)
        if not 0 <= week < volume.weeks:
            return None
        parts = [f"{o.label} {c[week]:,}" for o, c in volume.by_outcome.items() if c[week]]
        label = _week_labels(insights.week_days)[week]
        return f"Week of {label}: {totals[week]:,} touches" + (
            " (" + ", ".join(parts) + ")" if parts else ""
        )

    return Chart("volume", figure, summary, hover, sum(1 for t in totals if t))


def _return_bars(axes: Axes, rows: Sequence[ReturnRow], colors: ChartColors, color: str) -> None:
    _style(axes, colors)
    labels = [row.label for row in rows]
    rates = [100 * (row.figures.rate or 0) if row.enough else 0.0 for row in rows]
    positions = list(range(len(rows)))
    bars = axes.barh(positions, rates, color=color, height=0.6)
    for bar, row in zip(bars, rows, strict=True):
        f = row.figures
        if not row.enough:
            bar.set_width(100)
            bar.set_facecolor(colors.too_few)
            bar.set_hatch(HATCH)
            bar.set_edgecolor(colors.grid)
            words = f"too few to tell: {f.returned} of {f.left}"
        else:
            words = f"{f.returned:,} of {f.left:,} · median {days_words(f.median_days)}"
        axes.text(
            2,
            bar.get_y() + bar.get_height() / 2,
            words,
            va="center",
            fontsize=8,
            color=colors.text,
            bbox={"facecolor": colors.background, "alpha": 0.75, "edgecolor": "none", "pad": 1},
        )
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.grid(True, axis="x", color=colors.grid, linewidth=0.5)
    axes.set_axisbelow(True)


def returns_chart(insights: Insights, colors: ChartColors) -> Chart:
    """Return rate by the channel a message went by, and by its script."""
    found = insights.returns
    figure = _figure(colors)
    scripts = found.by_script[:8]
    by_channel, by_script = figure.subplots(
        2, 1, height_ratios=[max(1, len(found.by_channel)), max(1, len(scripts))]
    )
    _return_bars(by_channel, found.by_channel, colors, colors.series[0])
    by_channel.set_title("By channel", color=colors.text, fontsize=10, loc="left")
    _return_bars(by_script, scripts, colors, colors.series[1])
    by_script.set_title("By script", color=colors.text, fontsize=10, loc="left")
    by_script.set_xlabel("Messages returned (%)")
    if found.left:
        summary = f"{found.left:,} messages left in {insights.period.words()}"
    else:
        summary = f"No messages left in {insights.period.words()}"
    _title(figure, "returns", summary, colors)

    def hover(axes: Axes, _x: float, y: float) -> str | None:
        rows = found.by_channel if axes is by_channel else scripts if axes is by_script else []
        index = round(y)
        return rows[index].words() if 0 <= index < len(rows) else None

    return Chart("returns", figure, summary, hover, len(found.by_channel) + len(scripts))


def relationship_chart(insights: Insights, colors: ChartColors) -> Chart:
    """Business touches per contact a month after a check-in, against without a recent one."""
    pays = insights.relationship
    figure = _figure(colors)
    axes = figure.add_subplot()
    _style(axes, colors)
    sides = [
        ("In the 30 days after\na personal check-in", pays.after_checkin),
        ("With no check-in in\nthe 30 days before", pays.no_recent_checkin),
    ]
    values = [side.per_contact_month or 0.0 for _label, side in sides]
    bars = axes.bar([0, 1], values, color=[colors.series[1], colors.series[2]], width=0.55)
    if not pays.enough:
        for bar in bars:
            bar.set_facecolor(colors.too_few)
            bar.set_hatch(HATCH)
            bar.set_edgecolor(colors.grid)
    for bar, (_label, side) in zip(bars, sides, strict=True):
        axes.text(
            bar.get_x() + bar.get_width() / 2,
            bar.get_height(),
            f"{side.business:,} business touches\nin {side.contact_days / 30:,.0f} contact-months",
            ha="center",
            va="bottom",
            fontsize=9,
            color=colors.text,
        )
    axes.set_xticks([0, 1], [label for label, _side in sides])
    axes.set_ylabel("Business touches a contact a month")
    axes.set_ylim(0, max([*values, 0.01]) * 1.35)
    axes.grid(True, axis="y", color=colors.grid, linewidth=0.5)
    axes.set_axisbelow(True)
    summary = pays.words()
    _title(figure, "relationship", summary, colors)

    def hover(_axes: Axes, x: float, _y: float) -> str | None:
        index = round(x)
        if index not in (0, 1):
            return None
        label, side = sides[index]
        rate = side.per_contact_month
        shown = "—" if rate is None else f"{rate:.2f}"
        return (
            f"{label.replace(chr(10), ' ')}: {side.business:,} business touches over "
            f"{side.contact_days:,.0f} contact-days ({shown} a contact a month)"
        )

    return Chart(
        "relationship",
        figure,
        summary,
        hover,
        2 if pays.after_checkin.business or pays.no_recent_checkin.business else 0,
    )


def asks_chart(insights: Insights, colors: ChartColors) -> Chart:
    """The contacts asked most often and never given anything, across the book."""
    asks = insights.asks
    figure = _figure(colors)
    axes = figure.add_subplot()
    _style(axes, colors)
    people = asks.most_asked
    positions = list(range(len(people)))
    axes.barh(positions, [p.asks for p in people], color=colors.series[5], height=0.6)
    axes.set_yticks(positions, [p.name for p in people])
    axes.invert_yaxis()
    axes.set_xlabel(f"Asks in the last {insights.period.words()}, with nothing ever given")
    axes.grid(True, axis="x", color=colors.grid, linewidth=0.5)
    axes.set_axisbelow(True)
    if not people:
        axes.text(
            0.5,
            0.5,
            asks.words(),
            ha="center",
            va="center",
            transform=axes.transAxes,
            color=colors.text,
            fontsize=12,
        )
        axes.set_xticks([])
        axes.set_yticks([])
    summary = asks.words()
    _title(figure, "asks", summary, colors)

    def hover(_axes: Axes, _x: float, y: float) -> str | None:
        index = round(y)
        if not 0 <= index < len(people):
            return None
        person = people[index]
        return f"{person.name}: {person.asks:,} asks, nothing given yet"

    return Chart("asks", figure, summary, hover, len(people))


DRAWERS: dict[str, Callable[[Insights, ChartColors], Chart]] = {
    "pickup": pickup_chart,
    "coverage": coverage_chart,
    "volume": volume_chart,
    "returns": returns_chart,
    "relationship": relationship_chart,
    "asks": asks_chart,
}


def draw_all(insights: Insights, colors: ChartColors) -> dict[str, Chart]:
    """Every chart, by name, in the order the page lists them."""
    return {name: DRAWERS[name](insights, colors) for name in CHART_NAMES}


def save_chart(chart: Chart, path: Any) -> None:
    """Write the chart to `path` at its own size, whatever the window shows it at.

    The suffix (.png or .svg) says which.
    """
    figure = chart.figure
    shown = tuple(figure.get_size_inches())
    figure.set_size_inches(SIZE, forward=False)
    try:
        figure.savefig(path, dpi=100, facecolor=figure.get_facecolor())
    finally:
        figure.set_size_inches(shown, forward=False)
        figure.canvas.draw_idle()
