"""How one backward pass adds to gradients left by earlier ones, as PyTorch does, and how
passes in several threads keep out of each other's way.

``Value.backward`` and the backprop stepper (:mod:`autograd.pictures.stepper`) both run a pass
between :func:`start_pass` and :func:`finish_pass`, so that they start and end it the
same way: during the pass every ``grad`` holds this pass's own sum (intermediate nodes
included), and afterwards the earlier gradients are added back, so ``backward()`` twice
leaves every gradient doubled.

Threads. Graphs built in several threads can share nodes (the parameters of one model).
A pass sets aside, zeroes and adds back the gradients of every node it reaches, and its
``+=`` on a shared gradient is a read then a write: two passes interleaved would lose or
double each other's shares. So every pass holds one lock from its walk of the graph to
its last add-back (:func:`backward_pass`); passes into shared parameters from 8 threads
give exactly the sum they give one after another. (The lock costs nothing that matters:
Python runs one thread's arithmetic at a time anyway.)

A stepped pass (``backward_steps``) cannot hold the lock while it waits for you between
steps. It registers its nodes instead (:class:`SteppedPass`), and any other pass that
reaches one of them before it finishes is refused with a ``RuntimeError``.
"""

from __future__ import annotations

import contextlib
import operator
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from autograd.graph import topological_order

if TYPE_CHECKING:
    from autograd.value import Value

_grad_of = operator.attrgetter("grad")

# Held for each whole pass. Re-entrant: a BackwardStepper runs a stepped pass inside it.
PASS_LOCK = threading.RLock()

# The stepped passes not finished yet: each one's id -> the ids of its nodes.
_stepped: dict[int, frozenset[int]] = {}


def start_pass(order: list[Value], seed: float) -> list[float] | None:
    """Set the gradients of ``order`` aside and seed its root (last) with ``seed``.

    Args:
        order: the graph in topological order, root last.
        seed: the gradient the pass starts from at the root.

    Returns:
        The earlier gradients, in ``order``, or ``None`` when all were 0 (nothing to add).
    """
    earlier = None
    if any(map(_grad_of, order)):  # some gradients are left from an earlier pass
        earlier = list(map(_grad_of, order))
        for node in order:
            node.grad = 0.0
    order[-1].grad = seed
    return earlier


def finish_pass(order: list[Value], earlier: list[float] | None) -> None:
    """Add back the gradients :func:`start_pass` set aside (call it even after an error)."""
    if earlier is not None:
        for node, before in zip(order, earlier):
            node.grad += before


@contextlib.contextmanager
def backward_pass(root: Value, seed: float) -> Iterator[list[Value]]:
    """One whole pass from ``root``, with no other pass in any thread in between.

    Yields the graph in topological order (``root`` last), started with
    :func:`start_pass`; the pass is finished with :func:`finish_pass` when the block
    ends, even by an error.

    Raises:
        RuntimeError: the graph shares nodes with a stepped pass not finished yet.
    """
    with PASS_LOCK:
        order = topological_order(root)
        if _stepped:
            _refuse_stepped_nodes(order, "backward()")
        earlier = start_pass(order, seed)
        try:
            yield order
        finally:
            finish_pass(order, earlier)


class SteppedPass:
    """A pass run one step at a time, with waits in between (the backprop stepper's).

    Creating it starts the pass and registers its nodes; :meth:`finish` adds the earlier
    gradients back and lets other passes reach those nodes again.

    Args:
        order: the graph in topological order, root last.
        seed: the gradient the pass starts from at the root.

    Raises:
        RuntimeError: the graph shares nodes with another stepped pass not finished yet.
    """

    def __init__(self, order: list[Value], seed: float) -> None:
        self.order = order
        with PASS_LOCK:
            if _stepped:
                _refuse_stepped_nodes(order, "a backprop stepper")
            self.earlier = start_pass(order, seed)
            _stepped[id(self)] = frozenset(map(id, order))

    def finish(self) -> None:
        """End the pass: add the earlier gradients back (call it even after an error)."""
        with PASS_LOCK:
            if _stepped.pop(id(self), None) is not None:  # only once
                finish_pass(self.order, self.earlier)


def _refuse_stepped_nodes(order: list[Value], who: str) -> None:
    """A RuntimeError if a node of ``order`` belongs to a stepped pass still open."""
    for nodes in _stepped.values():
        if any(id(node) in nodes for node in order):
            raise RuntimeError(
                f"{who} would change gradients that a backprop stepper (backward_steps) is "
                f"still stepping through: finish its steps or close it (steps.close()) "
                f"first"
            )
