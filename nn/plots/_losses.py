"""Drawing loss curves honestly: gaps for ``nan``/``inf``, axes that survive a run that
exploded, and marks where a run left the chart or diverged."""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.axes import Axes

from nn import checks
from nn.plots._style import DIVERGED_MARKER, LEGEND_SIZE, finite, last_finite, positive


def readable_limits(
    curves: Sequence[Sequence[float]], *, log: bool = False
) -> tuple[float, float] | None:
    """Loss-axis limits that keep ordinary curves readable next to exploding ones.

    A run with too large a learning rate can climb to 1e10 or more (before it turns
    ``nan``, or not), which would squash every other curve flat against zero. Losses
    usually start high and fall, so a loss more than 5 times the lowest *starting* loss
    (1000 times on a log axis) counts as exploded: comparable runs start at comparable
    losses, while a run that explodes in its first epoch has an enormous first one.
    When some loss exploded, the limits fit the others (exploded curves leave through
    the top edge); else ``None``: matplotlib's own limits are fine. Curves hold ``nan``
    for gaps and, for a log axis, nothing ``<= 0`` (see :func:`loss_values`).
    """
    starts = [next(v for v in curve if math.isfinite(v)) for curve in curves
              if any(math.isfinite(v) for v in curve)]
    if not starts or min(starts) <= 0:
        return None
    limit = min(starts) * (1000.0 if log else 5.0)
    everything = [v for curve in curves for v in curve if math.isfinite(v)]
    if max(everything) <= limit:
        return None
    tame = [v for v in everything if v <= limit]
    low, high = min(tame), max(tame)
    if log:
        return low / 1.5, high * 2
    margin = 0.08 * (high - low) if high > low else 0.1 * abs(high) or 1.0
    return low - margin, high + margin


def loss_values(values: Sequence[float], log_scale: bool) -> list[float]:
    """Losses ready to plot: non-finite ones (and on a log axis, ones <= 0) as gaps."""
    clean = finite(values)
    return positive(clean) if log_scale else clean


def last_point(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float | None]:
    """Where a curve stops: its last finite point, or (first x, None) when it has none."""
    i = last_finite(ys)
    if i is None:
        return (xs[0] if xs else 1.0), None
    return xs[i], ys[i]


def mark_divergence(
    ax: Axes, x: float, y: float | None, colour: object, top: float | None, *, text: bool = True
) -> None:
    """A ✕ where a run stopped (with the word "diverged" next to it when ``text``); on the
    top edge when the last finite loss is off the chart, or there was none."""
    on_edge = y is None or (top is not None and y > top)
    where = (x, 0.97 if y is None or on_edge else y)
    transform = ax.get_xaxis_transform() if on_edge else ax.transData
    ax.plot(*where, transform=transform, marker=DIVERGED_MARKER, ms=14, color=colour,
            mec="black", ls="none", clip_on=False, zorder=5)
    if text:  # on the side of the ✕ with more room
        low, high = ax.get_xlim()
        left = x > (low + high) / 2
        ax.annotate("diverged", where, xycoords=transform,
                    xytext=(-12 if left else 12, -4 if on_edge else 4),
                    textcoords="offset points", ha="right" if left else "left",
                    va="top" if on_edge else "bottom", fontsize=LEGEND_SIZE, color="black")


#: Matplotlib's log-axis ticks overflow near the top of the float range: a log axis
#: reaches up to here at most.
LARGEST_ON_LOG_AXIS = 1e200
LARGEST_DRAWABLE_RATE = LARGEST_ON_LOG_AXIS


def whole_log_limits(curves: Sequence[Sequence[float]]) -> tuple[float, float] | None:
    """Log-axis limits that show every loss of ``curves`` (positive, or ``nan`` for gaps),
    up to :data:`LARGEST_ON_LOG_AXIS`; ``None`` when there is nothing to show."""
    everything = [v for curve in curves for v in curve if math.isfinite(v)]
    if not everything:
        return None
    low, high = min(everything), max(everything)
    return low / 1.5, min(high * 2, LARGEST_ON_LOG_AXIS)


def check_rate(lr: object, what: str) -> float:
    """A learning rate as a float: positive (as :func:`nn.checks.positive` checks it) and
    small enough to be drawn on a log axis."""
    rate = checks.positive(lr, what)
    if rate > LARGEST_DRAWABLE_RATE:
        raise ValueError(
            f"{what} must be at most {LARGEST_DRAWABLE_RATE:g} to be drawn on a log axis, "
            f"got {lr!r}"
        )
    return rate


def mark_exit(
    ax: Axes, xs: Sequence[float], ys: Sequence[float], top: float, colour: object
) -> bool:
    """A ▲ on the top edge where a curve leaves the chart upwards; False if it never does."""
    for x, y in zip(xs, ys):
        if math.isfinite(y) and y > top:
            ax.plot([x], [0.985], transform=ax.get_xaxis_transform(), marker="^", ms=12,
                    color=colour, mec="black", ls="none", clip_on=False, zorder=5)
            return True
    return False
