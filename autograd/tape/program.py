"""A traced graph as a program: replayed forward over a batch, and backward from its output.

:func:`autograd.trace` builds a :class:`Program`; this module runs it. The program holds a
buffer with one row per node and one column per example. ``forward`` fills the input rows
with the batch, the other leaves' rows with their current ``.data``, then runs the steps
of the :mod:`~autograd.tape.schedule` in order, each one op's forward (from the op table,
through the :mod:`~autograd.tape.numpy_kit`) on many rows at once. ``backward`` reads
the same steps in reverse, each multiplying the op table's local derivatives by its
outputs' gradients and adding them into its inputs' gradients: the chain rule, as
``Value.backward`` runs it, for every example at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.tape import numpy_kit
from autograd.tape.display import program_html, program_text
from autograd.tape.schedule import Scatter, Schedule

if TYPE_CHECKING:
    from autograd.value import Value


class Program:
    """A graph traced once by :func:`autograd.trace`, to be replayed on whole batches.

    Attributes:
        inputs: the leaves that get one number per example (the data), in column order.
        outputs: the traced roots (one for :func:`autograd.trace`).
        leaves: the other leaves (parameters, constants), read from ``.data`` at every
            ``forward``.
        steps: the NumPy calls a replay makes: one per op per level of the graph.
        num_ops: how many op nodes the graph has (lines of the forward sweep).

    A program remembers its last ``forward`` for the ``backward`` that follows, so one
    program serves one thread at a time.
    """

    def __init__(self, outputs: Sequence[Value], inputs: Sequence[Value], order: Sequence[Value],
                 schedule: Schedule) -> None:
        self.outputs = list(outputs)
        self.inputs = list(inputs)
        self.leaves = schedule.leaves
        self.steps = schedule.steps
        self.levels = schedule.levels
        self.num_rows = schedule.num_rows
        self.num_ops = sum(step.stop - step.start for step in schedule.steps)
        self._output_rows = [schedule.rows[id(out)] for out in self.outputs]
        self._rows = schedule.rows
        self._needs_grad = _rows_needing_gradients(schedule, len(self.inputs))
        self._lines = program_text(order, self.inputs, self.outputs)
        self._values: np.ndarray | None = None
        self._arguments: list[tuple[Any, ...]] = []

    # ------------------------------------------------------------ replay

    def forward(self, columns: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        """Run the graph on a batch: the root's value for every example.

        Args:
            columns: one sequence per input, in the order of ``inputs``, each holding that
                input's value in every example (B numbers); a 2-D array of shape
                ``(len(inputs), B)`` does too.

        Returns:
            A NumPy array of the B values of the root (for a program of several outputs,
            one row per output).

        Raises:
            ValueError: not one column per input, or columns of different lengths.
        """
        batch = self._columns(columns)
        values = np.empty((self.num_rows, batch.shape[1]))
        n = len(self.inputs)
        values[:n] = batch
        if self.leaves:
            values[n:n + len(self.leaves)] = np.array([leaf.data for leaf in self.leaves])[:, None]
        arguments = []
        with np.errstate(all="ignore"):
            for step in self.steps:
                args = tuple(values[rows] for rows in step.inputs)
                values[step.start:step.stop] = step.op.forward_with(numpy_kit, *args)
                arguments.append(args)
        self._values, self._arguments = values, arguments
        return self.output_values()

    def output_values(self) -> np.ndarray:
        """The outputs of the last ``forward``, as it returned them."""
        values = self._last_values()
        if len(self._output_rows) == 1:
            return values[self._output_rows[0]].copy()
        return values[self._output_rows].copy()

    def values_of(self, node: Value) -> np.ndarray:
        """The value of any traced ``node`` in every example of the last ``forward``."""
        row = self._rows.get(id(node))
        if row is None:
            raise ValueError(f"{node!r} is not part of this program's graph")
        return self._last_values()[row].copy()

    def backward(self, seed: Sequence[float] | np.ndarray | None = None, *,
                 input_gradients: bool = True) -> list[np.ndarray]:
        """Backprop through every example of the last ``forward`` at once.

        Adds ``sum over b of seed[b] * d root_b / d leaf`` into ``leaf.grad`` for every leaf
        that is not an input (gradients accumulate, as with ``Value.backward``).

        Args:
            seed: the gradient of the final objective with respect to the root, in each
                example (B numbers; one row per output for several outputs); ``None`` is
                all ones. For a batch mean, pass ``1/B`` everywhere.
            input_gradients: also compute the inputs' gradients (``False`` skips every step
                that only leads to inputs: training needs only the parameters').

        Returns:
            For each input, its gradient in every example (an array of B numbers; zeros for
            an input the root does not depend on); an empty list with
            ``input_gradients=False``.
        """
        values = self._last_values()
        grad = np.zeros_like(values)
        np.add.at(grad, self._output_rows, self._seed(seed, values.shape[1]))  # rows may repeat
        scatters = self._scatters(input_gradients)
        with np.errstate(all="ignore"):
            for step, args, plan in zip(reversed(self.steps), reversed(self._arguments),
                                        reversed(scatters)):
                if plan is None:  # nothing upstream wants a gradient
                    continue
                g = grad[step.start:step.stop]
                out = values[step.start:step.stop]
                local = step.op.derivatives_with(numpy_kit, *args, out)
                for derivative, scatter in zip(local, plan):
                    if scatter is not None:
                        scatter.add(grad, _times(derivative, g))
        n = len(self.inputs)
        if self.leaves:
            sums = grad[n:n + len(self.leaves)].sum(axis=1)
            for leaf, total in zip(self.leaves, sums.tolist()):
                leaf.grad += total
        return [grad[i].copy() for i in range(n)] if input_gradients else []

    # ------------------------------------------------------------ display

    def __str__(self) -> str:
        return "\n".join(self._lines)

    def _repr_html_(self) -> str:
        return program_html(self._lines, self.summary())

    def summary(self) -> str:
        """One sentence: how big the program is and how many NumPy steps replay it."""
        return (f"{self.num_ops} ops on {len(self.inputs)} input(s) and {len(self.leaves)} "
                f"leaves read from .data; replayed in {len(self.steps)} NumPy steps over "
                f"{self.levels} levels")

    def __repr__(self) -> str:
        return f"<Program: {self.summary()}>"

    # ------------------------------------------------------------ helpers

    def _last_values(self) -> np.ndarray:
        if self._values is None:
            raise RuntimeError("run program.forward(columns) first: there is no batch yet")
        return self._values

    def _columns(self, columns: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        try:
            batch = np.asarray(columns, dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"forward expects one column of numbers per input ({len(self.inputs)}), "
                f"all of one length: {error}") from None
        if batch.ndim != 2 or batch.shape[0] != len(self.inputs):
            raise ValueError(
                f"forward expects {len(self.inputs)} column(s), one per input "
                f"({_names(self.inputs)}), each a sequence of numbers; got shape {batch.shape}")
        return batch

    def _seed(self, seed: Sequence[float] | np.ndarray | None, size: int) -> np.ndarray:
        shape = (len(self._output_rows), size)
        if seed is None:
            return np.ones(shape)
        array = np.asarray(seed, dtype=np.float64)
        if array.size != shape[0] * size:
            raise ValueError(f"the seed must hold one number per example ({size}) per output "
                             f"({shape[0]}), got shape {array.shape}")
        return array.reshape(shape)

    def _scatters(self, input_gradients: bool) -> list[tuple[Scatter | None, ...] | None]:
        """Per step, how it adds into each input's gradient (None: that input needs none)."""
        needs = self._needs_grad[input_gradients]
        plans: list[tuple[Scatter | None, ...] | None] = []
        for step in self.steps:
            if input_gradients not in step.scatters:
                step.scatters[input_gradients] = tuple(
                    Scatter.to(indices) if needs[indices].any() else None
                    for indices in step.input_indices)
            plan = step.scatters[input_gradients]
            plans.append(plan if any(s is not None for s in plan) else None)
        return plans


def _times(derivative: Any, g: np.ndarray) -> np.ndarray:
    """``derivative * g``, without multiplying by a constant 1 or -1."""
    if isinstance(derivative, float):
        if derivative == 1.0:
            return g
        if derivative == -1.0:
            return -g
    return derivative * g


def _rows_needing_gradients(schedule: Schedule, num_inputs: int) -> dict[bool, np.ndarray]:
    """Which rows need a gradient, with and without the inputs': a leaf that is not an
    input always does; an op node does when one of its inputs does."""
    needs = {}
    for with_inputs in (True, False):
        need = np.zeros(schedule.num_rows, dtype=bool)
        need[:num_inputs] = with_inputs
        need[num_inputs:num_inputs + len(schedule.leaves)] = True
        for step in schedule.steps:
            reaches = np.zeros(step.stop - step.start, dtype=bool)
            for indices in step.input_indices:
                reaches |= need[indices]
            need[step.start:step.stop] = reaches
        needs[with_inputs] = need
    return needs


def _names(nodes: Sequence[Value]) -> str:
    shown = ", ".join(node.label or "?" for node in nodes[:6])
    return shown + (", ..." if len(nodes) > 6 else "")

