"""The activation functions a neuron can apply, by name.

An activation bends the neuron's weighted sum; without one, a stack of layers is
still just one linear function. ``linear`` applies nothing (used by an MLP's last layer).
"""

from __future__ import annotations

from collections.abc import Callable

from autograd.value import Value

#: The activation names a neuron accepts.
ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "linear")

#: The function each activation applies (``None`` for linear: nothing is applied).
#: leaky_relu uses PyTorch's default negative slope, 0.01.
ACTIVATION_FUNCTIONS: dict[str, Callable[[Value], Value] | None] = {
    "relu": Value.relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
    "leaky_relu": Value.leaky_relu,
    "linear": None,
}


def check_activation(activation: object) -> str:
    """``activation`` if it is a known name, else a ValueError listing the choices."""
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {activation!r}; choose one of: {', '.join(ACTIVATIONS)}"
        )
    return activation
