r"""The whole engine on one page: read this first.

A :class:`Value` holds a number, the op that made it and that op's inputs, so every
result remembers the graph it came from. :meth:`Value.backward` walks that graph from
the output back, applying the chain rule at each node with the local derivatives from
the op table (:mod:`autograd.ops`), where every op's math is written once.

This page is the algorithm and nothing else, shaped like micrograd. The engine you use,
:class:`autograd.Value`, computes exactly the same numbers with the same op table, only
faster and with more around it (pictures, modes, checks). The tests build random graphs
in both and require the same values and gradients, so this page stays true.

    >>> a, b = Value(2.0), Value(-3.0)
    >>> c = a * b + a
    >>> c.backward()
    >>> a.grad, b.grad
    (-2.0, 2.0)
"""

from __future__ import annotations

from autograd import ops
from autograd.op_definition import Op


class Value:
    """A number that remembers how it was computed."""

    def __init__(self, data: float, op: Op | None = None, inputs: tuple[Value, ...] = ()):
        self.data = float(data)
        self.grad = 0.0  # d(output)/d(this value), filled in by backward()
        self.op = op  # None for a leaf: a number we started from
        self.inputs = inputs

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    # Every operator makes a new Value with the op's forward, and records the op and inputs.
    def __add__(self, other: Value | float) -> Value:
        return apply(ops.ADD, self, other)

    def __sub__(self, other: Value | float) -> Value:
        return apply(ops.SUB, self, other)

    def __mul__(self, other: Value | float) -> Value:
        return apply(ops.MUL, self, other)

    def __truediv__(self, other: Value | float) -> Value:
        return apply(ops.DIV, self, other)

    def __pow__(self, other: Value | float) -> Value:
        if isinstance(other, Value):  # a Value exponent gets a gradient too
            return apply(ops.POW, self, other)
        return apply(ops.pow_const(float(other)), self)  # a constant one does not

    # Number on the left: 2 * x is x.__rmul__(2), and so on.
    def __radd__(self, other: float) -> Value:
        return apply(ops.ADD, other, self)

    def __rsub__(self, other: float) -> Value:
        return apply(ops.SUB, other, self)

    def __rmul__(self, other: float) -> Value:
        return apply(ops.MUL, other, self)

    def __rtruediv__(self, other: float) -> Value:
        return apply(ops.DIV, other, self)

    def __rpow__(self, other: float) -> Value:
        return apply(ops.POW, other, self)

    def __neg__(self) -> Value:
        return apply(ops.NEG, self)

    def __abs__(self) -> Value:
        return apply(ops.ABS, self)

    def relu(self) -> Value:
        return apply(ops.RELU, self)

    def leaky_relu(self, slope: float = 0.01) -> Value:
        return apply(ops.leaky_relu(float(slope)), self)

    def tanh(self) -> Value:
        return apply(ops.TANH, self)

    def sigmoid(self) -> Value:
        return apply(ops.SIGMOID, self)

    def softplus(self) -> Value:
        return apply(ops.SOFTPLUS, self)

    def exp(self) -> Value:
        return apply(ops.EXP, self)

    def log(self) -> Value:
        return apply(ops.LOG, self)

    def sqrt(self) -> Value:
        return apply(ops.SQRT, self)

    def backward(self) -> None:
        """Add d(self)/d(node) to ``node.grad`` for every node this Value depends on."""
        grad = {node: 0.0 for node in topological_order(self)}  # this pass's gradients
        grad[self] = 1.0  # d(self)/d(self)
        # From the output back, so each node's gradient is complete before it is used.
        for node in reversed(grad):
            if node.op is None:
                continue  # a leaf has nothing to pass on
            local = node.op.derivatives(*(x.data for x in node.inputs), node.data)
            for x, d_node_d_x in zip(node.inputs, local):
                grad[x] += d_node_d_x * grad[node]  # the chain rule
        for node, g in grad.items():
            node.grad += g  # gradients accumulate across passes, as in PyTorch


def apply(op: Op, *inputs: Value | float) -> Value:
    """A new Value, ``op(*inputs)``; a plain number among the inputs becomes a leaf."""
    values = tuple(x if isinstance(x, Value) else Value(x) for x in inputs)
    return Value(op.forward(*(x.data for x in values)), op, values)


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, each after all of its inputs, ``root`` last.

    With a stack of our own instead of recursion, so a graph of any depth works.
    """
    order: list[Value] = []
    placed: set[Value] = set()
    stack = [(root, False)]
    while stack:
        node, inputs_placed = stack.pop()
        if node in placed:
            continue  # reached before, along another path
        if inputs_placed:
            placed.add(node)
            order.append(node)
        else:  # come back to it after its inputs, which go on top of it (the first on top,
            stack.append((node, True))  # so the order reads as the expression is written)
            stack.extend((x, False) for x in reversed(node.inputs) if x not in placed)
    return order
