"""How numbers are written in drawings, step texts and op symbols."""

from __future__ import annotations

import math

import pytest

from autograd import ops
from autograd.formatting import constant_text, format_number


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (1.0, "1.0"),
        (-3.0, "-3.0"),
        (0.881373587, "0.8814"),
        (123456.7, "1.235e+05"),
        (1e-5, "1e-05"),
        (-0.0, "0.0"),  # no sign on zero: it only puzzles a reader
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        (math.nan, "nan"),
    ],
)
def test_format_number_keeps_four_significant_digits_and_names_inf_and_nan(x, text):
    assert format_number(x) == text


@pytest.mark.parametrize(
    ("x", "text"),
    [(2.0, "2"), (-3.0, "-3"), (-0.5, "-0.5"), (1 / 3, "0.3333"), (1e20, "1e+20"),
     (math.inf, "inf")],
)
def test_constant_text_drops_the_point_zero_of_whole_numbers(x, text):
    assert constant_text(x) == text


def test_op_symbols_write_their_constant_as_formulas_do():
    third = 1 / 3
    assert ops.pow_const(third).symbol == f"**{constant_text(third)}" == "**0.3333"
    assert ops.leaky_relu(0.01).symbol == "leaky_relu(0.01)"
