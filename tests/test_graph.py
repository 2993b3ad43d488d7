"""Walking the graph: topological order, leaves and zero_grad, on shared, deep and
random graphs."""

from __future__ import annotations

import random
import sys
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd.graph import leaves, topological_order, zero_grad
from autograd.value import Value


def reachable(root: Value) -> set[int]:
    """Ids of every node ``root`` depends on, found by a plain worklist (the oracle)."""
    seen = {id(root)}
    todo = [root]
    while todo:
        for parent in todo.pop().inputs:
            if id(parent) not in seen:
                seen.add(id(parent))
                todo.append(parent)
    return seen


def assert_topological(root: Value, order: list[Value]) -> None:
    position = {id(node): i for i, node in enumerate(order)}
    assert len(position) == len(order), "a node appears twice"
    assert set(position) == reachable(root), "nodes missing or unreachable ones included"
    assert order[-1] is root
    for node in order:
        for parent in node.inputs:
            assert position[id(parent)] < position[id(node)], "an input after its output"


def random_dag(rng: random.Random, n_leaves: int, n_ops: int) -> Value:
    """A random expression over a few leaves that reuses earlier nodes (shared subexpressions)."""
    nodes = [Value(rng.uniform(-1, 1), label=f"x{i}") for i in range(n_leaves)]
    for _ in range(n_ops):
        a, b = rng.choice(nodes), rng.choice(nodes[-3:])  # recent nodes are shared most
        kind = rng.randrange(4)
        nodes.append(a + b if kind == 0 else a * b if kind == 1 else (a - b).tanh()
                     if kind == 2 else -a)
    return nodes[-1]


def test_diamond_and_reuse() -> None:
    a = Value(1.0, label="a")
    b, c = a * 2, a.exp()
    d = b * c + b
    order = topological_order(d)
    assert_topological(d, order)
    assert sum(node is a for node in order) == 1 and sum(node is b for node in order) == 1


def test_a_leaf_alone() -> None:
    a = Value(1.0)
    assert [id(n) for n in topological_order(a)] == [id(a)] == [id(n) for n in leaves(a)]


def test_nodes_outside_the_root_s_graph_are_left_out() -> None:
    a, b = Value(1.0), Value(2.0)
    unrelated = b * 3
    root = a * a
    assert [id(n) for n in topological_order(root)] == [id(a), id(root)]
    assert id(unrelated) not in {id(n) for n in topological_order(root)}


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 5), st.integers(1, 60))
def test_random_dags(seed: int, n_leaves: int, n_ops: int) -> None:
    root = random_dag(random.Random(seed), n_leaves, n_ops)
    assert_topological(root, topological_order(root))


def test_walks_over_overlapping_graphs_do_not_disturb_each_other() -> None:
    # Each walk marks the nodes it reaches; a later walk over some of them (or more)
    # must not take an earlier walk's marks for its own.
    rng = random.Random(7)
    root = random_dag(rng, 3, 40)
    inner = root.inputs[0]
    for graph in (root, inner, root, inner, inner * root):
        assert_topological(graph, topological_order(graph))


def test_threads_walking_graphs_that_share_nodes() -> None:
    # Two threads build graphs on the same parameters (as two threads training one model
    # would) and walk them over and over, switching threads as often as Python can.
    shared = [Value(0.5 + i, label=f"w{i}") for i in range(4)]
    failures: list[str] = []

    def walk_repeatedly(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(40):
            root = shared[0]
            for _ in range(60):
                root = root * rng.choice(shared) + rng.choice(shared)
            try:
                assert_topological(root, topological_order(root))
            except AssertionError as error:
                failures.append(str(error))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=walk_repeatedly, args=(seed,)) for seed in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not failures, failures[:3]


def test_deep_chain_has_no_recursion_limit() -> None:
    x = Value(0.5)
    y = x
    for _ in range(50_000):
        y = y * 1.0 + x  # every step also reaches back to x: many paths to one node
    order = topological_order(y)
    assert len(order) == 1 + 50_000 * 3  # x, and per step a constant, a mul and an add
    assert order[0] is x and order[-1] is y
    assert_topological(y, order)


def test_wide_graph() -> None:
    xs = [Value(float(i)) for i in range(20_000)]
    total = sum(xs, Value(0.0))
    order = topological_order(total)
    assert_topological(total, order)


def test_leaves_are_parameters_data_and_constants() -> None:
    w, x = Value(0.5, label="w"), Value(2.0, label="x")
    y = (w * x + 1.0).tanh() * w  # the 1.0 becomes a constant leaf
    found = leaves(y)
    assert {id(v) for v in found} == {id(w), id(x), id(y.inputs[0].inputs[0].inputs[1])}
    assert all(not v.inputs for v in found)
    order = topological_order(y)
    assert [id(v) for v in found] == [id(n) for n in order if not n.inputs]  # in order


def test_zero_grad_clears_only_the_root_s_graph() -> None:
    a, b = Value(1.5), Value(-2.0)
    y = a * b + a
    y.backward()
    elsewhere = b * 2
    elsewhere.grad = 7.0
    zero_grad(y)
    assert all(node.grad == 0.0 for node in topological_order(y))
    assert elsewhere.grad == 7.0


@pytest.mark.parametrize("depth", [1, 10, 50_000])
def test_backward_after_zero_grad_on_deep_graphs(depth: int) -> None:
    x = Value(0.1)
    y = x
    for _ in range(depth):
        y = y + x * 0.5
    y.backward()
    zero_grad(y)
    y.backward()
    assert x.grad == 1 + 0.5 * depth
