"""IEEE 754 results instead of exceptions: the float helpers, then the same special cases
through Values (forward and gradient), each as PyTorch float64 gives them."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import floats, ops
from autograd.value import Value, apply

inf, nan = math.inf, math.nan
EXAMPLES = settings(max_examples=100, deadline=None)
ANY_FLOAT = st.floats()  # nan, ±inf, ±0.0, subnormals and huge numbers included


def same(a: float, b: float, rel: float = 1e-12) -> bool:
    """Equal up to rounding; nan matches nan and an infinity only itself (0.0 == -0.0)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-300)  # subnormals: last digits differ


# ---------------------------------------------------------------- the helpers

HELPER_TABLE = [  # the table in autograd/floats.py's docstring, and a few more
    (floats.divide, (1.0, 0.0), inf),
    (floats.divide, (-1.0, 0.0), -inf),
    (floats.divide, (1.0, -0.0), -inf),
    (floats.divide, (0.0, 0.0), nan),
    (floats.divide, (nan, 0.0), nan),
    (floats.exp, (1000.0,), inf),
    (floats.exp, (-1000.0,), 0.0),
    (floats.log, (0.0,), -inf),
    (floats.log, (-1.0,), nan),
    (floats.log1p, (-1.0,), -inf),
    (floats.log1p, (-2.0,), nan),
    (floats.log1p, (1e-20,), 1e-20),
    (floats.sqrt, (-1.0,), nan),
    (floats.sqrt, (-inf,), nan),
    (floats.power, (-8.0, 1 / 3), nan),
    (floats.power, (0.0, -1.0), inf),
    (floats.power, (-0.0, -1.0), -inf),
    (floats.power, (-0.0, -2.0), inf),
    (floats.power, (10.0, 400.0), inf),
    (floats.power, (-10.0, 401.0), -inf),
    (floats.power, (-10.0, 400.0), inf),
    (floats.power, (10.0, -400.0), 0.0),
    (floats.sigmoid, (1000.0,), 1.0),
    (floats.sigmoid, (-1000.0,), 0.0),
    (floats.sigmoid, (nan,), nan),
    (floats.softplus, (1000.0,), 1000.0),
    (floats.softplus, (-1000.0,), 0.0),
    (floats.softplus, (nan,), nan),
    (floats.sign, (-3.0,), -1.0),
    (floats.sign, (0.0,), 0.0),
    (floats.sign, (nan,), 0.0),  # as torch.sign
]


@pytest.mark.parametrize(("helper", "args", "expected"), HELPER_TABLE)
def test_helper_special_values(helper: Callable[..., float], args: tuple, expected: float) -> None:
    result = helper(*args)
    assert type(result) is float and same(result, expected), result


@EXAMPLES
@given(st.floats(-700, 700), st.floats(1e-300, 1e300), st.floats(-1e300, 1e300))
def test_helpers_agree_with_math_where_math_is_defined(x: float, positive: float, y: float) -> None:
    assert floats.exp(x) == math.exp(x) and floats.log(positive) == math.log(positive)
    assert floats.sqrt(positive) == math.sqrt(positive)
    assert floats.log1p(positive) == math.log1p(positive)
    assert same(floats.sigmoid(x), 1 / (1 + math.exp(-x)))
    assert same(floats.softplus(x), math.log1p(math.exp(x)))
    assert floats.divide(y, positive) == y / positive
    assert floats.power(positive, x / 1000) == math.pow(positive, x / 1000)


@EXAMPLES
@given(ANY_FLOAT, ANY_FLOAT)
def test_helpers_never_raise(a: float, b: float) -> None:
    for result in (floats.divide(a, b), floats.power(a, b), floats.exp(a), floats.log(a),
                   floats.log1p(a), floats.sqrt(a), floats.sigmoid(a), floats.softplus(a),
                   floats.sign(a)):
        assert type(result) is float
    assert floats.is_finite(a) == (not math.isinf(a) and not math.isnan(a))


@EXAMPLES
@given(ANY_FLOAT, ANY_FLOAT)
def test_helpers_match_torch_on_any_floats(a: float, b: float) -> None:
    torch = pytest.importorskip("torch")
    ta, tb = torch.tensor(a, dtype=torch.float64), torch.tensor(b, dtype=torch.float64)
    pairs = [
        (floats.divide(a, b), ta / tb),
        (floats.power(a, b), torch.pow(ta, tb)),
        (floats.exp(a), torch.exp(ta)),
        (floats.log(a), torch.log(ta)),
        (floats.log1p(a), torch.log1p(ta)),
        (floats.sqrt(a), torch.sqrt(ta)),
        (floats.sigmoid(a), torch.sigmoid(ta)),
        (floats.softplus(a), torch.nn.functional.softplus(ta, threshold=40.0)),
        (floats.sign(a), torch.sign(ta)),
    ]
    for i, (ours, theirs) in enumerate(pairs):
        assert same(ours, theirs.item()), (i, ours, theirs.item())


# ---------------------------------------------------------------- through Values


def softplus(x: Any) -> Any:
    if isinstance(x, Value):
        return x.softplus()
    import torch

    return torch.nn.functional.softplus(x)


def leaky_relu(x: Any) -> Any:
    if isinstance(x, Value):
        return x.leaky_relu(0.1)
    import torch

    return torch.nn.functional.leaky_relu(x, 0.1)


# (what, function of Values or tensors, inputs, output, gradient for each input)
IEEE_CASES = [
    ("exp(1000)", lambda x: x.exp(), (1000.0,), inf, (inf,)),
    ("exp(-1000)", lambda x: x.exp(), (-1000.0,), 0.0, (0.0,)),
    ("10.0**400", lambda x: x**400, (10.0,), inf, (inf,)),
    ("(-10)**401", lambda x: x**401, (-10.0,), -inf, (inf,)),
    ("(-10)**400", lambda x: x**400, (-10.0,), inf, (-inf,)),
    ("10.0**b, b=400", lambda b: 10.0**b, (400.0,), inf, (inf,)),
    ("a**b, 10**400", lambda a, b: a**b, (10.0, 400.0), inf, (inf, inf)),
    ("log(0)", lambda x: x.log(), (0.0,), -inf, (inf,)),
    ("log(-1)", lambda x: x.log(), (-1.0,), nan, (-1.0,)),
    ("log(inf)", lambda x: x.log(), (inf,), inf, (0.0,)),
    ("1/0", lambda a, b: a / b, (1.0, 0.0), inf, (inf, -inf)),
    ("-1/0", lambda a, b: a / b, (-1.0, 0.0), -inf, (inf, inf)),
    ("0/0", lambda a, b: a / b, (0.0, 0.0), nan, (inf, nan)),
    ("1/x at 0", lambda x: 1 / x, (0.0,), inf, (-inf,)),
    ("1/inf", lambda a, b: a / b, (1.0, inf), 0.0, (0.0, 0.0)),
    ("sqrt(-1)", lambda x: x.sqrt(), (-1.0,), nan, (nan,)),
    ("sqrt(0)", lambda x: x.sqrt(), (0.0,), 0.0, (inf,)),
    ("(-8)**(1/3)", lambda x: x ** (1 / 3), (-8.0,), nan, (nan,)),
    ("0**-1", lambda x: x**-1, (0.0,), inf, (-inf,)),
    ("0**b, b=-1", lambda a, b: a**b, (0.0, -1.0), inf, (-inf, -inf)),
    ("0**b, b=0", lambda a, b: a**b, (0.0, 0.0), 1.0, (0.0, 0.0)),
    ("0**b, b=2", lambda a, b: a**b, (0.0, 2.0), 0.0, (0.0, 0.0)),
    ("(-2)**b, b=2", lambda a, b: a**b, (-2.0, 2.0), 4.0, (-4.0, nan)),
    ("sigmoid(1000)", lambda x: x.sigmoid(), (1000.0,), 1.0, (0.0,)),
    ("sigmoid(-1000)", lambda x: x.sigmoid(), (-1000.0,), 0.0, (0.0,)),
    ("sigmoid(inf)", lambda x: x.sigmoid(), (inf,), 1.0, (0.0,)),
    ("sigmoid(-inf)", lambda x: x.sigmoid(), (-inf,), 0.0, (0.0,)),
    ("softplus(1000)", softplus, (1000.0,), 1000.0, (1.0,)),
    ("softplus(-1000)", softplus, (-1000.0,), 0.0, (0.0,)),
    ("softplus(inf)", softplus, (inf,), inf, (1.0,)),
    ("softplus(-inf)", softplus, (-inf,), 0.0, (0.0,)),
    ("tanh(1000)", lambda x: x.tanh(), (1000.0,), 1.0, (0.0,)),
    ("tanh(-1000)", lambda x: x.tanh(), (-1000.0,), -1.0, (0.0,)),
    ("tanh(-inf)", lambda x: x.tanh(), (-inf,), -1.0, (0.0,)),
    ("relu(0)", lambda x: x.relu(), (0.0,), 0.0, (0.0,)),
    ("relu(nan)", lambda x: x.relu(), (nan,), nan, (1.0,)),
    ("abs(0)", abs, (0.0,), 0.0, (0.0,)),
    ("abs(-0.0)", abs, (-0.0,), 0.0, (0.0,)),
    ("abs(nan)", abs, (nan,), nan, (0.0,)),
    ("leaky_relu(0)", leaky_relu, (0.0,), 0.0, (0.1,)),
    ("1e308*10", lambda x: x * 10.0, (1e308,), inf, (10.0,)),
    ("1e308+1e308", lambda a, b: a + b, (1e308, 1e308), inf, (1.0, 1.0)),
    ("inf-inf", lambda a, b: a - b, (inf, inf), nan, (1.0, -1.0)),
    ("0*inf", lambda a, b: a * b, (0.0, inf), nan, (inf, 0.0)),
    ("exp(nan)", lambda x: x.exp(), (nan,), nan, (nan,)),
]
IDS = [case[0] for case in IEEE_CASES]


@pytest.mark.parametrize(("what", "f", "inputs", "out", "grads"), IEEE_CASES, ids=IDS)
def test_ieee_cases_through_values(what: str, f: Callable, inputs: tuple, out: float,
                                   grads: tuple) -> None:
    values = [Value(x) for x in inputs]
    result = f(*values)
    assert same(result.data, out), result.data
    result.backward()
    for value, expected in zip(values, grads, strict=True):
        assert same(value.grad, expected), (value.grad, expected)


@pytest.mark.parametrize(("what", "f", "inputs", "out", "grads"), IEEE_CASES, ids=IDS)
def test_ieee_cases_as_torch_gives_them(what: str, f: Callable, inputs: tuple, out: float,
                                        grads: tuple) -> None:
    torch = pytest.importorskip("torch")
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    result = f(*tensors)
    assert same(result.item(), out), result.item()
    result.backward()
    for tensor, expected in zip(tensors, grads, strict=True):
        assert same(tensor.grad.item(), expected), (tensor.grad.item(), expected)


def test_division_gradient_where_b_squared_overflows_or_underflows() -> None:
    """d(a/b)/db = -(a/b)/b stays finite where b*b is 0 or inf (regression)."""
    for a, b, expected in [(1e-300, 1e-200, -1e100), (1e300, 1e200, -1e-100), (0.0, 1e-310, 0.0)]:
        x, y = Value(a), Value(b)
        (x / y).backward()
        assert same(y.grad, expected), (a, b, y.grad)


# ---------------------------------------------------------------- the fused BCE op


def bce(p: float, y: float) -> tuple[float, float, float]:
    pv, yv = Value(p), Value(y)
    out = apply(ops.BCE, pv, yv)
    out.backward()
    return out.data, pv.grad, yv.grad


@pytest.mark.parametrize(("p", "y"), [(0.0, 1.0), (1.0, 0.0), (0.0, 0.0), (1.0, 1.0),
                                      (0.0, 0.3), (1.0, 0.3), (1e-10, 0.0), (1e-17, 0.0),
                                      (0.5, 1.0)])
def test_bce_at_and_near_p_0_and_1_matches_torch(p: float, y: float) -> None:
    torch = pytest.importorskip("torch")
    tp = torch.tensor(p, dtype=torch.float64, requires_grad=True)
    ty = torch.tensor(y, dtype=torch.float64)
    loss = torch.nn.functional.binary_cross_entropy(tp, ty)
    loss.backward()
    out, d_p, _ = bce(p, y)
    assert same(out, loss.item()) and same(d_p, tp.grad.item()), (out, d_p, loss, tp.grad)


def test_bce_costs_100_not_inf_when_confidently_wrong() -> None:
    assert bce(0.0, 1.0)[0] == 100.0 and bce(1.0, 0.0)[0] == 100.0
    assert bce(0.0, 0.0)[:2] == (0.0, 0.0)
    assert math.isclose(bce(1e-10, 0.0)[0], 1.00000000005e-10, rel_tol=1e-15)  # log1p digits


def test_bce_target_gradient_where_clamped() -> None:
    """Where a log is clamped at -100, d/dy is the slope of the clamped formula (±100),
    which central differences confirm; PyTorch's -logit(p) would be ±inf there."""
    for p, slope in [(0.0, 100.0), (1.0, -100.0), (1e-300, 100.0)]:
        h = 1e-3
        numeric = (bce(p, 0.5 + h)[0] - bce(p, 0.5 - h)[0]) / (2 * h)
        assert math.isclose(bce(p, 0.5)[2], slope) and math.isclose(numeric, slope)
