"""The safe expression parser behind ``gradschool graph``."""

from __future__ import annotations

import inspect
import math
import operator
import re
import sys
from pathlib import Path

import pytest

from autograd.ops import OPS
from autograd.value import Value
from nn.cli.expression import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    ExpressionError,
    build,
    check_input_name,
    evaluate,
    parse,
)

CLI_SOURCE = Path(__file__).resolve().parents[1] / "nn" / "cli"


def grads(source: str, **inputs: float) -> tuple[float, dict[str, float]]:
    out, leaves = evaluate(source, inputs)
    out.backward()
    return out.data, {name: leaf.grad for name, leaf in leaves.items()}


def _unary_op_name(method_name: str) -> str | None:
    """The op a public Value method builds from one Value, or None if it is not such a method."""
    method = getattr(Value, method_name)
    required = [
        p for p in inspect.signature(method).parameters.values()
        if p.default is inspect.Parameter.empty
    ]  # fmt: skip
    if len(required) != 1:  # only ``self``
        return None
    out = method(Value(0.5))
    if isinstance(out, Value) and out.op is not None and len(out.inputs) == 1:
        return out.op.name
    return None


# ---------------------------------------------------------------- the allow-list


def test_functions_are_exactly_the_unary_methods_of_value() -> None:
    public = [name for name in dir(Value) if not name.startswith("_")]
    unary_methods = {name for name in public if callable(getattr(Value, name))
                     and _unary_op_name(name) is not None}  # fmt: skip
    # abs is Value.__abs__ (abs(x)); everything else is a public method.
    assert unary_methods | {"abs"} == set(FUNCTIONS)
    assert len(FUNCTIONS) == len(set(FUNCTIONS))


@pytest.mark.parametrize("name", FUNCTIONS)
def test_each_function_builds_its_engine_op(name: str) -> None:
    out, _ = evaluate(f"{name}(x)", {"x": 0.5})
    assert out.op is not None and out.op.name in OPS and out.op.arity == 1
    assert out.op.name == name
    method_form, _ = evaluate(f"x.{name}()", {"x": 0.5})
    assert method_form.data == out.data


# ---------------------------------------------------------------- values and gradients


def test_gradients_of_x_times_y_plus_tanh_x_match_hand_values() -> None:
    value, g = grads("x*y + tanh(x)", x=2.0, y=-3.0)
    t = math.tanh(2.0)
    assert value == pytest.approx(-6.0 + t, abs=1e-12)
    assert g["x"] == pytest.approx(-3.0 + (1.0 - t * t), abs=1e-12)  # y + 1 - tanh²(x)
    assert g["y"] == pytest.approx(2.0, abs=1e-12)  # x


def test_a_name_used_twice_is_one_leaf_whose_gradient_adds_up() -> None:
    _, g = grads("x*x + x", x=3.0)
    assert g["x"] == pytest.approx(7.0)


def test_inputs_are_labelled_with_their_names() -> None:
    _, leaves = evaluate("a*b", {"a": 1.0, "b": 2.0})
    assert [leaf.label for leaf in leaves.values()] == ["a", "b"]


def test_leaky_relu_slope_default_and_given() -> None:
    assert grads("leaky_relu(x)", x=-2.0)[1]["x"] == pytest.approx(0.01)
    assert grads("leaky_relu(x, 0.2)", x=-2.0)[1]["x"] == pytest.approx(0.2)
    assert grads("x.leaky_relu(-0.5 * -0.4)", x=-2.0)[0] == pytest.approx(-0.4)


def test_unary_minus_plus_and_constant_exponents() -> None:
    value, g = grads("-x + +y ** 2 - 2 ** x", x=1.0, y=3.0)
    assert value == pytest.approx(-1.0 + 9.0 - 2.0)
    assert g["y"] == pytest.approx(6.0)
    assert g["x"] == pytest.approx(-1.0 - 2.0 * math.log(2.0))


def test_numbers_alone_fold_with_ieee_results() -> None:
    assert evaluate("1/0 + x", {"x": 1.0})[0].data == math.inf
    assert evaluate("2 * 3", {})[0].data == 6.0
    assert evaluate("10 ** 1000", {})[0].data == math.inf


CONSTANTS = [0.0, -0.0, 2.0, -3.5, 1e308, -1e-320, math.inf, -math.inf, math.nan]
OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
             "**": operator.pow}  # fmt: skip


def literal(x: float) -> str:
    """``x`` as expression text (there is no literal for inf or nan: 1e999 overflows)."""
    if math.isnan(x):
        return "(1e999 - 1e999)"
    return "(-1e999)" if x == -math.inf else "1e999" if x == math.inf else f"({x!r})"


@pytest.mark.parametrize("symbol", OPERATORS)
def test_numbers_fold_exactly_as_values_compute(symbol: str) -> None:
    # 2*3 is folded into one number; it must be what Value(2)*Value(3) gives, in every
    # corner of IEEE 754 (Python's own ** would give a complex number for (-3.5)**0.5).
    for a in CONSTANTS:
        for b in CONSTANTS:
            source = f"{literal(a)} {symbol} {literal(b)}"
            folded = evaluate(source, {})[0]
            expected = OPERATORS[symbol](Value(a), Value(b)).data
            assert folded.op is None, source  # one number, not a graph
            if math.isnan(expected):
                assert math.isnan(folded.data), f"{source} = {folded.data}, not nan"
            else:  # the same number, down to the sign of a zero
                assert (folded.data, math.copysign(1, folded.data)) == (
                    expected,
                    math.copysign(1, expected),
                ), source


def test_build_walks_the_tree_without_recursion() -> None:
    tree = parse("-" * (MAX_DEPTH - 2) + "tanh(x)")  # MAX_DEPTH nodes, one inside another
    leaves = {"x": Value(0.5, label="x")}
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 30)  # far less than the tree's depth
    try:
        out = build(tree, leaves)
    finally:
        sys.setrecursionlimit(limit)
    assert out.data == pytest.approx(math.tanh(0.5))


def test_a_larger_expression_against_torch_float64() -> None:
    torch = pytest.importorskip("torch")
    source = (
        "(x*y + tanh(x)) / sigmoid(y) ** 2 + log(abs(x)) - leaky_relu(y, 0.1)"
        " + softplus(x).sqrt() + exp(-x) + relu(x) * y ** x"
    )
    out, leaves = evaluate(source, {"x": 1.3, "y": 0.7})
    out.backward()
    x = torch.tensor(1.3, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    f = torch.nn.functional
    expected = ((x * y + torch.tanh(x)) / torch.sigmoid(y) ** 2 + torch.log(torch.abs(x))
                - f.leaky_relu(y, 0.1) + torch.sqrt(f.softplus(x)) + torch.exp(-x)
                + torch.relu(x) * y ** x)  # fmt: skip
    expected.backward()
    assert out.data == pytest.approx(expected.item(), rel=1e-12)
    assert leaves["x"].grad == pytest.approx(x.grad.item(), rel=1e-9)
    assert leaves["y"].grad == pytest.approx(y.grad.item(), rel=1e-9)


# ---------------------------------------------------------------- what is refused

REFUSED = [
    ("__import__('os').system('echo hi')", "'.system()' is refused"),
    ("().__class__.__bases__", "'.__bases__' is refused"),
    ("x.__class__", "'.__class__' is refused"),
    ("x.tanh", "'.tanh' is refused"),
    ("x.tanh().__class__", "'.__class__' is refused"),
    ("open('f')", "calling 'open' is refused"),
    ("[x for x in y]", "list comprehension"),
    ("{x: 1 for x in y}", "dict comprehension"),
    ("(x for x in y)", "generator expression"),
    ("lambda: 1", "lambda"),
    ("x[0]", "subscripting"),
    ("import os", "invalid syntax"),
    ("x = 1", "invalid syntax"),
    ("'abc'", "str constant 'abc' is refused"),
    ("b'abc'", "bytes constant"),
    ("f'{x}'", "f-string"),
    ("x and y", "boolean operator"),
    ("not x", "'not'"),
    ("x < y", "comparison"),
    ("(y := 1)", "assignment expression"),
    ("tanh(*x)", "starred"),
    ("tanh(x=1)", "keyword arguments are refused (x=)"),
    ("tanh(**x)", "keyword arguments are refused (**)"),
    ("__x", "'__x' is refused"),
    ("__builtins__", "'__builtins__' is refused"),
    ("x // 2", "'//'"),
    ("x % 2", "'%'"),
    ("~x", "'~'"),
    ("x if y else 1", "conditional expression"),
    ("(x, y)", "tuple"),
    ("True + x", "bool constant True"),
    ("None", "NoneType constant None"),
    ("1j * x", "complex constant"),
    ("tanh", "must be called"),
    ("tanh(x, 1)", "takes 1 argument(s), got 2"),
    ("relu()", "takes 1 argument(s), got 0"),
    ("leaky_relu(x, y)", "slope of leaky_relu() must be a number"),
    ("(x)(y)", "calling 'x' is refused"),
    ("(x * 2)(y)", "calling the result of an expression is refused"),
    ("x + 1" + "0" * 400, "too large for a float"),
    ("", "empty"),
    ("-" * (MAX_DEPTH + 1) + "x", "nested more than 200 levels"),
    ("-" * 9000 + "x", "nested more than 200 levels"),
    ("x" + "+x" * 4000, "nested more than 200 levels"),
    ("(" * 500 + "x" + ")" * 500, "too many nested parentheses"),
    ("x" + " " * MAX_LENGTH, "characters long; the limit is 10000"),
]


@pytest.mark.parametrize(("source", "message"), REFUSED)
def test_refused_with_a_message_naming_what(source: str, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        evaluate(source, {"x": 1.0, "y": 2.0} if "y" in source else {"x": 1.0})
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_refused_expressions_have_no_side_effect(tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    for source in (
        f"__import__('os').system('touch {target}')",
        f"open('{target}', 'w')",
        f"__import__('pathlib').Path('{target}').touch()",
    ):
        with pytest.raises(ExpressionError):
            evaluate(source, {})
    assert not target.exists()


def test_deep_nesting_is_an_expression_error_not_a_recursion_error() -> None:
    deep = ("-" * 9999 + "x", "(" * 4000 + "x" + ")" * 4000, "tanh(" * 1500 + "x" + ")" * 1500)
    for source in deep:
        with pytest.raises(ExpressionError):
            parse(source)


def test_just_under_the_depth_limit_still_works() -> None:
    value, g = grads("-" * (MAX_DEPTH - 1) + "x", x=2.0)  # an odd count of minus signs
    assert value == -2.0 and g["x"] == -1.0


@pytest.mark.parametrize("name", ["__class__", "_x", "tanh", "1x", "for", "x-y", ""])
def test_bad_input_names_are_refused(name: str) -> None:
    with pytest.raises(ExpressionError, match="input name|not a valid"):
        check_input_name(name)


def test_missing_and_unused_inputs_are_named() -> None:
    with pytest.raises(ExpressionError, match="no value given for z"):
        evaluate("x + z", {"x": 1.0})
    with pytest.raises(ExpressionError, match="does not use the input.* y"):
        evaluate("x + 1", {"x": 1.0, "y": 2.0})


def test_the_cli_source_never_evaluates_or_compiles_code() -> None:
    # ast.parse(..., mode="eval") only parses; nothing else may run text as code.
    forbidden = re.compile(r"(?<![\w.])(eval|exec|compile|__import__)\s*\(")
    sources = sorted(CLI_SOURCE.glob("*.py"))
    assert sources, f"no sources found in {CLI_SOURCE}"
    for path in sources:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            assert not forbidden.search(line), f"{path.name}:{number}: {line.strip()}"


@pytest.mark.parametrize(("source", "message"), [
    ("x*y +", "invalid syntax at column 6: the expression ends too early, after 'x*y +'"),
    ("  x**  ", "invalid syntax at column 4: the expression ends too early, after 'x**'"),
    ("x +* y", "invalid syntax at column 4, at '* y'"),
    ("x y", "invalid syntax at column 3, at 'y'"),
    ("(x*y", "invalid syntax at column 1, at '(x*y': '(' was never closed"),
])
def test_a_syntax_error_says_where_and_says_invalid_syntax_once(source: str,
                                                                 message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse(source)
    assert str(info.value) == message
    assert str(info.value).count("invalid syntax") == 1


@pytest.mark.parametrize(
    "inputs", [{"𝑥": 2.0, "𝑦": 3.0}, {"x": 2.0, "𝑦": 3.0}, {"ｘ": 2.0, "y": 3}]
)
def test_input_names_are_normalised_as_python_normalises_the_expression(
    inputs: dict[str, float]
) -> None:
    output, leaves = evaluate("𝑥*𝑦", inputs)
    assert output.data == 6.0 and list(leaves) == ["x", "y"]


def test_two_spellings_of_one_name_are_refused() -> None:
    with pytest.raises(ExpressionError, match="the same name once normalised"):
        evaluate("x*2", {"x": 1.0, "𝑥": 2.0})
