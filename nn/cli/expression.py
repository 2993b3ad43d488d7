"""A safe parser for arithmetic on Values: ``gradschool graph "x*y + tanh(x)" x=2 y=-3``.

The expression is parsed by Python's own parser (``ast.parse`` in ``"eval"`` mode) into a
tree, and the tree is then *walked*, node by node, against an allow-list (see
:mod:`nn.cli.allow_list`): numbers, the names of the inputs, ``+ - * / **``, unary
``-``/``+``, parentheses, and the engine's functions, called as ``tanh(x)`` or as methods
``x.tanh()``. Anything else (attributes, other calls, subscripts, lambdas, comprehensions,
strings, comparisons, ...) is refused with an :class:`ExpressionError` naming what was
refused.

Nothing is ever handed to Python to run: each allowed node is turned into the matching
``Value`` operation by :func:`build` itself.
"""

from __future__ import annotations

import ast
import keyword
import unicodedata
from collections.abc import Callable, Mapping

from autograd.ops import NEG
from autograd.value import Value
from nn.cli.allow_list import (
    BINARY,
    CONSTANT_ARGUMENTS,
    FUNCTIONS,
    MAX_DEPTH,
    TOO_DEEP,
    ExpressionError,
    allowed_children,
    check_allowed,
    function_of,
)
from nn.cli.refusals import describe

__all__ = ["FUNCTIONS", "MAX_DEPTH", "MAX_LENGTH", "ExpressionError", "build", "check_input_name",
           "evaluate", "names_used", "normal_name", "parse"]

MAX_LENGTH = 10_000  # characters


def normal_name(name: str) -> str:
    """``name`` as Python reads it in source: NFKC-normalised, so that ``𝑥`` (a
    mathematical italic x) is ``x``, in the expression and in ``NAME=VALUE`` alike."""
    return unicodedata.normalize("NFKC", name)


def check_input_name(name: str) -> None:
    """Raise :class:`ExpressionError` unless ``name`` can name an input, such as ``x`` or ``w1``.

    Names must be Python identifiers that are not keywords, not one of :data:`FUNCTIONS`
    and do not start with an underscore (which keeps dunder names like ``__class__`` out).
    """
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ExpressionError(f"{name!r} is not a valid input name (use letters, digits and _)")
    if name.startswith("_"):
        raise ExpressionError(f"input name {name!r} is refused: names may not start with '_'")
    if name in FUNCTIONS:
        raise ExpressionError(f"input name {name!r} is refused: it is the name of a function")


def parse(source: str) -> ast.Expression:
    """Parse ``source`` and check every node against the allow-list.

    Args:
        source: an arithmetic expression such as ``"x*y + tanh(x)"``.

    Returns:
        The checked syntax tree (an ``ast.Expression``).

    Raises:
        ExpressionError: for a syntax error, an expression longer than
            :data:`MAX_LENGTH` characters or nested deeper than :data:`MAX_DEPTH`, or any
            construct outside the allow-list (the message names it).
    """
    if not isinstance(source, str):
        raise ExpressionError(f"the expression must be a str, got {type(source).__name__}")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            f"the expression is {len(source)} characters long; the limit is {MAX_LENGTH}"
        )
    if not source.strip():
        raise ExpressionError("the expression is empty")
    text = source.strip()  # leading spaces would be an "unexpected indent"
    try:
        # The newline makes Python say where an expression that ends too early ends
        # ("x*y +": column 6); without it the column is 0, unknown.
        tree = ast.parse(text + "\n", mode="eval")
    except SyntaxError as error:
        raise ExpressionError(_syntax_message(error, text)) from None
    except (RecursionError, MemoryError):
        raise ExpressionError(TOO_DEEP) from None
    except ValueError as error:  # e.g. an integer literal with too many digits
        raise ExpressionError(f"cannot parse the expression: {error}") from None
    check_allowed(tree)
    return tree


def _syntax_message(error: SyntaxError, text: str) -> str:
    """Where the syntax error is (the column, counted from 1) and what Python says of it,
    without saying "invalid syntax" twice."""
    column = error.offset or 0
    if column > len(text):
        where = f" at column {column}: the expression ends too early, after {text[-20:]!r}"
    elif column >= 1:
        where = f" at column {column}, at {text[column - 1:column + 9]!r}"
    else:
        where = ""
    detail = "" if error.msg == "invalid syntax" else f": {error.msg}"
    return f"invalid syntax{where}{detail}"


def names_used(tree: ast.Expression) -> set[str]:
    """The input names an expression reads (function names such as ``tanh`` excluded)."""
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    return {
        node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and id(node) not in called
    }


def build(tree: ast.Expression, inputs: Mapping[str, Value]) -> Value:
    """Turn a tree checked by :func:`parse` into Values, reusing ``inputs`` for the names.

    A name that appears twice is the same leaf both times, so its gradient adds up both
    uses, as in ``x*x``. Arithmetic between plain numbers is folded into one number by
    the op table's ``forward`` (IEEE 754: ``1/0`` is ``inf``); everything that touches an
    input becomes a Value operation.

    The tree is walked without recursion, in post-order: a node is combined once all its
    operands are built, and the results wait on a stack, as in a stack calculator.
    """
    todo: list[tuple[ast.AST, bool]] = [(tree.body, False)]  # (node, operands built?)
    built: list[Value | float] = []  # the results, the latest on top
    while todo:
        node, ready = todo.pop()
        operands = allowed_children(node)  # in order; the tree has passed parse()
        if operands and not ready:
            todo.append((node, True))  # come back to it once its operands are on `built`
            todo.extend((operand, False) for operand in reversed(operands))
            continue
        first = len(built) - len(operands)
        values = built[first:]
        del built[first:]
        built.append(_combine(node, values, inputs))
    (result,) = built
    return result if isinstance(result, Value) else Value(result)


def evaluate(source: str, inputs: Mapping[str, float]) -> tuple[Value, dict[str, Value]]:
    """Parse ``source`` and build it with one labelled leaf ``Value`` per input.

    Args:
        source: the expression, e.g. ``"x*y + tanh(x)"``.
        inputs: the value of every name it uses, e.g. ``{"x": 2.0, "y": -3.0}``.

    Returns:
        ``(output, leaves)``: the output Value (not yet backpropagated) and the input
        leaves by name, labelled with their names.

    Raises:
        ExpressionError: for refused syntax, a bad input name, a name the expression uses
            but ``inputs`` does not give, or an input the expression does not use.
    """
    tree = parse(source)
    normal = {normal_name(name): value for name, value in inputs.items()}
    if len(normal) != len(inputs):
        raise ExpressionError(f"two input names are the same name once normalised: {inputs}")
    inputs = normal
    for name in inputs:
        check_input_name(name)
    used = names_used(tree)
    missing = sorted(used - set(inputs))
    if missing:
        given = ", ".join(inputs) or "none"
        raise ExpressionError(
            f"no value given for {', '.join(missing)} (given: {given}); add NAME=VALUE, e.g. "
            f"{missing[0]}=1.5"
        )
    unused = [name for name in inputs if name not in used]
    if unused:
        raise ExpressionError(f"the expression does not use the input(s) {', '.join(unused)}")
    leaves = {name: Value(float(value), label=name) for name, value in inputs.items()}
    return build(tree, leaves), leaves


# ---------------------------------------------------------------- building Values


def _combine(
    node: ast.AST, operands: list[Value | float], inputs: Mapping[str, Value]
) -> Value | float:
    """The value of ``node`` from the values of its operands (see :func:`build`)."""
    if isinstance(node, ast.Constant):
        return _number(node.value)
    if isinstance(node, ast.Name):
        return inputs[node.id]
    if isinstance(node, ast.UnaryOp):
        (x,) = operands
        if isinstance(node.op, ast.UAdd):
            return x
        return -x if isinstance(x, Value) else NEG.forward(x)
    if isinstance(node, ast.BinOp):
        left, right = operands
        on_values, op = BINARY[type(node.op)]
        if isinstance(left, Value) or isinstance(right, Value):
            return on_values(left, right)
        return op.forward(left, right)  # two plain numbers: folded into one
    if isinstance(node, ast.Call):
        name, _ = function_of(node)
        x, *arguments = operands
        constants: list[float] = []
        for argument in arguments:
            if isinstance(argument, Value):
                what = CONSTANT_ARGUMENTS[name][0]
                raise ExpressionError(
                    f"the {what} of {name}() must be a number, not depend on inputs"
                )
            constants.append(argument)
        return _apply_function(name, x if isinstance(x, Value) else Value(x), constants)
    raise ExpressionError(f"{describe(node)} is refused")  # unreachable after parse()


def _apply_function(name: str, x: Value, constants: list[float]) -> Value:
    if name == "abs":
        return abs(x)
    method: Callable[..., Value] = getattr(x, name)
    return method(*constants)


def _number(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except OverflowError:
        raise ExpressionError(f"the number {str(value)[:20]}... is too large for a float") from None
    return number
