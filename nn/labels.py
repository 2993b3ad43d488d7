"""From model outputs to class labels, so that ``fit`` can report accuracy and friends.

The metrics of :mod:`nn.metrics` compare integer labels; a model gives numbers. The rule,
in one place (:func:`to_labels`):

* **Several outputs** (a list per example): the predicted label is the index of the
  largest output (argmax). The true label is the target itself when it is a class index,
  or the argmax of a one-hot target list.
* **One output**: label ``1`` when the output is above a threshold, else ``0``. The target
  becomes a label by the same threshold, so 0/1 targets and the -1/+1 targets of the hinge
  loss both map to 0/1. The threshold depends on what the output means:

  - ``0.0`` when the loss reads the output as a logit or a margin: losses whose name
    contains ``"logit"`` or ``"hinge"`` (``binary_cross_entropy_with_logits``, ``hinge``);
  - ``0.5`` otherwise: the output is read as a probability or a 0/1 regression
    (``binary_cross_entropy``, ``mse`` on 0/1 targets, and any other or unnamed loss).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from nn.metrics import accuracy, f1, precision, recall

#: A metric compares true labels with predicted labels.
Metric = Callable[[list[int], list[int]], float]

#: The metric names ``fit`` understands (and Keras's aliases).
METRICS: dict[str, Metric] = {
    "accuracy": accuracy,
    "precision": precision,
    "recall": recall,
    "f1": f1,
}
_ALIASES = {"acc": "accuracy", "f1_score": "f1"}


def label_threshold(loss: object) -> float:
    """The threshold that turns one output into a label: 0.0 for logit and hinge losses
    (named so), 0.5 for everything else (see the module docstring)."""
    name = loss if isinstance(loss, str) else getattr(loss, "__name__", "")
    name = name.lower() if isinstance(name, str) else ""
    return 0.0 if "logit" in name or "hinge" in name else 0.5


def _single(x: Any) -> Any:
    """A one-element list counts as its element (a Layer of one neuron returns a list)."""
    return x[0] if isinstance(x, (list, tuple)) and len(x) == 1 else x


def _argmax(values: Sequence[float]) -> int:
    return max(range(len(values)), key=values.__getitem__)


def to_labels(
    outputs: Sequence[Any], targets: Sequence[Any], threshold: float
) -> tuple[list[int], list[int]]:
    """``(true_labels, predicted_labels)`` from outputs (floats or lists of floats) and targets.

    Args:
        outputs: one model output per example, as numbers (see ``nn.training.predict``).
        targets: the targets given to ``fit``.
        threshold: for one output: label 1 above it, else 0 (see :func:`label_threshold`).
    """
    true_labels, predicted = [], []
    for output, target in zip(outputs, targets):
        output, target = _single(output), _single(target)
        if isinstance(output, (list, tuple)):
            predicted.append(_argmax(output))
            true_labels.append(_argmax(target) if isinstance(target, (list, tuple))
                               else int(target))
        else:
            predicted.append(int(output > threshold))
            true_labels.append(int(target > threshold))
    return true_labels, predicted


def resolve_metrics(metrics: Sequence[str | Metric]) -> dict[str, Metric]:
    """Metric names or callables as ``{name: function}``; callables are named by ``__name__``.

    Raises:
        ValueError: an unknown name (the message lists the choices).
    """
    if isinstance(metrics, str):
        metrics = [metrics]
    resolved: dict[str, Metric] = {}
    for metric in metrics:
        if isinstance(metric, str):
            name = _ALIASES.get(metric.lower(), metric.lower())
            if name not in METRICS:
                raise ValueError(
                    f"unknown metric {metric!r}; choose one of: {', '.join(METRICS)} "
                    "(or pass a function metric(y_true, y_pred))"
                )
            resolved[name] = METRICS[name]
        elif callable(metric):
            resolved[getattr(metric, "__name__", "metric")] = metric
        else:
            raise TypeError(f"a metric must be a name or a function, got {metric!r}")
    return resolved
