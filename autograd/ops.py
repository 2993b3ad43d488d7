r"""The op table: every operation the engine knows, each written exactly once.

An op is a small class with two methods side by side:

* ``forward(*inputs)``: the value, from the input values (plain floats);
* ``derivatives(*inputs, out)``: the local derivative of the output with respect to
  each input, from the same floats and the output value (a tuple, one per input).

The first line of each class's raw docstring is the math, in the form
``f(a, b) = a*b;  df/da = b,  df/db = a``. It is parsed when the class is defined
into :attr:`Op.formula` and :attr:`Op.derivative_formulas`, so the drawing, the
backprop stepper and the docs all show the very formula the code was written from.

``Value``'s operators call these ops; backprop multiplies each local derivative by
the output's gradient (the chain rule) and adds it to the input's gradient.
All arithmetic goes through :mod:`autograd.floats`, so results follow IEEE 754
(``inf``/``nan``) and never raise.
"""

from __future__ import annotations

import functools
import math
import operator
import re
from typing import ClassVar

from autograd import floats
from autograd.formatting import constant_text

_FIRST_LINE = re.compile(r"^f\((?P<args>[^)]*)\) = (?P<formula>.+?);\s+(?P<derivatives>df/d.*)$")
_DERIVATIVE = re.compile(r"df/d(?P<arg>\w+) = (?P<formula>.+?)(?=,\s+df/d\w+ = |$)")


class Op:
    """Base of every op. Subclasses set ``name`` and ``symbol`` and write the math
    in the first line of their docstring.

    Attributes:
        name: identifier, as in ``OPS[name]``.
        symbol: what a drawing shows in the op's node, e.g. ``"*"`` or ``"tanh"``; a
            constant in it is written as formulas write it (``**2``, ``**0.3333``).
        arity: how many inputs it takes (read from the docstring).
        input_names: the docstring's names for the inputs, e.g. ``("a", "b")``.
        formula: the output as a formula of those names, e.g. ``"a*b"``.
        derivative_formulas: ``d out / d input`` for each input, e.g. ``("b", "a")``.
    """

    name: ClassVar[str] = ""
    symbol: ClassVar[str] = ""
    arity: ClassVar[int]
    input_names: ClassVar[tuple[str, ...]]
    formula: ClassVar[str]
    derivative_formulas: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        doc_lines = (cls.__doc__ or "").strip().splitlines()
        first_line = doc_lines[0] if doc_lines else ""  # a blank docstring has no lines at all
        match = _FIRST_LINE.match(first_line)
        if match is None:
            raise TypeError(
                f"op {cls.__name__}: the docstring must start with "
                f"'f(a, ...) = ...;  df/da = ...', got {first_line!r}"
            )
        names = tuple(arg.strip() for arg in match["args"].split(","))
        derivatives = dict(
            (m["arg"], m["formula"].strip()) for m in _DERIVATIVE.finditer(match["derivatives"])
        )
        if tuple(derivatives) != names:
            raise TypeError(
                f"op {cls.__name__}: derivatives given for {tuple(derivatives)}, "
                f"but the inputs are {names}"
            )
        if len(names) > 2:
            raise TypeError(
                f"op {cls.__name__}: a node holds one or two inputs, but the docstring "
                f"names {len(names)}: {names}"
            )
        cls.arity = len(names)
        cls.input_names = names
        cls.formula = match["formula"].strip()
        cls.derivative_formulas = tuple(derivatives[n] for n in names)

    def forward(self, *inputs: float) -> float:
        """The output value from the input values."""
        raise NotImplementedError

    def derivatives(self, *inputs_and_out: float) -> tuple[float, ...]:
        """Local derivatives ``d out / d input``, one per input, given the inputs and ``out``."""
        raise NotImplementedError

    @property
    def parameters(self) -> dict[str, float]:
        """Constants baked into this op (such as the exponent of ``a**n``), by name."""
        return {}

    def __repr__(self) -> str:
        return f"<op {self.symbol}>"

    def __str__(self) -> str:
        return self.symbol


# ---------------------------------------------------------------- arithmetic
# The forward of +, - and * (and unary -) is Python's own operator, as a function written
# in C: ``operator.mul(a, b)`` is exactly ``a * b``. A call to it costs a fraction of a
# call to a Python method, and these ops make up most of every graph.


class Add(Op):
    r"""f(a, b) = a + b;  df/da = 1,  df/db = 1"""

    name, symbol = "add", "+"

    forward = staticmethod(operator.add)  # type: ignore[assignment]

    def derivatives(self, a: float, b: float, out: float) -> tuple[float, float]:  # type: ignore[override]
        return 1.0, 1.0


class Sub(Op):
    r"""f(a, b) = a - b;  df/da = 1,  df/db = -1"""

    name, symbol = "sub", "-"

    forward = staticmethod(operator.sub)  # type: ignore[assignment]

    def derivatives(self, a: float, b: float, out: float) -> tuple[float, float]:  # type: ignore[override]
        return 1.0, -1.0


class Mul(Op):
    r"""f(a, b) = a*b;  df/da = b,  df/db = a"""

    name, symbol = "mul", "*"

    forward = staticmethod(operator.mul)  # type: ignore[assignment]

    def derivatives(self, a: float, b: float, out: float) -> tuple[float, float]:  # type: ignore[override]
        return b, a


class Div(Op):
    r"""f(a, b) = a/b;  df/da = 1/b,  df/db = -a/b²"""

    name, symbol = "div", "/"

    def forward(self, a: float, b: float) -> float:  # type: ignore[override]
        return floats.divide(a, b)

    def derivatives(self, a: float, b: float, out: float) -> tuple[float, float]:  # type: ignore[override]
        # -a/b² is computed as -(a/b)/b, as PyTorch does: b*b overflows to inf (or
        # underflows to 0) for |b| beyond about 1e±154, where (a/b)/b is still exact.
        return floats.divide(1.0, b), -floats.divide(out, b)


class Neg(Op):
    r"""f(a) = -a;  df/da = -1"""

    name, symbol = "neg", "-"

    forward = staticmethod(operator.neg)  # type: ignore[assignment]

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        return (-1.0,)


class Pow(Op):
    r"""f(a, b) = a**b;  df/da = b*a**(b-1),  df/db = a**b*ln(a)

    Both base and exponent are Values. As in PyTorch, ``df/da`` is 0 when ``b = 0``,
    and ``df/db`` is 0 when ``a = 0`` and ``b >= 0`` (where ``ln(a)`` would be ``-inf``).
    """

    name, symbol = "pow", "**"

    def forward(self, a: float, b: float) -> float:  # type: ignore[override]
        return floats.power(a, b)

    def derivatives(self, a: float, b: float, out: float) -> tuple[float, float]:  # type: ignore[override]
        d_base = 0.0 if b == 0.0 else b * floats.power(a, b - 1.0)
        d_exponent = 0.0 if (a == 0.0 and b >= 0.0) else out * floats.log(a)
        return d_base, d_exponent


class PowConst(Op):
    r"""f(a) = a**n;  df/da = n*a**(n-1)

    ``n`` is a constant number, as in ``x**2``: the exponent gets no gradient and is
    drawn inside the op (``**2``). ``df/da`` is 0 when ``n = 0``, as in PyTorch.
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

    def forward(self, a: float) -> float:  # type: ignore[override]
        return floats.power(a, self.n)

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        n = self.n
        return (0.0 if n == 0.0 else n * floats.power(a, n - 1.0),)


class Abs(Op):
    r"""f(a) = |a|;  df/da = sign(a)

    ``sign(0) = 0``, as in PyTorch.
    """

    name, symbol = "abs", "abs"

    def forward(self, a: float) -> float:  # type: ignore[override]
        return abs(a)

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        return (floats.sign(a),)


# ---------------------------------------------------------------- activations


class ReLU(Op):
    r"""f(a) = max(a, 0);  df/da = 1 if a > 0 else 0"""

    name, symbol = "relu", "relu"

    def forward(self, a: float) -> float:  # type: ignore[override]
        return 0.0 if a <= 0.0 else a  # written this way round so that relu(nan) is nan

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        return (0.0 if a <= 0.0 else 1.0,)


class LeakyReLU(Op):
    r"""f(a) = a if a > 0 else slope*a;  df/da = 1 if a > 0 else slope"""

    name = "leaky_relu"

    def __init__(self, slope: float) -> None:
        self.slope = slope

    @property
    def symbol(self) -> str:  # type: ignore[override]
        return f"leaky_relu({constant_text(self.slope)})"

    @property
    def parameters(self) -> dict[str, float]:
        return {"slope": self.slope}

    def forward(self, a: float) -> float:  # type: ignore[override]
        return a if a > 0.0 else self.slope * a

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        return (1.0 if a > 0.0 else self.slope,)


class Tanh(Op):
    r"""f(a) = tanh(a);  df/da = 1 - out²"""

    name, symbol = "tanh", "tanh"

    def forward(self, a: float) -> float:  # type: ignore[override]
        return math.tanh(a)

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        return (1.0 - out * out,)


class Sigmoid(Op):
    r"""f(a) = 1/(1 + e**-a);  df/da = out*(1 - out)

    Computed without overflow for any ``a`` (see :func:`autograd.floats.sigmoid`).
    """

    name, symbol = "sigmoid", "σ"

    def forward(self, a: float) -> float:  # type: ignore[override]
        return floats.sigmoid(a)

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        return (out * (1.0 - out),)


class Softplus(Op):
    r"""f(a) = ln(1 + e**a);  df/da = sigmoid(a)

    Computed as ``max(a, 0) + ln(1 + e**-|a|)``, which never overflows. It is the
    smooth cousin of relu and the heart of the stable logits losses:
    ``-ln(sigmoid(z)) = softplus(-z)``.
    """

    name, symbol = "softplus", "softplus"

    def forward(self, a: float) -> float:  # type: ignore[override]
        return floats.softplus(a)

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        return (floats.sigmoid(a),)


# ---------------------------------------------------------------- exp, log, sqrt


class Exp(Op):
    r"""f(a) = e**a;  df/da = out"""

    name, symbol = "exp", "exp"

    def forward(self, a: float) -> float:  # type: ignore[override]
        return floats.exp(a)

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        return (out,)


class Log(Op):
    r"""f(a) = ln(a);  df/da = 1/a"""

    name, symbol = "log", "log"

    def forward(self, a: float) -> float:  # type: ignore[override]
        return floats.log(a)

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        return (floats.divide(1.0, a),)


class Sqrt(Op):
    r"""f(a) = sqrt(a);  df/da = 1/(2*out)"""

    name, symbol = "sqrt", "√"

    def forward(self, a: float) -> float:  # type: ignore[override]
        return floats.sqrt(a)

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        return (floats.divide(1.0, 2.0 * out),)


# ---------------------------------------------------------------- a fused loss op


class BinaryCrossEntropy(Op):
    r"""f(p, y) = -(y*max(ln(p), -100) + (1 - y)*max(ln(1 - p), -100));  df/dp = (p - y)/max(p*(1 - p), 1e-12),  df/dy = max(ln(1 - p), -100) - max(ln(p), -100)

    Binary cross-entropy of a probability ``p`` against a target ``y``, exactly as
    ``torch.nn.BCELoss`` computes it: each log term is clamped at -100 so that a
    confident wrong answer (``p = 0``, ``y = 1``) costs 100 instead of ``inf``, and
    the derivative's denominator is kept at least 1e-12 instead of dividing by 0.
    One node instead of six keeps ``0 * inf = nan`` out of the backward pass.

    ``ln(1 - p)`` is computed as ``log1p(-p)``, which keeps its digits for a tiny ``p``
    (``1 - p`` rounds ``p = 1e-17`` away entirely). PyTorch's 1e-12 is a float32
    constant, so the clamp uses the float32 nearest 1e-12, as it does.
    ``df/dy`` is the derivative of the clamped formula above; PyTorch instead gives
    ``-logit(p)``, which is ``±inf`` at ``p = 0`` or ``1`` where this op gives ``±100``.
    """

    name, symbol = "binary_cross_entropy", "bce"

    def forward(self, p: float, y: float) -> float:  # type: ignore[override]
        log_p = max(floats.log(p), -100.0)
        log_not_p = max(floats.log1p(-p), -100.0)
        return -(y * log_p + (1.0 - y) * log_not_p)

    def derivatives(self, p: float, y: float, out: float) -> tuple[float, float]:  # type: ignore[override]
        d_p = (p - y) / max(p * (1.0 - p), _BCE_EPSILON)
        d_y = max(floats.log1p(-p), -100.0) - max(floats.log(p), -100.0)
        return d_p, d_y


#: 1e-12 rounded to float32, the smallest denominator of PyTorch's BCE gradient.
_BCE_EPSILON = 9.999999960041972e-13


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
