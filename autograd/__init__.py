"""autograd: a scalar autograd engine for learning how backprop works.

A :class:`Value` holds one number and its gradient, records the graph as you compute,
and fills in every gradient when you call ``backward()``.
"""

from autograd.gradcheck import GradcheckError, GradcheckReport, gradcheck
from autograd.graph import leaves, topological_order, zero_grad
from autograd.mode import detect_anomaly, enable_grad, no_grad
from autograd.ops import OPS, Op
from autograd.value import Value

__all__ = [
    "OPS",
    "GradcheckError",
    "GradcheckReport",
    "Op",
    "Value",
    "detect_anomaly",
    "enable_grad",
    "gradcheck",
    "leaves",
    "no_grad",
    "topological_order",
    "zero_grad",
]
