r"""The op table: every operation the engine knows, each written exactly once.

Each op is a subclass of :class:`~autograd.op_definition.Op` (also importable from here):
its ``forward`` and its ``derivatives`` side by side, under a raw docstring whose first
line is the math, ``f(a, b) = a*b;  df/da = b,  df/db = a``.

``Value``'s operators call these ops; backprop multiplies each local derivative by
the output's gradient (the chain rule) and adds it to the input's gradient.
Each formula is written once, against a number kit (:mod:`autograd.kit`): the
functions ``kit.exp``, ``kit.where``, ... and Python's operators. With the default kit,
:mod:`autograd.floats`, results are Python floats that follow IEEE 754 (``inf``/``nan``)
and never raise; the tape runs the same formulas on NumPy arrays, and higher derivatives
run them on Values, so no derivative is ever written twice.

The arithmetic ops and ``exp``, ``log``, ``sqrt`` are written here; the activations in
:mod:`autograd.activation_ops` and the fused loss op in :mod:`autograd.loss_ops`. All of
them have their shared instance here and are importable from here: this module is the
table.
"""

from __future__ import annotations

import functools
import operator

from autograd import floats
from autograd.activation_ops import LeakyReLU, ReLU, Sigmoid, Softplus, Tanh
from autograd.formatting import constant_text
from autograd.kit import NumberKit
from autograd.loss_ops import BinaryCrossEntropy
from autograd.op_definition import Op as Op  # re-exported: ops are defined from it

# ---------------------------------------------------------------- arithmetic
# The forward of +, - and * (and unary -) is Python's own operator, as a function written
# in C: ``operator.mul(a, b)`` is exactly ``a * b``. A call to it costs a fraction of a
# call to a Python method, and these ops make up most of every graph. It needs no kit:
# the operator already works on floats, NumPy arrays and Values alike.
#
# In the formulas below, `a`, `b` and `out` are numbers of the kit's kind; every
# signature is typed with floats, the kind the engine itself runs them on.


class Add(Op):
    r"""f(a, b) = a + b;  df/da = 1,  df/db = 1"""

    name, symbol = "add", "+"

    forward = staticmethod(operator.add)  # type: ignore[assignment]
    forward_is_operator = True

    def derivatives(self, a: float, b: float, out: float, kit: NumberKit = floats) -> tuple[float, float]:  # type: ignore[override]
        return 1.0, 1.0


class Sub(Op):
    r"""f(a, b) = a - b;  df/da = 1,  df/db = -1"""

    name, symbol = "sub", "-"

    forward = staticmethod(operator.sub)  # type: ignore[assignment]
    forward_is_operator = True

    def derivatives(self, a: float, b: float, out: float, kit: NumberKit = floats) -> tuple[float, float]:  # type: ignore[override]
        return 1.0, -1.0


class Mul(Op):
    r"""f(a, b) = a*b;  df/da = b,  df/db = a"""

    name, symbol = "mul", "*"

    forward = staticmethod(operator.mul)  # type: ignore[assignment]
    forward_is_operator = True

    def derivatives(self, a: float, b: float, out: float, kit: NumberKit = floats) -> tuple[float, float]:  # type: ignore[override]
        return b, a


class Div(Op):
    r"""f(a, b) = a/b;  df/da = 1/b,  df/db = -a/b²"""

    name, symbol = "div", "/"

    def forward(self, a: float, b: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return kit.divide(a, b)

    def derivatives(self, a: float, b: float, out: float, kit: NumberKit = floats) -> tuple[float, float]:  # type: ignore[override]
        # -a/b² is computed as -(a/b)/b, as PyTorch does: b*b overflows to inf (or
        # underflows to 0) for |b| beyond about 1e±154, where (a/b)/b is still exact.
        return kit.divide(1.0, b), -kit.divide(out, b)


class Neg(Op):
    r"""f(a) = -a;  df/da = -1"""

    name, symbol = "neg", "-"

    forward = staticmethod(operator.neg)  # type: ignore[assignment]
    forward_is_operator = True

    def derivatives(self, a: float, out: float, kit: NumberKit = floats) -> tuple[float]:  # type: ignore[override]
        return (-1.0,)


class Pow(Op):
    r"""f(a, b) = a**b;  df/da = b*a**(b-1),  df/db = a**b*ln(a)

    Both base and exponent are Values. As in PyTorch, ``df/da`` is 0 when ``b = 0``,
    and ``df/db`` is 0 when ``a = 0`` and ``b >= 0`` (where ``ln(a)`` would be ``-inf``).
    """

    name, symbol = "pow", "**"

    def forward(self, a: float, b: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return kit.power(a, b)

    def derivatives(self, a: float, b: float, out: float, kit: NumberKit = floats) -> tuple[float, float]:  # type: ignore[override]
        d_base = kit.where(b == 0.0, 0.0, b * kit.power(a, b - 1.0))
        d_exponent = kit.where((a == 0.0) & (b >= 0.0), 0.0, out * kit.log(a))
        return d_base, d_exponent


class PowConst(Op):
    r"""f(a) = a**n;  df/da = n*a**(n-1)

    ``n`` is a constant number, as in ``x**2``: the exponent gets no gradient and is
    drawn inside the op (``**2``). ``df/da`` is 0 when ``n = 0``, as in PyTorch.

    Every ``n`` follows C's ``pow`` (Python's ``math.pow``): one rule for all exponents,
    so ``x**0.5`` agrees with ``x**0.5000001`` beside it. PyTorch computes ``x**0.5`` and
    ``x**-0.5`` as ``sqrt`` and ``rsqrt`` instead, which differ at ``-0.0`` (``-0.0`` and
    ``-inf`` where ``pow`` gives ``0.0`` and ``inf``) and at ``-inf`` (``nan`` where ``pow``
    gives ``inf`` and ``0.0``), in the gradient of ``x**1.5`` too. For torch's square root,
    write ``x.sqrt()``: it matches torch at both, gradients included.
    """

    name = "pow_const"

    def __init__(self, n: float) -> None:
        self.n = n

    @property
    def symbol(self) -> str:  # type: ignore[override]
        return f"**{constant_text(self.n)}"

    @property
    def parameters(self) -> dict[str, float]:
        return {"n": self.n}

    def forward(self, a: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return kit.power(a, self.n)

    def derivatives(self, a: float, out: float, kit: NumberKit = floats) -> tuple[float]:  # type: ignore[override]
        n = self.n  # a constant, so a plain `if` on it is the same for every kind of number
        return (0.0 if n == 0.0 else n * kit.power(a, n - 1.0),)


class Abs(Op):
    r"""f(a) = |a|;  df/da = sign(a)

    ``sign(0) = 0``, as in PyTorch.
    """

    name, symbol = "abs", "abs"

    def forward(self, a: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return abs(a)  # abs() works on floats, NumPy arrays and Values alike

    def derivatives(self, a: float, out: float, kit: NumberKit = floats) -> tuple[float]:  # type: ignore[override]
        return (kit.sign(a),)


# ---------------------------------------------------------------- exp, log, sqrt


class Exp(Op):
    r"""f(a) = e**a;  df/da = out"""

    name, symbol = "exp", "exp"

    def forward(self, a: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return kit.exp(a)

    def derivatives(self, a: float, out: float, kit: NumberKit = floats) -> tuple[float]:  # type: ignore[override]
        return (out,)


class Log(Op):
    r"""f(a) = ln(a);  df/da = 1/a"""

    name, symbol = "log", "log"

    def forward(self, a: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return kit.log(a)

    def derivatives(self, a: float, out: float, kit: NumberKit = floats) -> tuple[float]:  # type: ignore[override]
        return (kit.divide(1.0, a),)


class Sqrt(Op):
    r"""f(a) = sqrt(a);  df/da = 1/(2*out)"""

    name, symbol = "sqrt", "√"

    def forward(self, a: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return kit.sqrt(a)

    def derivatives(self, a: float, out: float, kit: NumberKit = floats) -> tuple[float]:  # type: ignore[override]
        return (kit.divide(1.0, 2.0 * out),)


# One shared instance of every op without constants; ops with a constant are made per use.
ADD, SUB, MUL, DIV, NEG, POW, ABS = Add(), Sub(), Mul(), Div(), Neg(), Pow(), Abs()
RELU, TANH, SIGMOID, SOFTPLUS = ReLU(), Tanh(), Sigmoid(), Softplus()
EXP, LOG, SQRT, BCE = Exp(), Log(), Sqrt(), BinaryCrossEntropy()


@functools.lru_cache(maxsize=256)
def pow_const(n: float) -> PowConst:
    """The op ``a**n`` for a constant ``n`` (cached: ``x**2`` everywhere shares one)."""
    return PowConst(n)


@functools.lru_cache(maxsize=64)
def leaky_relu(slope: float) -> LeakyReLU:
    """The op ``leaky_relu`` with a given negative slope (cached per slope)."""
    return LeakyReLU(slope)


#: Every op class by name, for code that needs them all: the tests check each one against
#: PyTorch and central differences, and the docs list them. (Drawings and steppers read
#: the op of each node instead.)
OPS: dict[str, type[Op]] = {
    cls.name: cls
    for cls in (Add, Sub, Mul, Div, Neg, Pow, PowConst, Abs, ReLU, LeakyReLU, Tanh,
                Sigmoid, Softplus, Exp, Log, Sqrt, BinaryCrossEntropy)
}
