r"""The formulas students read are the formulas the code computes.

Every op's docstring formula and derivative formulas (shown in every drawing and stepper
line) are parsed with :mod:`formula_notation` and evaluated at many points, its special
values included, then compared with the op's ``forward`` and ``derivatives``. A wrong
formula in a docstring, such as ``df/da = -1/a`` for ``ln``, fails here.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator

import pytest
from formula_notation import OutOfRange, evaluate, parse

from autograd import ops
from autograd.op_definition import Op

INF, NAN = math.inf, math.nan
SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 1e-300, -1e-300, 1e300,
           -1e300, 700.0, -700.0, 1000.0, -1000.0, INF, -INF, NAN]
#: Probabilities and targets for the loss op: the ends, just inside them, and beyond.
PROBABILITIES = [0.0, 1.0, 1e-17, 1e-13, 1.0 - 1e-16, 0.5, 0.25, 0.9, -0.5, 1.5, NAN]
TARGETS = [0.0, 1.0, 0.3, 0.5]

#: Where an op's prose (below its formula line) says the code departs from the formula:
#: (op name, input index) -> the condition on (inputs, parameters); the derivative is 0 there.
DOCUMENTED_ZEROS: dict[tuple[str, int], Callable[[tuple[float, ...], dict[str, float]], bool]] = {
    ("pow", 0): lambda x, p: x[1] == 0.0,  # "df/da is 0 when b = 0"
    ("pow", 1): lambda x, p: x[0] == 0.0 and x[1] >= 0.0,  # "df/db is 0 when a = 0, b >= 0"
    ("pow_const", 0): lambda x, p: p["n"] == 0.0,  # "df/da is 0 when n = 0"
}

#: Every op, as instances: those with a constant at several values of it.
OP_INSTANCES: list[Op] = [
    *(cls() for name, cls in ops.OPS.items() if name not in ("pow_const", "leaky_relu")),
    *(ops.PowConst(n) for n in (2.0, 3.0, 0.5, 1.0 / 3.0, -1.0, -2.5, 0.0, 1.0)),
    *(ops.LeakyReLU(slope) for slope in (0.01, 0.2, 0.0, 1.5)),
]


def _points(op: Op) -> Iterator[tuple[float, ...]]:
    rng = random.Random(f"formulas {op.name} {op.parameters}")

    def draw() -> float:
        if rng.random() < 0.5:
            return rng.uniform(-5.0, 5.0)
        return rng.choice((-1.0, 1.0)) * 10.0 ** rng.uniform(-8.0, 8.0)

    if op.name == "binary_cross_entropy":
        yield from ((p, y) for p in PROBABILITIES for y in TARGETS)
        yield from ((rng.random(), rng.random()) for _ in range(200))
    elif op.arity == 1:
        yield from ((a,) for a in SPECIAL)
        yield from ((draw(),) for _ in range(300))
    else:
        yield from ((a, b) for a in SPECIAL for b in SPECIAL)
        yield from ((draw(), draw()) for _ in range(300))
        yield from ((draw(), float(rng.randint(-4, 4))) for _ in range(100))  # whole powers


def _agree(formula: float, code: float) -> bool:
    if math.isnan(formula) or math.isnan(code):
        return math.isnan(formula) and math.isnan(code)
    # rel 1e-8: the bce formula says 1e-12 where the code uses float32's 1e-12 (4e-9 off).
    return math.isclose(formula, code, rel_tol=1e-8, abs_tol=1e-12)


def mismatches(op: Op) -> list[str]:
    """Where ``op``'s docstring formulas and its code disagree, one line each (empty: none).

    Points where a formula over- or underflows float64 are left out, at least 3 in 4 must be
    compared. Derivatives at a ``nan`` input are not compared: ``1 if a > 0 else 0`` says
    nothing about ``nan`` (ReLU's code, like PyTorch, gives 1 there).
    """
    names = frozenset(op.input_names) | frozenset(op.parameters)
    forward_tree = parse(op.formula, names)
    derivative_trees = [parse(text, names | {"out"}) for text in op.derivative_formulas]
    found: list[str] = []
    points = list(_points(op))
    compared = 0
    for inputs in points:
        variables = {**dict(zip(op.input_names, inputs)), **op.parameters}
        out = op.forward(*inputs)
        code_derivatives = op.derivatives(*inputs, out)
        try:
            expected = [evaluate(forward_tree, variables)]
            expected += [evaluate(t, {**variables, "out": out}) for t in derivative_trees]
        except OutOfRange:
            continue
        compared += 1
        labels = [f"f = {op.formula}"] + [
            f"df/d{n} = {t}" for n, t in zip(op.input_names, op.derivative_formulas)
        ]
        for index, (label, formula, code) in enumerate(
            zip(labels, expected, [out, *code_derivatives])
        ):
            zero_when = DOCUMENTED_ZEROS.get((op.name, index - 1))
            if index > 0 and zero_when is not None and zero_when(inputs, op.parameters):
                formula = 0.0
            if index > 0 and any(math.isnan(x) for x in inputs):
                continue
            if not _agree(formula, code):
                found.append(f"{op!r} {label} at {variables}: formula {formula!r}, code {code!r}")
    if compared < 0.75 * len(points):
        found.append(f"{op!r}: only {compared} of {len(points)} points could be evaluated")
    return found


@pytest.mark.parametrize("op", OP_INSTANCES, ids=lambda o: f"{o.name}{o.parameters or ''}")
def test_docstring_formulas_compute_what_the_code_computes(op: Op) -> None:
    found = mismatches(op)
    assert not found, "\n".join(found[:10])


def test_every_op_is_checked() -> None:
    assert {op.name for op in OP_INSTANCES} == set(ops.OPS)


class WrongLog(ops.Log):
    r"""f(a) = ln(a);  df/da = -1/a"""


class WrongSoftplus(ops.Softplus):
    r"""f(a) = ln(1 + e**a);  df/da = sigmoid(-a)"""


class WrongTanh(ops.Tanh):
    r"""f(a) = tanh(a);  df/da = 1 - out"""


class WrongDiv(ops.Div):
    r"""f(a, b) = a/b;  df/da = 1/b,  df/db = a/b²"""


class WrongLeakyReLU(ops.LeakyReLU):
    r"""f(a) = a if a > 0 else slope*a;  df/da = 1 if a > 0 else 0"""


class WrongSigmoidForward(ops.Sigmoid):
    r"""f(a) = 1/(1 + e**a);  df/da = out*(1 - out)"""


class WrongBCE(ops.BinaryCrossEntropy):
    r"""f(p, y) = -(y*max(ln(p), -100) + (1 - y)*max(ln(1 - p), -100));  df/dp = (y - p)/max(p*(1 - p), 1e-12),  df/dy = max(ln(1 - p), -100) - max(ln(p), -100)"""  # noqa: E501


@pytest.mark.parametrize(
    "op",
    [WrongLog(), WrongSoftplus(), WrongTanh(), WrongDiv(), WrongLeakyReLU(0.2),
     WrongSigmoidForward(), WrongBCE()],
    ids=lambda o: type(o).__name__,
)
def test_a_wrong_formula_is_caught(op: Op) -> None:
    assert mismatches(op)


def test_notation_is_read_as_students_read_it() -> None:
    def value(text: str, **variables: float) -> float:
        return evaluate(parse(text, frozenset(variables)), variables)

    assert value("-a/b²", a=3.0, b=2.0) == -0.75
    assert value("|a| + sign(a)", a=-2.0) == 1.0
    assert value("e**a", a=1.0) == pytest.approx(math.e)
    assert value("1 if a > 0 else slope", a=-1.0, slope=0.1) == 0.1
    assert value("max(ln(p), -100)", p=0.0) == -100.0
    assert value("sigmoid(a)", a=-1000.0) == 0.0 and value("sigmoid(a)", a=0.0) == 0.5
    assert value("sqrt(a)", a=-1.0) != value("sqrt(a)", a=-1.0)  # nan, not an error
    with pytest.raises(OutOfRange):
        value("e**a", a=1000.0)


@pytest.mark.parametrize(
    "text",
    ["__import__('os')", "a.real", "a[0]", "open(a)", "lambda: a", "b", "'a'", "a @ a",
     "[a]", "sign(a, key=a)", "(a := 1)"],
)
def test_anything_outside_the_notation_is_refused(text: str) -> None:
    with pytest.raises((ValueError, SyntaxError)):
        parse(text, frozenset({"a"}))

