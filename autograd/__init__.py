"""autograd: a scalar autograd engine for learning how backprop works.

A :class:`Value` holds one number and its gradient, records the graph as you compute,
and fills in every gradient when you call ``backward()``. :func:`draw` pictures the
graph; :func:`backward_steps` walks backprop one node at a time; :func:`trace` turns a
graph into a program to read and to replay on whole batches.
"""

from autograd.gradcheck import GradcheckError, GradcheckReport, gradcheck
from autograd.graph import leaves, topological_order, zero_grad
from autograd.higher import grad, hessian, jvp
from autograd.mode import detect_anomaly, enable_grad, no_grad, pause_gc
from autograd.ops import OPS, Op
from autograd.pictures.draw import draw
from autograd.pictures.frames import save_step_frames, save_steps_html
from autograd.pictures.render import GraphvizNotFound, save
from autograd.pictures.stepper import (
    BackwardStep,
    BackwardStepper,
    Contribution,
    ForwardStep,
    backward_steps,
    forward_steps,
)
from autograd.pictures.widget import step_widget
from autograd.tape import Program, trace
from autograd.value import Value, apply

__all__ = [
    "OPS",
    "Program",
    "BackwardStep",
    "BackwardStepper",
    "Contribution",
    "ForwardStep",
    "GradcheckError",
    "GradcheckReport",
    "GraphvizNotFound",
    "Op",
    "Value",
    "apply",
    "backward_steps",
    "detect_anomaly",
    "draw",
    "enable_grad",
    "forward_steps",
    "grad",
    "gradcheck",
    "hessian",
    "jvp",
    "leaves",
    "no_grad",
    "pause_gc",
    "save",
    "save_step_frames",
    "save_steps_html",
    "step_widget",
    "trace",
    "topological_order",
    "zero_grad",
]
