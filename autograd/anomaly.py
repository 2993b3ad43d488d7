"""What ``detect_anomaly()`` checks: the first ``nan`` or ``inf``, with where it came from.

Under :func:`autograd.mode.detect_anomaly`, every op checks its result
(:func:`check_forward`), backprop checks the gradient it starts from (:func:`check_seed`)
and the gradients each node passes on (:func:`check_gradients`); the error names the op
and its inputs, so that a diverging run can be traced to the node where it started.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd import floats

if TYPE_CHECKING:
    from autograd.ops import Op
    from autograd.value import Value


def check_forward(op: Op, inputs: tuple[Value, ...], out: Value) -> None:
    """Raise FloatingPointError if ``op`` made ``out`` ``nan`` or ``±inf``."""
    if not floats.is_finite(out.data):
        raise FloatingPointError(f"{op.name} produced {out.data!r} from {_describe(inputs)}")


def check_seed(seed: float, where: str = "backward()") -> None:
    """Raise FloatingPointError if the gradient a pass starts from is ``nan`` or ``±inf``."""
    if not floats.is_finite(seed):
        raise FloatingPointError(
            f"the gradient passed to {where} is {seed!r}: backprop would spread it to every "
            f"gradient (pass a finite number, 1.0 when this Value is the loss)"
        )


def check_gradients(node: Value) -> None:
    """Raise FloatingPointError if backprop through ``node`` left an input's gradient
    ``nan`` or ``±inf``."""
    for i, v in enumerate(node.inputs):
        if not floats.is_finite(v.grad):
            raise FloatingPointError(
                f"backprop through {node.op.name if node.op else 'a leaf'} gave input {i} "
                f"({v.label or 'unlabelled'}) the gradient {v.grad!r}; "
                f"inputs: {_describe(node.inputs)}, output {node.data!r}, "
                f"output gradient {node.grad!r}"
            )


def _describe(inputs: tuple[Value, ...]) -> str:
    """``a=2.0, input 1=-3.0``: each input by its label, else its position, and its value."""
    names = [v.label or f"input {i}" for i, v in enumerate(inputs)]
    return ", ".join(f"{name}={v.data!r}" for name, v in zip(names, inputs))
