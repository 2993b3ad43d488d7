"""Derivatives of derivatives, and forward mode, from the same op table.

* :func:`grad` gives the gradient of an output with respect to chosen inputs without
  touching any ``.grad``; with ``create_graph=True`` the gradients are Values with a graph
  of their own, built from the op table's derivative formulas run on Values (the
  :mod:`~autograd.higher.value_kit`), so they can be differentiated again.
* :func:`hessian` differentiates each of those gradients once more.
* :func:`jvp` is forward mode: one sweep from the leaves to the output carrying a
  directional derivative, instead of one sweep back from the output.
* :func:`jacobian` fills in a whole Jacobian either way and counts what each way costs.
"""

from autograd.higher.forward_mode import jvp
from autograd.higher.gradients import grad, hessian
from autograd.higher.jacobian import Jacobian, jacobian

__all__ = ["Jacobian", "grad", "hessian", "jacobian", "jvp"]
