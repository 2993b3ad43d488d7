r"""Forward mode: carry a directional derivative from the leaves to the output.

Reverse mode (``backward``) sweeps once from the output back and gets the derivative with
respect to *every* input: the right tool for one loss and many parameters. Forward mode
sweeps once from the inputs forward and gets the derivative of *every* output along *one*
direction: each node's tangent is ``sum over its inputs of (d node / d input) × tangent``,
with the same local derivatives from the op table. For n inputs and one output, forward
mode needs n sweeps where reverse mode needs one; for one input and n outputs it is the
other way round.
"""

from __future__ import annotations

from collections.abc import Mapping

from autograd.coerce import to_float
from autograd.graph import topological_order
from autograd.value import Number, Value


def jvp(output: Value, tangents: Mapping[Value, Number]) -> float:
    """The directional derivative of ``output``: ``sum over leaves of d output/d leaf × t``.

    One forward sweep over the recorded graph, in topological order, without backprop and
    without touching any ``.grad`` (the Jacobian-vector product of ``torch.func.jvp``).

    Args:
        output: the Value whose derivative is wanted.
        tangents: the direction, as ``{leaf: number}``; nodes not named move with 0. A node
            that is not a leaf may be named too: its tangent is then taken as given.

    Returns:
        The directional derivative, a float.

    Example:
        >>> from autograd import Value
        >>> x, y = Value(3.0), Value(2.0)
        >>> jvp(x * y, {x: 1.0})  # d(xy)/dx
        2.0
    """
    if not isinstance(output, Value):
        raise TypeError(f"jvp: output must be a Value, got {type(output).__name__}: {output!r}")
    if not isinstance(tangents, Mapping):
        raise TypeError(
            f"jvp: tangents must map Values to numbers, got {type(tangents).__name__}"
        )
    given: dict[int, float] = {}
    for node, t in tangents.items():
        if not isinstance(node, Value):
            raise TypeError(f"jvp: tangents must be keyed by Values, got {node!r}")
        given[id(node)] = to_float(t, f"the tangent of {node!r}")
    tangent, _ = forward_sweep(output, given)
    return tangent[id(output)]


def forward_sweep(output: Value, given: dict[int, float]) -> tuple[dict[int, float], int]:
    """Every node's tangent, leaves first, from the tangents ``given`` by ``id(node)``.

    Nodes already in ``given`` keep their tangent (a later sweep can reuse an earlier one's).

    Returns:
        The tangents by ``id(node)``, and how many ops' local derivatives were evaluated.
    """
    tangent = dict(given)
    evaluated = 0
    for node in topological_order(output):
        if id(node) in tangent:
            continue
        if node.op is not None:
            inputs = node.inputs
            local = node.op.derivatives(*(x.data for x in inputs), node.data)
            evaluated += 1
            tangent[id(node)] = sum(
                (d * tangent[id(x)] for x, d in zip(inputs, local) if tangent[id(x)] != 0.0),
                0.0,
            )
        else:
            tangent[id(node)] = 0.0
    return tangent, evaluated
