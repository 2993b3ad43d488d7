"""Walking a computation graph without recursion, so that depth is unlimited.

A graph is given by its output: every ``Value`` keeps the ``inputs`` it was computed
from, so everything upstream can be reached from the output.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.value import Value


# A marker on the stack: "the node under me has all its inputs placed; place it now".
_PLACE_NEXT = object()

# One walk at a time marks nodes (see below), so that two threads walking graphs that
# share nodes (the parameters of one model, say) cannot unmark each other's.
_WALK_LOCK = threading.Lock()


def topological_order(root: Value) -> list[Value]:
    """Every node that ``root`` depends on, ``root`` last, each after all of its inputs.

    Reversed, this is the order backprop visits nodes in: a node's gradient is complete
    (every consumer has added its share) before the node passes it on.

    The walk keeps its own stack instead of recursing, so a chain a million nodes deep
    works (a recursive walk stops near Python's limit of about 1,000 frames).
    """
    # Each walk marks the nodes it reaches with a token of its own, kept on the node
    # itself: a "have I been here?" check is then one attribute read, where a set of
    # visited nodes would hash every node into a table that grows with the graph.
    this_walk = object()
    order: list[Value] = []
    stack: list[object] = [root]
    # Bound methods looked up once: this loop runs for every node of every backward.
    push, push_all, pop, place = stack.append, stack.extend, stack.pop, order.append
    with _WALK_LOCK:
        while stack:
            node = pop()
            if node is _PLACE_NEXT:  # everything the node below depends on is placed
                place(pop())  # type: ignore[arg-type]
                continue
            if node._visited_by is this_walk:  # type: ignore[attr-defined]
                continue  # reached again through another path, and placed already
            node._visited_by = this_walk  # type: ignore[attr-defined]
            inputs = node.inputs  # type: ignore[attr-defined]
            if inputs:
                # The node goes back on the stack under a marker; its inputs go on top,
                # so they are all placed before the marker comes off again.
                push(node)
                push(_PLACE_NEXT)
                push_all(inputs)
            else:
                place(node)  # type: ignore[arg-type]
    return order


def zero_grad(root: Value) -> None:
    """Set ``grad`` to 0.0 on ``root`` and every node it depends on.

    Gradients accumulate across ``backward()`` calls (as in PyTorch); call this between
    two passes over the same graph when you want fresh gradients.
    """
    for node in topological_order(root):
        node.grad = 0.0


def leaves(root: Value) -> list[Value]:
    """The nodes with no inputs (parameters, data and constants), in topological order."""
    return [node for node in topological_order(root) if not node.inputs]
