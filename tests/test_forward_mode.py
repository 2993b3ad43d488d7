"""jvp: forward mode over the recorded graph, against grad (reverse mode)."""

from __future__ import annotations

import pytest
from smooth_graphs import build, close, random_point, random_recipe

from autograd import Value, topological_order
from autograd.higher import grad, jvp


@pytest.mark.parametrize("seed", range(12))
def test_jvp_is_the_gradient_dotted_with_the_direction(seed: int) -> None:
    xs = [Value(x) for x in random_point(seed, 3)]
    out = build(random_recipe(seed, 3), xs)
    direction = [1.5, -0.5, 0.25]
    gradient = grad(out, xs)
    expected = sum(g * t for g, t in zip(gradient, direction))  # type: ignore[misc]
    assert close(jvp(out, dict(zip(xs, direction))), expected, 1e-12)
    assert all(node.grad == 0.0 for node in topological_order(out))


def test_one_sweep_per_direction_gives_each_partial_derivative() -> None:
    x, y = Value(3.0), Value(-2.0)
    f = x * x * y + y.exp()
    assert jvp(f, {x: 1.0}) == 2 * 3.0 * -2.0
    assert close(jvp(f, {y: 1.0}), 9.0 + Value(-2.0).exp().data, 1e-15)
    assert jvp(f, {}) == 0.0


def test_jvp_refuses_what_is_not_a_direction() -> None:
    x = Value(1.0)
    with pytest.raises(TypeError, match="tangents must map Values to numbers"):
        jvp(x * x, [1.0])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="keyed by Values"):
        jvp(x * x, {"x": 1.0})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="the tangent of"):
        jvp(x * x, {x: "fast"})  # type: ignore[dict-item]


def test_newton_on_a_quartic_converges_in_a_few_steps() -> None:
    """Newton's step x -= f'(x) / f''(x), both derivatives from the engine, finds the
    minimum of (x - 2)^4 + (x - 2)^2 from far away; gradient descent at a safe rate is
    still far off after as many steps."""

    def newton_step(x: float) -> float:
        v = Value(x)
        f = (v - 2.0) ** 4 + (v - 2.0) ** 2
        (d1,) = grad(f, [v], create_graph=True)
        (d2,) = grad(d1, [v])  # type: ignore[arg-type]
        return x - d1.data / d2  # type: ignore[union-attr,operator]

    x = 10.0
    for _ in range(30):
        x = newton_step(x)
    assert abs(x - 2.0) < 1e-6


def test_jacobian_both_ways_agree_and_cost_what_the_theory_says() -> None:
    """n inputs, one output: reverse mode sweeps once, forward mode n times (and the
    other way round for one input and n outputs)."""
    from autograd.higher import jacobian

    xs = [Value(0.1 * i) for i in range(1, 6)]
    loss = sum((x * x).tanh() for x in xs[1:]) + xs[0].tanh()  # one output of 5 inputs
    ops_in_graph = sum(1 for node in topological_order(loss) if node.op is not None)
    reverse = jacobian([loss], xs, mode="reverse")
    forward = jacobian([loss], xs, mode="forward")
    assert reverse.rows == [grad(loss, xs)]
    assert all(close(f, r, 1e-15) for f, r in zip(forward.rows[0], reverse.rows[0]))
    assert (reverse.sweeps, reverse.local_derivatives) == (1, ops_in_graph)
    assert (forward.sweeps, forward.local_derivatives) == (5, 5 * ops_in_graph)

    x = Value(0.3)
    trunk = x
    for _ in range(10):  # 20 ops that all four outputs share
        trunk = (trunk * 1.1).tanh()
    outputs = [trunk * k for k in range(1, 5)]  # four outputs of one input
    reverse, forward = jacobian(outputs, [x]), jacobian(outputs, [x], mode="forward")
    assert all(close(f[0], r[0], 1e-14) for f, r in zip(forward.rows, reverse.rows))
    assert (forward.sweeps, forward.local_derivatives) == (1, 20 + 4)
    assert (reverse.sweeps, reverse.local_derivatives) == (4, 4 * (20 + 1))
    with pytest.raises(ValueError, match="mode must be one of"):
        jacobian(outputs, [x], mode="sideways")
