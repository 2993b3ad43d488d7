"""Checks of arguments: one place that says what a learning rate, a count, a factor or a data
set may be.

Every function takes the value and the name to use in the message, and returns the value
as it will be used (a ``float`` or an ``int``); :func:`check_data` checks a pair ``X, y``
and returns nothing. The rule is Python's own:

* a value of the wrong type (a string, ``None``, ``True``, ``2.5`` where a count is
  expected) raises ``TypeError``;
* a number out of range (negative, ``nan``, ``inf``, ``0`` where it must be positive)
  raises ``ValueError``.

Either way the message names the argument, says what was expected and shows what came::

    >>> non_negative(-0.1, "weight_decay")
    Traceback (most recent call last):
    ...
    ValueError: weight_decay must be a finite number >= 0, got -0.1

``bool`` is refused everywhere although it is an ``int`` in Python: ``lr=True`` is a slip,
not a learning rate of 1.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

__all__ = [
    "batch_size_for",
    "check_data",
    "check_finite",
    "check_model",
    "fraction",
    "int_at_least",
    "non_negative",
    "number",
    "positive",
    "positive_int",
]


def number(value: object, name: str) -> float:
    """``value`` as a float, if it is a real number (an int, a float, ...; not a bool).

    Raises:
        TypeError: ``value`` is not a real number.
        ValueError: an int too large for a float, such as ``10**400``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}: {value!r:.80}")
    try:
        return float(value)
    except OverflowError:  # Python's ints have no size limit; floats stop near 1.8e308
        raise ValueError(
            f"{name} is too large for a float (the largest is about 1.8e308)"
        ) from None


def non_negative(value: object, name: str) -> float:
    """A finite number ``>= 0``: a learning rate, a weight decay, a noise level.

    Raises:
        TypeError: not a number.
        ValueError: negative, ``nan`` or infinite.
    """
    x = number(value, name)
    if not (x >= 0.0 and math.isfinite(x)):  # "not >=" also catches nan
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return x


def positive(value: object, name: str) -> float:
    """A finite number ``> 0``: a factor that must not wipe out the rate, an ``eps``.

    Raises:
        TypeError: not a number.
        ValueError: zero, negative, ``nan`` or infinite.
    """
    x = number(value, name)
    if not (x > 0.0 and math.isfinite(x)):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return x


def fraction(value: object, name: str) -> float:
    """A number in ``[0, 1)``: a decay factor (1 would never forget, more would grow without
    bound), a smoothing, the ratio of two circles' radii.

    Raises:
        TypeError: not a number.
        ValueError: outside ``[0, 1)``, or ``nan``.
    """
    x = number(value, name)
    if not 0.0 <= x < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return x


def int_at_least(value: object, name: str, minimum: int) -> int:
    """A whole number ``>= minimum``: a count of epochs, samples, classes, steps.

    Raises:
        TypeError: not an int (a float such as ``2.0`` included: counts are ints).
        ValueError: smaller than ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer >= {minimum}, got {type(value).__name__}: {value!r}"
        )
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def positive_int(value: object, name: str) -> int:
    """A whole number ``>= 1``; see :func:`int_at_least`."""
    return int_at_least(value, name, 1)


def check_data(X: Sequence[Any], y: Sequence[Any], what: str = "X") -> None:
    """Raise TypeError unless ``X`` and ``y`` are lists, ValueError unless they are
    non-empty, as long, and free of ``nan`` and ``inf`` (``what`` names ``X`` in the
    message; see :func:`check_finite`)."""
    y_name = "y" if what == "X" else f"{what}'s y"
    for name, data in ((what, X), (y_name, y)):
        if isinstance(data, (str, bytes)) or not hasattr(data, "__len__"):
            raise TypeError(f"{name} must be a list, got {type(data).__name__}: {data!r:.80}")
    if len(X) == 0:
        raise ValueError(f"{what} is empty: need at least one example")
    if len(X) != len(y):
        raise ValueError(
            f"{what} has {len(X)} examples but y has {len(y)} targets: they must match"
        )
    check_finite(X, what)
    check_finite(y, y_name)


def check_finite(data: Sequence[Any], name: str) -> None:
    """Raise ValueError at the first ``nan`` or ``inf`` in ``data``: a list of numbers, or
    of rows of numbers. The message names the row and the column, counted from 0.

    A ``nan`` in the data would make the loss ``nan`` and pass for a learning rate too high;
    this says what it is before training starts::

        >>> check_finite([[0.5, 1.0], [2.0, float("nan")]], "X")
        Traceback (most recent call last):
        ...
        ValueError: X has nan at row 1, column 1 (X[1][1]): the data must be finite numbers; \
remove or fill in that value
    """
    for i, row in enumerate(data):
        if isinstance(row, numbers.Real):
            if not _finite(row):
                _not_finite(row, name, f"row {i}", f"[{i}]")
        elif isinstance(row, Sequence) and not isinstance(row, (str, bytes)) or \
                hasattr(row, "__array__"):
            for j, x in enumerate(row):
                if isinstance(x, numbers.Real) and not _finite(x):
                    _not_finite(x, name, f"row {i}, column {j}", f"[{i}][{j}]")


def _finite(x: Any) -> bool:
    return isinstance(x, numbers.Integral) or math.isfinite(x)  # ints: no nan, any size


def _not_finite(x: Any, name: str, where: str, index: str) -> None:
    raise ValueError(
        f"{name} has {float(x)!r} at {where} ({name}{index}): the data must be finite "
        "numbers; remove or fill in that value"
    )


def check_model(model: object, optimizer: object = None) -> None:
    """Refuse a ``model`` that cannot be run (not callable) or trained: with an optimizer
    given by name, which is built from ``model.parameters()``, a function without them.

    Raises:
        TypeError: naming the argument ``model`` and what it is.
    """
    example = "such as nn.MLP(2, [8, 1])"
    if not callable(model):
        raise TypeError(
            f"model must be a model, {example}: a callable on one example; "
            f"got {type(model).__name__}: {model!r:.80}"
        )
    if isinstance(optimizer, str) and not callable(getattr(model, "parameters", None)):
        raise TypeError(
            f"model must have a parameters() method, {example}, for the optimizer "
            f"{optimizer!r} to update; got {type(model).__name__}: {model!r:.80} (a plain "
            "function trains only with an optimizer built on the weights it uses)"
        )


def batch_size_for(batch_size: int | None, n: int) -> int:
    """Examples per batch out of ``n``: ``None`` is all of them (full batch), and so is
    any larger number."""
    if batch_size is None:
        return n
    return min(positive_int(batch_size, "batch_size (or None)"), n)
