"""The level scheduler: every node of one op at one level runs as one NumPy step."""

from __future__ import annotations

import numpy as np

from autograd import Value, trace
from autograd.tape.schedule import Scatter, as_rows
from nn import MLP


def test_a_layer_runs_as_a_few_big_steps() -> None:
    model = MLP(64, [32, 10], seed=0)
    x = [Value(0.5, label=f"x{i}") for i in range(64)]
    logits = model(x)
    program = trace(sum(logits[1:], logits[0]), inputs=x)
    sizes = [(step.op.name, step.stop - step.start) for step in program.steps]
    assert ("mul", 64 * 32) in sizes  # every weight of layer 1 times its input: one step
    assert ("mul", 32 * 10) in sizes
    assert program.num_ops == sum(n for _, n in sizes)
    # the sums of 64 products are chains: the depth, not the width, sets the step count
    assert program.levels == len(program.steps) < 150


def test_ops_with_constants_group_by_constant() -> None:
    x = Value(2.0, label="x")
    root = x**2 + x**3 + x**2 + x.leaky_relu(0.1) + x.leaky_relu(0.2)
    program = trace(root, inputs=[x])
    first_level = [step for step in program.steps if step.level == 1]
    assert sorted(step.op.symbol for step in first_level) == [
        "**2", "**3", "leaky_relu(0.1)", "leaky_relu(0.2)"]
    assert [s.stop - s.start for s in first_level if s.op.symbol == "**2"] == [2]
    assert program.forward([[2.0]]).tolist() == [4 + 8 + 4 + 2.0 + 2.0]


def test_scatter_sums_repeated_rows() -> None:
    grad = np.zeros((4, 2))
    Scatter.to(np.array([3, 1, 3, 3])).add(grad, np.array([[1.0, 2.0], [5.0, 6.0],
                                                          [10.0, 20.0], [100.0, 200.0]]))
    assert grad.tolist() == [[0, 0], [5, 6], [0, 0], [111, 222]]
    grad = np.zeros((4, 1))
    Scatter.to(np.array([2, 0])).add(grad, np.array([[1.0], [2.0]]))
    assert grad.ravel().tolist() == [2.0, 0.0, 1.0, 0.0]


def test_scatter_sums_a_repeated_run_of_rows() -> None:
    grad = np.zeros((4, 1))
    plan = Scatter.to(np.array([1, 3, 1, 3, 1, 3]))
    assert plan.repeats == 3 and plan.order is None
    plan.add(grad, np.array([[1.0], [2.0], [10.0], [20.0], [100.0], [200.0]]))
    assert grad.ravel().tolist() == [0.0, 111.0, 0.0, 222.0]


def test_evenly_spaced_rows_are_read_as_a_slice() -> None:
    assert as_rows([4, 5, 6]) == slice(4, 7, 1)
    assert as_rows([3, 67, 131]) == slice(3, 132, 64)
    assert as_rows([7]) == slice(7, 8)
    assert isinstance(as_rows([4, 6, 7]), np.ndarray)
    assert isinstance(as_rows([6, 4]), np.ndarray)
    buffer = np.arange(200.0)
    assert buffer[as_rows([3, 67, 131])].tolist() == [3.0, 67.0, 131.0]
