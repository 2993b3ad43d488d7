"""The level scheduler: a traced graph laid out as rows of one buffer, in a few big steps.

Every node of the graph gets one row of a 2-D buffer whose columns are the examples of a
batch: the inputs first, then the other leaves (parameters and constants), then the op
nodes. A node's *level* is 0 for a leaf and one more than its deepest input otherwise, so
every node of one level can be computed at once, its inputs all being ready. The nodes of
one op at one level (``*`` at level 1: every weight times its input) become one
:class:`Step`, one NumPy call over index arrays instead of one call per scalar node.
Their rows are given consecutively, so a step writes its outputs as one slice.

An op with a constant (``a**n``, ``leaky_relu``) runs in one step per constant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.op_definition import Op

if TYPE_CHECKING:
    from autograd.value import Value

#: Rows of the buffer: an index array, or a slice when the rows are consecutive (a slice
#: reads a view, with no copy).
Rows = Any


def as_rows(indices: Sequence[int] | np.ndarray) -> Rows:
    """``indices`` as the cheapest thing that picks those rows: a slice when consecutive."""
    array = np.asarray(indices, dtype=np.intp)
    if len(array) and np.array_equal(array, np.arange(array[0], array[0] + len(array))):
        return slice(int(array[0]), int(array[0]) + len(array))
    return array


@dataclass
class Scatter:
    """How one step adds its contributions into the gradient rows of one of its inputs.

    When no row repeats, ``grad[rows] += contributions`` is right. When one does (``x``
    feeding every neuron of a layer, ``a*a``), NumPy's ``+=`` on repeated indices would
    keep only one of the additions, so the contributions are sorted by row and summed per
    row first (``numpy.add.reduceat``), then added once.
    """

    rows: Rows
    order: np.ndarray | None = None  # sorts the contributions by row (repeats only)
    starts: np.ndarray | None = None  # where each row's run of contributions starts
    unique_rows: np.ndarray | None = None

    @classmethod
    def to(cls, indices: np.ndarray) -> Scatter:
        """The plan for adding into the rows ``indices`` (in the step's node order)."""
        if len(np.unique(indices)) == len(indices):
            return cls(as_rows(indices))
        order = np.argsort(indices, kind="stable")
        ordered = indices[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        return cls(indices, order, starts, ordered[starts])

    def add(self, grad: np.ndarray, contributions: np.ndarray) -> None:
        """``grad[rows] += contributions``, row by row, repeated rows summed."""
        if self.order is None or self.starts is None:
            grad[self.rows] += contributions
            return
        summed = np.add.reduceat(contributions[self.order], self.starts, axis=0)
        grad[self.unique_rows] += summed


@dataclass
class Step:
    """Every node of one op at one level: ``buffer[start:stop] = op(buffer[inputs...])``.

    Attributes:
        op: the op (one instance stands for all: they share any constant).
        start, stop: the rows of its outputs, consecutive.
        inputs: for each of the op's inputs, the rows it reads (one per node).
        level: its level (every input is of a lower one).
    """

    op: Op
    start: int
    stop: int
    inputs: tuple[Rows, ...]
    input_indices: tuple[np.ndarray, ...]
    level: int
    scatters: dict[bool, tuple[Scatter | None, ...]] = field(default_factory=dict)


@dataclass
class Schedule:
    """Rows for every node, and the steps that compute them, level by level.

    Attributes:
        rows: the row of each node, by ``id``.
        leaves: the leaves that are not inputs, in row order (rows ``len(inputs)`` on).
        steps: the steps in an order that computes every input before it is read.
        num_rows: the buffer's height.
        levels: how many levels the graph has (its depth).
    """

    rows: dict[int, int]
    leaves: list[Value]
    steps: list[Step]
    num_rows: int
    levels: int


def _op_key(op: Op) -> tuple[Any, ...]:
    """Nodes run in one step when their ops are of one kind with the same constants."""
    return (type(op), tuple(sorted(op.parameters.items())))


def schedule(order: Sequence[Value], inputs: Sequence[Value]) -> Schedule:
    """Lay out the graph ``order`` (topological, inputs to outputs) in rows and steps.

    Args:
        order: every node, each after its inputs (as :func:`autograd.topological_order`).
        inputs: the leaves that get a column per example; they take the first rows, in
            this order, whether the graph uses them or not.
    """
    rows = {id(x): i for i, x in enumerate(inputs)}
    level: dict[int, int] = {}
    leaves: list[Value] = []
    groups: dict[tuple[Any, ...], list[Value]] = {}
    for node in order:
        first, second = node._first_input, node._second_input
        if first is None:
            level[id(node)] = 0
            if id(node) not in rows:
                rows[id(node)] = len(rows)
                leaves.append(node)
            continue
        depth = level[id(first)] if second is None else max(level[id(first)], level[id(second)])
        level[id(node)] = depth + 1
        assert node.op is not None
        groups.setdefault((depth + 1, *_op_key(node.op)), []).append(node)
    steps = []
    # Levels in order; within a level, the order in which its ops first appeared.
    for key, nodes in sorted(groups.items(), key=lambda item: item[0][0]):
        start = len(rows)
        for node in nodes:
            rows[id(node)] = len(rows)
        indices = tuple(
            np.array([rows[id(node.inputs[i])] for node in nodes], dtype=np.intp)
            for i in range(len(nodes[0].inputs))
        )
        op = nodes[0].op
        assert op is not None
        steps.append(Step(op, start, len(rows), tuple(as_rows(ix) for ix in indices), indices,
                          level=key[0]))
    return Schedule(rows, leaves, steps, len(rows), max(level.values(), default=0))
