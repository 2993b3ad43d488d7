"""The one-page reference engine is an oracle for the fast one, in every test run.

Random graphs over every op (shared subexpressions, numbers on either side, ``a*a``) are
built in :mod:`autograd.value` and rebuilt, operator for operator, in
:mod:`autograd.reference`; every node's value and gradient must agree. No PyTorch needed.
"""

from __future__ import annotations

import math
import random

import pytest
from test_random_graphs import GRAPH_OPS, random_graph

from autograd import ops, reference
from autograd.value import Value, apply

SEEDS = range(150)


def rebuild(nodes: list[Value]) -> dict[int, reference.Value]:
    """The graph of ``nodes`` (in the order they were made), rebuilt with the reference
    engine's operators; a plain number the fast engine turned into a leaf is one here too."""
    twins: dict[int, reference.Value] = {}
    for node in nodes:
        inputs = [twins.get(id(x)) or reference.Value(x.data) for x in node.inputs]
        if node.op is None:
            twins[id(node)] = reference.Value(node.data)
        elif node.op.name == "binary_cross_entropy":  # no operator of its own
            twins[id(node)] = reference.apply(node.op, *inputs)
        else:
            twins[id(node)] = GRAPH_OPS[node.op.name].engine(*inputs, *node.op.parameters.values())
    return twins


def _assert_agree(nodes: list[Value], twins: dict[int, reference.Value]) -> None:
    for node in nodes:
        twin = twins[id(node)]
        assert twin.op is node.op or twin.op == node.op, (node.op, twin.op)
        for ours, theirs in ((node.data, twin.data), (node.grad, twin.grad)):
            assert math.isclose(ours, theirs, rel_tol=1e-12, abs_tol=1e-300) or (
                math.isnan(ours) and math.isnan(theirs)
            ), (node.op, node.data, twin.data, node.grad, twin.grad)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_graph_matches_the_reference(seed: int) -> None:
    nodes = random_graph(seed).nodes
    twins = rebuild(nodes)
    nodes[-1].backward()
    twins[id(nodes[-1])].backward()
    _assert_agree(nodes, twins)
    nodes[-1].backward()  # a second pass adds to every gradient, in both engines
    twins[id(nodes[-1])].backward()
    _assert_agree(nodes, twins)


@pytest.mark.parametrize("seed", range(100))
def test_rough_graph_matches_the_reference(seed: int) -> None:
    """Any op on any earlier node, kinks, zeros, infinities and nan included."""
    rng = random.Random(seed)
    leaves = [rng.choice([0.0, -0.0, 1.0, -1.0, 2.0, 0.5, -3.0, 1e-3, 100.0]) for _ in range(3)]
    nodes, twins = [Value(x) for x in leaves], [reference.Value(x) for x in leaves]
    for _ in range(rng.randint(3, 25)):
        op_class = ops.OPS[rng.choice(sorted(ops.OPS))]
        if op_class is ops.PowConst:
            op: ops.Op = ops.pow_const(rng.choice([2.0, -1.0, 0.5, 0.0, 3.0]))
        elif op_class is ops.LeakyReLU:
            op = ops.leaky_relu(rng.choice([0.0, 0.1, 2.0]))
        else:
            op = op_class()
        picks = [rng.randrange(len(nodes)) for _ in range(op.arity)]
        nodes.append(apply(op, *(nodes[i] for i in picks)))
        twins.append(reference.apply(op, *(twins[i] for i in picks)))
    total, twin_total = nodes[-1], twins[-1]
    for node, twin in zip(nodes[:-1], twins[:-1]):  # every node reaches the output
        total, twin_total = total + node, twin_total + twin
    nodes.append(total)
    twins.append(twin_total)
    total.backward()
    twin_total.backward()
    _assert_agree(nodes, {id(node): twin for node, twin in zip(nodes, twins)})


def test_reference_topological_order_has_no_depth_limit() -> None:
    x = start = reference.Value(0.5)
    for _ in range(50_000):
        x = x * 1.0 + 0.0
    x.backward()
    assert start.grad == 1.0


def test_reference_operators_use_the_op_table() -> None:
    a, b = reference.Value(3.0), reference.Value(2.0)
    made = {
        "add": a + b, "sub": 1 - a, "mul": 2 * a, "div": a / b, "neg": -a, "pow": 2**a,
        "pow_const": a**2, "abs": abs(a), "relu": a.relu(), "leaky_relu": a.leaky_relu(0.1),
        "tanh": a.tanh(), "sigmoid": a.sigmoid(), "softplus": a.softplus(), "exp": a.exp(),
        "log": a.log(), "sqrt": a.sqrt(),
        "binary_cross_entropy": reference.apply(ops.BCE, reference.Value(0.2), b),
    }
    assert {name: value.op.name for name, value in made.items() if value.op} == {
        name: name for name in ops.OPS
    }
    assert made["sub"].data == -2.0 and made["pow"].data == 8.0 and made["pow_const"].data == 9.0


def test_the_graphs_cover_every_op() -> None:
    used = set().union(*(random_graph(seed).ops_used for seed in SEEDS))
    assert used == set(ops.OPS)
