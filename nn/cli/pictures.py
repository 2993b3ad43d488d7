"""The pictures of a training run or a sweep, written as PNG files whole or not at all."""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.figure import Figure

from nn.cli.common import Task
from nn.cli.runs import RunResult, Sweep
from nn.files import write_atomically
from nn.labels import to_labels
from nn.plots import decision_boundary, digits, loss_curve
from nn.plots import lr_sweep as plot_lr_sweep
from nn.training import predict


def save_figure(figure: Figure, path: Path) -> Path:
    """Write a matplotlib figure as PNG, whole or not at all."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    write_atomically(path, buffer.getvalue())
    return path


def write_plots(
    out: Path, task: Task, run: RunResult, *, test: Task | None = None, title: str,
    resolution: int = 50,
) -> list[Path]:
    """The loss curve and the decision boundary (on a ``resolution`` x ``resolution``
    grid, with the training points) of one run, as PNGs in ``out``; for images (digits),
    instead of the boundary, ``predictions.png``: 50 of the ``test`` images (the training
    images when there is no test set) with the model's guesses, its mistakes first.

    The curve starts at epoch 0 with the loss before training, the number the summary
    prints; a run that diverged also shows the loss of each update, so that its ✕ marks
    the last update that still had a finite loss.
    """
    curve = loss_curve(run.history, initial_loss=run.initial_loss,
                       per_batch=run.history.diverged, title=f"Loss: {title}")
    written = [save_figure(curve, out / "loss_curve.png")]
    if len(task.X[0]) != 2:
        shown, which = (task, "training") if test is None else (test, "test")
        grid = mistakes_first(shown, run, f"{which} images", title)
        return [*written, save_figure(grid, out / "predictions.png")]
    # The loss says where one output splits the classes (the rule fit's accuracy uses).
    boundary = decision_boundary(run.model, task.X, task.y, resolution=resolution,
                                 loss=run.loss, title=f"Decision boundary: {title}")
    written.append(save_figure(boundary, out / "decision_boundary.png"))
    return written


def mistakes_first(task: Task, run: RunResult, what: str, title: str, count: int = 50
                   ) -> Figure:
    """A grid of ``count`` of ``task``'s images (``what`` names them in the title, such as
    ``"test images"``) with the model's guesses: the wrong ones, then right ones."""
    _, guesses = to_labels(predict(run.model, task.X, compile=True), task.y,
                           threshold=0.5)  # argmax
    wrong = [i for i, (g, t) in enumerate(zip(guesses, task.y)) if g != t]
    shown = (wrong + [i for i in range(len(task.y)) if guesses[i] == task.y[i]])[:count]
    return digits([task.X[i] for i in shown], [task.y[i] for i in shown],
                  [guesses[i] for i in shown],
                  title=f"{len(wrong)} of {len(task.y)} {what} wrong, shown first in red "
                  f"({title})")


def write_sweep_plot(out: Path, sweep: Sweep, title: str) -> Path:
    """The learning-rate sweep's two panels as ``lr_sweep.png`` in ``out``."""
    # The left panel shows the loss the table prints (measured after each run), so the
    # picture and the console name the same best rate.
    figure = plot_lr_sweep(sweep.result, title=title, final_losses=sweep.final_losses)
    return save_figure(figure, out / "lr_sweep.png")
