r"""Evaluate the math in an op's docstring, as students read it, without ``eval``.

The first docstring line of every op (see :mod:`autograd.op_definition`) is written in the
course's notation: ``b²``, ``|a|``, ``ln(a)``, ``e**a``, ``sqrt``, ``max``, ``sign``,
``sigmoid``, ``tanh``, ``x if a > 0 else y``, ``out`` for the op's output, and constants
such as ``n`` or ``slope`` that the op carries in ``op.parameters``.

:func:`parse` rewrites the two symbols Python lacks (``²`` and ``|...|``), parses the text
with :mod:`ast` and refuses every node outside a short allow-list; :func:`evaluate` walks
the tree with NumPy's IEEE float64 arithmetic (``1/0 = inf``, ``ln(-1) = nan``) and
independent definitions of the named functions, so nothing here calls the op table's code.
An overflow or underflow inside the formula (``e**1000``, ``b²`` for ``b = 1e-300``) raises
:class:`OutOfRange`: the textbook formula cannot be evaluated in floats there, though the
op's rewritten code can.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Mapping

import numpy as np

_SUPERSCRIPTS = {"²": "**2", "³": "**3"}
_ABSOLUTE = re.compile(r"\|([^|]+)\|")


class OutOfRange(ArithmeticError):
    """The formula over- or underflows float64 at this point (``e**a`` for ``a = 1000``)."""


def _sign(x: np.float64) -> np.float64:
    # The course's sign, PyTorch's: sign(0) = 0 and sign(nan) = 0.
    return np.float64(1.0 if x > 0 else -1.0 if x < 0 else 0.0)


def _sigmoid(x: np.float64) -> np.float64:
    # The definition 1/(1 + e**-x), arranged so that neither branch overflows; its
    # underflow to 0 for a very negative x is the right answer.
    with np.errstate(under="ignore"):
        if x >= 0:
            return np.float64(1.0) / (1.0 + np.exp(-x))
        z = np.exp(x)
        return z / (1.0 + z)


def _max(*xs: np.float64) -> np.float64:
    return np.float64(math.nan) if any(x != x for x in xs) else max(xs)


FUNCTIONS: dict[str, Callable[..., np.float64]] = {
    "ln": np.log,
    "sqrt": np.sqrt,
    "tanh": np.tanh,
    "abs": np.abs,
    "sign": _sign,
    "sigmoid": _sigmoid,
    "max": _max,
}
_BINARY: dict[type, Callable[[np.float64, np.float64], np.float64]] = {
    ast.Add: lambda x, y: x + y,
    ast.Sub: lambda x, y: x - y,
    ast.Mult: lambda x, y: x * y,
    ast.Div: lambda x, y: x / y,
    ast.Pow: lambda x, y: x**y,
}
_COMPARE: dict[type, Callable[[np.float64, np.float64], bool]] = {
    ast.Gt: lambda x, y: bool(x > y),
    ast.GtE: lambda x, y: bool(x >= y),
    ast.Lt: lambda x, y: bool(x < y),
    ast.LtE: lambda x, y: bool(x <= y),
    ast.Eq: lambda x, y: bool(x == y),
}


def to_python(text: str) -> str:
    """The docstring notation as Python syntax: ``b²`` as ``b**2``, ``|a|`` as ``abs(a)``."""
    for symbol, power in _SUPERSCRIPTS.items():
        text = text.replace(symbol, power)
    return _ABSOLUTE.sub(r"abs(\1)", text)


def parse(text: str, names: frozenset[str]) -> ast.expr:
    """Parse ``text`` into a tree that uses only allowed nodes, ``names`` and ``e``.

    Raises:
        ValueError: naming the first construct outside the allow-list.
    """
    tree = ast.parse(to_python(text), mode="eval").body
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise ValueError(f"{text!r}: unknown function {ast.unparse(node.func)!r}")
            if node.keywords:
                raise ValueError(f"{text!r}: keyword arguments are not notation")
        elif isinstance(node, ast.Name):
            if id(node) not in called and node.id not in names and node.id != "e":
                raise ValueError(f"{text!r}: unknown name {node.id!r}, expected one of "
                                 f"{sorted(names | {'e'})}")
        elif isinstance(node, ast.Constant):
            if type(node.value) not in (int, float):
                raise ValueError(f"{text!r}: constant {node.value!r} is not a number")
        elif isinstance(node, ast.BinOp | ast.UnaryOp | ast.Compare | ast.IfExp):
            op_types = [type(node.op)] if isinstance(node, ast.BinOp | ast.UnaryOp) else []
            if isinstance(node, ast.Compare):
                op_types = [type(o) for o in node.ops]
            allowed = {**_BINARY, **_COMPARE, ast.USub: None, ast.UAdd: None}
            if any(t not in allowed for t in op_types):
                raise ValueError(f"{text!r}: operator {op_types} is not notation")
        elif not isinstance(node, ast.expr_context | ast.operator | ast.unaryop | ast.cmpop):
            raise ValueError(f"{text!r}: {type(node).__name__} is not notation")
    return tree


def evaluate(tree: ast.expr, variables: Mapping[str, float]) -> float:
    """The value of a parsed formula at ``variables`` (IEEE float64 throughout).

    Raises:
        OutOfRange: where the formula's own arithmetic over- or underflows float64.
    """
    env = {name: np.float64(value) for name, value in variables.items()}
    env["e"] = np.float64(math.e)

    def walk(node: ast.expr) -> np.float64:
        if isinstance(node, ast.Constant):
            return np.float64(node.value)
        if isinstance(node, ast.Name):
            return env[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = walk(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)
            return FUNCTIONS[node.func.id](*(walk(arg) for arg in node.args))
        if isinstance(node, ast.IfExp):
            return walk(node.body) if walk_test(node.test) else walk(node.orelse)
        raise ValueError(f"cannot evaluate {ast.unparse(node)!r}")  # parse() refused it

    def walk_test(node: ast.expr) -> bool:
        if not isinstance(node, ast.Compare):
            raise ValueError(f"a condition must be a comparison, got {ast.unparse(node)!r}")
        left = walk(node.left)
        for op, right_node in zip(node.ops, node.comparators):
            right = walk(right_node)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True

    with np.errstate(over="raise", divide="ignore", invalid="ignore", under="raise"):
        try:
            return float(walk(tree))
        except FloatingPointError as error:
            raise OutOfRange(f"{ast.unparse(tree)} at {dict(variables)}") from error
