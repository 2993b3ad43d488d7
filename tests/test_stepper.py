"""Backprop step by step: the same gradients as backward(), and the arithmetic written out."""

from __future__ import annotations

import math

import pytest

from autograd.graph import topological_order
from autograd.mode import detect_anomaly
from autograd.pictures.colours import HIGHLIGHT_COLOUR
from autograd.pictures.draw import draw
from autograd.pictures.forward_stepper import forward_steps
from autograd.pictures.stepper import BackwardStepper, backward_steps
from autograd.value import Value


def product():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    return c


def square():
    a = Value(-1.5, label="a")
    return a * a


def shared_subexpression():
    a, b = Value(0.7, label="a"), Value(-1.3, label="b")
    c = a * b
    return (c + a) * c - c / (b**2 + 1.0)


def diamond():
    x = Value(0.4, label="x")
    left, right = x.tanh(), x.sigmoid()
    return (left * right + left.exp() - right.log()).relu()


def two_layer_neuron():
    x = [Value(0.5, label="x1"), Value(-1.2, label="x2")]
    hidden = []
    for j, (w1, w2, b) in enumerate([(0.3, -0.8, 0.1), (-0.5, 0.9, -0.2)]):
        w = [Value(w1, label=f"w{j}1"), Value(w2, label=f"w{j}2")]
        hidden.append((w[0] * x[0] + w[1] * x[1] + Value(b, label=f"b{j}")).tanh())
    v = [Value(1.1, label="v1"), Value(-0.7, label="v2")]
    out = v[0] * hidden[0] + v[1] * hidden[1] + Value(0.05, label="c")
    return (out - 1.0) ** 2


def everything_else():
    a, b = Value(1.7, label="a"), Value(0.6, label="b")
    return (abs(-a) ** b + a.softplus() - b.sqrt() + a.leaky_relu(0.1) - (2.0 ** b)) / a


GRAPHS = [product, square, shared_subexpression, diamond, two_layer_neuron, everything_else]


@pytest.mark.parametrize("build", GRAPHS)
def test_the_steps_leave_exactly_the_gradients_of_backward(build):
    stepped, reference = build(), build()
    steps = list(backward_steps(stepped, 0.75))
    reference.backward(0.75)
    order, expected = topological_order(stepped), topological_order(reference)
    assert [n.grad for n in order] == [n.grad for n in expected]  # bit for bit
    computed = [n for n in order if n.op is not None]
    assert [s.node for s in steps] == computed[::-1]  # backward()'s order, leaves skipped
    assert [(s.index, s.total) for s in steps] == [(i, len(computed)) for i in range(len(steps))]


@pytest.mark.parametrize("build", GRAPHS)
def test_gradients_accumulate_like_backward(build):
    stepped, reference = build(), build()
    stepped.backward()
    reference.backward()
    for _ in backward_steps(stepped):
        pass
    reference.backward()
    assert [n.grad for n in topological_order(stepped)] == [
        n.grad for n in topological_order(reference)
    ]


def test_each_step_shows_this_passs_own_sums_while_earlier_ones_are_set_aside():
    c = product()
    c.backward()  # a.grad = -3.0 from an earlier pass
    a = c.inputs[0]
    steps = backward_steps(c)
    step = next(steps)
    assert step.contributions[0].grad_before == 0.0  # earlier gradient set aside
    assert a.grad == -3.0
    steps.close()  # abandoned: the earlier gradients come back, plus this pass's share
    assert a.grad == -6.0


@pytest.mark.parametrize("build", GRAPHS)
def test_a_gradient_is_final_exactly_when_no_longer_pending(build):
    root = build()
    stepper = BackwardStepper(root)
    final = stepper.grads
    order = topological_order(root)
    for step in stepper:
        grads = step.grads
        processed = {s.node for s in stepper[: step.index + 1]}
        for node in order:
            consumers = [n for n in order if any(p is node for p in n.inputs)]
            assert (node in step.pending) == any(n not in processed for n in consumers)
            if node not in step.pending:
                assert grads[node] == final[node]
    assert not stepper[-1].pending


def test_the_text_is_the_chain_rule_with_the_numbers():
    c = product()
    (step,) = backward_steps(c)
    assert str(step) == step.text == (
        "a.grad += c.grad × b = 1.0 × -3.0 = -3.0\n"
        "b.grad += c.grad × a = 1.0 × 2.0 = 2.0"
    )


def test_contributions_record_every_number_of_a_step():
    a = Value(-1.5, label="a")
    y = a * a
    y.label = "y"
    (step,) = backward_steps(y, 2.0)
    first, second = step.contributions
    assert (first.input, first.input_name, first.name) == (a, "a", "a")
    assert (second.input, second.input_name) == (a, "b")
    assert first.local_derivative == -1.5 and first.formula == "a" and first.amount == -3.0
    assert (second.grad_before, second.grad_after) == (-3.0, -6.0)
    assert step.text.splitlines()[1] == (
        "a.grad += y.grad × a = 2.0 × -1.5 = -3.0, so a.grad = -3.0 + (-3.0) = -6.0"
    )


def test_formulas_come_from_the_op_table_with_the_actual_names():
    x = Value(0.5, label="x")
    t = x.tanh()
    t.label = "t"
    (step,) = backward_steps(t)
    expected = 1 - math.tanh(0.5) ** 2
    assert step.contributions[0].formula == "1 - t²"
    assert step.text == f"x.grad += t.grad × (1 - t²) = 1.0 × {expected:.4g} = {expected:.4g}"
    q = x / 4.0  # a constant is written as its number
    (step,) = backward_steps(q)
    assert [c.formula for c in step.contributions] == ["1/4", "-x/4²"]


def test_the_stepper_records_without_leaving_gradients_behind():
    root = two_layer_neuron()
    order = topological_order(root)
    for i, node in enumerate(order):
        node.grad = 0.25 * i  # whatever was there before
    stepper = BackwardStepper(root)
    assert [n.grad for n in order] == [0.25 * i for i in range(len(order))]
    fresh = two_layer_neuron()
    fresh.backward()
    assert list(stepper.grads.values()) == [n.grad for n in topological_order(fresh)]
    assert len(stepper) == len([n for n in order if n.op is not None])
    assert stepper[1] is stepper.steps[1] and list(stepper) == list(stepper.steps)


def test_the_neuron_gradients_agree_with_pytorch():
    torch = pytest.importorskip("torch")
    root = two_layer_neuron()
    stepper = BackwardStepper(root)
    leaves = {n.label: n for n in topological_order(root) if n.label}
    t = {name: torch.tensor(v.data, dtype=torch.float64, requires_grad=True)
         for name, v in leaves.items()}
    hidden = [torch.tanh(t[f"w{j}1"] * t["x1"] + t[f"w{j}2"] * t["x2"] + t[f"b{j}"])
              for j in range(2)]
    ((t["v1"] * hidden[0] + t["v2"] * hidden[1] + t["c"] - 1.0) ** 2).backward()
    for name, value in leaves.items():
        assert stepper.grads[value] == pytest.approx(t[name].grad.item(), rel=1e-12, abs=1e-15)


def test_a_step_draws_its_node_highlighted_and_pending_gradients():
    root = shared_subexpression()
    stepper = BackwardStepper(root)
    graph = stepper.draw(0)
    order = topological_order(root)
    assert f'BORDER="3" COLOR="{HIGHLIGHT_COLOUR}"' in graph.source
    highlighted = [line for line in graph.body if 'BORDER="3"' in line]
    assert highlighted[0].lstrip().startswith(f"n{len(order) - 1} ")  # the root, last
    assert "grad ?" in graph.source and "grad ?" not in stepper.draw(-1).source.split("legend")[0]
    assert "so far" in stepper.draw(1).source  # c has one of its three shares
    assert "grad ?" in stepper.draw_start().source
    assert "∂" in stepper.draw(0, show_local_grads=True).source


def test_the_start_and_a_leaf_output():
    c = product()
    assert BackwardStepper(c).start_text.startswith("c.grad = 1.0   (∂c/∂c = 1")
    leaf = Value(3.0, label="w")
    assert list(backward_steps(leaf, 2.0)) == [] and leaf.grad == 2.0
    assert len(BackwardStepper(leaf)) == 0


def test_anomalies_are_caught_as_backward_catches_them():
    x = Value(0.0, label="x")
    y = x.sqrt()  # d/dx sqrt(x) at 0 is inf
    with detect_anomaly(), pytest.raises(FloatingPointError, match="sqrt"):
        list(backward_steps(y))


def test_an_anomaly_leaves_the_same_gradients_as_it_does_in_backward():
    def build():
        x, w = Value(0.0, label="x"), Value(2.0, label="w")
        y = x.sqrt() * w
        w.grad = 5.0  # from an earlier loss: set aside, then given back
        return y

    stepped, reference = build(), build()
    with detect_anomaly():
        with pytest.raises(FloatingPointError, match="sqrt"):
            list(backward_steps(stepped))
        with pytest.raises(FloatingPointError, match="sqrt"):
            reference.backward()
    expected = [n.grad for n in topological_order(reference)]
    assert [n.grad for n in topological_order(stepped)] == expected
    assert 5.0 in expected


def test_the_drawing_and_the_step_texts_write_a_constant_alike():
    x = Value(8.0, label="x")
    y = x ** (1 / 3)
    y.label = "y"
    assert 'label="**0.3333"' in draw(y).source
    assert str(next(forward_steps(y))).startswith("y = x**0.3333 = ")
    assert "(0.3333 × x**(0.3333-1))" in str(next(backward_steps(y)))


def test_bad_arguments_are_refused_clearly():
    with pytest.raises(TypeError, match="expects a Value"):
        backward_steps(2.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="gradient passed to backward_steps"):
        backward_steps(Value(1.0), "one")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expects a Value"):
        BackwardStepper([Value(1.0)])  # type: ignore[arg-type]


def test_constants_get_no_line_and_a_share_of_zero_is_drawn_as_zero_not_unknown():
    x = Value(-2.0, label="x")
    r = x.relu()  # relu'(-2) = 0: x receives a share of 0.0
    r.label = "r"
    y = r - 1.0
    y.label = "y"
    steps = BackwardStepper(y)
    assert steps[0].text == "r.grad += y.grad × 1 = 1.0 × 1.0 = 1.0"  # nothing for the 1
    assert len(steps[0].contributions) == 2  # backward() still fills in the constant's grad
    after = steps[1].draw().source
    line = next(x for x in after.splitlines() if "<B>x</B>" in x)
    assert "grad 0.0" in line and "grad ?" not in line
    assert "grad ?" in next(x for x in steps[0].draw().source.splitlines() if "<B>x</B>" in x)


def test_zero_is_written_without_a_sign():
    x = Value(0.0, label="x")
    y = -x  # -0.0
    y.label = "y"
    assert str(next(forward_steps(y))).endswith(" = 0.0")  # -x of 0.0 is -0.0, written 0.0
    assert "data 0.0" in draw(y).source and "data -0.0" not in draw(y).source
