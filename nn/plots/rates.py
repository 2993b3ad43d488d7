"""Loss against learning rate: the sweep over rates and the learning-rate finder."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence

from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nn.history import LRFindResult, SweepResult
from nn.plots import _style
from nn.plots._losses import (
    check_rate,
    last_point,
    loss_values,
    mark_divergence,
    mark_exit,
    readable_limits,
)
from nn.plots._style import DIVERGED_MARKER, finite
from nn.plots._ticks import readable_log_axis

RateColour = Callable[[float], tuple[float, float, float, float]]


def lr_sweep(
    results: SweepResult,
    *,
    log_scale: bool = True,
    axes: Sequence[Axes] | None = None,
    title: str | None = None,
    final_losses: Sequence[float] | None = None,
) -> Figure:
    """Two panels: the final loss of each learning rate, and every run's loss curve.

    Args:
        results: what :func:`nn.sweep.lr_sweep` returned.
        log_scale: a logarithmic loss axis on both panels (the rate axis is always log).
        axes: two axes to draw into, instead of a new figure.
        title: a title over both panels.
        final_losses: the loss each run ended with, one per run, when it was measured after
            training (as ``gradschool lr-sweep`` does, on the whole training set); by default
            each run's last epoch loss (the mean over that epoch's batches).

    Left: final training loss against learning rate; runs that diverged are drawn as ✕ on
    the top edge, labelled "diverged", and the best rate is circled. Right: the loss curves,
    coloured by rate (see the colour bar), a ✕ where a run diverged.

    Returns:
        The figure drawn into.
    """
    if not isinstance(results, SweepResult):
        raise TypeError(f"expected the SweepResult of nn.lr_sweep, got {type(results).__name__}")
    if not results.runs:
        raise ValueError("the sweep has no runs to plot")
    lrs = [check_rate(run.lr, f"run {i}'s learning rate") for i, run in enumerate(results.runs)]
    figure, (left, right) = _style.new_axes_row(axes, 2, figsize=(13.0, 4.8))
    low, high = min(lrs), max(lrs)
    if low == high:  # one rate: give the colour scale some width
        low, high = low / 10, high * 10
    cmap = colormaps[_style.SEQUENTIAL_CMAP]

    def colour_of(lr: float) -> tuple[float, float, float, float]:
        """The colour of a rate: its place between the smallest and largest, on a log scale."""
        return cmap(math.log(lr / low) / math.log(high / low))

    if final_losses is None:
        finals = [run.final_loss for run in results.runs]
    elif len(final_losses) != len(results.runs):
        raise ValueError(f"final_losses has {len(final_losses)} numbers for "
                         f"{len(results.runs)} runs")
    else:
        finals = [float(loss) for loss in final_losses]
    _final_losses(left, results, finals, colour_of, log_scale)
    _loss_curves(right, results, colour_of, log_scale)
    mapper = ScalarMappable(norm=LogNorm(vmin=low, vmax=high), cmap=cmap)
    bar = figure.colorbar(mapper, ax=right)
    bar.set_label("learning rate", fontsize=_style.LABEL_SIZE)
    readable_log_axis(bar)
    bar.ax.tick_params(labelsize=_style.TICK_SIZE)
    if title:
        figure.suptitle(title, fontsize=_style.TITLE_SIZE + 1)
    return figure


def _final_losses(ax: Axes, results: SweepResult, finals: Sequence[float],
                  colour_of: RateColour, log_scale: bool) -> None:
    """Left panel: final loss against rate, ✕ on the top edge for runs that diverged."""
    finished = sorted((run.lr, final) for run, final in zip(results.runs, finals)
                      if not run.diverged and math.isfinite(final))
    if finished:
        xs, ys = zip(*finished)
        ax.plot(xs, ys, color="0.6", lw=1.2, zorder=1)
        ax.scatter(xs, ys, color=[colour_of(lr) for lr in xs], s=70, edgecolors="black",
                   zorder=2, label="final loss")
        best_lr, best_loss = min(finished, key=lambda pair: pair[1])
        ax.scatter([best_lr], [best_loss], s=260, facecolors="none", edgecolors=_style.COLORS[1],
                   linewidths=2.2, zorder=3, label=f"best: lr = {best_lr:.3g}")
    blown = [run.lr for run, final in zip(results.runs, finals)
             if run.diverged or not math.isfinite(final)]
    if blown:
        ax.scatter(blown, [0.95] * len(blown), transform=ax.get_xaxis_transform(),
                   marker=DIVERGED_MARKER, s=140, color=_style.COLORS[1], edgecolors="black",
                   zorder=3, clip_on=False, label="diverged")
    ax.set_xscale("log")
    rates = [run.lr for run in results.runs]  # the ✕s on the edge do not widen the axis
    ax.set_xlim(min(rates) / 2, max(rates) * 2)
    if log_scale and finished:
        ax.set_yscale("log", nonpositive="mask")
    if blown and finished:  # leave room at the top for the ✕s
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, top * 3 if log_scale else top + 0.2 * (top - bottom))
    readable_log_axis(ax.xaxis)
    if ax.get_yscale() == "log":
        readable_log_axis(ax.yaxis)
    _style.label(ax, "Final loss by learning rate", "learning rate (log scale)",
                 "final training loss" + (" (log scale)" if log_scale else ""))
    _style.legend(ax)


def _loss_curves(ax: Axes, results: SweepResult, colour_of: RateColour, log_scale: bool) -> None:
    """Right panel: every run's loss per epoch in the colour of its rate."""
    traces = []
    for run in results.runs:
        colour = colour_of(run.lr)
        loss = loss_values(run.history.history.get("loss", []), log_scale)
        epochs = list(range(1, len(loss) + 1))
        ax.plot(epochs, loss, color=colour, lw=2, marker="o" if len(loss) <= 30 else None, ms=3)
        traces.append((run, epochs, loss, colour))
    limits = readable_limits([loss for _, _, loss, _ in traces], log=log_scale)
    if limits is not None:
        ax.set_ylim(*limits)
    for run, epochs, loss, colour in traces:
        if limits is not None:
            mark_exit(ax, epochs, loss, limits[1], colour)
        if run.diverged:
            mark_divergence(ax, *last_point(epochs, loss), colour,
                            None if limits is None else limits[1], text=False)
    # legend entries saying what the marks mean (in grey: each mark has its rate's colour)
    if any(run.diverged for run in results.runs):
        ax.plot([], [], marker=DIVERGED_MARKER, ms=12, color="0.5", mec="black", ls="none",
                label="diverged")
    if limits is not None:
        ax.plot([], [], marker="^", ms=10, color="0.5", mec="black", ls="none",
                label="left the chart here")
    if log_scale:
        ax.set_yscale("log", nonpositive="mask")
        readable_log_axis(ax.yaxis)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _style.label(ax, "Loss curves, coloured by learning rate", "epoch",
                 "training loss" + (" (log scale)" if log_scale else ""))
    _style.legend(ax)


def lr_find(result: LRFindResult, *, ax: Axes | None = None, title: str | None = None) -> Figure:
    """The learning-rate range test: loss as the rate grows, and the rate it suggests.

    Args:
        result: what :func:`nn.sweep.lr_find` returned.
        ax: draw into this axes instead of a new figure.
        title: the title (a sensible one by default).

    The smoothed loss is the bold line, each batch's measured loss the faint one; a
    dashed vertical line marks the suggested rate. Past the best rate the loss usually
    explodes: the loss axis is capped a little above where the curve started.

    Returns:
        The figure drawn into.
    """
    if not isinstance(result, LRFindResult):
        raise TypeError(f"expected the LRFindResult of nn.lr_find, got {type(result).__name__}")
    lengths = {len(result.lrs), len(result.losses), len(result.raw_losses)}
    if len(lengths) != 1:
        raise ValueError(
            f"lrs, losses and raw_losses must have one entry per batch, got lengths "
            f"{len(result.lrs)}, {len(result.losses)} and {len(result.raw_losses)}"
        )
    lrs = [check_rate(lr, f"lrs[{i}]") for i, lr in enumerate(result.lrs)]
    figure, ax = _style.new_axes(ax)
    smooth, raw = finite(result.losses), finite(result.raw_losses)
    ax.plot(lrs, raw, color=_style.COLORS[0], lw=1, alpha=0.3, label="loss of each batch")
    ax.plot(lrs, smooth, color=_style.COLORS[0], lw=2.5, label="smoothed loss")
    # Cap the axis just above the loss before its lowest point, so the explosion at the
    # end does not flatten the interesting part of the curve.
    measured = [i for i, v in enumerate(smooth) if math.isfinite(v)]
    if measured:
        i_min = min(measured, key=smooth.__getitem__)
        top = max(smooth[i] for i in measured if i <= i_min)
        every = [v for v in smooth + raw if math.isfinite(v)]
        low = min(every)
        if max(every) > top + 0.5 * (top - low):
            ax.set_ylim(low - 0.05 * (top - low), top + 0.15 * (top - low))
    ax.set_xscale("log")
    readable_log_axis(ax.xaxis)
    suggested = result.suggested_lr
    if isinstance(suggested, numbers.Real) and math.isfinite(suggested) and suggested > 0:
        ax.axvline(suggested, color=_style.COLORS[1], ls="--", lw=2,
                   label=f"suggested lr ≈ {suggested:.2g}")
        nearest = min(range(len(lrs)), key=lambda i: abs(math.log(lrs[i] / suggested)),
                      default=None)
        if nearest is not None and math.isfinite(smooth[nearest]):
            ax.plot([suggested], [smooth[nearest]], "o", color=_style.COLORS[1], ms=9, mec="black")
            # the label goes on whichever side of the line has more room
            low, high = ax.get_xlim()
            right_half = math.log(suggested / low) > 0.6 * math.log(high / low)
            ax.annotate(f"lr ≈ {suggested:.2g}", (suggested, smooth[nearest]),
                        xytext=(-12 if right_half else 12, 12), textcoords="offset points",
                        ha="right" if right_half else "left", fontsize=_style.LABEL_SIZE,
                        color=_style.COLORS[1],
                        bbox={"boxstyle": "round", "fc": "white", "ec": "none", "alpha": 0.85})
    elif not lrs:
        ax.text(0.5, 0.5, "no loss was recorded", transform=ax.transAxes, ha="center",
                va="center", fontsize=_style.LABEL_SIZE)
    _style.label(ax, title or "Learning-rate finder", "learning rate (log scale)", "loss")
    _style.legend(ax)
    return figure
