"""Copying and pickling Values (autograd.copying): graphs of any depth, shared nodes kept
shared, sizes linear in the graph, and no mark left behind to change a later pickle."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from autograd import ops
from autograd.graph import topological_order
from autograd.value import Value, apply


def pickle_copy(x: Any) -> Any:
    return pickle.loads(pickle.dumps(x))


COPIES: list[tuple[str, Callable[[Any], Any]]] = [
    ("pickle", pickle_copy),
    ("pickle protocol 2", lambda x: pickle.loads(pickle.dumps(x, protocol=2))),
    ("deepcopy", copy.deepcopy),
]
COPY_IDS = [name for name, _ in COPIES]


def _structure(root: Value) -> list[tuple[float, str, str, tuple[int, ...]]]:
    """Every node's number, label, op and inputs (as positions in topological order)."""
    order = topological_order(root)
    position = {node: i for i, node in enumerate(order)}
    return [(n.data, n.label, str(n.op), tuple(position[i] for i in n.inputs)) for n in order]


@pytest.mark.parametrize("copied", [pickle_copy, copy.deepcopy], ids=["pickle", "deepcopy"])
def test_a_hundred_thousand_deep_chain_copies_whole(
    copied: Callable[[Any], Any]
) -> None:
    # pickle and deepcopy follow a node's inputs by recursion: 1,000 deep raised RecursionError.
    n = 100_000
    x, c, d = Value(1.0, label="x"), Value(1.0, label="c"), Value(0.5, label="d")
    y = x
    for _ in range(n):
        y = y * c + d
    y.grad = 3.0
    twin = copied(y)
    assert twin is not y and (twin.data, twin.grad) == (y.data, 3.0)
    order = topological_order(twin)
    assert len(order) == len(topological_order(y)) == 3 + 2 * n
    x2, c2, d2 = (next(node for node in order if node.label == name) for name in "xcd")
    assert x2 is not x and c2 is not c
    twin.grad = 0.0
    twin.backward()  # as in test_a_million_nodes_deep_chain: every figure exact
    assert (x2.grad, d2.grad, c2.grad) == (1.0, float(n), n * 1.0 + 0.5 * n * (n - 1) / 2)
    assert x.grad == 0.0  # the original graph is untouched


def test_a_pickled_graph_grows_linearly_with_its_depth() -> None:
    # Each node lists all of the nodes it depends on: were every listed node to list its
    # own too, the size would grow with the square of the depth.
    def chain(n: int) -> Value:
        y = Value(1.0)
        for _ in range(n):
            y = (y * 1.0).tanh()
        return y

    small, large = len(pickle.dumps(chain(1_000))), len(pickle.dumps(chain(20_000)))
    assert large < 25 * small
    assert large / (3 * 20_000) < 60  # bytes per node


@pytest.mark.parametrize("copied", [c for _, c in COPIES], ids=COPY_IDS)
def test_shared_nodes_stay_shared_and_gradients_agree(copied: Callable[[Any], Any]) -> None:
    x, w = Value(0.5, label="x"), Value(1.2, label="w")
    e = x * w
    f = e * e + e.exp() - e  # e used four times
    g = (f * f).tanh() + (x ** 2.5).leaky_relu(0.1) + (w**x).sqrt()  # a*a, PowConst, Pow
    twin = copied(g)
    assert _structure(twin) == _structure(g)
    square = next(n for n in topological_order(twin) if str(n.op) == "*" and n.data == f.data**2)
    assert square.inputs[0] is square.inputs[1]
    g.backward()
    twin.backward()
    assert [n.grad for n in topological_order(twin)] == [n.grad for n in topological_order(g)]


def test_pickling_leaves_every_node_pickling_whole_later() -> None:
    # The nodes listed by a pickled Value are marked while they are saved: a node pickled
    # on its own afterwards must still bring its whole graph along.
    x = Value(2.0, label="x")
    middle = (x * 3.0).exp()
    top = middle.log() + x
    pickle.dumps(top)
    pickle.dumps([x, top])  # x memoized first: its mark is never read
    alone = pickle.loads(pickle.dumps(middle))
    assert _structure(alone) == _structure(middle)
    assert _structure(topological_order(top)[-1]) == _structure(top)  # walking still works


def test_ops_copy_as_themselves_and_pickle_with_their_constants() -> None:
    for op in (ops.MUL, ops.pow_const(2.5), ops.leaky_relu(0.1), ops.BCE):
        assert copy.deepcopy(op) is op and copy.copy(op) is op
        back = pickle.loads(pickle.dumps(op))
        assert type(back) is type(op) and back.parameters == op.parameters
        assert pickle.loads(pickle.dumps(op)) is back  # one per kind once unpickled


def test_copy_copy_is_a_new_node_over_the_same_inputs() -> None:
    a, b = Value(2.0), Value(3.0)
    c = a * b
    c.grad, c.label = 1.5, "c"
    shallow = copy.copy(c)
    assert shallow is not c and shallow.inputs[0] is a and shallow.inputs[1] is b
    assert (shallow.data, shallow.grad, shallow.label, shallow.op) == (6.0, 1.5, "c", c.op)




def _chain(n: int) -> list[Value]:
    """Every node of ``y = tanh(y * 1.0)``, ``n`` times over, from the leaf up."""
    nodes = [Value(0.5, label="x")]
    for _ in range(n):
        nodes.append((nodes[-1] * 1.0).tanh())
    return nodes


def test_nodes_saved_before_their_graph_still_pickle_whole_later() -> None:
    # The nodes a Value lists are marked to save shallow; those the pickler had already
    # saved (the lower half here) never reach their own save to take the mark off, and a
    # node with a leftover mark saved shallow later, its inputs too, one level deeper each.
    nodes = _chain(3_000)
    middle, top = nodes[2_500], nodes[-1]
    pickle.dumps([middle, top])
    for node in (nodes[2_000], nodes[1_000]):
        assert _structure(pickle.loads(pickle.dumps(node))) == _structure(node)
        assert _structure(copy.deepcopy(node)) == _structure(node)


def test_a_failed_pickle_leaves_no_mark_behind() -> None:
    class Unpicklable(ops.Tanh):  # a class made in a function: pickle cannot name it
        r"""f(a) = tanh(a);  df/da = 1 - out²"""

    nodes = _chain(3_000)
    top = nodes[-1] + apply(Unpicklable(), Value(1.0))  # the bad branch is listed first
    with pytest.raises((pickle.PicklingError, AttributeError)):
        pickle.dumps(top)  # fails before the chain's nodes, all marked, are saved
    assert _structure(pickle.loads(pickle.dumps(nodes[2_000]))) == _structure(nodes[2_000])
