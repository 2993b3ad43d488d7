"""Training runs for the commands: a model for a task, one run or a sweep, and their pictures."""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from nn.cli.common import Task, number, table
from nn.cli.verdicts import too_few_updates, updates_made, verdict
from nn.history import History, SweepResult
from nn.module import MLP
from nn.optim import make_optimizer
from nn.serialize import parameter_count
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


#: The largest model the commands build. A scalar engine spends about a microsecond per
#: parameter and example on a forward and backward pass: 20,000 parameters trained on the
#: default 200 points for 30 epochs take about a minute, the most a class should wait.
MAX_PARAMETERS = 20_000

def check_model_size(task: Task, hidden: Sequence[int]) -> None:
    """Refuse, before building, an MLP for ``task`` too large to train in class time.

    Raises:
        ValueError: more than :data:`MAX_PARAMETERS` parameters, with a practical size.
    """
    outputs = 1 if task.binary else task.n_classes
    count = parameter_count(len(task.X[0]), [*hidden, outputs])
    if count > MAX_PARAMETERS:
        sizes = ",".join(map(str, hidden))
        raise ValueError(
            f"--hidden {sizes:.60} makes a model of {count:,} parameters; a scalar engine "
            f"trains at most about {MAX_PARAMETERS:,} in class time (for two classes 16,16 "
            "has 337 and 64,64 has 4,417): use smaller layers"
        )


def make_model(task: Task, hidden: Sequence[int], activation: str, seed: int) -> MLP:
    """An MLP from the task's inputs (2, or 64 pixels for digits) through ``hidden`` to one
    logit (binary) or one per class.

    Raises:
        ValueError: the model would be too large (see :func:`check_model_size`).
    """
    check_model_size(task, hidden)
    outputs = 1 if task.binary else task.n_classes
    return MLP(len(task.X[0]), [*hidden, outputs], activation=activation, seed=seed)


@dataclass
class Scores:
    """A model's loss and accuracy on one set of examples (the training or the test set)."""

    loss: float
    accuracy: float
    examples: int


def scores(model: MLP, task: Task, loss: str) -> Scores:
    """``model``'s ``loss`` and accuracy on every example of ``task``, replayed on the tape."""
    found = evaluate(model, task.X, targets_for(task, loss), loss=loss, metrics=["accuracy"],
                     compile=True)
    return Scores(found["loss"], found["accuracy"], len(task.X))


#: The width of the labels in a run's summary (``training accuracy`` and a space).
LABEL_WIDTH = 19


@dataclass
class RunResult:
    """One training run, ready to print and plot. The training losses are measured on the
    whole training set, before the first update and after the last; ``test`` is measured
    after the last, on the examples held out (None when none were)."""

    model: MLP
    history: History
    loss: str
    initial_loss: float
    trained: Scores
    test: Scores | None
    seconds: float

    @property
    def final_loss(self) -> float:
        """The loss on the training set after the last update."""
        return self.trained.loss

    @property
    def updates(self) -> int:
        """How many updates training made."""
        return updates_made(self.history)

    @property
    def failed(self) -> bool:
        """Diverged, or ended with a higher training loss than it started with."""
        return self.history.diverged or not self.final_loss <= self.initial_loss

    def summary(self) -> str:
        """Epochs, training loss and accuracy, test loss and accuracy, time and, if it went
        wrong, what happened; advice on the learning rate only where the numbers support it."""
        rows = [
            ("epochs run", f"{len(self.history.epoch)}"),
            ("training loss", f"{number(self.initial_loss)} before training, "
             f"{number(self.final_loss)} after {self.updates} "
             f"update{'' if self.updates == 1 else 's'} ({self.loss})"),
            ("training accuracy", f"{self.trained.accuracy:.1%} of the "
             f"{self.trained.examples} examples trained on"),
        ]
        if self.test is None:
            rows.append(("test", "none: nothing was held out (--test-fraction 0)"))
        else:
            held_out = f"the {self.test.examples} held-out examples"
            rows += [("test loss", f"{number(self.test.loss)} on {held_out}"),
                     ("test accuracy", f"{self.test.accuracy:.1%} of {held_out}")]
        rows.append(("time", f"{self.seconds:.1f} s"))
        too_few = too_few_updates(self.updates)
        if self.history.diverged:
            rows.append(("diverged", f"{self.history.stop_reason}"))
        elif too_few:
            rows.append(("note", too_few))
        elif self.failed:
            rows.append(("too high?", "the training loss went up instead of down: the "
                         "learning rate is probably too high; try one ten times smaller"))
        return "\n".join(f"{label:<{LABEL_WIDTH}}{text}" for label, text in rows)


def train_run(
    task: Task,
    model: MLP,
    *,
    test: Task | None = None,
    loss: str,
    optimizer: str,
    lr: float,
    epochs: int,
    batch_size: int | None,
    seed: int,
    progress: bool | None = None,
) -> RunResult:
    """Train ``model`` on ``task`` with ``fit``, then score it on ``task`` and on ``test``
    (examples it never saw); a divergence ends the run with its message in
    ``history.stop_reason`` (the warning is not printed twice)."""
    targets = targets_for(task, loss)
    initial = evaluate(model, task.X, targets, loss=loss, compile=True)["loss"]
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        history = fit(model, task.X, targets, loss=loss,
                      optimizer=make_optimizer(optimizer, model.parameters(), lr),
                      epochs=epochs, batch_size=batch_size, seed=seed, progress=progress,
                      compile=True)  # replayed on the tape (nn.compiled): the same run, faster
    seconds = time.perf_counter() - start
    return RunResult(model, history, loss, initial, scores(model, task, loss),  # after the last
                     None if test is None else scores(model, test, loss), seconds)


@dataclass
class Sweep:
    """A learning-rate sweep, the loss all its runs started from and the loss each ended
    with (both measured on the whole training set), and each run's accuracy on the test
    set (None when nothing was held out)."""

    result: SweepResult
    initial_loss: float
    final_losses: list[float]
    test_accuracies: list[float] | None = None


def sweep_runs(
    task: Task,
    lrs: Sequence[float],
    *,
    test: Task | None = None,
    hidden: Sequence[int],
    activation: str,
    loss: str,
    optimizer: str,
    epochs: int,
    batch_size: int | None,
    seed: int,
) -> Sweep:
    """One fresh model per learning rate, same seed and data: only the rate differs. Each
    is trained on ``task`` and scored on ``test`` too, when given."""

    models: list[MLP] = []  # the reference model, then one per rate, in order

    def new_model() -> MLP:
        models.append(make_model(task, hidden, activation, seed))
        return models[-1]

    targets = targets_for(task, loss)
    initial = evaluate(make_model(task, hidden, activation, seed), task.X, targets,
                       loss=loss, compile=True)["loss"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        result = lr_sweep(new_model, task.X, targets, list(lrs), loss=loss, optimizer=optimizer,
                          epochs=epochs, batch_size=batch_size, seed=seed, progress=False,
                          compile=True)
    finals = [evaluate(model, task.X, targets, loss=loss, compile=True)["loss"]
              for model in models[1:]]
    tested = None if test is None else [scores(model, test, loss).accuracy
                                        for model in models[1:]]
    return Sweep(result, initial, finals, tested)


def sweep_table(sweep: Sweep) -> str:
    """One row per rate: its final training loss, its test accuracy (when there is a test
    set) and :func:`verdict` (which reads the training losses only)."""
    runs = list(zip(sweep.result.runs, sweep.final_losses))
    finished = [(final, run.lr) for run, final in runs
                if not run.diverged and math.isfinite(final)]
    best = min(finished)[1] if finished else None
    rows = [[f"{run.lr:g}", number(final), verdict(run, sweep.initial_loss, final, best)]
            for run, final in runs]
    if sweep.test_accuracies is None:
        return table(["lr", "training loss", "verdict"], rows)
    for row, accuracy in zip(rows, sweep.test_accuracies):
        row.insert(2, f"{accuracy:.1%}")
    return table(["lr", "training loss", "test accuracy", "verdict"], rows)
