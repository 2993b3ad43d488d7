"""Two-parameter loss surfaces as contours, with optimizers' paths drawn on top."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter, MaxNLocator

from autograd.mode import no_grad
from autograd.value import Value
from nn.plots import _style
from nn.plots._style import DIVERGED_MARKER, finite, last_finite
from nn.plots.paths import Point, as_point


def loss_surface(
    f: Callable[[Any, Any], Any],
    paths: Mapping[str, Sequence[Sequence[float]]] | None = None,
    *,
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    levels: int = 30,
    log_levels: bool = True,
    resolution: int = 100,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Contours of a two-parameter loss ``f(w1, w2)``, with optimizer paths drawn on top.

    Args:
        f: the loss, on two floats or two Values (either is accepted; a number or a
            Value comes back). Evaluated on a ``resolution x resolution`` grid.
        paths: ``{name: [(w1, w2), ...]}`` (e.g. from :func:`optimizer_paths`): each drawn
            with a dot per step, a white circle at the start and a square at the end
            (a ✕ at the last finite point of a path that ends in ``nan``/``inf``).
        xlim, ylim: the ranges of ``w1`` and ``w2`` shown.
        levels: how many contour levels.
        log_levels: space the levels geometrically above the lowest loss, so that the
            floor of a steep valley still has contours.
        resolution: grid points along each axis.
        ax: draw into this axes instead of a new figure.
        title: the title (a sensible one by default).

    Returns:
        The figure drawn into.
    """
    grid = _evaluate(f, xlim, ylim, resolution)
    figure, ax = _style.new_axes(ax, figsize=(7.5, 6.0))
    filled = _draw_contours(ax, grid, levels, log_levels)
    _loss_colorbar(figure, filled, ax, log_levels)
    for i, (name, path) in enumerate(_check_paths(paths).items()):
        _draw_path(ax, name, path, _style.color(i), first=i == 0)
    _style.label(ax, title or "Loss surface", "w1", "w2")
    ax.grid(False)
    _paths_first_legend(ax)
    return figure


def loss_surfaces_side_by_side(
    f: Callable[[Any, Any], Any],
    paths: Mapping[str, Sequence[Sequence[float]]],
    *,
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    levels: int = 30,
    log_levels: bool = True,
    resolution: int = 100,
    ncols: int = 2,
    title: str | None = None,
) -> Figure:
    """One panel per optimizer, the same contours in each: compare paths without clutter.

    Arguments as for :func:`loss_surface`; ``ncols`` panels per row. Each path keeps the
    colour it has in :func:`loss_surface`.
    """
    checked = _check_paths(paths)
    if not checked:
        raise ValueError("no paths to draw: pass {name: [(w1, w2), ...]}")
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be an int >= 1, got {ncols!r}")
    grid = _evaluate(f, xlim, ylim, resolution)
    ncols = min(ncols, len(checked))
    nrows = math.ceil(len(checked) / ncols)
    figure = Figure(figsize=(5.2 * ncols + 1.2, 4.6 * nrows), layout="constrained")
    axes = figure.subplots(nrows, ncols, squeeze=False).ravel()
    filled: Any = None
    for i, (ax, (name, path)) in enumerate(zip(axes, checked.items())):
        filled = _draw_contours(ax, grid, levels, log_levels)
        _draw_path(ax, name, path, _style.color(i), first=True)
        _style.label(ax, name, "w1", "w2")
        ax.grid(False)
        _paths_first_legend(ax)
    for ax in axes[len(checked):]:
        ax.set_visible(False)
    _loss_colorbar(figure, filled, list(axes[: len(checked)]), log_levels)
    figure.suptitle(title or "The same start, four optimizers", fontsize=_style.TITLE_SIZE + 1)
    return figure


# ---------------------------------------------------------------- helpers


class _Grid(NamedTuple):
    """``f`` on a grid: ``xs`` (w1), ``ys`` (w2) and ``z[j, i] = f(xs[i], ys[j])``."""

    xs: np.ndarray
    ys: np.ndarray
    z: np.ndarray


def _evaluate(
    f: Callable[[Any, Any], Any], xlim: Sequence[float], ylim: Sequence[float], resolution: int
) -> _Grid:
    if not callable(f):
        raise TypeError(f"f must be a function of (w1, w2), got {type(f).__name__}")
    x0, x1 = _limits(xlim, "xlim")
    y0, y1 = _limits(ylim, "ylim")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"resolution must be an int >= 2, got {resolution!r}")
    xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    call = _caller(f, float(xs[0]), float(ys[0]))
    with no_grad():  # only values are needed: record no graph
        z = np.array([[call(float(a), float(b)) for a in xs] for b in ys], dtype=float)
    z[~np.isfinite(z)] = np.nan
    if np.isnan(z).all():
        raise ValueError(f"f is nan or inf everywhere on w1 in {xlim}, w2 in {ylim}")
    return _Grid(xs, ys, z)


def _caller(f: Callable[[Any, Any], Any], a: float, b: float) -> Callable[[float, float], float]:
    """A float -> float version of ``f``, which may want floats or Values."""

    def on_floats(x: float, y: float) -> float:
        try:
            return _as_float(f(x, y))
        except (OverflowError, ZeroDivisionError):  # plain floats raise where Values give inf
            return math.nan

    def on_values(x: float, y: float) -> float:
        return _as_float(f(Value(x), Value(y)))

    try:
        with no_grad():
            on_floats(a, b)
        return on_floats
    except (TypeError, AttributeError):  # e.g. it calls w1.tanh(): it needs Values
        return on_values


def _as_float(result: object) -> float:
    if isinstance(result, Value):
        return result.data
    if isinstance(result, numbers.Real) and not isinstance(result, bool):
        return float(result)
    raise TypeError(f"f must return a number or a Value, got {type(result).__name__}: {result!r}")


def _draw_contours(ax: Axes, grid: _Grid, levels: int, log_levels: bool) -> Any:
    if isinstance(levels, bool) or not isinstance(levels, int) or levels < 2:
        raise ValueError(f"levels must be an int >= 2, got {levels!r}")
    low, high = float(np.nanmin(grid.z)), float(np.nanmax(grid.z))
    if high <= low:  # a flat surface: one band
        high = low + 1.0
    if log_levels:
        heights = grid.z[np.isfinite(grid.z)] - low
        smallest = heights[heights > 0].min() if (heights > 0).any() else 1.0
        bottom = max(float(smallest), (high - low) * 1e-6)
        steps = np.geomspace(bottom, high - low, levels - 1)
        bounds = np.concatenate([[low], low + steps])
    else:
        bounds = np.linspace(low, high, levels)
    filled = ax.contourf(grid.xs, grid.ys, grid.z, levels=bounds, cmap=_style.SEQUENTIAL_CMAP,
                         alpha=0.4)
    ax.contour(grid.xs, grid.ys, grid.z, levels=bounds, cmap=_style.SEQUENTIAL_CMAP,
               linewidths=0.8)
    j, i = np.unravel_index(np.nanargmin(grid.z), grid.z.shape)
    # above the paths (zorder 5-6): a path that reaches the floor ends on this very point
    ax.plot([grid.xs[i]], [grid.ys[j]], marker="*", ms=18, color="white", mec="black",
            mew=1.3, ls="none", label="lowest point", zorder=7)
    ax.set_xlim(grid.xs[0], grid.xs[-1])
    ax.set_ylim(grid.ys[0], grid.ys[-1])
    return filled


def _draw_path(ax: Axes, name: str, path: list[Point], colour: str, *, first: bool) -> None:
    """The steps as a line of dots, a circle at the start, a square at the end."""
    xs, ys = finite(p[0] for p in path), finite(p[1] for p in path)
    end = last_finite([x + y for x, y in zip(xs, ys)])
    stopped = end is not None and end < len(path) - 1
    ax.plot(xs, ys, color=colour, lw=2, marker="o", ms=3.5, zorder=5,
            label=name + (" (diverged)" if stopped else ""))
    ax.plot([xs[0]], [ys[0]], marker="o", ms=11, color="white", mec="black", mew=1.5,
            ls="none", zorder=6, label="start" if first else None)
    if end is not None:
        ax.plot([xs[end]], [ys[end]], marker=DIVERGED_MARKER if stopped else "s", ms=11,
                color=colour, mec="black", mew=1.2, ls="none", zorder=6, clip_on=False)


def _loss_colorbar(figure: Figure, filled: Any, ax: Axes | list[Axes], log: bool) -> None:
    """A colour bar of the loss levels, its ticks at round numbers (see :func:`round_ticks`)."""
    bar = figure.colorbar(filled, ax=ax)
    levels = list(filled.levels)
    # on a log scale the lowest level may be 0 or less: the scale really starts one level up
    low = levels[1] if log and levels[0] <= 0 else levels[0]
    bar.set_ticks(round_ticks(low, levels[-1], log=log))
    bar.ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    bar.set_label("loss", fontsize=_style.LABEL_SIZE)
    bar.ax.tick_params(labelsize=_style.TICK_SIZE)


def round_ticks(low: float, high: float, *, log: bool, most: int = 7) -> list[float]:
    """Round numbers between ``low`` and ``high`` to label a loss scale with.

    On a log scale, the powers of ten inside the range (1, 2 and 5 times them when fewer
    than three powers fit); otherwise matplotlib's usual steps. At most ``most`` ticks,
    evenly thinned.

    Example:
        >>> round_ticks(0.0024, 12.0, log=True)
        [0.01, 0.1, 1.0, 10.0]
        >>> round_ticks(0.3, 4.0, log=True)
        [0.5, 1.0, 2.0]
        >>> round_ticks(0.0, 7.5, log=False)
        [0.0, 1.5, 3.0, 4.5, 6.0, 7.5]
    """
    if log and high > 0:
        floor = max(low, high * 1e-12)
        first, last = math.floor(math.log10(floor)), math.ceil(math.log10(high))
        candidates = [float(f"{m}e{k}") for k in range(first, last + 1) for m in (1, 2, 5)]
        inside = [t for t in candidates if floor <= t <= high]
        powers = [t for t in inside if f"{t:e}".startswith("1.")]
        ticks = powers if len(powers) >= 3 else inside
    else:
        ticks = [float(t) for t in MaxNLocator(most).tick_values(low, high) if low <= t <= high]
    return ticks[:: math.ceil(len(ticks) / most)] if ticks else [low, high]


def _paths_first_legend(ax: Axes) -> None:
    """The legend with the optimizers first, then what the markers mean."""
    handles, labels = ax.get_legend_handles_labels()
    markers = ("start", "lowest point")
    order = sorted(range(len(labels)), key=lambda k: labels[k] in markers)
    ax.legend([handles[k] for k in order], [labels[k] for k in order], loc="upper right",
              fontsize=_style.LEGEND_SIZE, framealpha=0.9)


def _check_paths(paths: object) -> dict[str, list[Point]]:
    if paths is None:
        return {}
    if not isinstance(paths, Mapping):
        raise TypeError(
            f"paths must be a dict of name -> [(w1, w2), ...], got {type(paths).__name__}"
        )
    checked = {}
    for name, path in paths.items():
        if isinstance(path, (str, bytes)) or not isinstance(path, Sequence) or not path:
            raise ValueError(f"path {name!r} must be a non-empty list of (w1, w2), got {path!r}")
        checked[str(name)] = [
            as_point(p, f"point {k} of path {name!r}", allow_nonfinite=True)
            for k, p in enumerate(path)
        ]
    return checked


def _limits(lim: object, what: str) -> tuple[float, float]:
    low, high = as_point(lim, what)
    if not low < high:
        raise ValueError(f"{what} must be (low, high) with low < high, got {lim!r}")
    return low, high


