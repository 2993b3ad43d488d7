"""Log axes that read cleanly: a few round ticks with plain labels (0.2, 0.5, 1).

Matplotlib labels a log axis at powers of ten; when the range holds fewer than two of
them it labels the in-between ticks too, as 6×10⁻¹, 4×10⁻¹, 3×10⁻¹, in small type. Losses
often sit in such a range (0.2 to 0.9, say). Here the ticks are round numbers chosen for
the range shown, and the labels are plain decimals.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from matplotlib.axis import Axis
from matplotlib.colorbar import Colorbar
from matplotlib.ticker import Formatter, Locator, LogLocator, MaxNLocator, NullFormatter

#: Over this many powers of ten, the ticks are powers of ten (LogLocator thins them).
WIDE_DECADES = 3.0
#: Round multiples of each power of ten, coarsest first, each with the fewest ticks it must
#: put in the range to be used (1, 2, 5 must give four: else 1, 2, 3, 5 adds the 0.3).
ROUND_MULTIPLES = (((1.0,), 3), ((1.0, 2.0, 5.0), 4), ((1.0, 2.0, 3.0, 5.0), 3))
#: Labels of numbers in this range are plain decimals; outside it, m×10ⁿ.
PLAIN_RANGE = (1e-3, 1e5)


def round_log_ticks(low: float, high: float) -> list[float]:
    """Tick positions for a log axis from ``low`` to ``high`` (both > 0), all inside it.

    Powers of ten over a wide range; else the coarsest round multiples (1; 1, 2, 5;
    1, 2, 3, 5 times a power of ten) that put enough ticks in the range (see
    :data:`ROUND_MULTIPLES`); in a range too narrow for those, evenly spaced round numbers
    (0.62, 0.64, ...).
    """
    low, high = sorted((low, high))
    if not (low > 0 and math.isfinite(high)):
        raise ValueError(f"a log axis needs limits above 0, got {low!r} to {high!r}")

    def inside(ticks: Iterable[float]) -> list[float]:  # a tick on the very edge counts
        return [float(t) for t in ticks if low * (1 - 1e-9) <= t <= high * (1 + 1e-9)]

    if math.log10(high / low) > WIDE_DECADES:
        return inside(LogLocator(base=10.0).tick_values(low, high))
    powers = range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
    for multiples, enough in ROUND_MULTIPLES:
        ticks = inside(m * 10.0**p for p in powers for m in multiples)
        if len(ticks) >= enough:
            return ticks
    return inside(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high))


def tick_labels(ticks: Sequence[float]) -> list[str]:
    """Labels of one axis's ticks, all in one style: plain decimals (``0.2``, ``0.625``,
    ``300``) when every tick lies in :data:`PLAIN_RANGE`, else ``2×10⁻⁵`` (mathtext)."""
    plain = all(PLAIN_RANGE[0] <= t < PLAIN_RANGE[1] for t in ticks)
    return [_label(t, plain) for t in ticks]


def _label(value: float, plain: bool) -> str:
    if value <= 0 or not math.isfinite(value):
        return ""
    if plain:
        return f"{value:.4g}"
    exponent = math.floor(math.log10(value))
    mantissa = f"{value / 10.0**exponent:.3g}"
    if mantissa == "10":  # 9.9996e-5 rounds up to the next power
        mantissa, exponent = "1", exponent + 1
    power = f"10^{{{exponent}}}"
    return f"${power}$" if mantissa == "1" else rf"${mantissa}\times{power}$"


class RoundLogLocator(Locator):
    """The major ticks of a log axis at :func:`round_log_ticks` of the range shown."""

    def __call__(self) -> list[float]:
        low, high = self.axis.get_view_interval()  # type: ignore[union-attr]
        return self.tick_values(low, high)

    def tick_values(self, vmin: float, vmax: float) -> list[float]:
        if not (vmin > 0 and vmax > 0 and math.isfinite(vmin) and math.isfinite(vmax)):
            return [float(t) for t in LogLocator().tick_values(vmin, vmax)]  # nothing drawn yet
        return round_log_ticks(vmin, vmax)


class PlainLogFormatter(Formatter):
    """Tick labels by :func:`tick_labels`: one style for the whole axis."""

    def format_ticks(self, values: list[float]) -> list[str]:
        return tick_labels(values)  # all the axis's ticks together pick the style

    def __call__(self, x: float, pos: int | None = None) -> str:
        return tick_labels([x])[0]


def readable_log_axis(axis: Axis | Colorbar) -> None:
    """Round major ticks with plain labels on a log ``axis`` (or a colour bar's long
    axis); the minor ticks stay, unlabelled. Call it after the axis is made logarithmic
    (``set_xscale("log")`` resets the ticks)."""
    if isinstance(axis, Colorbar):
        axis.locator, axis.formatter = RoundLogLocator(), PlainLogFormatter()
        axis.minorformatter = NullFormatter()
        return
    axis.set_major_locator(RoundLogLocator())
    axis.set_major_formatter(PlainLogFormatter())
    axis.set_minor_formatter(NullFormatter())
