"""The number kit for Values: the op table's derivative formulas, run on Values.

When backprop multiplies ``1 - out²`` (tanh's derivative) by a gradient, it normally
computes with floats. Given this kit instead, the same formula builds ``1 - out*out`` out
of Values, connected to the graph that ``out`` belongs to: the derivative has a graph of
its own and can be differentiated again. That is all that higher derivatives need; no
derivative is written a second time (see :mod:`autograd.kit`).

Each function takes Values or plain numbers (constants in a formula, such as the ``1.0``
of ``1 - out²``); where no Value is involved it computes with the float kit.
"""

from __future__ import annotations

from autograd import floats
from autograd.kit import Number
from autograd.value import Value


def divide(a: Number, b: Number) -> Number:
    """``a / b``."""
    if isinstance(a, Value) or isinstance(b, Value):
        return a / b
    return floats.divide(a, b)


def exp(a: Number) -> Number:
    """``e**a``."""
    return a.exp() if isinstance(a, Value) else floats.exp(a)


def log(a: Number) -> Number:
    """Natural log."""
    return a.log() if isinstance(a, Value) else floats.log(a)


def log1p(a: Number) -> Number:
    """``log(1 + a)``, as ``ln`` of ``1 + a`` (the engine has no op of its own for it, so
    digits are lost for ``|a|`` below about 1e-8; only BCE's derivative uses it)."""
    return (1.0 + a).log() if isinstance(a, Value) else floats.log1p(a)


def sqrt(a: Number) -> Number:
    """Square root."""
    return a.sqrt() if isinstance(a, Value) else floats.sqrt(a)


def power(a: Number, b: Number) -> Number:
    """``a ** b``: ``a ** 2`` on a Value records the op ``**2``, ``a ** b`` of two Values
    the op ``**`` with both inputs."""
    if isinstance(a, Value) or isinstance(b, Value):
        return a**b
    return floats.power(a, b)


def tanh(a: Number) -> Number:
    """Hyperbolic tangent."""
    return a.tanh() if isinstance(a, Value) else floats.tanh(a)


def sigmoid(a: Number) -> Number:
    """Logistic function."""
    return a.sigmoid() if isinstance(a, Value) else floats.sigmoid(a)


def softplus(a: Number) -> Number:
    """``log(1 + e**a)``."""
    return a.softplus() if isinstance(a, Value) else floats.softplus(a)


def sign(a: Number) -> float:
    """``-1``, ``0`` or ``1``: a constant, since its derivative is 0 wherever it has one."""
    return floats.sign(a.data if isinstance(a, Value) else a)


#: ``if_true`` if ``condition`` else ``if_false``: the float kit's own choice, since the
#: condition compares Values by their numbers (``a <= 0.0``) and gives a plain bool; only the
#: chosen branch's graph is kept.
where = floats.where
