"""How drawings and backprop steps write numbers, names and formulas.

The drawing (:mod:`autograd.pictures.draw`) and the steppers
(:mod:`autograd.pictures.stepper`) must call every node by the same name, so that
``a.grad += c.grad × b`` under a picture can be found in the picture. The rules live here, once:

* a Value is called by its ``label``; an unlabelled computed Value by ``v1``, ``v2``, ...,
  counted along :func:`autograd.graph.topological_order` (stable from run to run);
* an unlabelled leaf is a **constant** (the ``2`` of ``2*x``): it is written as its number,
  so ``c = 2 × a`` reads as it was typed, and drawn inside its op;
* multiplication is written ``×``, with names as with numbers (``c = a × b = 2.0 × -3.0``);
* numbers are written by :mod:`autograd.formatting` (4 significant digits).

Formulas come from the op table (:attr:`autograd.ops.Op.formula` and
``derivative_formulas``); :func:`render_formula` only puts names or numbers in them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from autograd.formatting import constant_text
from autograd.ops import Op
from autograd.value import Value
from autograd.value_methods import is_constant as is_constant  # re-exported for the drawings

# A number (1, 0.5, 1e-12), a name, the power operator, a run of spaces, or any other char.
_TOKEN = re.compile(r"\d+\.?\d*(?:[eE][-+]?\d+)?|[A-Za-z_]\w*|\*\*|\s+|.", re.ASCII)
# What can stand in a formula without parentheses: a plain name or an unsigned number.
_PLAIN = re.compile(r"[\w.\[\]]+")
# A function of plain arguments, such as sign(a) or max(a, 0).
_CALL = re.compile(r"\w+\([\w., -]*\)")
#: How step texts and formulas write multiplication, with names as with numbers.
TIMES = " × "
# Operators after which a negative number reads fine unbracketed: "2.0 × -3.0".
_SIGN_OK_AFTER = {"", "(", ",", "*", "/"}
# Operators next to which a negative number must be bracketed: "(-2.0)**2", "(-3)²".
_SIGN_BAD_BEFORE = {"**", "²"}


def display_names(order: Iterable[Value]) -> dict[Value, str]:
    """Every node's name: its label; a constant's number (``1``, ``0.5``); or ``v1``,
    ``v2``, ... for the other unlabelled nodes, counted in ``order`` without gaps.

    Args:
        order: the nodes, as :func:`autograd.graph.topological_order` gives them.
    """
    names: dict[Value, str] = {}
    count = 0
    for node in order:
        if node.label:
            names[node] = node.label
        elif is_constant(node):
            names[node] = constant_text(node.data)
        else:
            count += 1
            names[node] = f"v{count}"
    return names


def op_substitutions(
    op: Op, inputs: Iterable[str], out: str | None = None
) -> dict[str, str]:
    """What to put for each symbol of ``op``'s formulas: its inputs, ``out``, its constants.

    Args:
        op: the op whose formula will be written out.
        inputs: the text for each input, in order (names or numbers).
        out: the text for the op's output (the ``out`` of ``1 - out²``), if any.
    """
    symbols = dict(zip(op.input_names, inputs))
    symbols.update({name: constant_text(value) for name, value in op.parameters.items()})
    if out is not None:
        symbols["out"] = out
    return symbols


def local_derivatives(node: Value, names: Mapping[Value, str]) -> list[tuple[str, float]]:
    """``d node / d input`` for each input of ``node``: the op table's formula written with
    the drawing's names, and its value (from ``op.derivatives``, as backprop computes it).

    The drawing labels edges with these and the backprop stepper multiplies by them.

    Args:
        node: a Value; a leaf has no inputs, so it gets an empty list.
        names: every node's display name (see :func:`display_names`).

    Returns:
        One ``(formula, value)`` per input, in input order, e.g. ``[("b", -3.0), ("a", 2.0)]``
        for ``c = a*b``.
    """
    op = node.op
    if op is None:
        return []
    values = op.derivatives(*(parent.data for parent in node.inputs), node.data)
    symbols = op_substitutions(op, (names[p] for p in node.inputs), names[node])
    return [
        (render_formula(formula, symbols, TIMES), value)
        for formula, value in zip(op.derivative_formulas, values)
    ]


def render_formula(formula: str, symbols: Mapping[str, str], times: str | None = None) -> str:
    """``formula`` with each symbol replaced by its text, bracketed where needed to keep
    the meaning (``a - b`` with ``b = -3`` becomes ``2.0 - (-3.0)``).

    Args:
        formula: a formula from the op table, such as ``"a*b"`` or ``"1 - out²"``.
        symbols: text for each symbol to replace; other words (``tanh``, ``e``) stay.
        times: if given, what to write for the multiplication sign ``*`` (e.g. ``" × "``).

    Returns:
        The formula as text.
    """
    tokens = _TOKEN.findall(formula)
    pieces = []
    before = ""  # the previous token that is not a space
    for i, token in enumerate(tokens):
        if token in symbols:
            text = symbols[token]
            after = next((t for t in tokens[i + 1 :] if not t.isspace()), "")
            pieces.append(f"({text})" if _needs_brackets(text, before, after) else text)
        elif token == "*" and times is not None:
            pieces.append(times)
        else:
            pieces.append(token)
        if not token.isspace():
            before = token
    return "".join(pieces)


def bracketed(name: str) -> str:
    """``name`` in brackets if it is more than a plain name or number: ``(x1*w1)``."""
    return name if _PLAIN.fullmatch(name) else f"({name})"


def as_factor(formula: str) -> str:
    """``formula`` ready to be multiplied: kept as is if it is one name, number or call
    (``b``, ``-1``, ``sign(a)``), else bracketed: ``(1 - o²)``."""
    if _PLAIN.fullmatch(formula.removeprefix("-")) or _CALL.fullmatch(formula):
        return formula
    return f"({formula})"


def _needs_brackets(text: str, before: str, after: str) -> bool:
    """Whether ``text`` put between the tokens ``before`` and ``after`` needs brackets."""
    if _PLAIN.fullmatch(text):
        return False
    if text.startswith("-") and _PLAIN.fullmatch(text[1:]):  # a negative number
        return before not in _SIGN_OK_AFTER or after in _SIGN_BAD_BEFORE
    return True  # a label with spaces or operators in it
