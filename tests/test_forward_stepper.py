"""The forward pass step by step: evaluation order, the formula with names then numbers."""

from __future__ import annotations

import pytest

from autograd.graph import topological_order
from autograd.stepper import BackwardStepper, forward_steps
from autograd.value import Value


def test_the_text_is_the_formula_with_names_then_numbers():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    (step,) = forward_steps(c)
    assert str(step) == step.text == "c = a * b = 2.0 × -3.0 = -6.0"


def test_steps_follow_the_evaluation_order_and_recompute_each_value():
    x, w = Value(0.5, label="x"), Value(-2.0, label="w")
    y = ((x * w + 1.0).tanh() - x / w) ** 2
    steps = list(forward_steps(y))
    computed = [n for n in topological_order(y) if n.op is not None]
    assert [s.node for s in steps] == computed
    for step in steps:
        node = step.node
        assert node.op is not None
        assert node.op.forward(*(p.data for p in node.inputs)) == node.data  # the real value
        assert step.text.endswith(f"= {node.data:.4g}" if node.data % 1 else f"= {node.data}")
    assert steps[-1].text.startswith(f"v{len(topological_order(y)) - 1} = ")


def test_constants_negative_numbers_and_op_constants_are_written_clearly():
    a = Value(2.0, label="a")
    d = a - (-3.0)
    d.label = "d"
    sq = a**2
    sq.label = "sq"
    assert next(forward_steps(d)).text == "d = a - (-3) = 2.0 - (-3.0) = 5.0"
    assert next(forward_steps(sq)).text == "sq = a**2 = 2.0**2 = 4.0"
    n = Value(-2.0, label="n")
    m = n.relu()
    m.label = "m"
    assert next(forward_steps(m)).text == "m = max(n, 0) = max(-2.0, 0) = 0.0"


def test_names_agree_with_the_backward_steps():
    a = Value(1.5, label="a")
    y = (a * 2.0).exp()
    forward = list(forward_steps(y))
    backward = BackwardStepper(y)
    inner = forward[0].text.split(" = ")[0]  # the unlabelled product, e.g. "v2"
    assert backward[0].text.startswith(f"{inner}.grad += ")


def test_a_forward_step_draws_later_values_as_not_computed_yet():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    d = c + a
    d.backward()  # even with gradients around, a forward step shows none yet
    first, second = forward_steps(d)
    assert first.unevaluated == {d} and second.unevaluated == set()
    source = first.draw().source
    assert source.count("data ?") == 1 and "grad 1.0" not in source
    assert "data -4.0" in second.draw().source
    assert 'BORDER="3"' in first.draw().source


def test_a_leaf_has_no_forward_step_and_bad_input_is_refused():
    assert list(forward_steps(Value(1.0))) == []
    with pytest.raises(TypeError, match="expects a Value"):
        forward_steps(1.0)  # type: ignore[arg-type]
