"""Neurons, layers and multi-layer perceptrons, built from ``Value``\\ s.

A :class:`Neuron` computes ``activation(w1*x1 + ... + wn*xn + b)``; a :class:`Layer` is a
list of neurons that all see the same inputs; an :class:`MLP` feeds each layer's outputs
to the next. Every weight and bias is a :class:`~autograd.value.Value`, so calling
``backward()`` on a loss fills in the gradient of each one.

Example:
    >>> model = MLP(2, [16, 16, 1], seed=0)
    >>> model
    MLP(2 -> 16 -> 16 -> 1, relu, 337 parameters)
    >>> y = model([0.5, -1.0])  # one output neuron: a Value
"""

from __future__ import annotations

import math
import numbers
import random
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, TypeVar

from autograd.value import Value, as_value
from nn.activations import ACTIVATION_FUNCTIONS, ACTIVATIONS, check_activation
from nn.checks import positive_int
from nn.state import checked_parameter_values

__all__ = ["ACTIVATIONS", "MLP", "Layer", "Module", "Neuron"]

Seed = int | random.Random | None
M = TypeVar("M", bound="Module")
Inputs = Sequence[float | int | Value]


def _rng(seed: Seed) -> random.Random:
    """A private random stream (the global ``random`` state is never touched)."""
    return seed if isinstance(seed, random.Random) else random.Random(seed)


def _to_values(x: Any, nin: int, owner: Module) -> list[Value]:
    """Check one input sample and turn its numbers into Values, once for the whole model."""
    if isinstance(x, (Mapping, AbstractSet)):
        # A dict would run on its keys, a set in an order of its own: neither is a sample.
        raise TypeError(
            f"{owner!r} expects a sequence of {nin} numbers or Values (a list or a tuple, "
            f"in input order), got a {type(x).__name__}: {x!r:.80}"
        )
    if isinstance(x, (Value, numbers.Number, str, bytes)) or not hasattr(x, "__len__"):
        raise TypeError(
            f"{owner!r} expects a list of {nin} numbers, got {type(x).__name__}: {x!r}"
        )
    if len(x) != nin:
        raise ValueError(f"{owner!r} expects {nin} inputs, got {len(x)}: {list(x)!r}")
    try:
        return [as_value(xi, f"input {i}", label=f"x{i + 1}") for i, xi in enumerate(x)]
    except TypeError as error:
        # The model is named here, on the error path only: its repr counts its parameters,
        # far too slow to build for every input of every call.
        raise TypeError(f"{owner!r}: {error}") from None


class Module:
    """Base class: something with parameters that can be called on inputs.

    Subclasses implement ``parameters()``, ``architecture()`` and ``__call__``;
    saving and loading (``state_dict`` / ``load_state_dict``) come for free.

    Drawings fold a module into one node (``autograd.draw(loss, depth=1)``) by its labels:
    label its parameters ``name.something`` and its output ``name``, as :class:`Neuron`
    does (``L2.N3.w1``, ..., ``L2.N3``); see :mod:`autograd.pictures.scopes`.
    """

    def parameters(self) -> list[Value]:
        """Every trainable Value, in a fixed order."""
        return []

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (gradients accumulate across ``backward()``)."""
        for p in self.parameters():
            p.grad = 0.0

    def num_parameters(self) -> int:
        """How many numbers training adjusts."""
        return len(self.parameters())

    def architecture(self) -> dict[str, Any]:
        """What it takes to rebuild this module: ``kind``, ``nin``, ``nouts``, ``activation``."""
        raise NotImplementedError

    def state_dict(self) -> dict[str, Any]:
        """The architecture plus every parameter's value, as plain JSON-able data.

        Example:
            >>> Neuron(2, seed=0).state_dict()["parameters"].keys()
            dict_keys(['w1', 'w2', 'b'])
        """
        state = self.architecture()
        state["parameters"] = {p.label: p.data for p in self.parameters()}
        return state

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Copy parameter values from ``state`` (as made by :meth:`state_dict`).

        Everything is checked and converted to floats before anything is assigned, so a
        state for another architecture, or with a value that is not a number or too large
        for a float, or ``nan`` or infinite, raises ``ValueError`` and leaves this module
        exactly as it was.
        """
        values = checked_parameter_values(self, state)
        for p in self.parameters():  # all checked and converted: now assign, nothing can fail
            p.data = values[p.label]

    def __call__(self, x: Inputs) -> Any:
        raise NotImplementedError

    def to_torch(self) -> Any:
        """This model as a float64 ``torch.nn.Sequential`` with the same weights (needs
        PyTorch): Linear layers and their activations, see :mod:`nn.torch_bridge`."""
        from nn.torch_bridge import to_torch  # the bridge imports this module

        return to_torch(self)

    @classmethod
    def from_torch(cls: type[M], sequential: Any) -> M:
        """A new model with the weights of a ``torch.nn.Sequential`` of Linear layers and
        activations, its structure checked (needs PyTorch): see :mod:`nn.torch_bridge`."""
        from nn.torch_bridge import from_torch

        return from_torch(cls, sequential)


class Neuron(Module):
    """``activation(w1*x1 + ... + wn*xn + b)``: one output from ``nin`` inputs.

    Args:
        nin: number of inputs.
        activation: one of :data:`ACTIVATIONS`.
        seed: an int for reproducible weights, or a ``random.Random`` to draw them from.
        prefix: label prefix, e.g. ``"L1.N3."`` gives parameters ``L1.N3.w1`` … ``L1.N3.b``.

    Weights and bias start uniform in ``±1/sqrt(nin)``, as in ``torch.nn.Linear``.
    """

    def __init__(
        self, nin: int, activation: str = "relu", seed: Seed = None, *, prefix: str = ""
    ) -> None:
        self.nin = positive_int(nin, "nin")
        self.activation = check_activation(activation)
        self.prefix = prefix
        rng = _rng(seed)
        bound = 1.0 / math.sqrt(self.nin)
        self.w = [Value(rng.uniform(-bound, bound), label=f"{prefix}w{i + 1}") for i in range(nin)]
        self.b = Value(rng.uniform(-bound, bound), label=f"{prefix}b")
        self._activate = ACTIVATION_FUNCTIONS[activation]
        self._out_label = prefix.rstrip(".")  # "L1.N3": names the output in drawings

    def __call__(self, x: Inputs) -> Value:
        return self._forward(_to_values(x, self.nin, self))

    def _forward(self, x: list[Value]) -> Value:
        # w1*x1 + w2*x2 + ... + b: 2 nodes per input. The sum starts from the first
        # product, not from a constant 0 (which would cost a node and an addition).
        w = self.w
        act = w[0] * x[0]
        for i in range(1, self.nin):
            act = act + w[i] * x[i]
        act = act + self.b
        out = act if self._activate is None else self._activate(act)
        out.label = self._out_label
        return out

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]

    def architecture(self) -> dict[str, Any]:
        return {"kind": "Neuron", "nin": self.nin, "nouts": [1], "activation": self.activation}

    def __repr__(self) -> str:
        return f"Neuron({self.nin} inputs, {self.activation}, {self.nin + 1} parameters)"


class Layer(Module):
    """``nout`` neurons that all read the same ``nin`` inputs; returns a list of ``nout`` Values.

    Args:
        nin: number of inputs.
        nout: number of neurons (outputs).
        activation: one of :data:`ACTIVATIONS`, used by every neuron.
        seed: an int for reproducible weights, or a ``random.Random`` to draw them from.
        prefix: label prefix, e.g. ``"L2."``.
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "relu",
        seed: Seed = None,
        *,
        prefix: str = "",
    ) -> None:
        self.nin = positive_int(nin, "nin")
        self.nout = positive_int(nout, "nout")
        self.activation = check_activation(activation)
        rng = _rng(seed)
        self.neurons = [
            Neuron(nin, activation, rng, prefix=f"{prefix}N{j + 1}.") for j in range(nout)
        ]

    def __call__(self, x: Inputs) -> list[Value]:
        return self._forward(_to_values(x, self.nin, self))

    def _forward(self, x: list[Value]) -> list[Value]:
        return [neuron._forward(x) for neuron in self.neurons]

    def parameters(self) -> list[Value]:
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def architecture(self) -> dict[str, Any]:
        return {"kind": "Layer", "nin": self.nin, "nouts": [self.nout],
                "activation": self.activation}

    def __repr__(self) -> str:
        return (f"Layer({self.nin} -> {self.nout}, {self.activation}, "
                f"{self.num_parameters()} parameters)")


class MLP(Module):
    """A multi-layer perceptron: layers of sizes ``nouts`` applied in turn.

    Hidden layers use ``activation``; the last layer is linear (apply a sigmoid or softmax
    in the loss, or use a ``*_with_logits`` / ``cross_entropy`` loss). With one output
    neuron the model returns a Value, otherwise a list of Values.

    Args:
        nin: number of inputs.
        nouts: the size of each layer, e.g. ``[16, 16, 1]``.
        activation: one of :data:`ACTIVATIONS`, for the hidden layers.
        seed: an int for reproducible weights, or a ``random.Random`` to draw them from.

    Parameters are ordered layer by layer, neuron by neuron, each neuron's weights in
    input order then its bias, and labelled ``L1.N1.w1``, ..., ``L1.N1.b``, ...
    """

    def __init__(
        self, nin: int, nouts: Sequence[int], activation: str = "relu", seed: Seed = None
    ) -> None:
        self.nin = positive_int(nin, "nin")
        if isinstance(nouts, (str, bytes)) or not isinstance(nouts, Sequence) or not nouts:
            raise ValueError(f"nouts must be a non-empty list of layer sizes, got {nouts!r}")
        self.nouts = [positive_int(n, f"layer size nouts[{i}]") for i, n in enumerate(nouts)]
        self.activation = check_activation(activation)
        rng = _rng(seed)
        sizes = [self.nin, *self.nouts]
        last = len(self.nouts) - 1
        self.layers = [
            Layer(sizes[i], sizes[i + 1], "linear" if i == last else activation, rng,
                  prefix=f"L{i + 1}.")
            for i in range(len(self.nouts))
        ]

    def __call__(self, x: Inputs) -> Value | list[Value]:
        values = _to_values(x, self.nin, self)
        for layer in self.layers:
            values = layer._forward(values)
        return values[0] if len(values) == 1 else values

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def architecture(self) -> dict[str, Any]:
        return {"kind": "MLP", "nin": self.nin, "nouts": list(self.nouts),
                "activation": self.activation}

    def __repr__(self) -> str:
        sizes = " -> ".join(str(n) for n in [self.nin, *self.nouts])
        return f"MLP({sizes}, {self.activation}, {self.num_parameters()} parameters)"
