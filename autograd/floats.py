"""Python floats with IEEE 754 results instead of exceptions: the float number kit.

This module is the number kit (:mod:`autograd.kit`) that ops compute with when they run on
Python floats, as ``Value`` and ``backward`` run them.

Python's ``math`` module raises where IEEE 754 (and so PyTorch and NumPy) gives a
special value: ``math.exp(710)`` raises ``OverflowError``, ``math.log(0.0)`` raises
``ValueError: math domain error``, ``1.0 / 0.0`` raises ``ZeroDivisionError``.
A course that shows a too-high learning rate blowing the loss up to ``inf`` and
``nan`` must not crash on the way, so every op computes through these helpers.

Each helper returns what IEEE 754 prescribes:

=====================  ============
expression             result
=====================  ============
``divide(1, 0)``       ``inf``
``divide(-1, 0)``      ``-inf``
``divide(0, 0)``       ``nan``
``exp(1000)``          ``inf``
``log(0)``             ``-inf``
``log(-1)``            ``nan``
``sqrt(-1)``           ``nan``
``power(-8, 1/3)``     ``nan``
``power(0, -1)``       ``inf``
``power(10, 400)``     ``inf``
=====================  ============
"""

from __future__ import annotations

import math

INF = math.inf
NAN = math.nan


def divide(a: float, b: float) -> float:
    """``a / b``, giving ``±inf`` or ``nan`` for a zero divisor."""
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0.0 or a != a:  # 0/0 and nan/0 are nan
            return NAN
        # The sign follows both operands, signed zeros included: 1/-0.0 is -inf.
        return math.copysign(INF, a) * math.copysign(1.0, b)


def exp(a: float) -> float:
    """``e**a``, giving ``inf`` instead of ``OverflowError``."""
    try:
        return math.exp(a)
    except OverflowError:
        return INF


def log(a: float) -> float:
    """Natural log: ``log(0) = -inf``, ``log(negative) = nan``."""
    if a > 0.0:
        return math.log(a)
    if a == 0.0:
        return -INF
    return NAN  # negative or nan


def log1p(a: float) -> float:
    """``log(1 + a)``, accurate for small ``a``; ``-inf`` at ``a = -1``, ``nan`` below."""
    if a > -1.0:
        return math.log1p(a)
    if a == -1.0:
        return -INF
    return NAN


def sqrt(a: float) -> float:
    """Square root, ``nan`` for a negative argument."""
    if a >= 0.0 or a != a:
        return math.sqrt(a)
    return NAN


def _is_odd_integer(x: float) -> bool:
    return math.isfinite(x) and x.is_integer() and x % 2.0 == 1.0


def power(a: float, b: float) -> float:
    """``a ** b`` as C's ``pow``: ``nan`` for a negative base with a fractional
    exponent (where Python would return a complex number), ``±inf`` for a zero base
    with a negative exponent and on overflow."""
    try:
        return math.pow(a, b)
    except OverflowError:
        negative = a < 0.0 and _is_odd_integer(b)
        return -INF if negative else INF
    except ValueError:
        if a == 0.0:  # zero to a negative power
            negative = math.copysign(1.0, a) < 0.0 and _is_odd_integer(b)
            return -INF if negative else INF
        return NAN  # negative base, fractional exponent


def sigmoid(a: float) -> float:
    """Logistic function ``1 / (1 + e**-a)``, stable for every ``a``.

    Only ``exp`` of a non-positive number is ever taken, so nothing overflows.
    """
    if a >= 0.0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)  # a < 0 here (or nan, which falls through to nan)
    return e / (1.0 + e)


def softplus(a: float) -> float:
    """``log(1 + e**a)``, stable for every ``a``: ``max(a, 0) + log1p(e**-|a|)``."""
    if a != a:
        return NAN
    return max(a, 0.0) + math.log1p(math.exp(-abs(a)))


def sign(a: float) -> float:
    """``-1.0``, ``0.0`` or ``1.0``, like ``torch.sign`` (which gives ``0.0`` for ``nan``)."""
    if a > 0.0:
        return 1.0
    if a < 0.0:
        return -1.0
    return 0.0  # 0.0, -0.0 or nan: torch.sign(nan) is 0, so abs'(nan) = 0 as in PyTorch


#: Hyperbolic tangent: ``math.tanh`` itself, which never raises (it saturates at ±1).
tanh = math.tanh


def where(condition: bool, if_true: float, if_false: float) -> float:
    """``if_true`` if ``condition`` else ``if_false``: the float kit's choice between two
    numbers that were both already computed (the NumPy kit's is ``numpy.where``)."""
    return if_true if condition else if_false


def is_finite(a: float) -> bool:
    """True unless ``a`` is ``inf``, ``-inf`` or ``nan``."""
    return math.isfinite(a)
