"""What counts as a number, and the errors for what does not."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from autograd.coerce import real_number, to_float
from autograd.value import Value


def test_real_numbers_become_floats_and_anything_else_none():
    assert real_number(3) == 3.0 and type(real_number(3)) is float
    assert real_number(Fraction(1, 4)) == 0.25
    assert real_number(-(10**400)) == -math.inf  # beyond float range: IEEE rounds to inf
    for not_a_number in (True, "1.0", None, 1 + 2j, Value(1.0)):
        assert real_number(not_a_number) is None


def test_to_float_names_where_the_bad_value_was_passed():
    assert to_float(2) == 2.0
    expected = r"^the exponent of \*\* expects a float or an int, got str"
    with pytest.raises(TypeError, match=expected):
        to_float("2", "the exponent of **")
    with pytest.raises(TypeError, match=r"got bool: True$"):
        to_float(True)
    with pytest.raises(TypeError, match=r"\(use its \.data\)$"):
        to_float(Value(1.0))
