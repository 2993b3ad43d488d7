"""Random expression graphs against PyTorch float64.

Each seed grows a DAG over a few leaves from every op in the table, reusing earlier
nodes (shared subexpressions, diamonds, ``a*a``) and sometimes a plain number on either
side of an operator. The same graph is built in PyTorch; the output, every leaf's
gradient and every intermediate gradient (``retain_grad``) must agree to 1e-9.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from autograd import ops
from autograd.value import Value, apply


@dataclass(frozen=True)
class GraphOp:
    """One op as the generator uses it.

    Attributes:
        engine: operands (and a constant, for ops that take one) -> Value.
        torch: (torch module, operands, constant) -> tensor.
        smooth: whether the operands' values are where the op is smooth and well
            conditioned (no kinks, overflow or saturated tanh), so rounding stays tiny.
        constant: draws the op's constant (an exponent, a slope), for ops that have one.
    """

    engine: Callable[..., Any]
    torch: Callable[..., Any]
    smooth: Callable[..., bool]
    constant: Callable[[random.Random], float] | None = None


def _bounded(*xs: float, limit: float = 1e3) -> bool:
    return all(abs(x) < limit for x in xs)


def _pow_const_smooth(a: float, n: float) -> bool:
    return 0.1 < abs(a) < 100 and (a > 0 or float(n).is_integer())


def _away_from_kink(a: float, *slope: float) -> bool:
    return 1e-9 < abs(a) < 1e3


GRAPH_OPS: dict[str, GraphOp] = {
    "add": GraphOp(lambda a, b: a + b, lambda t, a, b: a + b, _bounded),
    "sub": GraphOp(lambda a, b: a - b, lambda t, a, b: a - b, _bounded),
    "mul": GraphOp(lambda a, b: a * b, lambda t, a, b: a * b,
                   lambda a, b: _bounded(a, b) and abs(a * b) < 1e4),
    "div": GraphOp(lambda a, b: a / b, lambda t, a, b: a / b,
                   lambda a, b: _bounded(a) and 0.1 < abs(b) < 1e3),
    "neg": GraphOp(lambda a: -a, lambda t, a: -a, _bounded),
    "pow": GraphOp(lambda a, b: a**b, lambda t, a, b: a**b,
                   lambda a, b: 0.1 < a < 10 and abs(b) < 3),
    "pow_const": GraphOp(lambda a, n: a**n, lambda t, a, n: a**n, _pow_const_smooth,
                         lambda rng: rng.choice([2.0, 3.0, -1.0, -2.0, 0.5, 1.5])),
    "abs": GraphOp(lambda a: abs(a), lambda t, a: a.abs(), _away_from_kink),
    "relu": GraphOp(lambda a: a.relu(), lambda t, a: a.relu(), _away_from_kink),
    "leaky_relu": GraphOp(lambda a, s: a.leaky_relu(s),
                          lambda t, a, s: t.nn.functional.leaky_relu(a, s), _away_from_kink,
                          lambda rng: rng.choice([0.01, 0.1, 0.3])),
    "tanh": GraphOp(lambda a: a.tanh(), lambda t, a: a.tanh(), lambda a: abs(a) < 3),
    "sigmoid": GraphOp(lambda a: a.sigmoid(), lambda t, a: a.sigmoid(), lambda a: abs(a) < 5),
    "softplus": GraphOp(lambda a: a.softplus(), lambda t, a: t.nn.functional.softplus(a),
                        lambda a: abs(a) < 15),
    "exp": GraphOp(lambda a: a.exp(), lambda t, a: a.exp(), lambda a: abs(a) < 5),
    "log": GraphOp(lambda a: a.log(), lambda t, a: a.log(), lambda a: 0.1 < a < 1e3),
    "sqrt": GraphOp(lambda a: a.sqrt(), lambda t, a: a.sqrt(), lambda a: 0.1 < a < 1e3),
    "binary_cross_entropy": GraphOp(
        lambda p, y: apply(ops.BCE, p, y),
        lambda t, p, y: t.nn.functional.binary_cross_entropy(p, y),
        lambda p, y: 0.01 < p < 0.99 and 0.0 <= y <= 1.0,
    ),
}
NUMBER_SIDES = ("add", "sub", "mul", "div")  # ops that also get a plain number operand


@dataclass
class Graph:
    """A random graph: the engine's nodes and, index for index, torch's tensors."""

    nodes: list[Value]
    tensors: list[Any]
    ops_used: set[str]


def random_graph(seed: int, torch: Any = None) -> Graph:
    """Grow a random DAG; with ``torch``, build the same graph in PyTorch alongside."""
    rng = random.Random(seed)
    nodes = [Value(rng.uniform(-2, 2), label=f"x{i}") for i in range(rng.randint(1, 4))]
    tensors = [torch.tensor(v.data, dtype=torch.float64, requires_grad=True) if torch else None
               for v in nodes]
    consumed: set[int] = set()
    ops_used: set[str] = set()
    for _ in range(rng.randint(5, 40)):
        name = rng.choice(sorted(GRAPH_OPS))
        op = GRAPH_OPS[name]
        for _attempt in range(10):
            # Recent nodes are picked half the time, so chains grow deep and nodes get reused.
            picks = [rng.choice(nodes[-3:] if rng.random() < 0.5 else nodes)
                     for _ in range(ops.OPS[name].arity)]
            operands: list[Any] = [node.data for node in picks]
            constant = [op.constant(rng)] if op.constant else []
            number_at = rng.randrange(2) if name in NUMBER_SIDES and rng.random() < 0.2 else None
            if number_at is not None:
                operands[number_at] = rng.choice([2.0, -0.5, 3.0])
            if op.smooth(*operands, *constant):
                break
        else:
            continue  # no smooth operands for this op now; draw another op
        values = [operands[i] if i == number_at else picks[i] for i in range(len(picks))]
        nodes.append(op.engine(*values, *constant))
        if torch:
            at = [[n is p for n in nodes].index for p in picks]  # `is`: == compares numbers
            inputs = [operands[i] if i == number_at else tensors[at[i](True)]
                      for i in range(len(picks))]
        tensors.append(op.torch(torch, *inputs, *constant) if torch else None)
        consumed.update(id(p) for p in picks)
        ops_used.add(name)
    # Every node must reach the output: the output adds up the nodes nothing else used.
    sinks = [i for i, node in enumerate(nodes) if id(node) not in consumed]
    total, torch_total = nodes[sinks[0]], tensors[sinks[0]]
    for i in sinks[1:]:
        total = total + nodes[i]
        nodes.append(total)
        torch_total = torch_total + tensors[i] if torch else None
        tensors.append(torch_total)
    return Graph(nodes, tensors, ops_used)


def close(ours: float, theirs: float) -> bool:
    return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12)


SEEDS = range(60)


def test_every_op_is_in_the_generator() -> None:
    assert set(GRAPH_OPS) == set(ops.OPS), "add the new op to GRAPH_OPS"


def test_every_op_appears_in_the_graphs() -> None:
    used = set().union(*(random_graph(seed).ops_used for seed in SEEDS))
    assert used == set(ops.OPS)


def test_graphs_share_subexpressions() -> None:
    shared = 0
    for seed in SEEDS:
        graph = random_graph(seed)
        uses = [id(p) for node in graph.nodes for p in node.inputs]
        shared += len(uses) - len(set(uses))
    assert shared > len(SEEDS)  # nodes used more than once, well beyond once per graph


def _backward_both(graph: Graph, times: int) -> None:
    for tensor in graph.tensors:
        if not tensor.is_leaf:
            tensor.retain_grad()
    for _ in range(times):
        graph.nodes[-1].backward()
        graph.tensors[-1].backward(retain_graph=True)


def _assert_graphs_agree(graph: Graph) -> None:
    assert close(graph.nodes[-1].data, graph.tensors[-1].item())
    for i, (node, tensor) in enumerate(zip(graph.nodes, graph.tensors, strict=True)):
        assert close(node.data, tensor.item()), (i, node.data, tensor.item())
        theirs = 0.0 if tensor.grad is None else tensor.grad.item()
        assert close(node.grad, theirs), (i, node.op, node.grad, theirs)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_graph_matches_torch(seed: int) -> None:
    torch = pytest.importorskip("torch")
    graph = random_graph(seed, torch)
    _backward_both(graph, times=1)
    _assert_graphs_agree(graph)


@pytest.mark.parametrize("seed", range(10))
def test_random_graph_accumulates_like_torch(seed: int) -> None:
    torch = pytest.importorskip("torch")
    graph = random_graph(seed, torch)
    _backward_both(graph, times=2)
    _assert_graphs_agree(graph)
