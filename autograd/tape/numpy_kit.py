"""NumPy arrays with IEEE 754 results and no warnings: the NumPy number kit.

This module is the number kit (:mod:`autograd.kit`) the tape computes with: every op of
:mod:`autograd.ops` runs its very formulas on arrays that hold one number per example.
Each function gives, element by element, what :mod:`autograd.floats` gives for one float,
special values included (``sign(nan) = 0``, ``log(0) = -inf``, ``power`` as C's ``pow``),
and computes under ``numpy.errstate(all="ignore")``: an ``inf`` or a ``nan`` is a result,
never a warning.

Example:
    >>> import numpy as np
    >>> log(np.array([1.0, 0.0, -1.0])).tolist()
    [0.0, -inf, nan]
"""

from __future__ import annotations

from typing import Any

import numpy as np

Array = Any  # a NumPy array of float64 (or a float, which NumPy treats alike)


def divide(a: Array, b: Array) -> Array:
    """``a / b``, with ``±inf`` or ``nan`` for a zero divisor."""
    with np.errstate(all="ignore"):
        return np.divide(a, b)


def exp(a: Array) -> Array:
    """``e**a``, ``inf`` on overflow."""
    with np.errstate(all="ignore"):
        return np.exp(a)


def log(a: Array) -> Array:
    """Natural log: ``-inf`` at 0, ``nan`` below."""
    with np.errstate(all="ignore"):
        return np.log(a)


def log1p(a: Array) -> Array:
    """``log(1 + a)``: ``-inf`` at ``a = -1``, ``nan`` below."""
    with np.errstate(all="ignore"):
        return np.log1p(a)


def sqrt(a: Array) -> Array:
    """Square root, ``nan`` below 0."""
    with np.errstate(all="ignore"):
        return np.sqrt(a)


def power(a: Array, b: Array) -> Array:
    """``a ** b`` as C's ``pow`` (``numpy.power`` on floats calls it): ``nan`` for a
    negative base with a fractional exponent, ``±inf`` for a zero base with a negative one.

    The exponent is spread to a full array first: for one exponent broadcast over the
    base, NumPy takes shortcuts (``a ** 0.5`` becomes ``sqrt(a)``, which gives ``-0.0``
    at ``-0.0`` and ``nan`` at ``-inf`` where ``pow`` gives ``0.0`` and ``inf``)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if b.shape != a.shape:
        b = np.array(np.broadcast_to(b, np.broadcast_shapes(a.shape, b.shape)))
    with np.errstate(all="ignore"):
        return np.power(a, b)


def tanh(a: Array) -> Array:
    """Hyperbolic tangent."""
    return np.tanh(a)


def sigmoid(a: Array) -> Array:
    """``1 / (1 + e**-a)`` without overflow, as :func:`autograd.floats.sigmoid`: only
    ``exp(-|a|)`` is taken, and the form is chosen by the sign of ``a``."""
    with np.errstate(all="ignore"):
        e = np.exp(-np.abs(a))
        return np.where(a >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))


def softplus(a: Array) -> Array:
    """``log(1 + e**a)`` without overflow: ``max(a, 0) + log1p(e**-|a|)`` (``nan`` stays)."""
    with np.errstate(all="ignore"):
        return np.maximum(a, 0.0) + np.log1p(np.exp(-np.abs(a)))


def sign(a: Array) -> Array:
    """``-1``, ``0`` or ``1``; ``0`` for ``nan`` and for ``-0.0`` (``numpy.sign`` gives
    ``nan`` and ``-0.0``; the float kit and ``torch.sign`` give ``0``)."""
    return np.greater(a, 0.0).astype(np.float64) - np.less(a, 0.0)


def where(condition: Array, if_true: Array, if_false: Array) -> Array:
    """``if_true`` where ``condition`` holds, else ``if_false``, element by element."""
    return np.where(condition, if_true, if_false)
