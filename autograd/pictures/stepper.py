"""Backprop stepped back and forth: :class:`BackwardStepper` keeps every step of a pass.

Each step is a :class:`~autograd.pictures.backprop_steps.BackwardStep` (made by
:func:`backward_steps`, in :mod:`autograd.pictures.backprop_steps`): a node passing its
gradient on, with the chain-rule arithmetic written out. The stepper keeps them all, and
every node's gradient after each, so that a page or a widget can go back and forth.
The forward pass is stepped by :func:`forward_steps` (in
:mod:`autograd.pictures.forward_stepper`). All of these are importable from here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from autograd.accumulation import PASS_LOCK
from autograd.coerce import to_float
from autograd.formatting import format_number
from autograd.pictures.backprop_steps import (
    BackwardStep,
    BackwardTrace,
    Contribution,
    backward_steps,
    run_steps,
)
from autograd.pictures.draw import draw
from autograd.pictures.forward_stepper import ForwardStep, forward_steps
from autograd.pictures.notation import bracketed
from autograd.value import Number, Value

if TYPE_CHECKING:
    import graphviz

    from autograd.pictures.widget import StepWidget

__all__ = ["BackwardStep", "BackwardStepper", "Contribution", "ForwardStep", "backward_steps",
           "forward_steps"]


class BackwardStepper(Sequence[BackwardStep]):
    """Every step of one backward pass, kept so that you can go back and forth.

    Building it records the steps of ``root.backward(grad)`` (with the gradients every
    node has after each step) and then puts every ``.grad`` back as it was: a stepper
    shows backprop, it does not leave gradients behind (call ``backward()`` for that).

    Args:
        root: the output to backprop from (e.g. a loss).
        grad: the gradient of the objective with respect to ``root``.
    """

    def __init__(self, root: Value, grad: Number = 1.0) -> None:
        if not isinstance(root, Value):
            raise TypeError(f"BackwardStepper expects a Value, got {type(root).__name__}")
        seed = to_float(grad, "the gradient passed to BackwardStepper")
        with PASS_LOCK:  # no other thread's pass in between: the gradients put back are theirs
            trace = BackwardTrace(root, seed)
            saved = [node.grad for node in trace.order]
            try:
                self.steps: tuple[BackwardStep, ...] = tuple(run_steps(trace))
            finally:
                for node, before in zip(trace.order, saved):
                    node.grad = before
        self._trace = trace
        self.root, self.seed = root, trace.seed

    @property
    def grads(self) -> dict[Value, float]:
        """Every node's gradient after the last step (this pass's own, as on a fresh graph)."""
        return self._trace.grads_after(len(self.steps) - 1)

    @property
    def start_text(self) -> str:
        """The line before the first step: the output's gradient, where backprop starts."""
        out = bracketed(self._trace.names[self.root])
        why = f"∂{out}/∂{out} = 1" if self.seed == 1.0 else "the gradient passed in"
        return f"{out}.grad = {format_number(self.seed)}   ({why}: backprop starts here)"

    def draw_start(self, **options: Any) -> graphviz.Digraph:
        """The graph before the first step: only the output's gradient is known."""
        return draw(
            self.root, highlight=self.root, pending=self._trace.pending_after(-1),
            grads=self._trace.shown_after(-1), **options,
        )

    def draw(self, index: int, **options: Any) -> graphviz.Digraph:
        """The graph at step ``index``, as :meth:`BackwardStep.draw` draws it."""
        return self.steps[index].draw(**options)

    def widget(self, *, forward: bool = False, **draw_options: Any) -> StepWidget:
        """A Jupyter widget to step through this pass (and the forward pass if ``forward``);
        see :func:`autograd.pictures.widget.step_widget`. Needs ``ipywidgets``."""
        from autograd.pictures.widget import step_widget  # ipywidgets only when asked for

        return step_widget(self, forward=forward, **draw_options)

    @overload
    def __getitem__(self, index: int) -> BackwardStep: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[BackwardStep, ...]: ...
    def __getitem__(self, index: int | slice) -> BackwardStep | tuple[BackwardStep, ...]:
        return self.steps[index]

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[BackwardStep]:
        return iter(self.steps)

    def __repr__(self) -> str:
        return f"<BackwardStepper: {len(self.steps)} steps from {self._trace.names[self.root]}>"
