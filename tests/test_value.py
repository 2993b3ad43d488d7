"""Value: what it accepts, the graph its operators record, and backward on diamonds,
reused subexpressions, very deep chains, accumulation and seeded gradients."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

from autograd import ops
from autograd.graph import topological_order
from autograd.mode import detect_anomaly
from autograd.value import Value, apply

# ---------------------------------------------------------------- construction


def test_numbers_become_floats() -> None:
    for given, expected in [(3, 3.0), (-2, -2.0), (Fraction(1, 4), 0.25), (2.5, 2.5)]:
        v = Value(given)
        assert type(v.data) is float and v.data == expected
    assert math.isnan(Value(math.nan).data) and Value(-math.inf).data == -math.inf
    leaf = Value(1.0, label="w")
    assert (leaf.label, leaf.grad, leaf.op, leaf.inputs) == ("w", 0.0, None, ())
    assert repr(leaf) == "Value(data=1.0, grad=0.0, label='w')"


@pytest.mark.parametrize(
    ("bad", "type_name"),
    [("1.0", "str"), (None, "NoneType"), ([1.0], "list"), ({"x": 1.0}, "dict"),
     (True, "bool"), (1 + 2j, "complex"), (Value(1.0), "Value")],
)
def test_non_numbers_are_refused_naming_their_type(bad: object, type_name: str) -> None:
    with pytest.raises(TypeError, match=type_name):
        Value(bad)  # type: ignore[arg-type]


def test_a_value_inside_a_value_gets_a_hint() -> None:
    with pytest.raises(TypeError, match=r"\.data"):
        Value(Value(1.0))  # type: ignore[arg-type]


def test_label_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="int"):
        Value(1.0, label=3)  # type: ignore[arg-type]


def test_an_int_too_large_for_a_float_becomes_inf() -> None:
    """As IEEE 754 rounds an out-of-range number: no OverflowError."""
    assert Value(10**400).data == math.inf
    assert (Value(2.0) * -(10**400)).data == -math.inf
    assert (Value(2.0) ** (10**400)).data == math.inf and (10**400 / Value(2.0)).data == math.inf


a_ = Value(2.0)
BAD_OPERANDS: list[tuple[str, Callable[[], Any], str]] = [
    ("a + str", lambda: a_ + "x", "str"),
    ("str + a", lambda: "x" + a_, "str"),
    ("a - None", lambda: a_ - None, "NoneType"),
    ("None - a", lambda: None - a_, "NoneType"),
    ("a * list", lambda: a_ * [1.0], "list"),
    ("list * a", lambda: [1.0] * a_, "list"),
    ("a / dict", lambda: a_ / {}, "dict"),
    ("a + bool", lambda: a_ + True, "bool"),
    ("a ** str", lambda: a_ ** "2", "str"),
    ("str ** a", lambda: "2" ** a_, "str"),
    ("a ** bool", lambda: a_ ** True, "bool"),
    ("leaky_relu slope", lambda: a_.leaky_relu("0.1"), "str"),  # type: ignore[arg-type]
    ("backward(grad=str)", lambda: a_.backward("1"), "str"),  # type: ignore[arg-type]
    ("apply non-Value", lambda: apply(ops.ADD, a_, 1.0), "float"),  # type: ignore[arg-type]
    ("apply arity", lambda: apply(ops.TANH, a_, a_), "2"),
]


@pytest.mark.parametrize(("what", "f", "type_name"), BAD_OPERANDS, ids=[b[0] for b in BAD_OPERANDS])
def test_bad_operands_are_refused_naming_their_type(what: str, f: Callable, type_name: str) -> None:
    with pytest.raises(TypeError, match=type_name):
        f()


# ---------------------------------------------------------------- operators and numbers

A = 3.0
# (expression of a, its value at a = 3, its derivative there), numbers on either side
WITH_NUMBERS: list[tuple[str, Callable[[Any], Any], float, float]] = [
    ("a + 2", lambda a: a + 2, 5.0, 1.0),
    ("2 + a", lambda a: 2 + a, 5.0, 1.0),
    ("a - 2", lambda a: a - 2, 1.0, 1.0),
    ("2 - a", lambda a: 2 - a, -1.0, -1.0),
    ("a * 2", lambda a: a * 2, 6.0, 2.0),
    ("2 * a", lambda a: 2 * a, 6.0, 2.0),
    ("a / 2", lambda a: a / 2, 1.5, 0.5),
    ("2 / a", lambda a: 2 / a, 2 / 3, -2 / 9),
    ("a ** 2", lambda a: a**2, 9.0, 6.0),
    ("a ** -1", lambda a: a**-1, 1 / 3, -1 / 9),
    ("a ** 0.5", lambda a: a**0.5, math.sqrt(3), 0.5 / math.sqrt(3)),
    ("2 ** a", lambda a: 2**a, 8.0, 8 * math.log(2)),
    ("2.5 * a - 1", lambda a: 2.5 * a - 1, 6.5, 2.5),
    ("-a", lambda a: -a, -3.0, -1.0),
    ("abs(-a)", lambda a: abs(-a), 3.0, 1.0),
    ("sum([a, a, 1])", lambda a: sum([a, a, 1]), 7.0, 2.0),
]
WITH_NUMBERS_IDS = [w[0] for w in WITH_NUMBERS]


@pytest.mark.parametrize(("what", "f", "value", "slope"), WITH_NUMBERS, ids=WITH_NUMBERS_IDS)
def test_numbers_on_either_side(what: str, f: Callable, value: float, slope: float) -> None:
    a = Value(A)
    out = f(a)
    out.backward()
    assert math.isclose(out.data, value, rel_tol=1e-15) and math.isclose(a.grad, slope)


@pytest.mark.parametrize(("what", "f", "value", "slope"), WITH_NUMBERS, ids=WITH_NUMBERS_IDS)
def test_numbers_on_either_side_match_torch(what: str, f: Callable, value: float,
                                            slope: float) -> None:
    torch = pytest.importorskip("torch")
    a, t = Value(A), torch.tensor(A, dtype=torch.float64, requires_grad=True)
    out, torch_out = f(a), f(t)
    out.backward()
    torch_out.backward()
    assert math.isclose(out.data, torch_out.item(), rel_tol=1e-14)
    assert math.isclose(a.grad, t.grad.item(), rel_tol=1e-14)


def test_operators_record_op_and_ordered_inputs() -> None:
    a = Value(3.0)
    reflected = 2 - a
    assert reflected.op is ops.SUB and reflected.inputs[1] is a
    assert reflected.inputs[0].data == 2.0 and reflected.inputs[0].op is None
    power = 2**a
    assert power.op is ops.POW and power.inputs[0].data == 2.0 and power.inputs[1] is a
    square = a**2
    assert isinstance(square.op, ops.PowConst) and square.op.parameters == {"n": 2.0}
    assert len(square.inputs) == 1 and square.inputs[0] is a
    assert +a is a
    assert a.leaky_relu().op is ops.leaky_relu(0.01)
    with pytest.raises(AttributeError):
        square.inputs = ()  # type: ignore[misc]  # the graph a value came from is fixed


def test_a_times_a_has_a_twice_and_gradient_2a() -> None:
    a = Value(-1.5)
    b = a * a
    assert type(b.inputs) is tuple and b.inputs == (a, a)
    assert b.inputs[0] is a and b.inputs[1] is a
    b.backward()
    assert a.grad == 2 * -1.5
    for f, slope in [(lambda x: x + x, 2.0), (lambda x: x - x, 0.0), (lambda x: x / x, 0.0)]:
        x = Value(-1.5)
        f(x).backward()
        assert x.grad == slope


def test_value_exponent_gets_a_gradient() -> None:
    a, b = Value(2.0), Value(3.0)
    (a**b).backward()
    assert math.isclose(a.grad, 3 * 2.0**2) and math.isclose(b.grad, 8 * math.log(2))


def test_diamond() -> None:
    """a feeds two branches that meet again: both contributions reach a."""
    a = Value(0.7)
    left, right = a * 3, a.tanh()
    (left * right).backward()
    t = math.tanh(0.7)
    assert math.isclose(a.grad, 3 * t + 3 * 0.7 * (1 - t * t), rel_tol=1e-14)
    assert math.isclose(left.grad, t) and math.isclose(right.grad, 2.1)


def test_reused_subexpression() -> None:
    x, y = Value(0.5), Value(-1.2)
    e = x * y
    f = e * e + e.exp() - e
    f.backward()
    df_de = 2 * (0.5 * -1.2) + math.exp(0.5 * -1.2) - 1
    assert math.isclose(e.grad, df_de, rel_tol=1e-14)
    assert math.isclose(x.grad, df_de * -1.2) and math.isclose(y.grad, df_de * 0.5)


def test_a_million_nodes_deep_chain() -> None:
    """y = y*c + d, 500,000 times: a chain of a million ops, no recursion limit.

    With c = 1 and d = 0.5 every intermediate is exact, so the gradients are too:
    dy/dx = c**n = 1, dy/dd = n, dy/dc = sum of the y's before each multiply = n*x + d*n(n-1)/2.
    """
    n = 500_000
    x, c, d = Value(1.0), Value(1.0), Value(0.5)
    y = x
    for _ in range(n):
        y = y * c + d
    y.backward()
    assert y.data == 1.0 + 0.5 * n
    assert (x.grad, d.grad, c.grad) == (1.0, float(n), n * 1.0 + 0.5 * n * (n - 1) / 2)


def test_ten_thousand_tanh_chain_matches_forward_mode() -> None:
    x, w = Value(1.0), Value(1.0)
    y = x
    for _ in range(10_000):
        y = (y * w).tanh()
    y.backward()
    # The same derivatives carried forward through plain floats (forward mode).
    value, d_x, d_w = 1.0, 1.0, 0.0
    for _ in range(10_000):
        out = math.tanh(value * 1.0)
        slope = 1 - out * out
        d_x, d_w = slope * d_x, slope * (d_w + value)
        value = out
    assert y.data == value
    assert math.isclose(x.grad, d_x, rel_tol=1e-9) and math.isclose(w.grad, d_w, rel_tol=1e-9)
    assert x.grad > 0


# ---------------------------------------------------------------- accumulation and seeds


def expression(a: Any, b: Any) -> tuple[Any, list[Any]]:
    """The same expression for Values and tensors; returns (output, intermediates)."""
    c = a * b
    d = c.tanh() + a
    e = d * d - b.exp() / c + (a - 1).sigmoid()
    return e, [c, d]


def grads_of(root: Value) -> list[float]:
    return [node.grad for node in topological_order(root)]


def test_backward_twice_doubles_every_gradient() -> None:
    a, b = Value(0.4), Value(-0.9)
    out, _ = expression(a, b)
    out.backward()
    once = grads_of(out)
    out.backward()
    assert grads_of(out) == [2 * g for g in once]  # leaves and intermediates alike


def test_accumulation_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    a, b = Value(0.4), Value(-0.9)
    ta, tb = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (0.4, -0.9))
    out, inner = expression(a, b)
    t_out, t_inner = expression(ta, tb)
    for t in t_inner:
        t.retain_grad()
    for _ in range(2):
        out.backward()
        t_out.backward(retain_graph=True)
    for ours, theirs in zip([a, b, *inner], [ta, tb, *t_inner], strict=True):
        assert math.isclose(ours.grad, theirs.grad.item(), rel_tol=1e-12)


def test_two_outputs_sharing_a_graph_accumulate_like_torch() -> None:
    torch = pytest.importorskip("torch")
    a, ta = Value(0.3), torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    shared, t_shared = a.exp(), ta.exp()
    t_shared.retain_grad()
    (shared * 2).backward()
    (t_shared * 2).backward(retain_graph=True)
    shared.tanh().backward()
    t_shared.tanh().backward()
    assert math.isclose(a.grad, ta.grad.item(), rel_tol=1e-14)
    assert math.isclose(shared.grad, t_shared.grad.item(), rel_tol=1e-14)


def test_zero_grad_clears_the_whole_graph() -> None:
    a, b = Value(0.4), Value(-0.9)
    out, _ = expression(a, b)
    out.backward()
    once = grads_of(out)
    out.zero_grad()
    assert all(g == 0.0 for g in grads_of(out))
    out.backward()
    assert grads_of(out) == once


@pytest.mark.parametrize("seed", [2.0, 4, -0.5])  # powers of 2: scaling is exact
def test_backward_seed_scales_every_gradient(seed: float) -> None:
    a, b = Value(0.4), Value(-0.9)
    out, _ = expression(a, b)
    out.backward()
    plain = grads_of(out)
    out.zero_grad()
    out.backward(grad=seed)
    assert grads_of(out) == [seed * g for g in plain]


def test_an_anomaly_stopping_backward_still_gives_back_the_earlier_gradients() -> None:
    x, w = Value(0.0, label="x"), Value(2.0, label="w")
    y = x.sqrt() * w  # d sqrt(x)/dx at 0 is inf
    w.grad = 5.0  # from an earlier loss
    with detect_anomaly(), pytest.raises(FloatingPointError, match="sqrt"):
        y.backward()
    assert w.grad == 5.0 + 0.0  # its earlier gradient plus this pass's share, sqrt(0) = 0
    assert y.grad == 1.0


def test_backward_of_a_leaf_is_its_seed() -> None:
    a = Value(5.0)
    a.backward()
    assert a.grad == 1.0


@pytest.mark.parametrize("slope", [math.nan, math.inf, -math.inf])
def test_leaky_relu_refuses_a_nan_or_inf_slope_naming_it(slope: float) -> None:
    expected = rf"leaky_relu's slope must be a finite number, got {slope}"
    with pytest.raises(ValueError, match=expected):
        Value(-1.0).leaky_relu(slope)
    with pytest.raises(TypeError, match="leaky_relu's slope"):
        Value(-1.0).leaky_relu("0.1")  # type: ignore[arg-type]


# ---------------------------------------------------------------- comparing, as torch does

COMPARED = [0.0, -0.0, 1.0, 2.5, -3.0, math.inf, -math.inf, math.nan]
COMPARISONS: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("==", lambda a, b: a == b), ("!=", lambda a, b: a != b), ("<", lambda a, b: a < b),
    ("<=", lambda a, b: a <= b), (">", lambda a, b: a > b), (">=", lambda a, b: a >= b),
]


@pytest.mark.parametrize(("symbol", "compare"), COMPARISONS, ids=[s for s, _ in COMPARISONS])
def test_comparisons_give_the_bool_a_torch_0d_tensor_gives(
    symbol: str, compare: Callable[[Any, Any], Any]
) -> None:
    # Before, == and != compared identities (Value(1) == 1 was False) and < raised.
    torch = pytest.importorskip("torch")

    def tensor(x: float) -> Any:
        return torch.tensor(x, dtype=torch.float64)

    for a in COMPARED:
        for b in [*COMPARED, 1, True]:  # an int and a bool on the other side too
            expected = bool(compare(tensor(a), tensor(float(b)) if isinstance(b, float) else b))
            for left, right in [(Value(a), Value(float(b))), (Value(a), b), (a, Value(float(b)))]:
                got = compare(left, right)
                assert type(got) is bool and got is expected, f"{left!r} {symbol} {right!r}"


def test_truth_is_the_number_being_nonzero_as_for_a_tensor() -> None:
    torch = pytest.importorskip("torch")
    for x in COMPARED:
        assert bool(Value(x)) is bool(torch.tensor(x, dtype=torch.float64)), x
    assert not Value(0.0) and not Value(-0.0) and Value(math.nan) and Value(-2.0)


def test_hashing_stays_by_identity_as_for_a_tensor() -> None:
    torch = pytest.importorskip("torch")
    a, b = Value(1.0), Value(1.0)
    ta, tb = torch.tensor(1.0), torch.tensor(1.0)
    assert a == b and len({a, b}) == 2 == len({ta, tb})  # two nodes, however equal
    assert (a in {b}) is (ta in {tb}) is False  # a set finds a node by identity
    assert (a in [b]) is (ta in [tb]) is True  # a list compares numbers
    assert {a: "first", b: "second"}[a] == "first" and hash(a) == object.__hash__(a)


def test_comparing_with_what_is_not_a_number_behaves_as_a_tensor_does() -> None:
    torch = pytest.importorskip("torch")
    v, t = Value(1.0), torch.tensor(1.0)
    for other in ("1.0", None, [1.0]):
        assert (v == other) is bool(t == other) is False
        assert (v != other) is bool(t != other) is True
        with pytest.raises(TypeError):
            v < other  # noqa: B015 - the comparison is what is tested
        with pytest.raises(TypeError):
            t < other  # noqa: B015


@pytest.mark.parametrize("convert", [float, int, round, math.exp, complex, range])
def test_a_value_does_not_turn_into_a_plain_number_by_itself(convert) -> None:
    """math.exp(v) would take the number out of the graph and its gradient would silently
    stay 0: refused, saying what to write instead (the comparisons do work on the number)."""
    v = Value(1.5)
    with pytest.raises(TypeError, match=r"Write v\.data for the number"):
        convert(v)
    assert v.data == 1.5 and v < 2 and bool(v)
