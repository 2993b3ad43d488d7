"""``trace``: check that a graph can be replayed, and turn it into a :class:`Program`.

A trace records the graph's *structure*: which op reads which nodes. Replaying it runs
that same structure on new numbers. A branch your Python code took on a ``.data`` while
building the graph (``if x.data > 0: ...``, or a max found in Python, as softmax's shift
is) is not taken again: the replay follows the branch of the traced example for every
example. Build the graph from ops alone (``relu`` rather than an ``if``) when it must
hold for any data.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd.graph import topological_order
from autograd.ops import OPS
from autograd.tape.program import Program
from autograd.tape.schedule import schedule
from autograd.value import Value


def trace(root: Value, inputs: Sequence[Value]) -> Program:
    """The graph that computed ``root``, as a program that replays it on whole batches.

    The program fixes the graph's structure: a branch your code took in Python on a
    ``.data`` while building it is replayed as taken, for every example.

    Args:
        root: the Value to compute (a loss, a neuron's output).
        inputs: the leaves that change from example to example (the data), in the order
            of the columns that :meth:`Program.forward` takes. Every other leaf
            (parameters, constants) is read from its ``.data`` at each forward, so an
            optimizer's updates are seen without tracing again.

    Returns:
        A :class:`~autograd.tape.program.Program`: ``program.forward(columns)``,
        ``program.backward(seed)``, and ``print(program)`` to read it.

    Raises:
        TypeError: ``root`` or an input is not a Value.
        ValueError: an input is not a leaf, is given twice, or there are none; ``root``
            was computed under ``no_grad`` (nothing recorded); the graph has an op that
            is not in the op table.

    Example:
        >>> from autograd import Value, trace
        >>> x, w = Value(1.0, label="x"), Value(3.0, label="w")
        >>> y = w * x
        >>> y.label = "y"
        >>> program = trace(y, inputs=[x])
        >>> program.forward([[1.0, 2.0, -1.0]]).tolist()
        [3.0, 6.0, -3.0]
        >>> print(program)  # doctest: +NORMALIZE_WHITESPACE
        # inputs, one number per example: x
        # read from .data at every forward: w
        # forward sweep
        y = w * x
        # reverse sweep
        y.grad = seed
        w.grad += y.grad * x
        x.grad += y.grad * w
    """
    return trace_outputs([root], inputs, what="root")


def trace_outputs(outputs: Sequence[Value], inputs: Sequence[Value],
                  what: str = "output") -> Program:
    """:func:`trace` for several outputs at once (a model's outputs, say): ``forward``
    then returns one row per output, and ``backward`` takes a seed with one row each."""
    for i, out in enumerate(outputs):
        if not isinstance(out, Value):
            shown = what if len(outputs) == 1 else f"{what} {i}"
            raise TypeError(f"trace: the {shown} must be a Value, got {type(out).__name__}: "
                            f"{out!r:.80}")
    inputs = _checked_inputs(inputs)
    input_ids = {id(x) for x in inputs}
    for out in outputs:
        if out.op is None and id(out) not in input_ids:
            raise ValueError(
                f"trace: the {what} {out!r} is a leaf that is none of the inputs, so there is "
                "no graph to replay; was it computed under no_grad() (which records nothing)?")
    order = reading_order(outputs)
    for node in order:
        op = node.op
        if op is not None and OPS.get(op.name) is not type(op):
            raise ValueError(
                f"trace: {node!r} was computed by op {op!r} ({type(op).__name__}), which is not "
                f"in the op table autograd.ops.OPS; the tape replays only those: "
                f"{', '.join(sorted(OPS))}")
    return Program(outputs, inputs, order, schedule(order, inputs))


def reading_order(outputs: Sequence[Value]) -> list[Value]:
    """Every node the ``outputs`` depend on, once, each after its inputs, in the order the
    code that built them reads (:func:`autograd.topological_order` places a node's first
    input, with all it depends on, before its second): ``w1 * x1 + w2 * x2`` lists
    ``w1, x1, w1 * x1`` before ``w2, x2, w2 * x2``. Several outputs share their nodes.
    """
    order: list[Value] = []
    placed: set[int] = set()
    for out in outputs:
        for node in topological_order(out):
            if id(node) not in placed:  # not already placed for an earlier output
                placed.add(id(node))
                order.append(node)
    return order


def _checked_inputs(inputs: Sequence[Value]) -> list[Value]:
    if isinstance(inputs, Value) or not isinstance(inputs, Sequence):
        raise TypeError(f"trace: inputs must be a list of Values (the data leaves), got "
                        f"{type(inputs).__name__}: {inputs!r:.80}")
    if not inputs:
        raise ValueError("trace: give at least one input (a leaf that holds data), so that "
                         "forward knows the batch from its column")
    seen: set[int] = set()
    for i, x in enumerate(inputs):
        if not isinstance(x, Value):
            raise TypeError(f"trace: inputs[{i}] must be a Value, got {type(x).__name__}: "
                            f"{x!r:.80}")
        if x.op is not None:
            raise ValueError(
                f"trace: inputs[{i}] {x!r} is not a leaf: it was computed by op {x.op.name!r}. "
                "Inputs are the leaves that hold the data; pass those instead")
        if id(x) in seen:
            raise ValueError(f"trace: inputs[{i}] {x!r} is given twice")
        seen.add(id(x))
    return list(inputs)
