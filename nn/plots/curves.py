"""Loss during training, as ``fit`` recorded it: one run or several on one axes, drawn so
that a run that blew up is easy to spot."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nn.history import History
from nn.plots import _style
from nn.plots._losses import (
    last_point,
    loss_values,
    mark_divergence,
    mark_exit,
    readable_limits,
)


def loss_curve(
    history: History | Mapping[str, History],
    *,
    per_batch: bool = False,
    log_scale: bool = False,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Training loss per epoch (validation loss dashed), for one run or several.

    Args:
        history: a :class:`~nn.history.History`, or ``{name: History}`` to compare runs
            on one axes (each run gets its own colour and a legend entry; solid lines are
            training loss, dashed ones validation loss).
        per_batch: also draw the loss of every update as a thin faint line. The x axis
            stays in epochs: update ``i`` of an epoch of ``n`` updates sits at ``i/n``.
        log_scale: a logarithmic loss axis; losses ``<= 0`` are left out rather than
            breaking it.
        ax: draw into this axes instead of a new figure.
        title: the title (a sensible one by default).

    A run that diverged gets a ✕ at its last finite loss and "(diverged)" in the legend.
    ``nan`` and ``inf`` losses are gaps, never errors. When a run explodes to losses far
    above where the runs started, the loss axis is fitted to the other losses so that they
    stay readable: the exploding curve leaves through the top edge, marked with a ▲ there
    and "(off the chart)" in the legend (a ✕ at its last finite loss sits on the edge too).

    Returns:
        The figure drawn into.

    Example::

        slow = fit(model_a, X, y, loss="mse", optimizer=SGD(model_a.parameters(), lr=0.1))
        fast = fit(model_b, X, y, loss="mse", optimizer=SGD(model_b.parameters(), lr=10))
        fig = loss_curve({"lr=0.1": slow, "lr=10": fast}, log_scale=True)
        fig.savefig("losses.png")  # in a notebook, the figure shows itself
    """
    runs = _named_runs(history)
    figure, ax = _style.new_axes(ax)
    drawn: list[list[float]] = []
    traces = []  # per run: its main line, then (xs, ys) of its curves, finest first
    for i, (name, run) in enumerate(runs.items()):
        colour = _style.color(i)
        loss = loss_values(run.history.get("loss", []), log_scale)
        epochs = list(range(1, len(loss) + 1))
        (line,) = ax.plot(epochs, loss, color=colour, lw=2.2, label=name or "training loss",
                          marker="o" if len(loss) <= 30 else None, ms=4)
        curves: list[tuple[Sequence[float], list[float]]] = [(epochs, loss)]
        if "val_loss" in run.history:
            val = loss_values(run.history["val_loss"], log_scale)
            ax.plot(range(1, len(val) + 1), val, color=colour, lw=2.2, ls="--",
                    label=None if name else "validation loss",
                    marker="o" if len(val) <= 30 else None, ms=4, mfc="white")
            drawn.append(val)
        if per_batch and run.batch_losses:
            batch = loss_values(run.batch_losses, log_scale)
            steps = _updates_per_epoch(run)
            xs = [(j + 1) / steps for j in range(len(batch))]
            ax.plot(xs, batch, color=colour, lw=0.8, alpha=0.45,
                    label=None if len(runs) > 1 else "loss of each update")
            curves.insert(0, (xs, batch))  # the finer record says better where it stopped
        drawn.extend(ys for _, ys in curves)
        traces.append((run, line, curves, colour))
    limits = readable_limits(drawn, log=log_scale)
    if limits is not None:
        ax.set_ylim(*limits)
    for run, line, curves, colour in traces:
        notes = []
        # any() stops at the first curve that leaves the chart: one ▲ per run
        if limits is not None and any(mark_exit(ax, xs, ys, limits[1], colour)
                                      for xs, ys in curves):
            notes.append("off the chart")
        if run.diverged:
            mark_divergence(ax, *last_point(*curves[0]), colour,
                            None if limits is None else limits[1])
            notes.append("diverged")
        if notes:
            line.set_label(f"{line.get_label()} ({', '.join(notes)})")
    if "" not in runs and any("val_loss" in run.history for run in runs.values()):
        # one legend entry per run (its colour), and one per line style
        ax.plot([], [], color="0.4", lw=2.2, label="training loss")
        ax.plot([], [], color="0.4", lw=2.2, ls="--", label="validation loss")
    if not any(math.isfinite(v) for curve in drawn for v in curve):
        ax.text(0.5, 0.5, "no finite loss recorded", transform=ax.transAxes,
                ha="center", va="center", fontsize=_style.LABEL_SIZE)
    if log_scale:
        ax.set_yscale("log", nonpositive="mask")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    xlabel = "epoch (faint line: loss of each update)" if per_batch else "epoch"
    ylabel = "loss (log scale)" if log_scale else "loss"
    _style.label(ax, title or "Loss during training", xlabel, ylabel)
    _style.legend(ax)
    return figure


# ---------------------------------------------------------------- helpers


def _named_runs(history: object) -> dict[str, History]:
    """``{name: History}`` from one History (named ``""``) or a mapping of them."""
    if isinstance(history, History):
        return {"": history}
    if isinstance(history, Mapping):
        if not history:
            raise ValueError("no runs to plot: the dict of histories is empty")
        for name, run in history.items():
            if not isinstance(run, History):
                raise TypeError(
                    f"run {name!r} must be a History (what nn.fit returns), "
                    f"got {type(run).__name__}"
                )
        return {str(name): run for name, run in history.items()}
    raise TypeError(
        f"expected a History or a dict of name -> History, got {type(history).__name__}"
    )


def _updates_per_epoch(run: History) -> float:
    """How many updates one epoch made, to place each update's loss on the epoch axis."""
    recorded = run.params.get("steps")
    if isinstance(recorded, numbers.Integral) and int(recorded) > 0:
        return float(recorded)
    epochs = len(run.history.get("loss", [])) or 1
    return max(1.0, len(run.batch_losses) / epochs)
