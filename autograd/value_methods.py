"""The methods ``Value`` is made of: its operators, built from the op table.

``Value``'s operators and functions (``a * b``, ``a.tanh()``, ...) are not written out
one by one: :func:`binary_method` and :func:`unary_method` make each from its op, so
that ``a * b`` runs the op's forward with no call in between (this is the engine's
hottest path). :func:`apply` runs any op on Values, :func:`as_value` turns a number into
a leaf, and :func:`comparison` makes ``==``, ``<``, ... compare the numbers.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from autograd.anomaly import check_forward
from autograd.coerce import real_number
from autograd.mode import BLOCKS, MODE
from autograd.op_definition import Op

if TYPE_CHECKING:
    from autograd.value import Number, Value

# The methods below build Values, and Value's class body is built from these methods, so
# this module cannot import the class: autograd.value hands it over, once it is defined,
# through make_nodes_of(). The methods then read it as a plain global, as fast as if
# they were written in autograd/value.py.
Value: type[Value]  # type: ignore[no-redef]

_new = object.__new__  # a bare instance, filled in by the op methods below


def make_nodes_of(node_class: type[Value]) -> None:
    """Have the methods made here build nodes of ``node_class`` (called once, by
    :mod:`autograd.value`, right after defining ``Value``)."""
    global Value
    Value = node_class  # type: ignore[misc]


def binary_method(op: Op, reflected: bool = False) -> Callable[..., Value]:
    """Make the method ``self <op> other`` (or ``other <op> self`` when ``reflected``)."""
    symbol, op_forward = op.symbol, op.forward  # looked up once, not at every call

    def forward(self: Value, other: Value | Number) -> Value:
        if type(other) is not Value:
            other = _as_value(other, symbol)
        out = _new(Value)
        out.data = op_forward(self.data, other.data)
        out.grad = 0.0
        out.label = ""
        out._visited_by = None
        # This thread's switches are read only while some thread has a mode block open.
        if BLOCKS.none_open or MODE.recording:
            out.op = op
            out._first_input = self
            out._second_input = other
        else:
            out.op = out._first_input = out._second_input = None
        if not BLOCKS.none_open and MODE.detect_anomaly:
            check_forward(op, (self, other), out)
        return out

    def reflected_forward(self: Value, other: Number) -> Value:
        return forward(_as_value(other, symbol), self)

    method = reflected_forward if reflected else forward
    operands = f"other {symbol} self" if reflected else f"self {symbol} other"
    method.__doc__ = f"``{operands}``, recorded as op {op.name!r}: f(a, b) = {op.formula}."
    return method


def unary_method(op: Op, doc: str = "") -> Callable[[Value], Value]:
    """Make the method ``op(self)``."""
    op_forward = op.forward  # looked up once, not at every call

    def forward(self: Value) -> Value:
        out = _new(Value)
        out.data = op_forward(self.data)
        out.grad = 0.0
        out.label = ""
        out._visited_by = None
        if BLOCKS.none_open or MODE.recording:
            out.op = op
            out._first_input = self
        else:
            out.op = out._first_input = None
        out._second_input = None
        if not BLOCKS.none_open and MODE.detect_anomaly:
            check_forward(op, (self,), out)
        return out

    forward.__doc__ = doc or f"``{op.formula}`` (op {op.name!r})."
    return forward


def comparison(compare: Callable[[float, Any], Any]) -> Callable[[Value, object], bool]:
    """Make the method ``self <compare> other``, which compares the numbers."""

    def method(self: Value, other: object) -> bool:
        if type(other) is Value:
            return bool(compare(self.data, other.data))
        if isinstance(other, numbers.Real):  # bools too, as for a float or a tensor
            return bool(compare(self.data, other))
        return NotImplemented  # `==` then falls back to identity, `<` to a TypeError

    method.__doc__ = f"``{compare.__name__}`` of the numbers: a ``bool``, as for two floats."
    return method


def name_methods(cls: type) -> None:
    """Name each method made here after its attribute of ``cls``, so that help() shows
    ``Value.tanh`` and pickle finds it: an MLP keeps its activation, a method."""
    for name, method in list(vars(cls).items()):
        if "<locals>" in getattr(method, "__qualname__", ""):
            method.__name__, method.__qualname__ = name, f"{cls.__name__}.{name}"
            method.__module__ = cls.__module__


def apply(op: Op, *inputs: Value) -> Value:
    """The Value ``op(*inputs)``, recording the graph (unless under ``no_grad``).

    For ops that have no operator or method of their own, such as the fused
    ``binary_cross_entropy`` op that ``nn.losses`` uses.
    """
    if len(inputs) != op.arity:
        raise TypeError(f"op {op.name} takes {op.arity} input(s), got {len(inputs)}")
    for x in inputs:
        if not isinstance(x, Value):
            raise TypeError(f"op {op.name} takes Values, got {type(x).__name__}: {x!r}")
    return _method_for(op)(*inputs)


@functools.lru_cache(maxsize=512)
def _method_for(op: Op) -> Callable[..., Value]:
    """The method that applies ``op``, made once per op (``x**2`` reuses one)."""
    return binary_method(op) if op.arity == 2 else unary_method(op)


# ---------------------------------------------------------------- building nodes


def as_value(x: object, what: str, label: str = "") -> Value:
    """``x`` as a Value: a Value passes through, a real number becomes a new leaf.

    Args:
        x: a Value, a float or an int.
        what: where ``x`` was passed, for the error message (e.g. ``"input 0"``).
        label: the new leaf's label, when ``x`` is a number.

    Raises:
        TypeError: ``x`` is neither; the message names ``what`` and the type received.
    """
    if isinstance(x, Value):
        return x
    number = real_number(x)
    if number is None:
        raise TypeError(
            f"{what} must be a Value, a float or an int, got {type(x).__name__}: {x!r}"
        )
    return Value(number, label)


class ConstantLabel(str):
    """The label of a leaf made from a plain number by the engine or the library (the ``2``
    of ``x * 2``, a loss's target): empty, like no label at all, but a drawing can tell such a
    constant (drawn inside its op, as its number) from a leaf the user made (drawn as a node
    of its own, even without a label)."""

    __slots__ = ()


#: The (empty) label every constant carries.
CONSTANT = ConstantLabel()


def constant(number: float) -> Value:
    """A leaf for a plain number that is part of a formula, not an input: see
    :class:`ConstantLabel`."""
    return Value(number, CONSTANT)


def is_constant(node: Value) -> bool:
    """Whether ``node`` is a leaf made from a plain number (see :class:`ConstantLabel`)."""
    return type(node.label) is ConstantLabel and node._first_input is None


def _as_value(x: object, symbol: str) -> Value:
    """An operand of ``symbol`` as a Value (numbers become constant leaves)."""
    return as_value(x, f"the other operand of {symbol}", label=CONSTANT)
