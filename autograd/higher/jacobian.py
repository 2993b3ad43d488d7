r"""The Jacobian by forward or by reverse mode, with what each costs.

For outputs ``y_1 … y_m`` of inputs ``x_1 … x_n``, the Jacobian ``J[i][j] = d y_i / d x_j``
can be filled in two ways from the same local derivatives:

* **reverse mode** (backprop): one sweep back from each output gives a whole *row*:
  ``m`` sweeps;
* **forward mode**: one sweep forward from each input gives a whole *column*: ``n`` sweeps.

A loss is one output of many parameters (``m = 1``, ``n`` large), which is why training
uses reverse mode. :func:`jacobian` counts the local derivatives each way evaluates, so the
difference can be seen rather than taken on trust.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from autograd.higher.forward_mode import forward_sweep
from autograd.higher.gradients import reverse_sweep
from autograd.value import Value

MODES = ("forward", "reverse")


@dataclass(frozen=True)
class Jacobian:
    """A Jacobian and what it cost.

    Attributes:
        rows: ``rows[i][j] = d outputs[i] / d inputs[j]``.
        mode: ``"forward"`` or ``"reverse"``.
        sweeps: how many passes over the graph were made.
        local_derivatives: how many ops' local derivatives were evaluated in all.
    """

    rows: list[list[float]]
    mode: str
    sweeps: int
    local_derivatives: int


def jacobian(outputs: Sequence[Value], inputs: Sequence[Value], mode: str = "reverse") -> Jacobian:
    """``d outputs[i] / d inputs[j]`` for every pair, by forward or by reverse mode.

    Args:
        outputs: the Values to differentiate.
        inputs: the Values to differentiate with respect to.
        mode: ``"reverse"`` (one sweep per output) or ``"forward"`` (one per input).

    Example:
        >>> from autograd import Value
        >>> x, y = Value(2.0), Value(3.0)
        >>> j = jacobian([x * y, x + y], [x, y], mode="forward")
        >>> j.rows, j.sweeps
        ([[3.0, 2.0], [1.0, 1.0]], 2)
    """
    if mode not in MODES:
        raise ValueError(f"jacobian: mode must be one of {MODES}, got {mode!r}")
    for what, values in (("outputs", outputs), ("inputs", inputs)):
        if isinstance(values, Value) or not all(isinstance(v, Value) for v in values):
            raise TypeError(f"jacobian: {what} must be a list of Values, got {values!r}")
    rows = [[0.0] * len(inputs) for _ in outputs]
    evaluated = 0
    if mode == "reverse":
        for i, output in enumerate(outputs):
            found, count = reverse_sweep(output, seed=1.0, kit=None)
            evaluated += count
            rows[i] = [float(found.get(id(x), 0.0)) for x in inputs]
        return Jacobian(rows, mode, len(outputs), evaluated)
    for j, x in enumerate(inputs):
        # One forward sweep per input, over the graph of all the outputs: the tangents
        # found for one output are reused by the next, so a shared node counts once.
        tangents: dict[int, float] = {id(x): 1.0}
        for i, output in enumerate(outputs):
            tangents, count = forward_sweep(output, tangents)
            evaluated += count
            rows[i][j] = tangents[id(output)]
    return Jacobian(rows, mode, len(inputs), evaluated)
