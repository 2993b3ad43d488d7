"""The op table, op by op: forward against Python's math, gradients against central
differences and against PyTorch float64.

Every test is parametrized over ``autograd.ops.OPS`` itself, so a new op is tested as
soon as it is added, and ``test_every_op_has_a_case`` fails until it has a row in
``CASES`` below.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import ops
from autograd.value import Value, apply

Point = tuple[float, ...]


@dataclass(frozen=True)
class OpCase:
    """How the tests drive one op.

    A point is ``(inputs..., constants...)``: the op's ``arity`` inputs (which get
    gradients) followed by constants such as the exponent of ``a**n``.

    Attributes:
        build: Values and constants -> the op's output, through Value's public API.
        math_forward: floats and constants -> the expected value, from Python's math.
        torch_forward: (the torch module, tensors, constants) -> the output tensor.
        points: points inside the op's smooth domain (away from kinks and overflow).
    """

    build: Callable[..., Value]
    math_forward: Callable[..., float]
    torch_forward: Callable[..., Any]
    points: st.SearchStrategy[Point]


def real(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def away_from_zero(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.one_of(real(lo, hi), real(-hi, -lo))


ANY = real(-1e3, 1e3)
NONZERO = away_from_zero(1e-3, 1e3)  # keeps central differences off the kink at 0
POSITIVE = real(1e-3, 1e6)
PROBABILITY = real(1e-3, 1 - 1e-3)


def one(strategy: st.SearchStrategy[float]) -> st.SearchStrategy[Point]:
    return st.tuples(strategy)


def _leaky(a: float, slope: float) -> float:
    return a if a > 0 else slope * a


def _bce(p: float, y: float) -> float:
    return -(y * math.log(p) + (1 - y) * math.log1p(-p))


def _torch_softplus(torch: Any, a: Any) -> Any:
    # torch's default threshold=20 returns x itself (slope 1) above 20, off by up to
    # e**-20 = 2e-9; from 40 on, that shortcut is exact in float64.
    return torch.nn.functional.softplus(a, threshold=40.0)


CASES: dict[str, OpCase] = {
    "add": OpCase(lambda a, b: a + b, lambda a, b: a + b, lambda t, a, b: a + b,
                  st.tuples(ANY, ANY)),
    "sub": OpCase(lambda a, b: a - b, lambda a, b: a - b, lambda t, a, b: a - b,
                  st.tuples(ANY, ANY)),
    "mul": OpCase(lambda a, b: a * b, lambda a, b: a * b, lambda t, a, b: a * b,
                  st.tuples(ANY, ANY)),
    "div": OpCase(lambda a, b: a / b, lambda a, b: a / b, lambda t, a, b: a / b,
                  st.tuples(ANY, away_from_zero(0.1, 1e3))),
    "neg": OpCase(lambda a: -a, lambda a: -a, lambda t, a: -a, one(ANY)),
    "pow": OpCase(lambda a, b: a**b, math.pow, lambda t, a, b: t.pow(a, b),
                  st.tuples(real(0.05, 20.0), real(-4.0, 4.0))),
    "pow_const": OpCase(
        lambda a, n: a**n, math.pow, lambda t, a, n: t.pow(a, n),
        st.one_of(st.tuples(real(0.05, 20.0), real(-4.0, 4.0)),  # any exponent
                  st.tuples(away_from_zero(0.05, 20.0), st.integers(-4, 4).map(float))),
    ),
    "abs": OpCase(lambda a: abs(a), abs, lambda t, a: t.abs(a), one(NONZERO)),
    "relu": OpCase(lambda a: a.relu(), lambda a: max(a, 0.0), lambda t, a: t.relu(a),
                   one(NONZERO)),
    "leaky_relu": OpCase(
        # the op itself: Value.leaky_relu refuses a nan or inf slope, the op takes any float
        lambda a, slope: apply(ops.leaky_relu(slope), a), _leaky,
        lambda t, a, slope: t.nn.functional.leaky_relu(a, slope),
        st.tuples(NONZERO, st.one_of(st.just(0.01), real(0.0, 1.0))),
    ),
    "tanh": OpCase(lambda a: a.tanh(), math.tanh, lambda t, a: t.tanh(a), one(real(-20, 20))),
    "sigmoid": OpCase(lambda a: a.sigmoid(), lambda a: 1 / (1 + math.exp(-a)),
                      lambda t, a: t.sigmoid(a), one(real(-50, 50))),
    "softplus": OpCase(lambda a: a.softplus(), lambda a: math.log1p(math.exp(a)),
                       _torch_softplus, one(real(-50, 50))),
    "exp": OpCase(lambda a: a.exp(), math.exp, lambda t, a: t.exp(a), one(real(-300, 300))),
    "log": OpCase(lambda a: a.log(), math.log, lambda t, a: t.log(a), one(POSITIVE)),
    "sqrt": OpCase(lambda a: a.sqrt(), math.sqrt, lambda t, a: t.sqrt(a), one(POSITIVE)),
    "binary_cross_entropy": OpCase(
        lambda p, y: apply(ops.BCE, p, y), _bce,
        lambda t, p, y: t.nn.functional.binary_cross_entropy(p, y),
        st.tuples(PROBABILITY, real(0.0, 1.0)),
    ),
}

OP_NAMES = sorted(ops.OPS)
EXAMPLES = settings(max_examples=100, deadline=None)


def run_engine(name: str, point: Point) -> tuple[float, list[float]]:
    """Forward and backward through the engine: the output and each input's gradient."""
    arity = ops.OPS[name].arity
    inputs = [Value(x) for x in point[:arity]]
    out = CASES[name].build(*inputs, *point[arity:])
    out.backward()
    return out.data, [v.grad for v in inputs]


def run_torch(torch: Any, name: str, point: Point) -> tuple[float, list[float]]:
    """The same through PyTorch in float64."""
    arity = ops.OPS[name].arity
    inputs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in point[:arity]]
    out = CASES[name].torch_forward(torch, *inputs, *point[arity:])
    out.backward()
    return out.item(), [0.0 if t.grad is None else t.grad.item() for t in inputs]


def central_difference(f: Callable[..., float], point: Point, i: int) -> tuple[float, float]:
    """``df/dx_i`` by central differences, and a bound on that estimate's own error."""

    def difference(h: float) -> tuple[float, float]:
        up, down = list(point), list(point)
        up[i] += h
        down[i] -= h
        f_up, f_down = f(*up), f(*down)
        # Each f is off by a few ulps; divided by the step, that is the difference's noise.
        noise = 1e-13 * max(abs(f_up), abs(f_down)) / h
        return (f_up - f_down) / (up[i] - down[i]), noise

    h = 1e-6 * max(1.0, abs(point[i]))
    numeric, noise = difference(h)
    # The truncation error is O(h²): doubling h quadruples it, so the change between
    # the two estimates is three times the error of the finer one.
    coarse, coarse_noise = difference(2 * h)
    return numeric, noise + coarse_noise + abs(coarse - numeric)


def same_float(a: float, b: float, rel: float = 1e-9, abs_tol: float = 1e-12) -> bool:
    """Equal up to rounding; nan matches nan and an infinity only itself."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


# ---------------------------------------------------------------- the table itself


def test_every_op_has_a_case() -> None:
    missing = sorted(set(ops.OPS) - set(CASES))
    assert not missing, f"ops without test cases: {missing}; add them to CASES"
    assert set(CASES) == set(ops.OPS)


@pytest.mark.parametrize("name", OP_NAMES)
def test_case_builds_that_op_with_one_derivative_per_input(name: str) -> None:
    arity = ops.OPS[name].arity

    @settings(max_examples=5, deadline=None)
    @given(CASES[name].points)
    def check(point: Point) -> None:
        inputs = [Value(x) for x in point[:arity]]
        out = CASES[name].build(*inputs, *point[arity:])
        assert type(out.op) is ops.OPS[name]
        assert all(got is given for got, given in zip(out.inputs, inputs, strict=True))
        local = out.op.derivatives(*point[:arity], out.data)
        assert isinstance(local, tuple) and [type(d) for d in local] == [float] * arity

    check()


def _argument_names(cls: type, method: str) -> list[str]:
    """The names a method of an op class takes, without ``self`` (a staticmethod such as
    ``Add.forward = staticmethod(operator.add)`` has none) and without the number ``kit``."""
    names = list(inspect.signature(getattr(cls, method)).parameters)
    names = names if isinstance(inspect.getattr_static(cls, method), staticmethod) else names[1:]
    return [name for name in names if name != "kit"]


@pytest.mark.parametrize("name", OP_NAMES)
def test_docstring_formula_matches_the_code(name: str) -> None:
    cls = ops.OPS[name]
    assert cls.name == name and cls.arity == len(cls.input_names) >= 1
    forward_args = _argument_names(cls, "forward")
    derivative_args = _argument_names(cls, "derivatives")
    assert forward_args == list(cls.input_names)
    assert derivative_args == [*cls.input_names, "out"]
    assert cls.formula and len(cls.derivative_formulas) == cls.arity
    assert all(cls.derivative_formulas)
    first_line = inspect.getdoc(cls).splitlines()[0]  # type: ignore[union-attr]
    assert cls.formula in first_line
    for input_name, derivative in zip(cls.input_names, cls.derivative_formulas, strict=True):
        assert f"df/d{input_name} = {derivative}" in first_line


def test_parameters_and_symbols() -> None:
    assert ops.pow_const(3.0).parameters == {"n": 3.0}
    assert ops.pow_const(2.0) is ops.pow_const(2.0)  # x**2 everywhere shares one op
    assert ops.pow_const(2.0).symbol == "**2" and ops.pow_const(0.5).symbol == "**0.5"
    assert ops.leaky_relu(0.2).parameters == {"slope": 0.2}
    assert ops.ADD.parameters == {} and str(ops.MUL) == "*"
    assert (Value(3.0) ** 2).op.parameters == {"n": 2.0}  # type: ignore[union-attr]


# ---------------------------------------------------------------- each op, many points


@pytest.mark.parametrize("name", OP_NAMES)
def test_forward_matches_math_and_gradient_central_differences(name: str) -> None:
    case, arity = CASES[name], ops.OPS[name].arity

    @EXAMPLES
    @given(case.points)
    def check(point: Point) -> None:
        out, grads = run_engine(name, point)
        expected = case.math_forward(*point)
        assert math.isclose(out, expected, rel_tol=1e-12, abs_tol=1e-300), (out, expected)
        for i in range(arity):
            numeric, error_bound = central_difference(case.math_forward, point, i)
            tolerance = 1e-6 * abs(numeric) + error_bound + 1e-12
            assert abs(grads[i] - numeric) <= tolerance, (i, grads[i], numeric)

    check()


@pytest.mark.parametrize("name", OP_NAMES)
def test_forward_and_gradients_match_torch(name: str) -> None:
    torch = pytest.importorskip("torch")

    @EXAMPLES
    @given(CASES[name].points)
    def check(point: Point) -> None:
        out, grads = run_engine(name, point)
        torch_out, torch_grads = run_torch(torch, name, point)
        assert same_float(out, torch_out), (out, torch_out)
        for i, (g, t) in enumerate(zip(grads, torch_grads, strict=True)):
            assert same_float(g, t), (i, g, t)

    check()


# ---------------------------------------------------------------- any float at all

ANY_FLOAT = st.one_of(
    st.floats(),  # nan, ±inf, subnormals, ±0.0 and huge numbers included
    st.sampled_from([0.0, -0.0, 1e308, -1e308, 1000.0, -1000.0, 710.0, -745.0, 5e-324]),
)
UNIT_INTERVAL = st.one_of(st.sampled_from([0.0, 1.0, 5e-324, 1e-50, 1 - 1e-16]), real(0, 1))


def any_point(name: str) -> st.SearchStrategy[Point]:
    """Points anywhere, special values included; BCE keeps to [0, 1], as torch insists."""
    if name == "binary_cross_entropy":
        return st.tuples(UNIT_INTERVAL, UNIT_INTERVAL)
    cls = ops.OPS[name]
    constants = {"pow_const": 1, "leaky_relu": 1}.get(name, 0)
    return st.tuples(*[ANY_FLOAT] * (cls.arity + constants))


@pytest.mark.parametrize("name", OP_NAMES)
def test_any_floats_never_raise(name: str) -> None:
    """Arithmetic never raises OverflowError, ZeroDivisionError or ValueError."""

    @EXAMPLES
    @given(any_point(name))
    def check(point: Point) -> None:
        out, grads = run_engine(name, point)
        assert type(out) is float and all(type(g) is float for g in grads)

    check()


def _torch_agrees_here(name: str, point: Point) -> bool:
    """False where torch is known to take a different, documented road.

    torch computes ``x**0.5`` and ``x**-0.5`` (also inside the gradient of ``x**1.5``) as
    sqrt and rsqrt, which differ from C's ``pow`` at ``-0.0`` and ``-inf``; the engine
    follows ``pow`` everywhere.
    """
    if name == "pow_const" and point[1] in (0.5, -0.5, 1.5):
        return point[0] not in (0.0, -math.inf)
    return True


@pytest.mark.parametrize("name", OP_NAMES)
def test_any_floats_match_torch(name: str) -> None:
    """inf, nan, signed zeros and overflow come out exactly as PyTorch gives them."""
    torch = pytest.importorskip("torch")

    @EXAMPLES
    @given(any_point(name))
    def check(point: Point) -> None:
        if not _torch_agrees_here(name, point):
            return
        out, grads = run_engine(name, point)
        torch_out, torch_grads = run_torch(torch, name, point)
        # Only rounding may differ: a last-ulp difference in tanh(18) makes 1 - out²
        # 0 in one and 1e-15 in the other; subnormal sigmoids differ in their digits.
        assert same_float(out, torch_out, abs_tol=1e-15), (out, torch_out)
        if name == "binary_cross_entropy" and not math.exp(-100) <= point[0] < 1.0:
            # A log term is clamped at -100 here: the engine differentiates the clamped
            # formula, torch gives -logit(p) (see test_bce_target_gradient_where_clamped).
            torch_grads[1] = grads[1]
        for i, (g, t) in enumerate(zip(grads, torch_grads, strict=True)):
            assert same_float(g, t, abs_tol=1e-15), (i, g, t)

    check()


@pytest.mark.parametrize("x", [-0.0, 0.0, -math.inf, math.inf, -1.0])
def test_sqrt_at_signed_zero_and_infinities_matches_torch(x: float) -> None:
    torch = pytest.importorskip("torch")
    v = Value(x)
    out = v.sqrt()
    out.backward()
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    out_t = torch.sqrt(t)
    out_t.backward()
    assert str(out.data) == str(out_t.item())  # the sign of a zero counts: "-0.0"
    grad_t = t.grad.item()  # type: ignore[union-attr]
    assert v.grad == grad_t or (math.isnan(v.grad) and math.isnan(grad_t))


# C99 Annex F's pow(x, n), and the slope n*pow(x, n - 1), where torch's sqrt/rsqrt differ.
C_POW = {
    (-0.0, 0.5): (0.0, math.inf), (-0.0, -0.5): (math.inf, -math.inf),
    (-0.0, 1.5): (0.0, 0.0), (-math.inf, 0.5): (math.inf, 0.0),
    (-math.inf, -0.5): (0.0, -0.0), (-math.inf, 1.5): (math.inf, math.inf),
}


@pytest.mark.parametrize(("x", "n"), list(C_POW), ids=str)
def test_pow_const_follows_c_pow_where_torch_takes_sqrt(x: float, n: float) -> None:
    """The documented difference (PowConst's docstring): C's pow, not torch's sqrt/rsqrt."""
    value, slope = C_POW[x, n]
    out = (Value(x) ** n).data
    assert str(out) == str(value)
    assert str(ops.pow_const(n).derivatives(x, out)[0]) == str(slope)
