"""grad and hessian: against backward(), central differences and PyTorch float64."""

from __future__ import annotations

import math

import pytest
from smooth_graphs import build, close, random_point, random_recipe

from autograd import Value, enable_grad, gradcheck, no_grad, ops, topological_order
from autograd.higher import grad, hessian, value_kit

SEEDS = range(12)
LEAVES = 3


def _leaves(seed: int) -> list[Value]:
    return [Value(x, label=f"x{i}") for i, x in enumerate(random_point(seed, LEAVES))]


@pytest.mark.parametrize("seed", SEEDS)
def test_grad_equals_backward_and_leaves_grads_alone(seed: int) -> None:
    xs = _leaves(seed)
    out = build(random_recipe(seed, LEAVES), xs)
    first = grad(out, xs)
    second = grad(out, xs, create_graph=True)
    assert all(x.grad == 0.0 for x in topological_order(out))  # no .grad was touched
    out.backward()
    for x, g, v in zip(xs, first, second, strict=True):
        assert isinstance(g, float) and isinstance(v, Value)
        assert close(g, x.grad, 1e-12) and close(v.data, x.grad, 1e-12)


def test_an_input_the_output_does_not_use_gets_zero() -> None:
    x, unused = Value(2.0), Value(5.0)
    assert grad(x * x, [x, unused]) == [4.0, 0.0]
    dx, du = grad(x * x, [x, unused], create_graph=True)
    assert (dx.data, du.data) == (4.0, 0.0)


def test_tanh_gradient_is_one_minus_out_squared_with_a_graph() -> None:
    """The gradient of tanh is built from tanh's row of the op table, 1 - out²."""
    x = Value(0.5, label="x")
    y = x.tanh()
    (dy,) = grad(y, [x], create_graph=True)
    names = [node.op.name for node in topological_order(dy) if node.op is not None]
    assert names == ["tanh", "mul", "sub"]  # out, out*out, 1 - out*out
    assert dy.data == 1.0 - y.data * y.data
    (d2,) = grad(dy, [x])
    assert close(d2, -2.0 * y.data * (1.0 - y.data**2), 1e-15)


def test_grad_records_even_under_no_grad() -> None:
    x = Value(3.0)
    y = x * x * x
    with no_grad():
        (dy,) = grad(y, [x], create_graph=True)
    assert grad(dy, [x]) == [18.0]


def test_hessian_of_a_polynomial() -> None:
    x, y = Value(1.5), Value(-2.0)
    f = x * x * y + y**3
    assert hessian(f, [x, y]) == [[2 * y.data, 2 * x.data], [2 * x.data, 6 * y.data]]


@pytest.mark.parametrize("seed", SEEDS)
def test_first_derivatives_pass_gradcheck(seed: int) -> None:
    """gradgradcheck: each gradient built with create_graph backprops like central
    differences of that gradient's own value."""
    recipe = random_recipe(seed, LEAVES)
    for k in range(LEAVES):

        def first_derivative(*xs: Value, k: int = k) -> Value:
            # gradcheck evaluates f under no_grad() for its central differences; a
            # derivative needs the graph it differentiates, so record it here.
            with enable_grad():
                return grad(build(recipe, xs), xs, create_graph=True)[k]  # type: ignore[return-value]

        report = gradcheck(first_derivative, *random_point(seed, LEAVES), rtol=1e-5, atol=1e-6)
        assert report.ok, str(report)


@pytest.mark.parametrize("name", sorted(ops.OPS))
def test_every_op_derivative_runs_on_values(name: str) -> None:
    """The op table's derivative formulas, given the Value kit, give the float results."""
    op = {"pow_const": ops.pow_const(2.5), "leaky_relu": ops.leaky_relu(0.2)}.get(
        name, ops.OPS[name]() if name not in ("pow_const", "leaky_relu") else None
    )
    assert op is not None
    inputs = [0.3, 1.7][: op.arity]
    out = op.forward(*inputs)
    floats_result = op.derivatives(*inputs, out)
    values = [Value(x) for x in inputs]
    value_result = op.derivatives_with(value_kit, *values, Value(out))
    for ours, theirs in zip(value_result, floats_result, strict=True):
        number = ours.data if isinstance(ours, Value) else ours
        assert close(number, theirs, 1e-15), (name, number, theirs)


@pytest.mark.parametrize(
    "x", [0.0, -0.0, 1.0, -1.0, 2.5, 1e-300, 1e300, math.inf, -math.inf, math.nan]
)
def test_value_kit_agrees_with_the_float_kit(x: float) -> None:
    from autograd import floats

    for name in ("exp", "log", "log1p", "sqrt", "tanh", "sigmoid", "softplus", "sign"):
        ours = getattr(value_kit, name)(Value(x))
        number = ours.data if isinstance(ours, Value) else ours
        theirs = getattr(floats, name)(x)
        if name == "log1p" and 0 < abs(x) < 1e-8:
            continue  # ln(1 + x) loses x's digits there (documented)
        assert number == theirs or (math.isnan(number) and math.isnan(theirs)), (name, x)
    for b in (0.0, 2.0, -1.0, 0.5):
        ours = value_kit.power(Value(x), Value(b)).data
        assert ours == floats.power(x, b) or (math.isnan(ours) and math.isnan(floats.power(x, b)))
        assert value_kit.divide(Value(x), b).data == floats.divide(x, b) or math.isnan(x) or (
            math.isnan(floats.divide(x, b))
        )


def test_errors_name_the_bad_argument() -> None:
    x = Value(1.0)
    with pytest.raises(TypeError, match="output must be a Value"):
        grad(2.0, [x])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="inputs must be a list of Values"):
        grad(x * x, x)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="input 1 must be a Value"):
        grad(x * x, [x, 3.0])  # type: ignore[list-item]


def test_a_gradient_can_be_drawn_and_stepped_like_any_value() -> None:
    from autograd import backward_steps, draw

    x = Value(0.5, label="x")
    y = x.tanh()
    y.label = "y"
    (dy,) = grad(y, [x], create_graph=True)
    source = draw(dy).source
    assert "dy/dx" in source and "tanh" in source
    steps = [str(step) for step in backward_steps(dy)]
    assert steps[-1].startswith("x.grad += y.grad × (1 - y²)")  # tanh's row of the op table
    assert x.grad == pytest.approx(-2.0 * y.data * (1.0 - y.data**2))  # stepping backprops dy
