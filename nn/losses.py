"""Loss functions: how far the predictions are from the targets, as one Value to minimise.

Every loss takes a ``prediction`` and a ``target``: one sample, or equal-length lists for a
batch. ``reduction`` says what to do with the per-sample losses: ``"mean"`` (the default,
as in PyTorch and Keras), ``"sum"``, or ``"none"`` (a list with one Value per sample).

======================================  =========================  ==============
loss                                    prediction                 target
======================================  =========================  ==============
``mse``, ``mae``                        any number                 any number
``binary_cross_entropy``                a probability in [0, 1]    in [0, 1]
``binary_cross_entropy_with_logits``    a logit (any number)       in [0, 1]
``hinge``                               a score (any number)       -1 or +1
``cross_entropy``                       a list of logits           a class index
``categorical_cross_entropy``           a list of probabilities    a one-hot list
``sparse_categorical_cross_entropy``    a list of probabilities    a class index
======================================  =========================  ==============

Example:
    >>> mse(350_000.0, 300_000.0).data  # a house priced $50,000 too high
    2500000000.0
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

from autograd import ops
from autograd.value import Value, apply
from autograd.value_methods import constant
from nn.functional import shifted_logsumexp, total
from nn.loss_inputs import (
    check_in_unit_interval,
    class_index,
    elementwise_pairs,
    one_hot_index,
    per_sample,
)

#: The accepted values of ``reduction``.
REDUCTIONS = ("mean", "sum", "none")

#: Keras's ``epsilon()``: probabilities are clipped to ``[EPSILON, 1 - EPSILON]`` before the log.
EPSILON = 1e-7

Loss = Callable[[Any, Any], Value]


def _check_reduction(reduction: str) -> None:
    if reduction not in REDUCTIONS:
        raise ValueError(f"unknown reduction {reduction!r}; choose one of: {', '.join(REDUCTIONS)}")


def _reduce(terms: list[Value], reduction: str) -> Value | list[Value]:
    if reduction == "none":
        return terms
    loss = total(terms)
    return loss if reduction == "sum" else loss / len(terms)


def mse(prediction: Any, target: Any, reduction: str = "mean") -> Value | list[Value]:
    """Mean squared error: the mean of ``(prediction - target)**2``.

    Squaring makes big misses cost far more than small ones: 2 cm off costs 4,
    10 cm off costs 100. Matches ``torch.nn.functional.mse_loss``.

    Args:
        prediction: a Value or number, or a list of them (a batch; nested lists for
            several outputs per sample).
        target: the same shape as ``prediction``, numbers.
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.
    """
    _check_reduction(reduction)
    terms = [(p - t) ** 2 for p, t in elementwise_pairs(prediction, target, "mse")]
    return _reduce(terms, reduction)


def mae(prediction: Any, target: Any, reduction: str = "mean") -> Value | list[Value]:
    """Mean absolute error: the mean of ``|prediction - target|``.

    Every unit of error costs the same, so outliers pull less than with :func:`mse`.
    Matches ``torch.nn.functional.l1_loss`` (gradient 0 at an exact hit).
    """
    _check_reduction(reduction)
    terms = [abs(p - t) for p, t in elementwise_pairs(prediction, target, "mae")]
    return _reduce(terms, reduction)


def binary_cross_entropy(
    prediction: Any, target: Any, reduction: str = "mean"
) -> Value | list[Value]:
    """Binary cross-entropy of a predicted probability ``p`` of class 1 against a target ``y``.

    Each sample is one fused node, the op :class:`autograd.ops.BinaryCrossEntropy`, whose
    docstring has the formula and its derivatives. As in
    ``torch.nn.functional.binary_cross_entropy``, the logs are clamped, so a confidently
    wrong ``p = 0`` for ``y = 1`` costs 100 rather than ``inf``, and the gradient matches
    torch's exactly, ``p = 0`` and ``p = 1`` included. For target 1, outputs 0.9, 0.5
    and 0.1 cost about 0.105, 0.693 and 2.303.

    A ``nan`` prediction is let through (the loss is ``nan``) so that a diverging run
    shows up as a ``nan`` loss rather than an exception.

    Raises:
        ValueError: a prediction or target outside [0, 1].
    """
    _check_reduction(reduction)
    terms = []
    for p, t in elementwise_pairs(prediction, target, "binary_cross_entropy"):
        check_in_unit_interval(p.data, "binary_cross_entropy", "prediction (a probability)")
        t_value = t if isinstance(t, Value) else constant(t)
        check_in_unit_interval(t_value.data, "binary_cross_entropy", "target", allow_nan=False)
        terms.append(apply(ops.BCE, p, t_value))
    return _reduce(terms, reduction)


def binary_cross_entropy_with_logits(
    prediction: Any, target: Any, reduction: str = "mean"
) -> Value | list[Value]:
    """Binary cross-entropy of ``sigmoid(z)`` against ``y``, computed from the logit ``z``.

    Written as ``softplus(z) - z*y``, which equals ``-(y*log σ(z) + (1-y)*log(1-σ(z)))``
    but never overflows: logits like ±1000 work. Its gradient is exactly ``σ(z) - y``
    everywhere, with no kinks. Matches ``binary_cross_entropy_with_logits`` in torch.

    At an infinite logit the loss is the exact limit: ``inf`` for a logit of ``+inf``
    with a target below 1 (as torch says) and for ``-inf`` with a target above 0 (where
    torch's ``(1 - y)*z + max(-z, 0)`` is ``-inf + inf``, ``nan``); 0 when the target agrees
    exactly (a target of 1 for ``+inf``, of 0 for ``-inf``; torch gives ``nan``).

    Raises:
        ValueError: a target outside [0, 1].
    """
    _check_reduction(reduction)
    terms = []
    for z, y in elementwise_pairs(prediction, target, "binary_cross_entropy_with_logits"):
        y_data = y.data if isinstance(y, Value) else y
        check_in_unit_interval(y_data, "binary_cross_entropy_with_logits", "target", False)
        terms.append(_bce_with_logits(z, y))
    return _reduce(terms, reduction)


def _bce_with_logits(z: Value, y: Value | float) -> Value:
    """One sample's loss, written so that it has no ``inf - inf`` and no ``0 * inf``.

    At ``z = +inf``, ``softplus(z) - z*y`` is ``inf - inf``: there it is written as the
    same number ``softplus(-z) + z*(1 - y)``, as PyTorch writes it for ``z > 0``. (Only
    there: elsewhere the gradient of ``softplus(z)`` is ``σ(z)`` exactly, where the other
    form's ``1 - σ(-z)`` may differ in the last bit.) The term ``z*y`` (or ``z*(1 - y)``)
    is left out when its factor is the number 0: it is 0, and with an infinite ``z`` it
    would be ``0 * inf = nan``. A Value target keeps it (its gradient, ``-z``, needs it).
    """
    if z.data == math.inf:
        loss = (-z).softplus()
        if isinstance(y, Value) or y != 1.0:
            loss = loss + z * (1.0 - y)
        return loss
    loss = z.softplus()
    if isinstance(y, Value) or y != 0.0:
        loss = loss - z * y
    return loss


def hinge(prediction: Any, target: Any, reduction: str = "mean") -> Value | list[Value]:
    """``max(0, 1 - y*score)`` for targets ``y`` of -1 or +1 (the SVM loss; Keras's ``hinge``).

    A score on the right side by a margin of at least 1 costs nothing.

    Raises:
        ValueError: a target other than -1 or +1. Targets of 0/1 are a common mistake:
            write ``2*y - 1``. (Keras converts 0/1 silently; we would rather say so.)
    """
    _check_reduction(reduction)
    terms = []
    for score, y in elementwise_pairs(prediction, target, "hinge"):
        y_data = y.data if isinstance(y, Value) else y
        if y_data not in (-1.0, 1.0):
            raise ValueError(
                f"hinge: targets must be -1 or +1, got {y_data!r}"
                + (" (for 0/1 labels use 2*y - 1)" if y_data == 0.0 else "")
            )
        terms.append((1.0 - score * y).relu())
    return _reduce(terms, reduction)


def cross_entropy(prediction: Any, target: Any, reduction: str = "mean") -> Value | list[Value]:
    """Softmax cross-entropy from logits and a class index (PyTorch's ``cross_entropy``).

    The loss of one sample is ``-log softmax(logits)[target]
    = log(sum(exp(logits))) - logits[target]``. The largest logit is subtracted first
    (as a plain number), so logits like ``[1000, 0]`` work. The gradient with respect to
    the logits is ``softmax(logits) - one_hot(target)``.

    Args:
        prediction: one sample's logits (a list), or a batch: a list of such lists.
        target: a class index in ``0 .. n_classes-1``, or a list of them.
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.
    """
    _check_reduction(reduction)
    terms = []
    for logits, t in per_sample(prediction, target, "cross_entropy", one_hot=False):
        index = class_index(t, len(logits), "cross_entropy")
        shifted, lse = shifted_logsumexp(logits)
        terms.append(lse - shifted[index])
    return _reduce(terms, reduction)


def _clipped_nll(p: Value) -> Value:
    """``-log(clip(p, EPSILON, 1 - EPSILON))``; outside the clip range ``p`` gets no gradient."""
    if p.data < EPSILON:
        p = constant(EPSILON)
    elif p.data > 1.0 - EPSILON:
        p = constant(1.0 - EPSILON)
    return -p.log()


def categorical_cross_entropy(
    prediction: Any, target: Any, reduction: str = "mean"
) -> Value | list[Value]:
    """``-sum(y_i * log(p_i))`` for probabilities ``p`` and a one-hot target ``y`` (Keras style).

    Only the true class's term is non-zero, so this is ``-log(p[true class])``: a cat
    ``[1, 0, 0]`` predicted as ``[0.70, 0.20, 0.10]`` costs 0.357, as ``[0.10, 0.60,
    0.30]`` costs 2.303. As in Keras, each probability is first clipped to
    ``[1e-7, 1 - 1e-7]`` (:data:`EPSILON`), so ``p = 0`` costs about 16.1 instead of
    ``inf``; a clipped probability gets no gradient (as with ``tf.clip_by_value``).
    Unlike Keras, predictions are not rescaled to sum to 1 first: give it a softmax output.

    Raises:
        ValueError: a probability outside [0, 1], or a target that is not one-hot.
    """
    _check_reduction(reduction)
    terms = []
    for probs, t in per_sample(prediction, target, "categorical_cross_entropy", one_hot=True):
        index = one_hot_index(t, len(probs), "categorical_cross_entropy")
        for p in probs:
            check_in_unit_interval(p.data, "categorical_cross_entropy", "prediction")
        terms.append(_clipped_nll(probs[index]))
    return _reduce(terms, reduction)


def sparse_categorical_cross_entropy(
    prediction: Any, target: Any, reduction: str = "mean"
) -> Value | list[Value]:
    """:func:`categorical_cross_entropy` with the target given as a class index (Keras style).

    ``-log(p[target])``, with ``p`` clipped to ``[1e-7, 1 - 1e-7]`` as in Keras.

    Raises:
        ValueError: a probability outside [0, 1], or a class index out of range.
    """
    name = "sparse_categorical_cross_entropy"
    _check_reduction(reduction)
    terms = []
    for probs, t in per_sample(prediction, target, name, one_hot=False):
        index = class_index(t, len(probs), name)
        for p in probs:
            check_in_unit_interval(p.data, name, "prediction")
        terms.append(_clipped_nll(probs[index]))
    return _reduce(terms, reduction)


#: Every loss by name: Keras's names, and this module's function names.
LOSSES: dict[str, Callable[..., Any]] = {
    "mse": mse,
    "mean_squared_error": mse,
    "mae": mae,
    "mean_absolute_error": mae,
    "binary_crossentropy": binary_cross_entropy,
    "binary_cross_entropy": binary_cross_entropy,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
    "categorical_crossentropy": categorical_cross_entropy,
    "categorical_cross_entropy": categorical_cross_entropy,
    "sparse_categorical_crossentropy": sparse_categorical_cross_entropy,
    "sparse_categorical_cross_entropy": sparse_categorical_cross_entropy,
    "cross_entropy": cross_entropy,
    "hinge": hinge,
}


def get(loss: str | Callable[..., Any]) -> Loss:
    """A loss function from its name (Keras's names work: ``"binary_crossentropy"``, ...).

    The function returned takes ``(predictions, targets)`` for a batch and returns the
    mean loss as one Value. A callable is returned unchanged.

    Raises:
        ValueError: an unknown name (the message lists the known ones).
    """
    if callable(loss):
        return cast(Loss, loss)
    if isinstance(loss, str) and loss.lower() in LOSSES:
        return cast(Loss, LOSSES[loss.lower()])
    raise ValueError(f"unknown loss {loss!r}; choose one of: {', '.join(LOSSES)}")
