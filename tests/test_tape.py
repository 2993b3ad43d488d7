"""The tape against the scalar engine: random graphs traced once and replayed on a batch
give, example by example, the values and gradients that the engine gives when it runs the
same graph on each example alone (and PyTorch's, batched, where it is installed).

The oracle runs each example through the scalar engine: every node's value recomputed in
topological order by its op (as ``Value``'s operators compute it), then ``backward()``.
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest
from test_random_graphs import GRAPH_OPS, random_graph

from autograd import Op, Value, no_grad, topological_order, trace
from autograd.value import apply

B = 5


def _rebuild_data(order: list[Value]) -> None:
    """Recompute every op node's value from its inputs, as the engine's operators do."""
    for node in order:
        if node.op is not None:
            node.data = node.op.forward(*(x.data for x in node.inputs))


def _case(seed: int) -> tuple[Value, list[Value], list[Value], np.ndarray]:
    """A random graph, its inputs (some data leaves, plus one the root never uses), its
    other leaves, and a batch of columns near the traced values (the first exactly them)."""
    graph = random_graph(seed)
    rng = random.Random(seed)
    root = graph.nodes[-1]
    data_leaves = [n for n in graph.nodes if n.op is None]
    inputs = [x for x in data_leaves if rng.random() < 0.7] or data_leaves[:1]
    inputs.append(Value(1.5, label="unused"))
    order = topological_order(root)
    leaves = [n for n in order if n.op is None and all(n is not x for x in inputs)]
    columns = np.array([[x.data * (1.0 + (1e-3 * rng.uniform(-1, 1) if b else 0.0))
                         for b in range(B)] for x in inputs])
    return root, inputs, leaves, columns


def _close(ours: float, theirs: float, rel: float = 1e-12) -> bool:
    if math.isnan(ours) or math.isnan(theirs):
        return math.isnan(ours) and math.isnan(theirs)
    return math.isclose(ours, theirs, rel_tol=rel, abs_tol=rel)


@pytest.mark.parametrize("seed", range(60))
def test_replay_equals_the_scalar_engine_per_example(seed: int) -> None:
    root, inputs, leaves, columns = _case(seed)
    program = trace(root, inputs=inputs)
    for leaf in leaves:  # parameters move after the trace: the replay reads them again
        leaf.data *= 1.0 + 1e-4
    seed_weights = np.array([1.0, -0.5, 2.0, 0.25, 3.0])
    before = [leaf.grad for leaf in leaves]
    values = program.forward(columns)
    input_grads = program.backward(seed_weights)
    tape_leaf_grads = [leaf.grad - b for leaf, b in zip(leaves, before)]

    order = topological_order(root)
    # The NumPy kit gives the float kit's numbers bit for bit, except tanh (within an ulp).
    bitwise = all(node.op is None or node.op.name != "tanh" for node in order)
    expected_leaf_grads = [0.0] * len(leaves)
    for b in range(B):
        for x, column in zip(inputs, columns):
            x.data = float(column[b])
        _rebuild_data(order)
        for node in [*order, *inputs]:
            node.grad = 0.0
        root.backward(float(seed_weights[b]))
        assert _close(values[b], root.data), (b, values[b], root.data)
        if bitwise:
            assert values[b] == root.data or math.isnan(root.data), (b, values[b], root.data)
        for x, grads in zip(inputs, input_grads):
            assert _close(grads[b], x.grad), (b, x.label, grads[b], x.grad)
        for i, leaf in enumerate(leaves):
            expected_leaf_grads[i] += leaf.grad
    for leaf, ours, theirs in zip(leaves, tape_leaf_grads, expected_leaf_grads):
        assert _close(ours, theirs), (leaf, ours, theirs)
    assert input_grads[-1].tolist() == [0.0] * B  # "unused": the root does not read it


def _torch_batched(torch: Any, root: Value, inputs: list[Value], columns: np.ndarray) -> Any:
    """The traced graph rebuilt in PyTorch float64, every input a column of the batch."""
    tensors: dict[int, Any] = {}
    for x, column in zip(inputs, columns):
        tensors[id(x)] = torch.tensor(column, dtype=torch.float64, requires_grad=True)
    for node in topological_order(root):
        if id(node) in tensors:
            continue
        if node.op is None:
            tensors[id(node)] = torch.tensor(node.data, dtype=torch.float64, requires_grad=True)
            continue
        # Everything as a column of B (a parameter is the same in every example).
        operands = [tensors[id(x)].expand(B) for x in node.inputs]
        if node.op.name == "binary_cross_entropy":  # per example, not averaged over the batch
            tensors[id(node)] = torch.nn.functional.binary_cross_entropy(*operands,
                                                                         reduction="none")
            continue
        tensors[id(node)] = GRAPH_OPS[node.op.name].torch(torch, *operands,
                                                           *node.op.parameters.values())
    return tensors


@pytest.mark.parametrize("seed", range(0, 60, 3))
def test_replay_equals_torch_on_the_batch(seed: int) -> None:
    torch = pytest.importorskip("torch")
    root, inputs, leaves, columns = _case(seed)
    program = trace(root, inputs=inputs)
    tensors = _torch_batched(torch, root, inputs, columns)
    theirs = tensors[id(root)].expand(B)
    theirs.sum().backward()
    before = [leaf.grad for leaf in leaves]
    values = program.forward(columns)
    input_grads = program.backward()
    assert np.allclose(values, theirs.detach().numpy(), rtol=1e-9, atol=1e-12)
    for x, grads in zip(inputs, input_grads):
        t = tensors.get(id(x))
        expected = np.zeros(B) if t is None or t.grad is None else t.grad.numpy()
        assert np.allclose(grads, expected, rtol=1e-9, atol=1e-12), x.label
    for leaf, b in zip(leaves, before):
        t = tensors[id(leaf)].grad
        assert _close(leaf.grad - b, 0.0 if t is None else t.item(), rel=1e-9)


def test_a_times_a_and_a_shared_subexpression() -> None:
    x, w = Value(3.0, label="x"), Value(2.0, label="w")
    s = x * x  # one node reading x twice
    root = s * w + s  # s used twice
    program = trace(root, inputs=[x])
    assert program.forward([[3.0, -1.0, 0.5]]).tolist() == [27.0, 3.0, 0.75]
    (dx,) = program.backward()
    assert dx.tolist() == [18.0, -6.0, 3.0]  # d/dx (w+1) x² = 2 (w+1) x
    assert w.grad == 9.0 + 1.0 + 0.25  # sum of x²


def test_parameters_are_read_at_every_forward_and_gradients_accumulate() -> None:
    x, w = Value(1.0, label="x"), Value(2.0, label="w")
    program = trace(w * x, inputs=[x])
    assert program.forward([[1.0, 2.0]]).tolist() == [2.0, 4.0]
    w.data = 10.0
    assert program.forward([[1.0, 2.0]]).tolist() == [10.0, 20.0]
    program.backward()
    program.backward([0.5, 0.5])
    assert w.grad == 3.0 + 1.5


def test_the_root_may_be_an_input_and_may_ignore_them() -> None:
    x, w = Value(1.0, label="x"), Value(2.0, label="w")
    program = trace(x, inputs=[x])
    assert program.forward([[4.0, 5.0]]).tolist() == [4.0, 5.0]
    assert program.backward()[0].tolist() == [1.0, 1.0]
    constant = trace(w * 3.0, inputs=[x])
    assert constant.forward([[4.0, 5.0]]).tolist() == [6.0, 6.0]
    assert constant.backward()[0].tolist() == [0.0, 0.0] and w.grad == 6.0


class _Cube(Op):
    r"""f(a) = a**3;  df/da = 3*a**2"""

    name, symbol = "cube", "cube"

    def forward(self, a: float, kit: Any = None) -> float:  # type: ignore[override]
        return a * a * a

    def derivatives(self, a: float, out: float, kit: Any = None) -> tuple[float]:  # type: ignore[override]
        return (3.0 * a * a,)


def test_graphs_the_tape_cannot_replay_are_refused_saying_why() -> None:
    x, w = Value(1.0, label="x"), Value(2.0, label="w")
    y = w * x
    with pytest.raises(TypeError, match="root must be a Value, got float"):
        trace(2.0, inputs=[x])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="inputs must be a list of Values"):
        trace(y, inputs=x)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"inputs\[1\] must be a Value, got float"):
        trace(y, inputs=[x, 1.0])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"inputs\[0\] .* not a leaf: it was computed by op 'mul'"):
        trace(y + 1.0, inputs=[y])
    with pytest.raises(ValueError, match="given twice"):
        trace(y, inputs=[x, x])
    with pytest.raises(ValueError, match="at least one input"):
        trace(y, inputs=[])
    with no_grad():
        unrecorded = w * x
    with pytest.raises(ValueError, match="no_grad"):
        trace(unrecorded, inputs=[x])
    with pytest.raises(ValueError, match="op <op cube>.*not in the op table"):
        trace(apply(_Cube(), x) + w, inputs=[x])


def test_forward_and_backward_check_their_arguments() -> None:
    x, w = Value(1.0, label="x"), Value(2.0, label="w")
    program = trace(w * x, inputs=[x])
    with pytest.raises(RuntimeError, match="forward"):
        program.backward()
    with pytest.raises(ValueError, match="1 column"):
        program.forward([[1.0], [2.0]])
    with pytest.raises(ValueError, match="all of one length|column"):
        program.forward([[1.0, 2.0], [3.0]])
    program.forward([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="one number per example"):
        program.backward([1.0])


def test_special_values_flow_through_as_in_the_engine() -> None:
    x = Value(1.0, label="x")
    root = (x.log() * 2.0).exp() + x.sqrt() + x / 0.0
    program = trace(root, inputs=[x])
    batch = [0.0, -1.0, math.inf, math.nan, 1e-300]
    got = program.forward([batch])
    grads = program.backward()[0]
    for b, value in enumerate(batch):
        x.data = value
        order = topological_order(root)
        _rebuild_data(order)
        for node in order:
            node.grad = 0.0
        root.backward()
        assert _close(got[b], root.data) and _close(grads[b], x.grad), (value, got[b], grads[b])


def test_several_outputs_and_the_values_of_any_node() -> None:
    from autograd.tape import trace_outputs

    x, w = Value(2.0, label="x"), Value(3.0, label="w")
    hidden = w * x
    program = trace_outputs([hidden, hidden.tanh(), hidden], inputs=[x])
    values = program.forward([[1.0, 2.0]])
    assert values.shape == (3, 2) and values[0].tolist() == [3.0, 6.0] == values[2].tolist()
    assert program.values_of(hidden).tolist() == [3.0, 6.0]
    with pytest.raises(ValueError, match="not part of this program"):
        program.values_of(Value(1.0))
    # the output given twice counts twice
    (dx,) = program.backward([[1.0, 1.0], [0.0, 0.0], [1.0, 1.0]])
    assert dx.tolist() == [6.0, 6.0] and w.grad == 2 * (1.0 + 2.0)
