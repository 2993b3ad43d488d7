"""Backprop one step at a time, with the chain-rule arithmetic written out.

``backward()`` visits the graph's computed nodes from the output back (reversed
topological order); at each one it multiplies the node's gradient by the local
derivative of each input (from the op table) and adds the product to that input's
gradient. Here each of those visits is a :class:`BackwardStep` you can print and draw::

    >>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    >>> c = a * b; c.label = "c"
    >>> for step in backward_steps(c):
    ...     print(step)
    a.grad += c.grad × b = 1.0 × -3.0 = -3.0
    b.grad += c.grad × a = 1.0 × 2.0 = 2.0

Names are the drawing's (see :mod:`autograd.pictures.notation`).
:class:`~autograd.pictures.stepper.BackwardStepper` keeps every step, to go back and forth.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from autograd.accumulation import SteppedPass
from autograd.anomaly import check_gradients, check_seed
from autograd.coerce import to_float
from autograd.formatting import format_number
from autograd.graph import topological_order
from autograd.mode import detecting_anomalies
from autograd.ops import Op
from autograd.pictures.draw import draw
from autograd.pictures.notation import (
    as_factor,
    bracketed,
    display_names,
    is_constant,
    local_derivatives,
)
from autograd.value import Number, Value

if TYPE_CHECKING:
    import graphviz


@dataclass(frozen=True)
class Contribution:
    """What one input received in one backprop step.

    Attributes:
        input: the input Value.
        input_name: the op's name for this input (``"a"``, ``"b"``; ``a*a`` has both).
        name: the input's display name (its label, ``v<i>``), as in the drawing.
        local_derivative: ``d out / d input``, from ``op.derivatives``.
        formula: that derivative's formula from the op table, with the actual names in it.
        amount: ``local_derivative × out.grad``, the amount added to ``input.grad``.
        grad_before: ``input.grad`` before the addition (nonzero: a sum is building up).
        grad_after: ``input.grad`` after it.
    """

    input: Value
    input_name: str
    name: str
    local_derivative: float
    formula: str
    amount: float
    grad_before: float
    grad_after: float


class BackwardTrace:
    """What all the steps of one backward pass share: the graph, its names, and the step
    after which each node's gradient is final (once all its consumers have passed theirs).
    A :class:`~autograd.pictures.stepper.BackwardStepper` keeps it to go back and forth."""

    def __init__(self, root: Value, seed: float) -> None:
        self.root, self.seed = root, seed
        self.order = topological_order(root)
        self.names = display_names(self.order)
        self.op_nodes = [node for node in reversed(self.order) if node.op is not None]
        self.final_after = {root: -1}
        for k, node in enumerate(self.op_nodes):
            for parent in node.inputs:
                self.final_after[parent] = k  # consumers come in order: the last one wins
        self.steps: list[BackwardStep] = []

    def grads_after(self, k: int) -> dict[Value, float]:
        """Every node's gradient after step ``k`` (``k = -1``: before the first step)."""
        return {node: 0.0 if grad is None else grad for node, grad in self.shown_after(k).items()}

    def shown_after(self, k: int) -> dict[Value, float | None]:
        """What a drawing after step ``k`` shows: each gradient, ``None`` for a node that
        has not received any share yet (drawn ``?``; one that received 0.0 shows 0.0)."""
        shown: dict[Value, float | None] = dict.fromkeys(self.order)
        shown[self.root] = self.seed
        for step in self.steps[: k + 1]:
            for contribution in step.contributions:
                shown[contribution.input] = contribution.grad_after
        return shown

    def pending_after(self, k: int) -> frozenset[Value]:
        """The nodes whose gradient may still grow after step ``k``."""
        return frozenset(node for node in self.order if self.final_after[node] > k)


class BackwardStep:
    """One backprop step: ``node`` passes its gradient on to its inputs.

    Attributes:
        node: the node whose (final) gradient is passed on.
        index: this step's position, from 0; ``total``: how many steps the pass has.
        grad: ``node.grad``, the gradient passed on.
        contributions: one :class:`Contribution` per input, in input order.
    """

    __slots__ = ("node", "index", "total", "grad", "contributions", "_trace")

    def __init__(
        self,
        trace: BackwardTrace,
        index: int,
        grad: float,
        contributions: tuple[Contribution, ...],
    ) -> None:
        self._trace, self.node = trace, trace.op_nodes[index]
        self.index, self.total = index, len(trace.op_nodes)
        self.grad, self.contributions = grad, contributions

    @property
    def pending(self) -> frozenset[Value]:
        """Nodes whose gradient is not final after this step (some consumer has not passed
        its share yet); their drawing shows ``?`` or a partial sum."""
        return self._trace.pending_after(self.index)

    @property
    def grads(self) -> dict[Value, float]:
        """Every node's gradient right after this step (this pass's own share)."""
        return self._trace.grads_after(self.index)

    @property
    def text(self) -> str:
        """The chain rule with the numbers, one line per input:
        ``a.grad += c.grad × b = 1.0 × -3.0 = -3.0``."""
        out = bracketed(self._trace.names[self.node])
        lines = []
        for c in self.contributions:
            if is_constant(c.input):  # a constant's gradient is of no use: no line for it
                continue
            name = bracketed(c.name)
            line = (
                f"{name}.grad += {out}.grad × {as_factor(c.formula)} = "
                f"{format_number(self.grad)} × {format_number(c.local_derivative)} = "
                f"{format_number(c.amount)}"
            )
            if c.grad_before != 0.0:  # the gradients from several uses add up
                amount = format_number(c.amount)
                amount = f"({amount})" if amount.startswith("-") else amount
                line += (
                    f", so {name}.grad = {format_number(c.grad_before)} + {amount} = "
                    f"{format_number(c.grad_after)}"
                )
            lines.append(line)
        if not lines:
            return f"{out} was computed from constants only: it has nothing to pass on"
        return "\n".join(lines)

    def draw(self, **options: Any) -> graphviz.Digraph:
        """The graph at this step: this node highlighted, gradients not final as pending.

        Args:
            **options: more :func:`autograd.pictures.draw.draw` options (``show_local_grads=True``).
        """
        return draw(
            self._trace.root, highlight=self.node, pending=self.pending,
            grads=self._trace.shown_after(self.index), **options,
        )

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<BackwardStep {self.index + 1}/{self.total}: {self._trace.names[self.node]}>"


def backward_steps(root: Value, grad: Number = 1.0) -> Iterator[BackwardStep]:
    """Backprop from ``root``, one computed node at a time, as ``root.backward(grad)`` does.

    Run to the end, it leaves exactly the gradients ``backward()`` would, accumulation
    included: gradients from earlier passes are set aside while it runs (so each step
    shows this pass's own sums) and added back when it finishes, or is abandoned.
    Leaves pass nothing on, so they get no step. Until then, another pass (``backward()``
    or a stepper, in any thread) that reaches one of its nodes raises ``RuntimeError``.

    Args:
        root: the output to backprop from.
        grad: the gradient of the objective with respect to ``root`` (1.0 for the loss).

    Returns:
        An iterator of :class:`BackwardStep`, each taken when the iterator reaches it.
    """
    if not isinstance(root, Value):
        raise TypeError(f"backward_steps() expects a Value, got {type(root).__name__}")
    return run_steps(BackwardTrace(root, to_float(grad, "the gradient passed to backward_steps()")))


def run_steps(trace: BackwardTrace) -> Iterator[BackwardStep]:
    """:meth:`Value.backward`, pausing after each node: the same start and finish of the
    pass, and the same product added to each input's gradient."""
    if detecting_anomalies():
        check_seed(trace.seed, "backward_steps()")
    stepped = SteppedPass(trace.order, trace.seed)
    try:
        for index, node in enumerate(trace.op_nodes):
            op, g = cast(Op, node.op), node.grad  # op_nodes holds computed nodes only
            contributions = []
            locals_ = local_derivatives(node, trace.names)
            for parent, input_name, (formula, local) in zip(node.inputs, op.input_names, locals_):
                before = parent.grad
                amount = local * g  # the very product backward() adds
                parent.grad += amount
                contributions.append(Contribution(
                    parent, input_name, trace.names[parent], local, formula, amount,
                    before, parent.grad,
                ))
            if detecting_anomalies():
                check_gradients(node)
            step = BackwardStep(trace, index, g, tuple(contributions))
            trace.steps.append(step)
            yield step
    finally:
        stepped.finish()
