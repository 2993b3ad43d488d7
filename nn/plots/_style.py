"""Shared look of every plot: colour-blind-safe colours, fonts that survive a projector,
and the small helpers that make a figure or label an axes the same way everywhere."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: Okabe & Ito's palette (https://jfly.uni-koeln.de/color/): told apart with every
#: common kind of colour blindness. Yellow is left out: it vanishes on white.
COLORS = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
)

#: Colour map for quantities in order (learning rates, loss heights): perceptually
#: uniform and readable in greyscale and by colour-blind viewers.
SEQUENTIAL_CMAP = "viridis"

TITLE_SIZE = 15
LABEL_SIZE = 13
TICK_SIZE = 11
LEGEND_SIZE = 11

#: The marker for a run that blew up: a bold ✕.
DIVERGED_MARKER = "X"


def color(i: int) -> str:
    """The ``i``-th colour of the palette (it cycles)."""
    return COLORS[i % len(COLORS)]


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (7.0, 4.5)) -> tuple[Figure, Axes]:
    """The caller's axes and its figure, or a fresh figure with one axes.

    Figures are made with :class:`matplotlib.figure.Figure` rather than pyplot, so that
    plotting never starts a GUI backend and a notebook shows the returned figure once.
    """
    if ax is not None:
        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}: {ax!r}")
        return root_figure(ax), ax
    figure = Figure(figsize=figsize, layout="constrained")
    return figure, figure.add_subplot()


def root_figure(ax: Axes) -> Figure:
    """The top-level figure an axes is drawn in (through a SubFigure if there is one)."""
    figure = ax.get_figure()
    if not isinstance(figure, Figure):
        figure = getattr(figure, "figure", None)  # a SubFigure: its parent figure
    if not isinstance(figure, Figure):
        raise ValueError(f"the axes {ax!r} is not part of a figure")
    return figure


def new_axes_row(
    axes: Sequence[Axes] | None, count: int, figsize: tuple[float, float]
) -> tuple[Figure, list[Axes]]:
    """``count`` axes side by side: the caller's (checked) or a fresh figure's."""
    if axes is not None:
        given = list(axes)
        if len(given) != count or not all(isinstance(a, Axes) for a in given):
            raise ValueError(f"axes must be {count} matplotlib Axes, got {axes!r}")
        return root_figure(given[0]), given
    figure = Figure(figsize=figsize, layout="constrained")
    return figure, list(figure.subplots(1, count, squeeze=False)[0])


def label(ax: Axes, title: str, xlabel: str, ylabel: str) -> None:
    """Title, axis labels and tick labels, all large enough to read from the back row."""
    ax.set_title(title, fontsize=TITLE_SIZE)
    ax.set_xlabel(xlabel, fontsize=LABEL_SIZE)
    ax.set_ylabel(ylabel, fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.grid(True, alpha=0.3)


def legend(ax: Axes, **kwargs: Any) -> None:
    """A legend with readable text, only when something is labelled; beside the axes
    rather than over the curves when it has more than eight entries."""
    handles, _ = ax.get_legend_handles_labels()
    if not handles:
        return
    if len(handles) > 8 and "loc" not in kwargs:
        kwargs.update(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    ax.legend(fontsize=LEGEND_SIZE, framealpha=0.9, **kwargs)


def finite(values: Iterable[object]) -> list[float]:
    """Each value as a float, with ``nan``/``inf`` (and anything not a number) as ``nan``,
    so that lines break there instead of sending the axes to infinity."""
    out = []
    for v in values:
        try:
            x = float(v)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            x = math.nan
        out.append(x if math.isfinite(x) else math.nan)
    return out


def positive(values: Sequence[float]) -> list[float]:
    """For a log axis: values ``<= 0`` become ``nan`` (not drawn) instead of breaking it."""
    return [v if v > 0 else math.nan for v in values]


def last_finite(values: Sequence[float]) -> int | None:
    """The index of the last finite value, or ``None`` when there is none."""
    for i in range(len(values) - 1, -1, -1):
        if math.isfinite(values[i]):
            return i
    return None
