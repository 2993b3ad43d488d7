"""``Value``: one number, its gradient, and the graph of how it was computed."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from autograd import copying
from autograd.accumulation import backward_pass
from autograd.anomaly import check_gradients, check_seed
from autograd.coerce import to_float
from autograd.floats import is_finite
from autograd.graph import zero_grad
from autograd.mode import detecting_anomalies
from autograd.ops import (
    ABS,
    ADD,
    DIV,
    EXP,
    LOG,
    MUL,
    NEG,
    POW,
    RELU,
    SIGMOID,
    SOFTPLUS,
    SQRT,
    SUB,
    TANH,
    Op,
    leaky_relu,
    pow_const,
)
from autograd.value_methods import (
    apply,
    binary_method,
    comparison,
    make_nodes_of,
    name_methods,
    unary_method,
)
from autograd.value_methods import as_value as as_value  # re-exported: nn uses it

Number = float | int


class Value:
    """A scalar that remembers how it was computed, so that gradients can flow back.

    Every arithmetic operation on Values returns a new Value that records the op and its
    ``inputs``; calling :meth:`backward` on the final result fills in ``grad`` on every
    Value that led to it.

    Attributes:
        data: the number itself (a float).
        grad: d(output)/d(this value), filled in by ``backward()``; 0.0 until then.
        label: an optional name, shown in drawings and backprop steps.
        op: the :class:`~autograd.Op` that produced this value, ``None`` for a leaf.
        inputs: the Values it was computed from, in order (``a*a`` has ``(a, a)``).

    Example:
        >>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
        >>> c = a * b + a
        >>> c.backward()
        >>> a.grad, b.grad
        (-2.0, 2.0)

    Comparing Values: as with a PyTorch 0-d tensor, ``==``, ``!=``, ``<``, ``<=``, ``>``
    and ``>=`` compare the numbers (a Value or a real number on either side) and give a
    ``bool``; ``bool(v)`` is ``v.data != 0``. So ``Value(1.0) == 1`` and
    ``Value(1.0) == Value(1.0)`` are True, and ``if loss < 0.01:`` works. Hashing stays by
    identity, so that a set or a dict of nodes holds each node once, however many have
    the same number; as in torch, ``Value(1.0) in {Value(1.0)}`` is therefore False (a set
    looks a node up by identity first). To ask "is this the very node?", write ``is``:
    ``x in some_list`` and ``some_list.index(x)`` compare numbers. Unlike a tensor, a Value
    does not become a float by itself: ``float(v)`` and ``math.exp(v)`` raise a TypeError
    that says to write ``v.data`` (the number would leave the graph without a word).

        >>> Value(2.0) == 2, Value(2.0) < Value(3.0), bool(Value(0.0))
        (True, True, False)
    """

    # A node keeps its (at most two) inputs in two slots, in order, and `inputs` hands
    # them out as a tuple. A stored tuple would be a second object per node for the
    # garbage collector to track, and its full collections walk every tracked object
    # again and again as a graph grows: two slots halve that work and save 32 bytes.
    __slots__ = ("data", "grad", "label", "op", "_first_input", "_second_input", "_visited_by")

    data: float
    grad: float
    label: str
    op: Op | None
    _first_input: Value | None  # None for a leaf
    _second_input: Value | None  # None for a leaf or a one-input op
    _visited_by: object  # the mark the last graph walk left on it: see autograd.graph

    def __init__(self, data: Number, label: str = "") -> None:
        self.data = data if type(data) is float else to_float(data)
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, got {type(label).__name__}: {label!r}")
        self.grad = 0.0
        self.label = label
        self.op = self._first_input = self._second_input = None
        self._visited_by = None

    @property
    def inputs(self) -> tuple[Value, ...]:
        """The Values this one was computed from, in order: ``(a, b)`` for ``a * b``,
        ``(a, a)`` for ``a * a`` (two edges), ``()`` for a leaf."""
        first, second = self._first_input, self._second_input
        if first is None:
            return ()
        return (first,) if second is None else (first, second)

    # ------------------------------------------------------------ arithmetic
    # Each operator is made from its op by binary_method / unary_method (see
    # autograd.value_methods), so that `a * b` runs the op's forward with no call in
    # between: this is the engine's hottest path. Numbers on either side become
    # constant leaves.

    __add__ = binary_method(ADD)
    __radd__ = binary_method(ADD, reflected=True)
    __sub__ = binary_method(SUB)
    __rsub__ = binary_method(SUB, reflected=True)
    __mul__ = binary_method(MUL)
    __rmul__ = binary_method(MUL, reflected=True)
    __truediv__ = binary_method(DIV)
    __rtruediv__ = binary_method(DIV, reflected=True)
    __rpow__ = binary_method(POW, reflected=True)
    __neg__ = unary_method(NEG)
    __abs__ = unary_method(ABS)

    def __pow__(self, exponent: Value | Number) -> Value:
        """``a ** n`` for a constant number ``n`` (op :class:`~autograd.ops.PowConst`), or
        ``a ** b`` for a Value ``b``, which then gets a gradient too (op
        :class:`~autograd.ops.Pow`)."""
        if type(exponent) is Value:
            return apply(POW, self, exponent)
        return apply(pow_const(to_float(exponent, "the exponent of **")), self)

    def __pos__(self) -> Value:
        return self

    # ------------------------------------------------------------ functions

    relu = unary_method(RELU, "``max(x, 0)``.")
    tanh = unary_method(TANH, "Hyperbolic tangent, in (-1, 1).")
    sigmoid = unary_method(SIGMOID, "Logistic ``1 / (1 + e**-x)``, in (0, 1); never overflows.")
    softplus = unary_method(SOFTPLUS, "``ln(1 + e**x)``, a smooth relu; never overflows.")
    exp = unary_method(EXP, "``e**x`` (``inf`` when it overflows).")
    log = unary_method(LOG, "Natural logarithm (``log(0) = -inf``, ``log(negative) = nan``).")
    sqrt = unary_method(SQRT, "Square root (``nan`` for a negative number).")

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """``x`` if ``x > 0`` else ``slope * x``.

        Raises:
            TypeError: ``slope`` is not a number.
            ValueError: ``slope`` is ``nan`` or ``inf`` (every negative input would give
                ``nan`` or ``±inf``).
        """
        slope = to_float(slope, "leaky_relu's slope")
        if not is_finite(slope):
            raise ValueError(f"leaky_relu's slope must be a finite number, got {slope!r}")
        return apply(leaky_relu(slope), self)

    # ------------------------------------------------------------ comparing
    # As a PyTorch 0-d tensor: comparisons and truth work on the number (see the class
    # docstring, "Comparing Values"), while hashing stays by identity.

    __eq__ = comparison(operator.eq)
    __ne__ = comparison(operator.ne)
    __lt__ = comparison(operator.lt)
    __le__ = comparison(operator.le)
    __gt__ = comparison(operator.gt)
    __ge__ = comparison(operator.ge)
    __hash__ = object.__hash__  # by identity: sets and dicts of nodes hold each node once

    def __bool__(self) -> bool:
        """``data != 0``, as for a number: ``Value(0.0)`` is false, ``Value(nan)`` true."""
        return self.data != 0.0

    def __float__(self) -> float:
        """Refused, where PyTorch allows it: ``math.exp(v)`` and ``float(v)`` would take the
        number out of the graph without a word, and its gradient would silently stay 0."""
        raise TypeError(
            "a Value does not turn into a plain number by itself: that would cut it out of "
            "the graph. Write v.data for the number, or use the Value's own functions "
            "(v.exp(), v.log(), v.tanh(), ...) to keep the graph"
        )

    __int__ = __index__ = __complex__ = __float__  # type: ignore[assignment]  # int(v), ...

    def __round__(self, ndigits: int | None = None) -> float:
        """Refused, as ``float(v)`` is: write ``round(v.data)``."""
        return self.__float__()

    # ------------------------------------------------------------ backprop

    def backward(self, grad: Number = 1.0) -> None:
        """Reverse-mode backprop: add d(self)/d(node) to ``node.grad`` for every node
        this Value depends on, itself included.

        Nodes are visited in reverse topological order, so each node's gradient is
        complete before it is passed on to its inputs. There is no recursion: graphs of
        any depth work.

        Threads may backpropagate at the same time, into shared parameters too: each
        pass runs whole, then the next, so the gradients add up exactly as they would
        one pass after another.

        Gradients **accumulate**, as in PyTorch: calling ``backward()`` twice leaves
        every gradient doubled. Clear them first with :func:`autograd.zero_grad` (or an
        optimizer's ``zero_grad()``) when you want a fresh pass.

        Args:
            grad: the gradient of the final objective with respect to this Value
                (1.0 when this Value *is* the objective).

        Raises:
            RuntimeError: a backprop stepper (``backward_steps``) is still stepping
                through some of these nodes.
            FloatingPointError: under ``detect_anomaly()``, ``grad`` or a gradient
                passed on is ``nan`` or ``inf``.
        """
        seed = to_float(grad, "the gradient passed to backward()")
        check = detecting_anomalies()
        if check:
            check_seed(seed)
        # The whole pass holds one lock: passes in several threads into shared parameters
        # add up as they would one after another (see autograd.accumulation).
        with backward_pass(self, seed) as order:
            # The chain rule, one node at a time from the output back: each input's gradient
            # grows by (d node / d input) × node.grad, the local derivative from the op table.
            for node in reversed(order):
                op, a, b = node.op, node._first_input, node._second_input
                if op is None or a is None:  # a leaf passes nothing on
                    continue
                g = node.grad
                if b is not None:
                    da, db = op.derivatives(a.data, b.data, node.data)
                    a.grad += da * g
                    b.grad += db * g
                else:
                    (da,) = op.derivatives(a.data, node.data)
                    a.grad += da * g
                if check:
                    check_gradients(node)

    def zero_grad(self) -> None:
        """Set ``grad`` to 0.0 on this Value and everything it depends on."""
        zero_grad(self)

    # ------------------------------------------------------------ copying and pickling
    # Without recursion, so that a graph of any depth copies: see autograd.copying.

    def __reduce_ex__(self, protocol: object) -> tuple[Callable[..., Value], tuple[object, ...]]:
        return copying.reduce(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> Value:
        return copying.deep_copy(self, memo)

    def __copy__(self) -> Value:
        """A new node with the same number, gradient, label, op and (the same) inputs."""
        return copying.shallow_copy(self)

    # ------------------------------------------------------------ display

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"


# The methods made in autograd.value_methods build Values, and are named after their
# attribute (help() shows `Value.tanh`; pickle finds it).
make_nodes_of(Value)
name_methods(Value)
