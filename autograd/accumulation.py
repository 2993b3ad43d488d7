"""How one backward pass adds to gradients left by earlier ones, as PyTorch does.

``Value.backward`` and the backprop stepper (:mod:`autograd.pictures.stepper`) both run a pass
between :func:`start_pass` and :func:`finish_pass`, so that they start and end it the
same way: during the pass every ``grad`` holds this pass's own sum (intermediate nodes
included), and afterwards the earlier gradients are added back, so ``backward()`` twice
leaves every gradient doubled.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.value import Value

_grad_of = operator.attrgetter("grad")


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
