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
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from autograd.op_definition import Op

if TYPE_CHECKING:
    from autograd.value import Value

#: Rows of the buffer: an index array, or a slice when the rows are evenly spaced (a slice
#: reads a view, with no copy, and adds into one without a gather and a scatter).
Rows = Any


def as_rows(indices: Sequence[int] | np.ndarray) -> Rows:
    """``indices`` as the cheapest thing that picks those rows: a slice when they are evenly
    spaced and increasing (``4, 5, 6`` or the ``i``-th product of every neuron, ``3, 67, 131``)."""
    array = np.asarray(indices, dtype=np.intp)
    if len(array) == 1:
        return slice(int(array[0]), int(array[0]) + 1)
    if len(array) > 1:
        step = int(array[1] - array[0])
        if step > 0 and np.array_equal(array, array[0] + step * np.arange(len(array))):
            return slice(int(array[0]), int(array[-1]) + 1, step)
    return array


@dataclass
class Scatter:
    """How one step adds its contributions into the gradient rows of one of its inputs.

    When no row repeats, ``grad[rows] += contributions`` is right. When rows repeat (``x``
    feeding every neuron of a layer, ``a*a``), NumPy's ``+=`` on repeated indices would keep
    only one of the additions, so the contributions are summed per row first: when the rows
    are one run repeated (every neuron of a layer reads the same inputs in the same order)
    by summing the runs, otherwise by sorting them by row (``numpy.add.reduceat``).
    """

    rows: Rows
    repeats: int = 1  # the rows are one run of len(rows), repeated this many times
    order: np.ndarray | None = None  # sorts the contributions by row (other repeats)
    starts: np.ndarray | None = None  # where each row's run of contributions starts

    @classmethod
    def to(cls, indices: np.ndarray) -> Scatter:
        """The plan for adding into the rows ``indices`` (in the step's node order)."""
        unique = np.unique(indices)
        if len(unique) == len(indices):
            return cls(as_rows(indices))
        run = len(unique)
        if len(indices) % run == 0:
            runs = indices.reshape(-1, run)
            if len(np.unique(runs[0])) == run and (runs == runs[0]).all():
                return cls(as_rows(runs[0]), repeats=len(runs))
        order = np.argsort(indices, kind="stable")
        ordered = indices[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        return cls(ordered[starts], order=order, starts=starts)

    def add(self, grad: np.ndarray, contributions: np.ndarray) -> None:
        """``grad[rows] += contributions``, row by row, repeated rows summed."""
        if self.order is not None and self.starts is not None:
            contributions = np.add.reduceat(contributions[self.order], self.starts, axis=0)
        elif self.repeats > 1:
            contributions = contributions.reshape(self.repeats, -1, grad.shape[1]).sum(axis=0)
        grad[self.rows] += contributions


@dataclass
class Step:
    """Every node of one op at one level: ``buffer[start:stop] = op(buffer[inputs...])``.

    Attributes:
        op: the op (one instance stands for all: they share any constant).
        start, stop: the rows of its outputs, consecutive.
        inputs: for each of the op's inputs, the rows it reads (one per node), as a slice
            where they are evenly spaced.
        input_indices: the same rows, always as index arrays.
        level: its level (every input is of a lower one).
        scatters: how backward adds into each input's rows, made on first use (keyed by
            whether the inputs' gradients are wanted).
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
        op = cast(Op, node.op)  # a node with an input is computed: it has its op
        groups.setdefault((depth + 1, *_op_key(op)), []).append(node)
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
        op = cast(Op, nodes[0].op)  # grouped nodes are computed (leaves were set aside above)
        steps.append(Step(op, start, len(rows), tuple(as_rows(ix) for ix in indices), indices,
                          level=key[0]))
    return Schedule(rows, leaves, steps, len(rows), max(level.values(), default=0))
