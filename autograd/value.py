"""``Value``: one number, its gradient, and the graph of how it was computed."""

from __future__ import annotations

import numbers
from typing import Union

from autograd import floats, ops
from autograd.graph import topological_order, zero_grad
from autograd.mode import MODE

Number = Union[float, int]


class Value:
    """A scalar that remembers how it was computed, so that gradients can flow back.

    Every arithmetic operation on Values returns a new Value that records the op and its
    ``inputs``; calling :meth:`backward` on the final result fills in ``grad`` on every
    Value that led to it.

    Attributes:
        data: the number itself (a float).
        grad: d(output)/d(this value), filled in by ``backward()``; 0.0 until then.
        label: an optional name, shown in drawings and backprop steps.
        op: the :class:`~autograd.ops.Op` that produced this value, ``None`` for a leaf.
        inputs: the Values it was computed from, in order (``a*a`` has ``(a, a)``).

    Example:
        >>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
        >>> c = a * b + a
        >>> c.backward()
        >>> a.grad, b.grad
        (-2.0, 2.0)
    """

    __slots__ = ("data", "grad", "label", "op", "inputs")

    data: float
    grad: float
    label: str
    op: ops.Op | None
    inputs: tuple[Value, ...]

    def __init__(self, data: Number, label: str = "") -> None:
        self.data = _to_float(data)
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, got {type(label).__name__}: {label!r}")
        self.grad = 0.0
        self.label = label
        self.op = None
        self.inputs = ()

    # ------------------------------------------------------------ arithmetic

    def __add__(self, other: Value | Number) -> Value:
        return _binary(ops.ADD, self, _as_value(other, "+"))

    def __radd__(self, other: Number) -> Value:
        return _binary(ops.ADD, _as_value(other, "+"), self)

    def __sub__(self, other: Value | Number) -> Value:
        return _binary(ops.SUB, self, _as_value(other, "-"))

    def __rsub__(self, other: Number) -> Value:
        return _binary(ops.SUB, _as_value(other, "-"), self)

    def __mul__(self, other: Value | Number) -> Value:
        return _binary(ops.MUL, self, _as_value(other, "*"))

    def __rmul__(self, other: Number) -> Value:
        return _binary(ops.MUL, _as_value(other, "*"), self)

    def __truediv__(self, other: Value | Number) -> Value:
        return _binary(ops.DIV, self, _as_value(other, "/"))

    def __rtruediv__(self, other: Number) -> Value:
        return _binary(ops.DIV, _as_value(other, "/"), self)

    def __pow__(self, exponent: Value | Number) -> Value:
        """``a ** n`` for a constant number ``n``, or ``a ** b`` for a Value ``b``
        (then ``b`` gets a gradient too: d/db a^b = a^b·ln a)."""
        if isinstance(exponent, Value):
            return _binary(ops.POW, self, exponent)
        return _unary(ops.pow_const(_to_float(exponent, "the exponent of **")), self)

    def __rpow__(self, base: Number) -> Value:
        return _binary(ops.POW, _as_value(base, "**"), self)

    def __neg__(self) -> Value:
        return _unary(ops.NEG, self)

    def __pos__(self) -> Value:
        return self

    def __abs__(self) -> Value:
        return _unary(ops.ABS, self)

    # ------------------------------------------------------------ functions

    def relu(self) -> Value:
        """``max(x, 0)``."""
        return _unary(ops.RELU, self)

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """``x`` if ``x > 0`` else ``slope * x``."""
        return _unary(ops.leaky_relu(_to_float(slope, "slope")), self)

    def tanh(self) -> Value:
        """Hyperbolic tangent, in (-1, 1)."""
        return _unary(ops.TANH, self)

    def sigmoid(self) -> Value:
        """Logistic function ``1 / (1 + e**-x)``, in (0, 1); never overflows."""
        return _unary(ops.SIGMOID, self)

    def softplus(self) -> Value:
        """``ln(1 + e**x)``, a smooth relu; never overflows."""
        return _unary(ops.SOFTPLUS, self)

    def exp(self) -> Value:
        """``e**x`` (``inf`` when it overflows)."""
        return _unary(ops.EXP, self)

    def log(self) -> Value:
        """Natural logarithm (``log(0) = -inf``, ``log(negative) = nan``)."""
        return _unary(ops.LOG, self)

    def sqrt(self) -> Value:
        """Square root (``nan`` for a negative number)."""
        return _unary(ops.SQRT, self)

    # ------------------------------------------------------------ backprop

    def backward(self, grad: Number = 1.0) -> None:
        """Reverse-mode backprop: add d(self)/d(node) to ``node.grad`` for every node
        this Value depends on, itself included.

        Nodes are visited in reverse topological order, so each node's gradient is
        complete before it is passed on to its inputs. There is no recursion: graphs of
        any depth work.

        Gradients **accumulate**, as in PyTorch: calling ``backward()`` twice leaves
        every gradient doubled. Clear them first with :func:`autograd.zero_grad` (or an
        optimizer's ``zero_grad()``) when you want a fresh pass.

        Args:
            grad: the gradient of the final objective with respect to this Value
                (1.0 when this Value *is* the objective).
        """
        seed = _to_float(grad, "the gradient passed to backward()")
        order = topological_order(self)
        # Earlier passes' gradients are set aside so that this pass adds exactly
        # its own contribution to every node (intermediate ones included).
        earlier = [node.grad for node in order]
        accumulating = any(earlier)
        if accumulating:
            for node in order:
                node.grad = 0.0
        self.grad = seed
        check = MODE.detect_anomaly
        for node in reversed(order):
            op = node.op
            if op is None:
                continue
            g = node.grad
            inputs = node.inputs
            if len(inputs) == 2:
                a, b = inputs
                da, db = op.derivatives(a.data, b.data, node.data)
                a.grad += da * g
                b.grad += db * g
            else:
                (a,) = inputs
                (da,) = op.derivatives(a.data, node.data)
                a.grad += da * g
            if check:
                _check_gradients(node)
        if accumulating:
            for node, before in zip(order, earlier):
                node.grad += before

    def zero_grad(self) -> None:
        """Set ``grad`` to 0.0 on this Value and everything it depends on."""
        zero_grad(self)

    # ------------------------------------------------------------ display

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"


# ---------------------------------------------------------------- building nodes


def _to_float(x: object, what: str = "Value(data)") -> float:
    """``x`` as a float, or a TypeError that names what was received."""
    if type(x) is float:
        return x  # type: ignore[return-value]
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return float(x)
    kind = type(x).__name__
    hint = " (use its .data)" if isinstance(x, Value) else ""
    raise TypeError(f"{what} expects a float or an int, got {kind}: {x!r}{hint}")


def _as_value(x: object, symbol: str) -> Value:
    """An operand as a Value: Values pass through, numbers become constant leaves."""
    if isinstance(x, Value):
        return x
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return Value(float(x))
    raise TypeError(
        f"unsupported operand for {symbol}: Value and {type(x).__name__} ({x!r}); "
        "expected a Value, a float or an int"
    )


def _binary(op: ops.Op, a: Value, b: Value) -> Value:
    out = Value.__new__(Value)
    out.data = op.forward(a.data, b.data)
    out.grad = 0.0
    out.label = ""
    if MODE.recording:
        out.op = op
        out.inputs = (a, b)
    else:
        out.op = None
        out.inputs = ()
    if MODE.detect_anomaly:
        _check_forward(op, (a, b), out)
    return out


def _unary(op: ops.Op, a: Value) -> Value:
    out = Value.__new__(Value)
    out.data = op.forward(a.data)
    out.grad = 0.0
    out.label = ""
    if MODE.recording:
        out.op = op
        out.inputs = (a,)
    else:
        out.op = None
        out.inputs = ()
    if MODE.detect_anomaly:
        _check_forward(op, (a,), out)
    return out


def _describe(inputs: tuple[Value, ...]) -> str:
    names = [v.label or f"input {i}" for i, v in enumerate(inputs)]
    return ", ".join(f"{name}={v.data!r}" for name, v in zip(names, inputs))


def _check_forward(op: ops.Op, inputs: tuple[Value, ...], out: Value) -> None:
    if not floats.is_finite(out.data):
        raise FloatingPointError(f"{op.name} produced {out.data!r} from {_describe(inputs)}")


def _check_gradients(node: Value) -> None:
    for i, v in enumerate(node.inputs):
        if not floats.is_finite(v.grad):
            raise FloatingPointError(
                f"backprop through {node.op.name if node.op else 'a leaf'} gave input {i} "
                f"({v.label or 'unlabelled'}) the gradient {v.grad!r}; "
                f"inputs: {_describe(node.inputs)}, output {node.data!r}, "
                f"output gradient {node.grad!r}"
            )
