"""What the commands share: one-line errors, number parsing, datasets and output files."""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nn import datasets
from nn.plots._losses import LARGEST_DRAWABLE_RATE

PROG = "gradschool"

#: The datasets ``train`` and ``lr-sweep`` know, with how many classes each has.
DATASETS: dict[str, int] = {
    "moons": 2, "circles": 2, "xor": 2, "blobs": 3, "spiral": 3, "digits": 10,
}


class UsageError(Exception):
    """A bad flag, value or expression: printed as one line, exit code 2."""


@contextmanager
def user_values() -> Iterator[None]:
    """Inside this block, a ValueError or TypeError is the user's doing: it becomes a
    :class:`UsageError` (one line, exit code 2), its message naming the bad value.

    Wrap only the steps that check or use the user's values (the dataset, the loss, the
    model from the flags): elsewhere such an error is a bug, reported as unexpected.
    """
    try:
        yield
    except (ValueError, TypeError) as error:
        raise UsageError(str(error)) from error


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a bad flag raises :class:`UsageError` (one line) instead of printing
    the usage and exiting, so that ``main`` returns the exit code instead of raising."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


@dataclass
class Task:
    """A classification problem ready to train on: points, labels, and how many classes."""

    name: str
    X: list[list[float]]
    y: list[int]
    n_classes: int

    @property
    def binary(self) -> bool:
        """Two classes: one output (a logit) and a logits loss; else one output per class."""
        return self.n_classes == 2


def load_task(name: str, n_samples: int = 200, seed: int = 0) -> Task:
    """One of :data:`DATASETS`, with noise levels that make a fair classroom exercise.

    Blobs are drawn in [-10, 10]; they are standardized (mean 0, std 1 per column) so that
    the same learning rates suit every dataset. Digits are ``n_samples`` of the 1,797
    handwritten 8x8 digits (:func:`nn.datasets.load_digits`), picked at random by ``seed``.

    Raises:
        ValueError: for an unknown name (listing the choices) or a bad ``n_samples``.
    """
    if name == "moons":
        X, y = datasets.make_moons(n_samples, noise=0.1, seed=seed)
    elif name == "circles":
        X, y = datasets.make_circles(n_samples, noise=0.05, factor=0.5, seed=seed)
    elif name == "xor":
        X, y = datasets.make_xor(n_samples, noise=0.05, seed=seed)
    elif name == "blobs":
        X, y = datasets.make_blobs(n_samples, centers=3, cluster_std=1.5, seed=seed)
        X, _, _ = datasets.standardize(X)
    elif name == "spiral":
        X, y = datasets.make_spiral(n_samples, n_classes=3, noise=0.02, seed=seed)
    elif name == "digits":
        X, y = _some_digits(n_samples, seed)
    else:
        raise ValueError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}")
    return Task(name, [list(map(float, row)) for row in X], list(y), DATASETS[name])


def split_task(task: Task, test_fraction: float, seed: int) -> tuple[Task, Task | None]:
    """Hold out ``test_fraction`` of ``task`` for testing (:func:`nn.datasets.train_test_split`,
    shuffled by ``seed``): ``(training task, test task)``, or ``(task, None)`` for 0.

    Raises:
        ValueError: the fraction is outside [0, 1), or it leaves fewer training examples
            than the task has classes (at least one class would never be seen).
    """
    if not 0 <= test_fraction < 1:
        raise ValueError(f"--test-fraction must be at least 0 and below 1, got {test_fraction:g}")
    if test_fraction == 0:
        return task, None
    n_train = len(task.X) - math.ceil(test_fraction * len(task.X))  # as train_test_split does
    if n_train < task.n_classes:
        raise ValueError(
            f"--test-fraction {test_fraction:g} of {len(task.X)} samples leaves {n_train} for "
            f"training, fewer than the {task.n_classes} classes of {task.name}: use a smaller "
            "--test-fraction (0 holds nothing out) or more --samples"
        )
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        task.X, task.y, test_size=test_fraction, seed=seed)
    return (Task(task.name, X_train, y_train, task.n_classes),
            Task(task.name, X_test, y_test, task.n_classes))


def _some_digits(n_samples: int, seed: int) -> tuple[list[list[float]], list[int]]:
    X, y = datasets.load_digits()
    if n_samples > len(X):
        raise ValueError(f"digits has {len(X)} images: --samples must be at most {len(X)}, "
                         f"got {n_samples}")
    picked = random.Random(seed).sample(range(len(X)), n_samples)
    return [X[i] for i in picked], [y[i] for i in picked]


# ---------------------------------------------------------------- argument types


def positive_float(text: str) -> float:
    """argparse type: a finite number > 0, such as a learning rate."""
    value = _float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


def fraction(text: str) -> float:
    """argparse type: a share such as ``0.25``, at least 0 and below 1."""
    value = _float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"expected a fraction at least 0 and below 1, "
                                         f"got {text!r}")
    return value


def positive_int(text: str) -> int:
    """argparse type: a whole number >= 1, such as an epoch count."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def int_list(text: str) -> list[int]:
    """argparse type: comma-separated layer sizes such as ``16,16``."""
    parts = [part.strip() for part in text.split(",")]
    try:
        sizes = [int(part) for part in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected comma-separated layer sizes such as 16,16, got {text!r}"
        ) from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"every layer size must be >= 1, got {text!r}")
    return sizes


def float_list(text: str) -> list[float]:
    """argparse type: comma-separated learning rates such as ``1e-3,1e-2,0.1``, each one
    small enough for the sweep's log axis (at most ``1e200``)."""
    rates = [positive_float(part.strip()) for part in text.split(",")]
    too_large = [rate for rate in rates if rate > LARGEST_DRAWABLE_RATE]
    if too_large:
        raise argparse.ArgumentTypeError(
            f"learning rates above {LARGEST_DRAWABLE_RATE:g} cannot be drawn on the sweep's "
            f"log axis, got {too_large[0]:g} (any rate above about 10 diverges here anyway)"
        )
    if len(set(rates)) != len(rates):
        raise argparse.ArgumentTypeError(f"a learning rate is repeated in {text!r}")
    return rates


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


# ---------------------------------------------------------------- printing


def number(x: float) -> str:
    """A number in 4 significant digits for summaries (``inf`` and ``nan`` as such)."""
    return f"{x:.4g}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns, a rule under the header: the CLI's small tables."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip()
             for row in [header, ["-" * w for w in widths], *rows]]  # fmt: skip
    return "\n".join(lines)


def output_dir(path: str) -> Path:
    """Create ``path`` (and its parents) for the pictures, or a one-line UsageError."""
    directory = Path(path)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"--out {path!r} is a file, not a directory")
    directory.mkdir(parents=True, exist_ok=True)
    return directory
