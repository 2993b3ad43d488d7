"""The allow-list of ``gradschool graph`` expressions: what may appear, checked node by node.

:func:`check_allowed` walks a parsed expression (see :mod:`nn.cli.expression`) without
recursion and refuses, with an :class:`ExpressionError` naming it, anything but numbers,
input names, ``+ - * / **``, unary ``-``/``+`` and calls of the engine's
:data:`FUNCTIONS` (as ``tanh(x)`` or ``x.tanh()``); it refuses nesting deeper than
:data:`MAX_DEPTH` too.
:func:`allowed_children` is also how :func:`nn.cli.expression.build` finds each node's
operands, so that building never meets a node this walk has not allowed.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import Any

from autograd.ops import ADD, DIV, MUL, POW, SUB, Op
from autograd.value import Value
from nn.cli.refusals import describe

#: The engine's one-input functions an expression may call, as ``f(x)`` or ``x.f()``.
#: Each is a method of ``Value`` (``abs`` is its ``__abs__``); tests check this list
#: against ``Value`` so that it cannot drift from the engine.
FUNCTIONS: tuple[str, ...] = (
    "relu", "leaky_relu", "tanh", "sigmoid", "softplus", "exp", "log", "sqrt", "abs",
)  # fmt: skip

#: Functions that take a constant number after the input (``leaky_relu(x, 0.1)``).
CONSTANT_ARGUMENTS: dict[str, tuple[str, ...]] = {"leaky_relu": ("slope",)}

MAX_DEPTH = 200  # nested nodes; Python's own parser gives up not far above this
TOO_DEEP = (
    f"the expression is nested more than {MAX_DEPTH} levels deep "
    "(each operator of a chain such as a+b+c+... adds a level)"
)

#: The allowed operators: what each does to Values (the operator, which builds the op's
#: node), and the op of the engine's table whose ``forward`` folds two plain numbers, so
#: that ``2*3`` is computed by the very code Values use (``1/0`` is ``inf``, not an error).
BINARY: dict[type[ast.operator], tuple[Callable[[Any, Any], Value], Op]] = {
    ast.Add: (operator.add, ADD),
    ast.Sub: (operator.sub, SUB),
    ast.Mult: (operator.mul, MUL),
    ast.Div: (operator.truediv, DIV),
    ast.Pow: (operator.pow, POW),
}


class ExpressionError(ValueError):
    """An expression that cannot be parsed, or uses something that is not allowed."""


def check_allowed(tree: ast.Expression) -> None:
    """Walk the tree without recursion; refuse deep nesting and anything not allowed."""
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExpressionError(TOO_DEEP)
        children = allowed_children(node)
        stack.extend((child, depth + 1) for child in reversed(children))


def allowed_children(node: ast.AST) -> list[ast.AST]:
    """The sub-expressions of an allowed node, or an ExpressionError for a refused one."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            kind = type(value).__name__
            raise ExpressionError(f"the {kind} constant {value!r} is refused: only numbers")
        return []
    if isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise ExpressionError(f"the name {node.id!r} is refused: names may not start with '_'")
        if node.id in FUNCTIONS:
            raise ExpressionError(f"the function {node.id!r} must be called, as in {node.id}(x)")
        return []
    if isinstance(node, ast.BinOp):
        if type(node.op) not in BINARY:
            raise ExpressionError(f"{describe(node.op)} is refused; allowed: + - * / **")
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise ExpressionError(f"{describe(node.op)} is refused; allowed: unary - and +")
        return [node.operand]
    if isinstance(node, ast.Call):
        return call_children(node)
    if isinstance(node, ast.Attribute):
        raise ExpressionError(
            f"the attribute '.{node.attr}' is refused: only the functions "
            f"{', '.join(FUNCTIONS)} may be called as methods, as in x.tanh()"
        )
    raise ExpressionError(f"{describe(node)} is refused")


def call_children(node: ast.Call) -> list[ast.AST]:
    if node.keywords:
        names = ", ".join(f"{k.arg}=" if k.arg else "**" for k in node.keywords)
        raise ExpressionError(f"keyword arguments are refused ({names}); pass numbers by position")
    for argument in node.args:
        if isinstance(argument, ast.Starred):
            raise ExpressionError(f"{describe(argument)} is refused")
    name, receiver = function_of(node)
    expected = 1 + len(CONSTANT_ARGUMENTS.get(name, ()))
    given = len(node.args) + (receiver is not None)
    if not 1 <= given <= expected:
        extra = ", ".join(CONSTANT_ARGUMENTS.get(name, ()))
        signature = f"{name}(x, {extra})" if extra else f"{name}(x)"
        raise ExpressionError(f"{signature} takes {expected} argument(s), got {given}")
    return ([receiver] if receiver is not None else []) + list(node.args)


def function_of(node: ast.Call) -> tuple[str, ast.AST | None]:
    """The called function's name, and the receiver of a method call (``None`` for ``f(x)``)."""
    func = node.func
    if isinstance(func, ast.Name):
        if func.id not in FUNCTIONS:
            raise ExpressionError(
                f"calling {func.id!r} is refused; the functions are {', '.join(FUNCTIONS)}"
            )
        return func.id, None
    if isinstance(func, ast.Attribute):
        if func.attr not in FUNCTIONS:
            raise ExpressionError(
                f"the method '.{func.attr}()' is refused; the methods are {', '.join(FUNCTIONS)}"
            )
        return func.attr, func.value
    raise ExpressionError("calling the result of an expression is refused: call a function by name")
