"""Losses against their textbook formulas at known points: oracles that need no PyTorch.

Each loss's per-sample value and its derivative with respect to the prediction are written
here in plain ``math`` from the formulas in the docs (``(p - t)²``, ``-(y ln p + (1 - y)
ln(1 - p))``, ``ln Σ e^z - z_t``, ...), and compared on the batches of test_losses, which
cross every kink and clip, under every reduction.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from test_losses import BATCHES, NAME

from autograd.value import Value
from nn.losses import EPSILON, REDUCTIONS


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def _clip(p: float) -> float:
    return min(max(p, EPSILON), 1 - EPSILON)


def _sign(x: float) -> float:
    return (x > 0) - (x < 0)


def _bce(p: float, y: float) -> tuple[float, float]:
    log_p = max(math.log(p), -100.0) if p > 0 else -100.0
    log_not_p = max(math.log(1 - p), -100.0) if p < 1 else -100.0
    return -(y * log_p + (1 - y) * log_not_p), (p - y) / max(p * (1 - p), 1e-12)


def _bce_logits(z: float, y: float) -> tuple[float, float]:
    # -(y ln σ(z) + (1 - y) ln(1 - σ(z))), with ln σ(z) = -ln(1 + e^-z) written stably
    log_sigmoid = -math.log1p(math.exp(-z)) if z >= 0 else z - math.log1p(math.exp(z))
    log_not_sigmoid = log_sigmoid - z  # ln(1 - σ(z)) = ln σ(-z) = ln σ(z) - z
    return -(y * log_sigmoid + (1 - y) * log_not_sigmoid), _sigmoid(z) - y


def _cross_entropy(logits: list[float], t: int) -> tuple[float, list[float]]:
    top = max(logits)
    exps = [math.exp(z - top) for z in logits]
    softmax = [e / sum(exps) for e in exps]
    loss = top + math.log(sum(exps)) - logits[t]
    return loss, [s - (i == t) for i, s in enumerate(softmax)]


def _nll(probs: list[float], t: int) -> tuple[float, list[float]]:
    p = probs[t]
    unclipped = EPSILON <= p <= 1 - EPSILON
    return -math.log(_clip(p)), [-1 / p if i == t and unclipped else 0.0 for i in range(len(probs))]


#: Per loss: (one prediction, one target) -> (loss, d loss / d prediction).
FORMULAS: dict[str, Callable[[Any, Any], tuple[float, Any]]] = {
    "mse": lambda p, t: ((p - t) ** 2, 2 * (p - t)),
    "mae": lambda p, t: (abs(p - t), _sign(p - t)),
    "binary_cross_entropy": _bce,
    "binary_cross_entropy_with_logits": _bce_logits,
    "hinge": lambda s, y: (max(0.0, 1 - y * s), -y if 1 - y * s > 0 else 0.0),
    "cross_entropy": _cross_entropy,
    "categorical_cross_entropy": lambda probs, y: _nll(probs, y.index(1)),
    "sparse_categorical_cross_entropy": _nll,
}


def _values(predictions: list[Any]) -> list[Any]:
    return [[Value(x) for x in p] if isinstance(p, list) else Value(p) for p in predictions]


def _flat(xs: list[Any]) -> list[Any]:
    return [y for x in xs for y in (x if isinstance(x, list) else [x])]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("loss, predictions, targets", BATCHES, ids=NAME)
def test_loss_and_its_gradient_follow_the_formula(
    loss: Callable[..., Any], predictions: list[Any], targets: list[Any], reduction: str
) -> None:
    formula = FORMULAS[loss.__name__]
    per_sample = [formula(p, t) for p, t in zip(predictions, targets)]
    expected = [value for value, _ in per_sample]
    inputs = _values(predictions)
    out = loss(inputs, targets, reduction=reduction)
    if reduction == "none":
        assert [v.data for v in out] == pytest.approx(expected, rel=1e-12, abs=1e-12)
        return
    scale = 1.0 if reduction == "sum" else 1.0 / len(predictions)
    assert out.data == pytest.approx(sum(expected) * scale, rel=1e-12)
    out.backward()
    gradients = _flat([d for _, d in per_sample])
    assert [v.grad for v in _flat(inputs)] == pytest.approx(
        [d * scale for d in gradients], rel=1e-9, abs=1e-12
    )


def test_every_loss_has_a_formula() -> None:
    assert {loss.__name__ for loss, _, _ in BATCHES} == set(FORMULAS)
