r"""The number kit: the few functions an op needs, for each kind of number it runs on.

Every op in :mod:`autograd.ops` writes its forward and its derivatives exactly once, in
terms of Python's arithmetic operators (``+ - * /`` on a constant, unary ``-``,
comparisons, ``&``) and of the functions listed in :class:`NumberKit`. Which numbers
they compute with is up to the kit passed in:

==========================  =====================================  ==========================
kit                         numbers                                used by
==========================  =====================================  ==========================
:mod:`autograd.floats`      Python floats                          ``Value`` and ``backward``
NumPy kit (the tape)        NumPy arrays, one entry per example    replaying a traced graph
Value kit (higher order)    ``Value``\ s, so the result has a graph derivatives of derivatives
==========================  =====================================  ==========================

Every kit follows IEEE 754 as PyTorch does (``exp(1000) = inf``, ``log(0) = -inf``,
``divide(1, 0) = inf``) and never raises on a special value, so the same formula gives
the same number whichever kit runs it: the tests check that the kits agree.

A kit is anything with these functions as attributes: a module (the float kit is the
module :mod:`autograd.floats`) or a class of static methods.
"""

from __future__ import annotations

from typing import Any, Protocol

#: A number of whatever kind a kit computes with: a float, a NumPy array or a Value.
Number = Any


class NumberKit(Protocol):
    """The functions an op may call besides Python's operators, for one kind of number."""

    def divide(self, a: Number, b: Number) -> Number:
        """``a / b``, with ``±inf`` or ``nan`` for a zero divisor."""

    def exp(self, a: Number) -> Number:
        """``e**a``, ``inf`` on overflow."""

    def log(self, a: Number) -> Number:
        """Natural log: ``-inf`` at 0, ``nan`` below."""

    def log1p(self, a: Number) -> Number:
        """``log(1 + a)``, accurate for small ``a``."""

    def sqrt(self, a: Number) -> Number:
        """Square root, ``nan`` below 0."""

    def power(self, a: Number, b: Number) -> Number:
        """``a ** b`` as C's ``pow``: ``nan`` for a negative base with a fractional exponent."""

    def tanh(self, a: Number) -> Number:
        """Hyperbolic tangent."""

    def sigmoid(self, a: Number) -> Number:
        """``1 / (1 + e**-a)``, without overflow."""

    def softplus(self, a: Number) -> Number:
        """``log(1 + e**a)``, without overflow."""

    def sign(self, a: Number) -> Number:
        """``-1``, ``0`` or ``1`` (``0`` for ``nan``, as ``torch.sign``)."""

    def where(self, condition: Any, if_true: Number, if_false: Number) -> Number:
        """``if_true`` where ``condition`` holds, else ``if_false`` (element by element)."""
