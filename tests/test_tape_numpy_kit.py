"""The NumPy kit against the float kit: the same numbers, element by element, special values
included; and every op of the table, run on arrays through it, against the same op on floats.

Results are compared bit for bit (signed zeros included; any ``nan`` matches any ``nan``).
The one function allowed to differ is ``tanh``: NumPy has its own, within an ulp of the C
library's that ``math.tanh`` calls, so it is held to 1e-15 relative.
"""

from __future__ import annotations

import math
import random
import struct
from collections.abc import Sequence

import numpy as np
import pytest

from autograd import floats, ops
from autograd.kit import NumberKit
from autograd.tape import numpy_kit

KIT_FUNCTIONS = sorted(
    name for name in vars(NumberKit) if not name.startswith("_") and name != "where"
)
TWO_ARGUMENTS = {"divide", "power"}
WITHIN_AN_ULP = {"tanh"}

SPECIAL = [
    0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 1 / 3,
    1e308, -1e308, 1.7976931348623157e308, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300,
    1e-17, -1e-17, 709.78, 710.0, -745.2, -746.0, 20.0, 37.0, -37.0, 100.0, -1e-200,
]


def _points() -> list[float]:
    rng = random.Random(12)
    ordinary = [rng.uniform(-50.0, 50.0) for _ in range(300)]
    any_size = [rng.choice((-1.0, 1.0)) * 10.0 ** rng.uniform(-300.0, 300.0) for _ in range(300)]
    return SPECIAL + ordinary + any_size


POINTS = _points()


def _pairs() -> list[tuple[float, float]]:
    rng = random.Random(13)
    grid = [(a, b) for a in SPECIAL for b in SPECIAL]
    return grid + [(rng.choice(POINTS), rng.choice(POINTS)) for _ in range(4000)]


PAIRS = _pairs()


def _bits(x: float) -> bytes:
    return struct.pack("<d", x)


Mismatch = tuple[int, float, float]


def _mismatches(got: Sequence[float], want: Sequence[float], ulp: bool) -> list[Mismatch]:
    """Positions where ``got`` and ``want`` differ (beyond 1e-15 relative when ``ulp``)."""
    bad = []
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        if _bits(g) == _bits(w) or (math.isnan(g) and math.isnan(w)):
            continue
        if ulp and math.isfinite(w) and abs(g - w) <= 1e-15 * abs(w):
            continue
        bad.append((i, g, w))
    return bad


@pytest.mark.parametrize("name", KIT_FUNCTIONS)
def test_numpy_kit_gives_the_float_kits_numbers(name: str) -> None:
    float_function, array_function = getattr(floats, name), getattr(numpy_kit, name)
    if name in TWO_ARGUMENTS:
        arguments = PAIRS
        a, b = np.array([p[0] for p in PAIRS]), np.array([p[1] for p in PAIRS])
        got = array_function(a, b).tolist()
        want = [float_function(x, y) for x, y in PAIRS]
    else:
        arguments = [(x,) for x in POINTS]
        got = array_function(np.array(POINTS)).tolist()
        want = [float_function(x) for x in POINTS]
    bad = _mismatches(got, want, ulp=name in WITHIN_AN_ULP)
    assert not bad, [(arguments[i], g, w) for i, g, w in bad[:10]]


def test_the_special_values_of_the_kit_contract() -> None:
    k = numpy_kit
    assert k.sign(np.array([math.nan, -0.0, -3.0, 2.0])).tolist() == [0.0, 0.0, -1.0, 1.0]
    assert k.log(np.array([0.0, -1.0])).tolist()[0] == -math.inf
    assert math.isnan(k.log(np.array([-1.0]))[0])
    assert math.isnan(k.power(np.array([-8.0]), 1 / 3)[0])
    assert k.power(np.array([-0.0]), -1.0)[0] == -math.inf
    assert k.sigmoid(np.array([-1000.0, 1000.0])).tolist() == [0.0, 1.0]
    assert k.softplus(np.array([1000.0, -1000.0])).tolist() == [1000.0, 0.0]


def test_numpy_kit_raises_and_warns_nothing() -> None:
    with np.errstate(all="raise"):
        for name in KIT_FUNCTIONS:
            function = getattr(numpy_kit, name)
            arguments = (np.array(SPECIAL),) * (2 if name in TWO_ARGUMENTS else 1)
            function(*arguments)


def test_where_chooses_element_by_element() -> None:
    chosen = numpy_kit.where(np.array([True, False, False]), 1.0, np.array([5.0, 6.0, math.nan]))
    assert chosen.tolist()[:2] == [1.0, 6.0] and math.isnan(chosen[2])


def _op(name: str, constant: float) -> ops.Op:
    cls = ops.OPS[name]
    if cls is ops.PowConst:
        return ops.pow_const(constant)
    if cls is ops.LeakyReLU:
        return ops.leaky_relu(constant)
    return cls()


OP_CONSTANTS = {"pow_const": (2.0, 3.0, 0.5, -1.0, 0.0, 1 / 3), "leaky_relu": (0.01, 0.2, 0.0)}


def _op_cases() -> list[tuple[str, float]]:
    return [(name, c) for name in sorted(ops.OPS) for c in OP_CONSTANTS.get(name, (0.0,))]


@pytest.mark.parametrize(("name", "constant"), _op_cases())
def test_every_op_through_the_numpy_kit_equals_the_op_on_floats(name: str, constant: float) -> None:
    """Forward and derivatives, on arrays through the NumPy kit, equal the float results."""
    op = _op(name, constant)
    points = PAIRS if op.arity == 2 else [(x,) for x in POINTS]
    if name == "binary_cross_entropy":  # p and y in [0, 1], with the edges and nan
        edges = [0.0, 1.0, 1e-17, 1 - 1e-16, 0.5, math.nan, 1e-300]
        rng = random.Random(14)
        points = [(p, y) for p in edges for y in edges] + [
            (rng.random(), rng.random()) for _ in range(500)]
    columns = [np.array([p[i] for p in points]) for i in range(op.arity)]
    # Python's operators in the formulas (a*b) warn on overflow: the tape runs them quietly.
    with np.errstate(all="ignore"):
        out = np.asarray(op.forward_with(numpy_kit, *columns))
        derivatives = op.derivatives_with(numpy_kit, *columns, out)
    want_out = [op.forward(*p) for p in points]
    # The float derivatives are taken at the float output, so each side is judged on its own.
    want_derivatives = [op.derivatives(*p, o) for p, o in zip(points, want_out)]
    ulp = name == "tanh"
    bad = _mismatches(out.tolist(), want_out, ulp)
    assert not bad, [(points[i], g, w) for i, g, w in bad[:10]]
    for k, d in enumerate(derivatives):
        got = np.broadcast_to(np.asarray(d, dtype=np.float64), out.shape).tolist()
        # tanh's derivative is 1 - out²: an out an ulp apart moves it by up to ~1e-15.
        bad = _mismatches(got, [w[k] for w in want_derivatives], ulp)
        if ulp:
            with np.errstate(all="ignore"):
                at_float_out = op.derivatives_with(numpy_kit, *columns, np.array(want_out))[k]
            got_at_float_out = np.asarray(at_float_out).tolist()
            bad = _mismatches(got_at_float_out, [w[k] for w in want_derivatives], ulp=False)
        assert not bad, (k, [(points[i], g, w) for i, g, w in bad[:10]])
