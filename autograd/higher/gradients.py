r"""``grad`` and ``hessian``: gradients as values of their own, as ``torch.autograd.grad``.

``backward()`` adds gradients into ``.grad``. :func:`grad` instead *returns* them and leaves
every ``.grad`` as it was, which is what a derivative of a derivative needs: with
``create_graph=True`` the chain rule is run on Values (the op table's derivative formulas
given the :mod:`~autograd.higher.value_kit`), so each gradient is a Value whose graph
reaches back into the original one, and can itself be differentiated.

For ``y = tanh(x)``, ``grad(y, [x], create_graph=True)`` is the Value ``1 - y*y``, built
from tanh's row of the op table, ``df/da = 1 - out²``; differentiating it again gives
``-2·y·(1 - y²)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd.graph import topological_order
from autograd.higher import value_kit
from autograd.kit import Number
from autograd.mode import enable_grad
from autograd.value import Value


def grad(
    output: Value, inputs: Sequence[Value], create_graph: bool = False
) -> list[float] | list[Value]:
    """d output / d input for each input, without touching any ``.grad``.

    Args:
        output: the Value to differentiate.
        inputs: the Values to differentiate with respect to (leaves or not).
        create_graph: return Values that carry their own graph, so that they can be
            differentiated again (as ``torch.autograd.grad(..., create_graph=True)``);
            otherwise return floats.

    Returns:
        One gradient per input, in order: floats, or Values with ``create_graph``. An input
        the output does not depend on gets 0.

    Raises:
        TypeError: ``output`` or an input is not a Value.

    Example:
        >>> from autograd import Value
        >>> x = Value(3.0, label="x")
        >>> y = x * x * x
        >>> (dy,) = grad(y, [x], create_graph=True)
        >>> dy.data, grad(dy, [x])
        (27.0, [18.0])
    """
    _check(output, inputs)
    if not create_graph:
        found, _ = reverse_sweep(output, seed=1.0, kit=None)
        return [float(found.get(id(x), 0.0)) for x in inputs]
    with enable_grad():  # the gradients' graph must be recorded, even under no_grad()
        found, _ = reverse_sweep(output, seed=1.0, kit=value_kit)
    return [_as_value(found.get(id(x), 0.0), output, x) for x in inputs]


def hessian(output: Value, inputs: Sequence[Value]) -> list[list[float]]:
    """The matrix of second derivatives ``d² output / d input_i d input_j``.

    Each row is the gradient of one first derivative: ``grad(grad(output)[i], inputs)``.

    Example:
        >>> from autograd import Value
        >>> x, y = Value(1.0), Value(2.0)
        >>> hessian(x * x * y, [x, y])
        [[4.0, 2.0], [2.0, 0.0]]
    """
    _check(output, inputs)
    first = grad(output, inputs, create_graph=True)
    return [list(grad(g, inputs)) for g in first]  # type: ignore[arg-type]


# ---------------------------------------------------------------- the chain rule, once more


def reverse_sweep(output: Value, seed: Number, kit: object) -> tuple[dict[int, Number], int]:
    """Backprop into a dict {id(node): gradient} instead of into ``.grad``.

    With ``kit=None`` local derivatives are floats (the engine's own calls); with the Value
    kit they are Values, and so are the gradients.

    Returns:
        The gradients by ``id(node)``, and how many ops' local derivatives were evaluated.
    """
    order = topological_order(output)
    found: dict[int, Number] = {id(output): seed}
    evaluated = 0
    for node in reversed(order):
        g = found.get(id(node))
        op, inputs = node.op, node.inputs
        if g is None or op is None:
            continue
        if kit is None:
            local = op.derivatives(*(x.data for x in inputs), node.data)
        else:
            local = op.derivatives_with(kit, *inputs, node)  # type: ignore[arg-type]
        evaluated += 1
        for x, d in zip(inputs, local):
            contribution = _times(d, g)
            before = found.get(id(x))
            found[id(x)] = contribution if before is None else before + contribution
    return found, evaluated


def _times(local: Number, g: Number) -> Number:
    """``local × g``, without recording a multiplication by the constant 1 or -1 (so that a
    gradient's graph shows the formula, not the bookkeeping)."""
    if not isinstance(local, Value) and local in (1.0, -1.0):
        if not isinstance(g, Value):
            return local * g
        return g if local == 1.0 else -g
    if not isinstance(g, Value) and g == 1.0:
        return local
    return local * g


def _as_value(gradient: Number, output: Value, x: Value) -> Value:
    """A gradient as a Value, labelled ``d(y)/d(x)`` when both have labels."""
    value = gradient if isinstance(gradient, Value) else Value(gradient)
    if not value.label and output.label and x.label:
        value.label = f"d{output.label}/d{x.label}"
    return value


def _check(output: object, inputs: Sequence[object]) -> None:
    if not isinstance(output, Value):
        raise TypeError(f"grad: output must be a Value, got {type(output).__name__}: {output!r}")
    if isinstance(inputs, Value) or not isinstance(inputs, Sequence):
        raise TypeError(
            f"grad: inputs must be a list of Values, got {type(inputs).__name__}: {inputs!r}"
        )
    for i, x in enumerate(inputs):
        if not isinstance(x, Value):
            raise TypeError(f"grad: input {i} must be a Value, got {type(x).__name__}: {x!r}")
