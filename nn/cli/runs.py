"""Training runs for the commands: a model for a task, one run or a sweep, and their pictures."""

from __future__ import annotations

import io
import math
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from autograd.pictures.render import write_atomically
from nn.cli.common import Task, number, table
from nn.history import History, SweepResult, SweepRun
from nn.module import MLP
from nn.optim import make_optimizer
from nn.plots import decision_boundary, loss_curve
from nn.plots import lr_sweep as plot_lr_sweep
from nn.sweep import lr_sweep
from nn.training import DivergenceWarning, evaluate, fit

#: The losses each kind of task can train with. The model's last layer is linear: logits
#: BCE reads its one output as a logit and hinge as a margin (class 1 above 0), while mse
#: fits it to the 0/1 labels (class 1 above 0.5); see :func:`nn.labels.label_threshold`.
BINARY_LOSSES = ("binary_cross_entropy_with_logits", "hinge", "mse")
MULTICLASS_LOSSES = ("cross_entropy",)


def loss_for(task: Task, name: str | None) -> str:
    """The loss to train ``task`` with: ``name`` if it suits the task, else a ValueError
    naming the choices; ``None`` picks the usual one (logits BCE or cross-entropy)."""
    choices = BINARY_LOSSES if task.binary else MULTICLASS_LOSSES
    if name is None:
        return choices[0]
    if name not in choices:
        kind = "two classes" if task.binary else f"{task.n_classes} classes"
        raise ValueError(
            f"the loss {name!r} does not suit {task.name!r} ({kind}); "
            f"choose one of: {', '.join(choices)}"
        )
    return name


def targets_for(task: Task, loss: str) -> list[float] | list[int]:
    """The labels as the loss wants them: -1/+1 for hinge, 0/1 floats for other binary
    losses, class indices for cross-entropy."""
    if loss == "hinge":
        return [2.0 * label - 1.0 for label in task.y]
    if task.binary:
        return [float(label) for label in task.y]
    return list(task.y)


def make_model(task: Task, hidden: Sequence[int], activation: str, seed: int) -> MLP:
    """An MLP from 2 inputs through ``hidden`` to one logit (binary) or one per class."""
    outputs = 1 if task.binary else task.n_classes
    return MLP(len(task.X[0]), [*hidden, outputs], activation=activation, seed=seed)


@dataclass
class RunResult:
    """One training run, ready to print and plot."""

    model: MLP
    history: History
    loss: str
    initial_loss: float
    accuracy: float
    seconds: float

    @property
    def failed(self) -> bool:
        """Diverged (a nan/inf loss), or ended with a higher loss than it started with."""
        return self.history.diverged or not self.history.final_loss <= self.initial_loss

    def summary(self) -> str:
        """Epochs, loss, accuracy, time and, if it went wrong, what happened."""
        lines = [
            f"epochs run     {len(self.history.epoch)}",
            f"loss           {number(self.initial_loss)} before training, "
            f"{number(self.history.final_loss)} after ({self.loss})",
            f"accuracy       {self.accuracy:.1%} on the training set",
            f"time           {self.seconds:.1f} s",
        ]
        if self.history.diverged:
            lines.append(f"diverged       {self.history.stop_reason}")
        elif self.failed:
            lines.append("too high?      the loss went up instead of down: the learning rate is "
                         "probably too high; try one ten times smaller")
        return "\n".join(lines)


def train_run(
    task: Task,
    model: MLP,
    *,
    loss: str,
    optimizer: str,
    lr: float,
    epochs: int,
    batch_size: int | None,
    seed: int,
    progress: bool | None = None,
) -> RunResult:
    """Train ``model`` on ``task`` with ``fit``; a divergence ends the run with its message
    in ``history.stop_reason`` (the warning is not printed twice)."""
    targets = targets_for(task, loss)
    initial = evaluate(model, task.X, targets, loss=loss)["loss"]
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        history = fit(model, task.X, targets, loss=loss,
                      optimizer=make_optimizer(optimizer, model.parameters(), lr),
                      epochs=epochs, batch_size=batch_size, seed=seed, progress=progress)
    seconds = time.perf_counter() - start
    scores = evaluate(model, task.X, targets, loss=loss, metrics=["accuracy"])
    return RunResult(model, history, loss, initial, scores["accuracy"], seconds)


@dataclass
class Sweep:
    """A learning-rate sweep and the loss all its runs started from."""

    result: SweepResult
    initial_loss: float


def sweep_runs(
    task: Task,
    lrs: Sequence[float],
    *,
    hidden: Sequence[int],
    activation: str,
    loss: str,
    optimizer: str,
    epochs: int,
    batch_size: int | None,
    seed: int,
) -> Sweep:
    """One fresh model per learning rate, same seed and data: only the rate differs."""

    def new_model() -> MLP:
        return make_model(task, hidden, activation, seed)

    targets = targets_for(task, loss)
    initial = evaluate(new_model(), task.X, targets, loss=loss)["loss"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        result = lr_sweep(new_model, task.X, targets, list(lrs), loss=loss, optimizer=optimizer,
                          epochs=epochs, batch_size=batch_size, seed=seed, progress=False)
    return Sweep(result, initial)


def verdict(run: SweepRun, initial_loss: float, best_lr: float | None) -> str:
    """What a run of a sweep shows, in words: diverged (the library's message), unstable
    (the loss went up), crawled (it barely moved), or the best of the sweep."""
    if run.diverged:
        return f"diverged: {run.history.stop_reason}"
    losses = run.history.history.get("loss", [])
    peak = max(losses, default=math.nan)
    if peak > 2 * initial_loss or run.final_loss > initial_loss:
        return f"too high: unstable, the loss rose to {number(peak)} (it started at " \
               f"{number(initial_loss)})"
    if run.final_loss > 0.9 * initial_loss:
        share = run.final_loss / initial_loss
        return f"too low: crawling, still {share:.0%} of the starting loss"
    return "best" if run.lr == best_lr else ""


def sweep_table(sweep: Sweep) -> str:
    """One row per rate: its final loss and :func:`verdict`."""
    best = _best_lr(sweep.result)
    rows = [[f"{run.lr:g}", number(run.final_loss), verdict(run, sweep.initial_loss, best)]
            for run in sweep.result.runs]
    return table(["lr", "final loss", "verdict"], rows)


def _best_lr(result: SweepResult) -> float | None:
    try:
        return result.best.lr
    except ValueError:  # every run diverged
        return None


# ---------------------------------------------------------------- pictures


def save_figure(figure: Figure, path: Path) -> Path:
    """Write a matplotlib figure as PNG, whole or not at all."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    write_atomically(path, buffer.getvalue())
    return path


def write_plots(
    out: Path, task: Task, run: RunResult, *, title: str, resolution: int = 50
) -> list[Path]:
    """The loss curve and the decision boundary (on a ``resolution`` x ``resolution``
    grid) of one run, as PNGs in ``out``."""
    written = [save_figure(loss_curve(run.history, title=f"Loss: {title}"),
                           out / "loss_curve.png")]
    # The loss says where one output splits the classes (the rule fit's accuracy uses).
    boundary = decision_boundary(run.model, task.X, task.y, resolution=resolution,
                                 loss=run.loss, title=f"Decision boundary: {title}")
    written.append(save_figure(boundary, out / "decision_boundary.png"))
    return written


def write_sweep_plot(out: Path, sweep: Sweep, title: str) -> Path:
    """The learning-rate sweep's two panels as ``lr_sweep.png`` in ``out``."""
    return save_figure(plot_lr_sweep(sweep.result, title=title), out / "lr_sweep.png")

