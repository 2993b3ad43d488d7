"""Names, numbers and formulas as drawings and backprop steps write them."""

from __future__ import annotations

import math
import re

import pytest

from autograd import ops
from autograd.formatting import constant_text
from autograd.graph import topological_order
from autograd.pictures.notation import (
    as_factor,
    bracketed,
    display_names,
    local_derivatives,
    op_substitutions,
    render_formula,
)
from autograd.value import Value


def test_display_names_use_labels_else_count_the_unlabelled_computed_nodes_without_gaps():
    a = Value(2.0, label="a")
    b = a * 3
    c = b + a
    d = c.tanh()
    d.label = "d"
    e = d * d
    names = display_names(topological_order(e))
    assert (names[a], names[d]) == ("a", "d")
    assert [names[b], names[c], names[e]] == ["v1", "v2", "v3"]  # labelled d skips no number


def test_constants_are_named_by_their_number():
    a = Value(2.0, label="a")
    c = a * 3 - 0.5
    names = display_names(topological_order(c))
    three, half = c.inputs[0].inputs[1], c.inputs[1]
    assert (names[three], names[half], names[a]) == ("3", "0.5", "a")


@pytest.mark.parametrize(
    ("formula", "symbols", "times", "expected"),
    [
        ("a*b", {"a": "2.0", "b": "-3.0"}, " × ", "2.0 × -3.0"),
        ("a + b", {"a": "2.0", "b": "-3.0"}, None, "2.0 + (-3.0)"),
        ("a - b", {"a": "x", "b": "-3"}, None, "x - (-3)"),
        ("a**n", {"a": "-2.0", "n": "2"}, None, "(-2.0)**2"),
        ("1 - out²", {"out": "-0.5"}, None, "1 - (-0.5)²"),
        ("1 - out²", {"out": "o"}, None, "1 - o²"),
        ("-a/b²", {"a": "x", "b": "y"}, None, "-x/y²"),
        ("1/(1 + e**-a)", {"a": "-3"}, None, "1/(1 + e**-(-3))"),
        ("tanh(a)", {"a": "my input"}, None, "tanh((my input))"),
        ("a*b", {"a": "x1*w1", "b": "w"}, " * ", "(x1*w1) * w"),
    ],
)
def test_render_formula_substitutes_and_brackets_where_the_meaning_needs_it(
    formula, symbols, times, expected
):
    assert render_formula(formula, symbols, times) == expected


def test_render_formula_leaves_function_names_and_numbers_alone():
    # "e" in "1e-12" and the "a" inside "tanh" are not the symbol a
    assert render_formula("max(a, 1e-12) + tanh(a)", {"a": "z", "e": "E"}) == (
        "max(z, 1e-12) + tanh(z)"
    )


def _an_instance(op_class: type[ops.Op]) -> ops.Op:
    if op_class is ops.PowConst:
        return ops.pow_const(3.0)
    if op_class is ops.LeakyReLU:
        return ops.leaky_relu(0.1)
    return op_class()


@pytest.mark.parametrize("name", sorted(ops.OPS))
def test_every_formula_of_the_op_table_gets_every_symbol_replaced(name):
    op = _an_instance(ops.OPS[name])
    inputs = [f"IN{i}" for i in range(op.arity)]
    symbols = op_substitutions(op, inputs, out="OUT")
    for formula in (op.formula, *op.derivative_formulas):
        written = render_formula(formula, symbols)
        words = set(re.findall(r"[A-Za-z_]\w*", written, re.ASCII))
        assert not words & {*op.input_names, "out", *op.parameters}, (formula, written)
    if op.parameters:  # the constant's value is written in (a**3, slope 0.1)
        assert any(constant_text(v) in render_formula(op.formula, symbols)
                   or constant_text(v) in " ".join(render_formula(f, symbols)
                                                  for f in op.derivative_formulas)
                   for v in op.parameters.values())


def test_as_factor_brackets_sums_but_not_names_numbers_or_calls():
    assert as_factor("b") == "b"
    assert as_factor("-1") == "-1"
    assert as_factor("sign(a)") == "sign(a)"
    assert as_factor("1 - o²") == "(1 - o²)"
    assert as_factor("1/b") == "(1/b)"


def test_bracketed_only_brackets_compound_names():
    assert bracketed("w1") == "w1"
    assert bracketed("x1*w1") == "(x1*w1)"


def test_local_derivatives_are_the_op_tables_formulas_with_names_and_their_values():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    names = display_names(topological_order(c))
    assert local_derivatives(c, names) == [("b", -3.0), ("a", 2.0)]
    t = a.tanh()
    t.label = "t"
    assert local_derivatives(t, display_names(topological_order(t))) == [
        ("1 - t²", 1.0 - math.tanh(2.0) ** 2)
    ]
    assert local_derivatives(a, names) == []  # a leaf has no inputs


def test_local_derivatives_write_constants_as_numbers_and_agree_with_central_differences():
    x = Value(0.7, label="x")
    y = (2.0 * x) ** 3
    names = display_names(topological_order(y))
    (formula, value), = local_derivatives(y, names)
    assert formula == "3 × v1**(3-1)"  # the exponent is the op's constant, written as typed
    h = 1e-6
    inner = y.inputs[0].data
    slope = (y.op.forward(inner + h) - y.op.forward(inner - h)) / (2 * h)  # type: ignore[union-attr]
    assert value == pytest.approx(slope, rel=1e-7)
    # 2*x: d/d2 = x and d/dx = 2, the constant leaf written as its number
    assert local_derivatives(y.inputs[0], names) == [("x", 0.7), ("2", 2.0)]
