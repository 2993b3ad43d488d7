"""The checks behind detect_anomaly(), called directly on a node."""

from __future__ import annotations

import math

import pytest

from autograd import ops
from autograd.anomaly import check_forward, check_gradients
from autograd.value import Value


def test_a_finite_result_passes_and_nan_or_inf_names_the_op_and_inputs():
    a, b = Value(1.0, label="a"), Value(0.0)
    check_forward(ops.DIV, (a, b), Value(2.0))
    for bad in (math.inf, -math.inf, math.nan):
        expected = rf"^div produced {bad!r} from a=1.0, input 1=0.0$"
        with pytest.raises(FloatingPointError, match=expected):
            check_forward(ops.DIV, (a, b), Value(bad))


def test_a_gradient_gone_bad_names_the_input_the_op_and_the_gradient_passed_on():
    x = Value(0.0, label="x")
    y = x.sqrt()
    y.grad = 3.0
    check_gradients(y)  # x.grad is still 0.0: fine
    x.grad = math.inf
    with pytest.raises(FloatingPointError) as caught:
        check_gradients(y)
    message = str(caught.value)
    assert message.startswith("backprop through sqrt gave input 0 (x) the gradient inf")
    assert "inputs: x=0.0, output 0.0, output gradient 3.0" in message
