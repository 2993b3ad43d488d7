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
    whole_log_limits,
)

#: A loss axis turns logarithmic by itself when the losses drawn span more than this factor
#: (four orders of magnitude): on a linear axis the largest would flatten the rest to "0".
AUTO_LOG_SPAN = 1e4


def loss_curve(
    history: History | Mapping[str, History],
    *,
    per_batch: bool = False,
    log_scale: bool | None = None,
    initial_loss: float | Mapping[str, float] | None = None,
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
        log_scale: a logarithmic loss axis (``True``) or a linear one (``False``); ``None``
            chooses: logarithmic when the positive losses drawn span more than
            :data:`AUTO_LOG_SPAN` (a run that blew up to 1e16 and a loss of 0.7 on one
            linear axis would read as "the loss fell to zero"). On a log axis, losses
            ``<= 0`` are left out rather than breaking it.
        initial_loss: the loss before training, drawn at epoch 0 so that the curve starts
            where training started (the first epoch's loss is already measured while the
            weights move). A number for one run, or ``{name: loss}`` for several.
        ax: draw into this axes instead of a new figure.
        title: the title (a sensible one by default).

    A run that diverged gets a ✕ at its last finite loss, the word "diverged" next to it
    and "(diverged)" in the legend. ``nan`` and ``inf`` losses are gaps, never errors.
    When one of several runs explodes to losses far above where the runs started, the loss
    axis is fitted to the other losses so that they stay readable: the exploding curve
    leaves through the top edge, marked with a ▲ there and "(off the chart)" in the legend
    (a ✕ at its last finite loss sits on the edge too). A single run on a log axis is
    drawn whole, however high it climbed.

    Returns:
        The figure drawn into.

    Example::

        slow = fit(model_a, X, y, loss="mse", optimizer=SGD(model_a.parameters(), lr=0.1))
        fast = fit(model_b, X, y, loss="mse", optimizer=SGD(model_b.parameters(), lr=10))
        fig = loss_curve({"lr=0.1": slow, "lr=10": fast}, log_scale=True)
        fig.savefig("losses.png")  # in a notebook, the figure shows itself
    """
    runs = _named_runs(history)
    starts = _initial_losses(initial_loss, runs)
    if log_scale is None:
        log_scale = _spans_orders_of_magnitude(runs, starts, per_batch)
    figure, ax = _style.new_axes(ax)
    drawn: list[list[float]] = []
    traces = []  # per run: its main line, then (xs, ys) of its curves, finest first
    for i, (name, run) in enumerate(runs.items()):
        colour = _style.color(i)
        start = starts[name]
        first = 1 if start is None else 0
        before = [] if start is None else [start]
        loss = loss_values([*before, *run.history.get("loss", [])], log_scale)
        epochs = list(range(first, first + len(loss)))
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
    # A single run on a log axis is drawn whole: there are no other curves to keep readable.
    if log_scale and len(runs) == 1:
        limits = whole_log_limits(drawn)
    else:
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


def _initial_losses(
    initial_loss: float | Mapping[str, float] | None, runs: Mapping[str, History]
) -> dict[str, float | None]:
    """The loss before training of each run (``None``: not given, the curve starts at 1)."""
    if initial_loss is None:
        return {name: None for name in runs}
    if isinstance(initial_loss, Mapping):
        unknown = sorted(set(map(str, initial_loss)) - set(runs))
        if unknown:
            raise ValueError(
                f"initial_loss names runs that are not plotted: {unknown}; "
                f"the runs are {sorted(runs)}"
            )
        return {name: _loss_number(initial_loss.get(name)) for name in runs}
    if len(runs) > 1:
        raise ValueError("initial_loss for several runs must be a dict {name: loss}")
    return {name: _loss_number(initial_loss) for name in runs}


def _loss_number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"initial_loss must be a number, got {type(value).__name__}: {value!r}")
    return float(value)


def _spans_orders_of_magnitude(
    runs: Mapping[str, History], starts: Mapping[str, float | None], per_batch: bool
) -> bool:
    """True when the positive finite losses to be drawn span more than AUTO_LOG_SPAN."""
    values = [v for v in starts.values() if v is not None]
    for run in runs.values():
        values += run.history.get("loss", []) + run.history.get("val_loss", [])
        if per_batch:
            values += run.batch_losses
    positive = [v for v in _style.finite(values) if v > 0]
    return bool(positive) and max(positive) > AUTO_LOG_SPAN * min(positive)


def _updates_per_epoch(run: History) -> float:
    """How many updates one epoch made, to place each update's loss on the epoch axis."""
    recorded = run.params.get("steps")
    if isinstance(recorded, numbers.Integral) and int(recorded) > 0:
        return float(recorded)
    epochs = len(run.history.get("loss", [])) or 1
    return max(1.0, len(run.batch_losses) / epochs)
