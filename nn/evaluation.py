"""``predict`` and ``evaluate``: a model's outputs, and its loss and metrics, on data.

Both run under ``no_grad`` (no graph is recorded) and, with ``compile=True``, replay a
trace of the model instead (see :mod:`nn.compiled`). :func:`nn.training.fit` scores each
epoch's validation data with the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd.mode import no_grad, pause_gc
from autograd.value import Value
from nn import compiled
from nn.checks import check_data, check_finite, check_model, number
from nn.labels import Metric, label_threshold, resolve_metrics, to_labels
from nn.losses import get as get_loss

LossFunction = Callable[[list[Any], list[Any]], Value]


def checked_loss(loss_fn: LossFunction, predictions: list[Any], targets: list[Any]) -> Value:
    """``loss_fn(predictions, targets)``, or a TypeError if it is not a Value."""
    value = loss_fn(predictions, targets)
    if not isinstance(value, Value):
        raise TypeError(
            f"the loss must return a Value (so that backward() can run), "
            f"got {type(value).__name__}: {value!r}"
        )
    return value


def as_floats(output: Any) -> Any:
    """A model output as plain floats: a Value's number, or a list of numbers."""
    if isinstance(output, Value):
        return output.data
    if isinstance(output, (list, tuple)):
        return [v.data if isinstance(v, Value) else float(v) for v in output]
    return float(output)


def predict(model: Callable[[Any], Any], X: Sequence[Any], *, compile: bool = False) -> list[Any]:
    """The model's outputs on every example, as floats (lists of floats for several
    outputs), computed under ``no_grad`` (no graph is recorded); with ``compile=True``,
    the model is traced once and replayed on all of ``X`` (see :mod:`nn.compiled`).

    Raises:
        TypeError: ``model`` is not callable, or ``X`` is not a list.
        ValueError: ``X`` holds a ``nan`` or ``inf`` (its row and column are named).
    """
    check_model(model)
    if isinstance(X, (str, bytes)) or not hasattr(X, "__len__"):
        raise TypeError(f"X must be a list, got {type(X).__name__}: {X!r:.80}")
    check_finite(X, "X")
    if compile:
        return compiled.predict(model, X)
    with no_grad(), pause_gc():
        return [as_floats(model(x)) for x in X]


def evaluate(
    model: Callable[[Any], Any],
    X: Sequence[Any],
    y: Sequence[Any],
    *,
    loss: str | LossFunction,
    metrics: Sequence[str | Metric] = (),
    threshold: float | None = None,
    compile: bool = False,
) -> dict[str, float]:
    """The loss (over all of ``X`` at once) and each metric, under ``no_grad``; with
    ``compile=True`` the model's outputs come from a replay (see :mod:`nn.compiled`).

    Returns:
        ``{"loss": ..., "<metric>": ...}``; outputs become labels as in :func:`fit`.

    Raises:
        TypeError: ``model`` is not callable, or the data are not lists.
        ValueError: the data are empty, of different lengths, or hold a ``nan`` or ``inf``.
    """
    check_model(model)
    check_data(X, y)
    replay = compiled.CompiledModel(model, X) if compile else None
    return scores(model, X, y, get_loss(loss), resolve_metrics(metrics),
                  threshold_for(threshold, loss), replay)


def threshold_for(threshold: float | None, loss: str | LossFunction) -> float:
    """The given label threshold, or the one the loss implies (see nn.labels)."""
    if threshold is None:
        return label_threshold(loss)
    return number(threshold, "threshold")


def scores(model: Callable[[Any], Any], X: Sequence[Any], y: Sequence[Any],
           loss_fn: LossFunction, metrics: dict[str, Metric], threshold: float,
           replay: compiled.CompiledModel | None = None) -> dict[str, float]:
    """The loss and each metric on ``(X, y)``, arguments already checked: :func:`evaluate`
    and each epoch of :func:`nn.training.fit` (on its validation data) call it."""
    with no_grad(), pause_gc():
        if replay is not None:
            predictions = replay.predictions(X=compiled.examples_array(X))
        else:
            predictions = [model(x) for x in X]
        logs = {"loss": checked_loss(loss_fn, predictions, list(y)).data}
    if metrics:
        logs.update(metric_values([as_floats(p) for p in predictions], y, metrics, threshold))
    return logs


def metric_values(outputs: Sequence[Any], targets: Sequence[Any], metrics: dict[str, Metric],
                  threshold: float) -> dict[str, float]:
    """Each metric on the labels ``outputs`` and ``targets`` become (see
    :func:`nn.labels.to_labels`): for :func:`evaluate`, and for each epoch of ``fit``."""
    true_labels, predicted = to_labels(outputs, targets, threshold)
    return {name: metric(true_labels, predicted) for name, metric in metrics.items()}
