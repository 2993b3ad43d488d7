"""The Op base class: an op's math is read from its docstring, and a bad one is refused.

Every op in the table is checked against its docstring in test_ops.
"""

import pytest

from autograd.op_definition import Op


def test_the_docstring_gives_arity_input_names_and_formulas() -> None:
    class Cube(Op):
        r"""f(x) = x**3;  df/dx = 3*x**2"""

    assert (Cube.arity, Cube.input_names) == (1, ("x",))
    assert (Cube.formula, Cube.derivative_formulas) == ("x**3", ("3*x**2",))


def test_op_with_a_malformed_docstring_is_refused() -> None:
    with pytest.raises(TypeError, match="NoMath"):

        class NoMath(Op):
            """Squares its input."""

    with pytest.raises(TypeError, match="Blank"):

        class Blank(Op):
            """ """

    with pytest.raises(TypeError, match=r"derivatives given for \('a',\)"):

        class MissingDerivative(Op):
            r"""f(a, b) = a*b;  df/da = b"""


def test_op_with_more_than_two_inputs_is_refused() -> None:
    # A node keeps at most two inputs (see Value.__slots__): a third would be lost.
    refusal = r"ThreeWay: a node holds one or two inputs.*\('a', 'b', 'c'\)"
    with pytest.raises(TypeError, match=refusal):

        class ThreeWay(Op):
            r"""f(a, b, c) = a*b*c;  df/da = b*c,  df/db = a*c,  df/dc = a*b"""
