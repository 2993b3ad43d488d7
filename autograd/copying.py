"""Copying and pickling Values without recursion, so that a graph of any depth copies.

A Value's inputs are Values. Left to themselves, ``pickle`` and ``copy.deepcopy`` follow
them by recursion, one level of Python's stack per node: a graph 1,000 deep raised
``RecursionError``. Here:

* ``deepcopy`` hands :meth:`Value.__deepcopy__` its memo, so :func:`deep_copy` copies the
  graph node by node in topological order, each node after its inputs.
* ``pickle`` hands over no memo. The Value being pickled (:func:`reduce`) first gives
  every node it depends on, as one list in topological order; pickle saves a list
  element by element, so each of those nodes is saved after its inputs already are,
  and its own fields (its *shallow* form: inputs by reference) go no deeper than one
  level. The listed nodes are marked so that they give their shallow form rather than
  a list of their own, which would make the size grow with the square of the depth.
  A mark counts only while its list is being saved (:class:`_ListBeingSaved`).

Either way shared nodes stay shared (``a*a`` has one ``a``), and a model pickled or
copied together with a graph keeps its parameters the graph's leaves.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from autograd.graph import topological_order

if TYPE_CHECKING:
    from autograd.ops import Op
    from autograd.value import Value

Reduced = tuple[Callable[..., "Value"], tuple[object, ...]]


def reduce(node: Value) -> Reduced:
    """What pickle saves for ``node`` (``Value.__reduce_ex__``): see the module docstring."""
    fields = (type(node), node.data, node.grad, node.label, node.op, node._first_input,
              node._second_input)
    mark = node._visited_by
    if node._first_input is None or (type(mark) is weakref.ref and _saving(mark)):
        return _rebuild, fields
    ancestors = topological_order(node)
    ancestors.pop()  # the last is the node itself
    being_saved = _ListBeingSaved()
    mark = weakref.ref(being_saved)
    for ancestor in ancestors:
        ancestor._visited_by = mark
    # `being_saved` comes last: saving it, once the whole list is saved, retires the mark.
    return _rebuild_after, (ancestors, *fields, being_saved)


def deep_copy(root: Value, memo: dict[int, Any]) -> Value:
    """``copy.deepcopy(root)``: the graph copied node by node, each after its inputs."""
    order = topological_order(root)
    for node in order:
        if id(node) not in memo:  # their copies are in the memo already
            first, second = node._first_input, node._second_input
            memo[id(node)] = _rebuild(
                type(node), node.data, node.grad, node.label, node.op,
                None if first is None else memo[id(first)],
                None if second is None else memo[id(second)],
            )
    memo.setdefault(id(memo), []).extend(order)  # deepcopy keeps its originals alive
    copied: Value = memo[id(root)]
    return copied


def shallow_copy(node: Value) -> Value:
    """``copy.copy(node)``: a new node with the same fields, over the same inputs."""
    return _rebuild(type(node), node.data, node.grad, node.label, node.op,
                    node._first_input, node._second_input)


class _ListBeingSaved:
    """Marks the nodes a Value lists while pickle saves them.

    The nodes hold only a weak reference to it, and it lives only as long as the pickler
    holds the Value's fields: once they are dropped (the save failed), the mark is dead.
    It is saved after the list, as nothing at all, and saving it retires the mark (the
    pickler may keep it alive in its memo). It counts only in the thread that made it.
    Without all this, a node the pickler had saved before its list (so that it never came
    to take its mark off) would later save shallow, its inputs too, one level deeper each.
    """

    __slots__ = ("finished", "thread", "__weakref__")

    def __init__(self) -> None:
        self.finished = False
        self.thread = threading.get_ident()

    def __reduce__(self) -> tuple[Callable[[], None], tuple[()]]:
        self.finished = True
        return _nothing, ()


def _saving(mark: weakref.ref[_ListBeingSaved]) -> bool:
    """Whether ``mark`` belongs to a list that pickle is saving now, in this thread."""
    being_saved = mark()
    return (being_saved is not None and not being_saved.finished
            and being_saved.thread == threading.get_ident())


def _nothing() -> None:
    """What a :class:`_ListBeingSaved` unpickles to."""


def _rebuild(kind: type[Value], data: float, grad: float, label: str, op: Op | None,
             first: Value | None, second: Value | None) -> Value:
    """A Value from its fields, as pickle and deepcopy rebuild one."""
    node = object.__new__(kind)
    node.data, node.grad, node.label, node.op = data, grad, label, op
    node._first_input, node._second_input, node._visited_by = first, second, None
    return node


def _rebuild_after(ancestors: list[Value], *fields_and_mark: Any) -> Value:
    """:func:`_rebuild`, once every node this one depends on (``ancestors``) is rebuilt."""
    return _rebuild(*fields_and_mark[:-1])
