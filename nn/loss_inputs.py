"""Checking and pairing up the inputs of the loss functions in :mod:`nn.losses`.

A loss gets one sample or a batch; these helpers tell which, check that predictions and
targets line up, and raise a ``ValueError`` / ``TypeError`` that names the bad value.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

from autograd.coerce import real_number
from autograd.value import Value, as_value


def is_list(x: object) -> bool:
    """True for a list/tuple of things (not a string, not a single Value)."""
    return isinstance(x, Sequence) and not isinstance(x, (str, bytes))


def as_prediction(x: object, name: str) -> Value:
    """A prediction as a Value (numbers are accepted: the loss is then a constant)."""
    return as_value(x, f"{name}: a prediction")


def as_target(x: object, name: str) -> float | Value:
    """A target as a float (or a Value, passed through)."""
    if isinstance(x, Value):
        return x
    number = real_number(x)  # the engine's rule: a bool is no number, a huge int is inf
    if number is None:
        raise TypeError(f"{name}: a target must be a number, got {type(x).__name__}: {x!r}")
    return number


def _check_lengths(prediction: Sequence[Any], target: Sequence[Any], name: str, what: str) -> None:
    if len(prediction) != len(target):
        raise ValueError(
            f"{name}: {what} differ in length: {len(prediction)} predictions, "
            f"{len(target)} targets"
        )


def elementwise_pairs(prediction: Any, target: Any, name: str) -> list[tuple[Value, float | Value]]:
    """``(prediction, target)`` pairs for a loss computed number by number.

    Accepts one sample (a number and a number), a batch (two equal-length lists), or a
    batch with several outputs per sample (two equal-length lists of equal-length lists).
    """
    if not is_list(prediction) and not is_list(target):
        return [(as_prediction(prediction, name), as_target(target, name))]
    if not (is_list(prediction) and is_list(target)):
        raise ValueError(
            f"{name}: prediction and target must both be single numbers or both lists, "
            f"got {type(prediction).__name__} and {type(target).__name__}"
        )
    _check_lengths(prediction, target, name, "predictions and targets")
    if len(prediction) == 0:
        raise ValueError(f"{name}: empty batch (no predictions)")
    pairs = []
    for i, (p, t) in enumerate(zip(prediction, target)):
        if is_list(p) or is_list(t):  # several outputs per sample
            if not (is_list(p) and is_list(t)):
                raise ValueError(
                    f"{name}: sample {i}: prediction {p!r} and target {t!r} differ in shape"
                )
            _check_lengths(p, t, name, f"sample {i}'s outputs")
            pairs += [(as_prediction(pj, name), as_target(tj, name)) for pj, tj in zip(p, t)]
        else:
            pairs.append((as_prediction(p, name), as_target(t, name)))
    return pairs


def per_sample(
    prediction: Any, target: Any, name: str, *, one_hot: bool
) -> list[tuple[list[Value], Any]]:
    """``(scores, target)`` per sample for a multi-class loss.

    One sample is a list of scores with a target (a class index, or a one-hot list when
    ``one_hot``); a batch is a list of such lists with a list of targets.
    """
    if not is_list(prediction) or len(prediction) == 0:
        raise ValueError(
            f"{name}: a prediction must be a non-empty list of class scores (or a list of "
            f"such lists for a batch), got {prediction!r}"
        )
    if is_list(prediction[0]):  # a batch
        if not is_list(target):
            raise ValueError(f"{name}: a batch of {len(prediction)} predictions needs a list of "
                             f"targets, got {target!r}")
        _check_lengths(prediction, target, name, "predictions and targets")
        rows, targets = list(prediction), list(target)
    else:
        rows, targets = [prediction], [target]
    samples = []
    for i, (row, t) in enumerate(zip(rows, targets)):
        if not is_list(row) or len(row) == 0:
            raise ValueError(f"{name}: sample {i}: expected a list of class scores, got {row!r}")
        if is_list(t) != one_hot:
            expected = "a one-hot list" if one_hot else "a class index"
            raise ValueError(f"{name}: sample {i}: the target must be {expected}, got {t!r}")
        samples.append(([as_prediction(p, name) for p in row], t))
    return samples


def class_index(t: object, n_classes: int, name: str) -> int:
    """``t`` as a class index in ``0 .. n_classes-1`` (integral floats such as 2.0 accepted)."""
    if isinstance(t, bool) or not isinstance(t, numbers.Real) or not float(t).is_integer():
        raise ValueError(f"{name}: a class index must be a whole number, got {t!r}")
    index = int(float(t))
    if not 0 <= index < n_classes:
        raise ValueError(
            f"{name}: class index {t!r} is out of range for {n_classes} classes "
            f"(expected 0 to {n_classes - 1})"
        )
    return index


def one_hot_index(t: Sequence[Any], n_classes: int, name: str) -> int:
    """The position of the 1 in a one-hot target such as ``[0, 1, 0]``."""
    if len(t) != n_classes:
        raise ValueError(
            f"{name}: one-hot target {list(t)!r} has {len(t)} entries for {n_classes} classes"
        )
    if any(isinstance(v, bool) or not isinstance(v, numbers.Real) or v not in (0, 1) for v in t) \
            or sum(t) != 1:
        raise ValueError(
            f"{name}: target {list(t)!r} is not one-hot (expected 0s and exactly one 1)"
        )
    return [float(v) for v in t].index(1.0)


def check_in_unit_interval(x: float, name: str, what: str, allow_nan: bool = True) -> None:
    """Raise ``ValueError`` unless ``0 <= x <= 1`` (``nan`` passes when ``allow_nan``)."""
    if math.isnan(x) and allow_nan:
        return
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"{name}: {what} must be in [0, 1], got {x!r}")
