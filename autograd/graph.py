"""Walking a computation graph without recursion, so that depth is unlimited.

A graph is given by its output: every ``Value`` keeps the ``inputs`` it was computed
from, so everything upstream can be reached from the output.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.value import Value


# One walk at a time marks nodes (see below), so that two threads walking graphs that
# share nodes (the parameters of one model, say) cannot overwrite each other's marks.
_WALK_LOCK = threading.Lock()


def topological_order(root: Value) -> list[Value]:
    """Every node that ``root`` depends on, ``root`` last, each after all of its inputs.

    Reversed, this is the order backprop visits nodes in: a node's gradient is complete
    (every consumer has added its share) before the node passes it on.

    The walk keeps its own stack instead of recursing, so a chain a million nodes deep
    works (a recursive walk stops near Python's limit of about 1,000 frames).
    """
    # The walk marks each node it reaches on the node itself, with one of two tokens of
    # its own: "opened" (its inputs are being placed) or "placed". Checking a mark is one
    # attribute read, where a set of visited nodes would hash every node into a table.
    opened, placed = object(), object()
    order: list[Value] = []
    stack = [root]
    # Bound methods looked up once: this loop runs for every node of every backward.
    push, pop, place = stack.append, stack.pop, order.append
    with _WALK_LOCK:
        while stack:
            node = pop()
            mark = node._visited_by
            if mark is placed:  # reached again through another path
                continue
            if mark is opened:  # back at a node after all of its inputs: place it
                place(node)
                node._visited_by = placed
                continue
            first = node._first_input  # read from the slots, not built as a tuple
            if first is None:  # a leaf
                place(node)
                node._visited_by = placed
                continue
            # The node goes back on the stack, its inputs on top of it: it comes off again,
            # opened, only once all of them have been placed.
            node._visited_by = opened
            push(node)
            # The second input goes on first so that the first comes off first: the order
            # then reads as the expression is written (w1*x1 before w2*x2).
            second = node._second_input
            if second is not None:
                push(second)
            push(first)
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
