"""How the expression parser's error messages name the syntax it refuses."""

from __future__ import annotations

import ast

#: What to call refused syntax in an error message (anything else: its ast class name).
DESCRIPTIONS: dict[str, str] = {
    "Subscript": "subscripting (x[...])", "Slice": "a slice", "Lambda": "a lambda",
    "ListComp": "a list comprehension", "SetComp": "a set comprehension",
    "DictComp": "a dict comprehension", "GeneratorExp": "a generator expression",
    "List": "a list", "Tuple": "a tuple", "Set": "a set", "Dict": "a dict",
    "JoinedStr": "an f-string", "FormattedValue": "an f-string",
    "BoolOp": "a boolean operator (and/or)", "Compare": "a comparison",
    "IfExp": "a conditional expression (... if ... else ...)",
    "NamedExpr": "an assignment expression (:=)", "Starred": "a starred argument (*x)",
    "Await": "await", "Yield": "yield", "YieldFrom": "yield from",
    "Not": "the operator 'not'", "Invert": "the operator '~'", "FloorDiv": "the operator '//'",
    "Mod": "the operator '%'", "MatMult": "the operator '@'", "LShift": "the operator '<<'",
    "RShift": "the operator '>>'", "BitAnd": "the operator '&'", "BitOr": "the operator '|'",
    "BitXor": "the operator '^'",
}  # fmt: skip


def describe(node: ast.AST) -> str:
    """What to call ``node`` in an error message, such as ``"a lambda"``."""
    name = type(node).__name__
    return DESCRIPTIONS.get(name, f"the syntax {name!r}")
