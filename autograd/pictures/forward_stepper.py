"""The forward pass one node at a time, with the arithmetic written out.

Each computed node, in the order the values were computed (topological order), becomes a
:class:`ForwardStep` whose text is the op's formula with the names, then with the numbers::

    >>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    >>> c = a * b; c.label = "c"
    >>> for step in forward_steps(c):
    ...     print(step)
    c = a × b = 2.0 × -3.0 = -6.0

Names are those of the drawing and of the backward steps (see :mod:`autograd.pictures.notation`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from autograd.formatting import format_number
from autograd.graph import topological_order
from autograd.ops import Op
from autograd.pictures.draw import draw
from autograd.pictures.notation import TIMES, display_names, op_substitutions, render_formula
from autograd.value import Value

if TYPE_CHECKING:
    import graphviz


class ForwardStep:
    """One forward step: ``node`` is computed from its inputs.

    Attributes:
        root: the graph's output.
        node: the node computed at this step.
        index: this step's position, from 0; ``total``: how many steps the pass has.
        text: ``c = a * b = 2.0 × -3.0 = -6.0``: the op's formula, with names, then numbers.
        unevaluated: the computed nodes that come later (their values are not known yet).
    """

    __slots__ = ("root", "node", "index", "total", "text", "_computed")

    def __init__(
        self, root: Value, computed: list[Value], index: int, names: dict[Value, str]
    ) -> None:
        self.root, self._computed = root, computed
        self.node, self.index, self.total = computed[index], index, len(computed)
        self.text = forward_text(self.node, names)

    @property
    def unevaluated(self) -> frozenset[Value]:
        """The computed nodes after this one: their values are not computed yet."""
        return frozenset(self._computed[self.index + 1 :])

    def draw(self, **options: Any) -> graphviz.Digraph:
        """The graph at this step: this node highlighted, later values drawn ``data ?``
        and every gradient ``?`` (backprop comes after the forward pass).

        Args:
            **options: more :func:`autograd.pictures.draw.draw` options.
        """
        everything = topological_order(self.root)
        return draw(
            self.root, highlight=self.node, unevaluated=self.unevaluated,
            pending=everything, grads=dict.fromkeys(everything), **options,
        )

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<ForwardStep {self.index + 1}/{self.total}: {self.text}>"


def forward_text(node: Value, names: dict[Value, str]) -> str:
    """``c = a × b = 2.0 × -3.0 = -6.0`` for a computed ``node``.

    Args:
        node: a computed Value (one with an op).
        names: every node's display name (see :func:`autograd.pictures.notation.display_names`).
    """
    if node.op is None:
        raise ValueError(f"{node!r} is a leaf: it was given, not computed")
    op = cast(Op, node.op)
    by_name = op_substitutions(op, (names[p] for p in node.inputs))
    by_number = op_substitutions(op, (format_number(p.data) for p in node.inputs))
    return (
        f"{names[node]} = {render_formula(op.formula, by_name, TIMES)} = "
        f"{render_formula(op.formula, by_number, TIMES)} = {format_number(node.data)}"
    )


def forward_steps(root: Value) -> Iterator[ForwardStep]:
    """The forward pass that computed ``root``, one computed node at a time, in the order
    the values were computed. Leaves are given, not computed, so they get no step.

    Args:
        root: the output.

    Returns:
        An iterator of :class:`ForwardStep`.
    """
    if not isinstance(root, Value):
        raise TypeError(f"forward_steps() expects a Value, got {type(root).__name__}")
    order = topological_order(root)
    names = display_names(order)
    computed = [node for node in order if node.op is not None]
    return (ForwardStep(root, computed, i, names) for i in range(len(computed)))
