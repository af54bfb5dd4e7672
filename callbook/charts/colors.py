"""The colours a chart is drawn in, taken from the window's palette or a plain light one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChartColors:
    """Background, text and grid, and the colours of the series (tiers, outcomes, bars)."""

    background: str
    text: str
    grid: str
    # Cells and bars with too few behind them: a muted fill under a hatch.
    too_few: str
    series: tuple[str, ...]
    # The heat map's colour map (perceptually even, readable on light and dark).
    heat_map: str

    @property
    def dark(self) -> bool:
        """True when the background is dark."""
        value = self.background.lstrip("#")
        red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
        return (red * 299 + green * 587 + blue * 114) / 1000 < 128


# Colour-blind safe (Okabe–Ito), in the order the series use them.
_SERIES_LIGHT = ("#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#D55E00", "#999999")
_SERIES_DARK = ("#56B4E9", "#2BD4A0", "#F0B43C", "#E08FC3", "#8FD0F5", "#FF8A4C", "#B0B0B0")

LIGHT = ChartColors("#ffffff", "#202124", "#d0d0d0", "#e6e6e6", _SERIES_LIGHT, "viridis")
DARK = ChartColors("#2b2b2b", "#e8e8e8", "#4a4a4a", "#3a3a3a", _SERIES_DARK, "viridis")


def colors_on(background: str, text: str) -> ChartColors:
    """Colours for a window whose palette has this background and text colour."""
    base = DARK if ChartColors(background, text, "", "", (), "").dark else LIGHT
    return ChartColors(background, text, base.grid, base.too_few, base.series, base.heat_map)
