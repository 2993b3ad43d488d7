"""Walking a computation graph without recursion, so that depth is unlimited.

A graph is given by its output: every ``Value`` keeps the ``inputs`` it was computed
from, so everything upstream can be reached from the output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.value import Value


def topological_order(root: Value) -> list[Value]:
    """Every node that ``root`` depends on, ``root`` last, each after all of its inputs.

    Reversed, this is the order backprop visits nodes in: a node's gradient is complete
    (every consumer has added its share) before the node passes it on.

    The walk keeps its own stack instead of recursing, so a chain a million nodes deep
    works (a recursive walk stops near Python's limit of about 1,000 frames).
    """
    order: list[Value] = []
    visited: set[Value] = set()
    stack: list[Value | tuple[Value]] = [root]
    while stack:
        item = stack.pop()
        if type(item) is tuple:  # a node whose inputs are all placed: it comes next
            order.append(item[0])
            continue
        node: Value = item  # type: ignore[assignment]
        if node in visited:  # reached again through another path
            continue
        visited.add(node)
        if node.inputs:
            stack.append((node,))  # placed once everything pushed after it is done
            for parent in node.inputs:
                if parent not in visited:
                    stack.append(parent)
        else:
            order.append(node)
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
