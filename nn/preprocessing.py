"""Preparing a dataset for training: scaling inputs and targets, holding out a test set.

Plain Python lists in and out, as in :mod:`nn.datasets` (where these are importable too).
:func:`standardize` and :func:`scale_targets` follow scikit-learn's ``StandardScaler``,
:func:`train_test_split` its function of the same name.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from random import Random

from nn.checks import number

Points = list[list[float]]
Rows = Sequence[Sequence[float]]


def standardize(
    X: Rows, means: Sequence[float] | None = None, stds: Sequence[float] | None = None
) -> tuple[Points, list[float], list[float]]:
    """Scale each column to mean 0 and standard deviation 1: ``(x - mean) / std``.

    Compute ``means`` and ``stds`` on the training set, then pass them back to scale the test
    set the same way. A constant column gets std 1 (as scikit-learn's ``StandardScaler``).

    Args:
        X: the points, all of one length, at least one.
        means: the column means to use; computed from ``X`` when None.
        stds: the column standard deviations to use (population, ddof=0); computed when None.

    Returns:
        ``(X_scaled, means, stds)``.
    """
    if not X or any(len(row) != len(X[0]) for row in X):
        raise ValueError(f"X must be a non-empty list of equal-length rows, got {X!r:.80}")
    width = len(X[0])
    columns = list(zip(*X, strict=True))
    means = [sum(col) / len(col) for col in columns] if means is None else list(means)
    if stds is None:
        spreads = [
            sum((v - m) ** 2 for v in c) / len(c) for c, m in zip(columns, means, strict=False)
        ]
        stds = [math.sqrt(v) if v > 0 else 1.0 for v in spreads]
    if len(means) != width or len(stds) != width or not all(s > 0 for s in stds):
        raise ValueError(f"need {width} means and {width} stds > 0, got {means} and {stds}")
    scaled = [[(v - m) / s for v, m, s in zip(row, means, stds, strict=True)] for row in X]
    return scaled, list(means), list(stds)


def scale_targets(
    y: Sequence[float], mean: float | None = None, std: float | None = None
) -> tuple[list[float], float, float]:
    """Standardize targets as :func:`standardize` does a column: ``(y_scaled, mean, std)``."""
    means, stds = (None if mean is None else [mean]), (None if std is None else [std])
    scaled, means, stds = standardize([[v] for v in y], means, stds)
    return [row[0] for row in scaled], means[0], stds[0]


def unscale_targets(y_scaled: Sequence[float], mean: float, std: float) -> list[float]:
    """Undo :func:`scale_targets`: ``y_scaled * std + mean`` (e.g. back into dollars)."""
    return [v * std + mean for v in y_scaled]


def train_test_split(
    X: Rows, y: Sequence, test_size: float = 0.25, seed: int | None = None, shuffle: bool = True
) -> tuple[Points, Points, list, list]:
    """Hold out part of a dataset for testing, like scikit-learn's ``train_test_split``.

    The test set takes ``ceil(test_size * n)`` samples, the training set the rest; without
    shuffling the test set is the last samples, in order.

    Args:
        X: the points.
        y: their labels or targets, as many as ``X``.
        test_size: the fraction to hold out, strictly between 0 and 1.
        seed: seeds the shuffle.
        shuffle: shuffle before splitting (do, unless order matters, as in time series).

    Returns:
        ``(X_train, X_test, y_train, y_test)``, new lists with the rows copied.
    """
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples but y has {len(y)}: they must match")
    if not 0 < number(test_size, "test_size") < 1:
        raise ValueError(f"test_size must be a fraction between 0 and 1, got {test_size!r}")
    n_test = math.ceil(test_size * len(X))
    if n_test >= len(X):
        raise ValueError(f"{len(X)} samples with test_size={test_size} leave no training set")
    order = list(range(len(X)))
    if shuffle:
        Random(seed).shuffle(order)
        test, train = order[:n_test], order[n_test:]
    else:
        train, test = order[: len(X) - n_test], order[len(X) - n_test :]
    X_train, X_test = [list(X[i]) for i in train], [list(X[i]) for i in test]
    return X_train, X_test, [y[i] for i in train], [y[i] for i in test]
