"""The bridge to PyTorch: a gradschool model as a ``torch.nn.Sequential``, and back.

What a student takes along when they move on. A layer of gradschool neurons is one
``torch.nn.Linear``: neuron ``j``'s weights are row ``j`` of its weight matrix, its bias
entry ``j`` of the bias vector, so ``Linear(x) = W @ x + b`` computes every neuron's sum at
once. The activation becomes its torch module (:data:`TORCH_ACTIVATIONS`); ``linear`` adds
none. An ``MLP(2, [16, 16, 1])`` becomes::

    Sequential(Linear(2, 16), ReLU(), Linear(16, 16), ReLU(), Linear(16, 1))

in float64, so it computes what the gradschool model computes, to rounding (1e-12). Feed
it float64 tensors: ``model.to_torch()(torch.tensor(X, dtype=torch.float64))``.

Use the methods: :meth:`nn.Module.to_torch` and :meth:`nn.MLP.from_torch` (also
``Layer.from_torch``, ``Neuron.from_torch``). PyTorch is optional: without it they raise
an ImportError saying how to install it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from nn.module import MLP, Layer, Module, Neuron

if TYPE_CHECKING:
    import torch

__all__ = ["INSTALL", "LEAKY_RELU_SLOPE", "TORCH_ACTIVATIONS", "from_torch", "to_torch"]

M = TypeVar("M", bound=Module)

#: How to get PyTorch, named in the ImportError when it is missing.
INSTALL = "pip install torch (a CPU-only build is enough; see https://pytorch.org)"

#: Each gradschool activation's ``torch.nn`` module class (``None``: nothing is applied).
TORCH_ACTIVATIONS: dict[str, str | None] = {
    "relu": "ReLU",
    "tanh": "Tanh",
    "sigmoid": "Sigmoid",
    "leaky_relu": "LeakyReLU",
    "linear": None,
}

#: The negative slope of gradschool's ``leaky_relu``: PyTorch's default too.
LEAKY_RELU_SLOPE = 0.01

#: What :func:`from_torch` reads, for its error messages.
SUPPORTED = (
    "Linear (with bias), " + ", ".join(n for n in TORCH_ACTIVATIONS.values() if n)
    + f" (negative_slope={LEAKY_RELU_SLOPE})"
)

#: One dense layer: its neurons' weights (one row each), their biases, the activation.
Dense = tuple[list[list[float]], list[float], str]


def _torch(what: str) -> Any:
    """The torch module, or an ImportError that says what needed it and how to install it."""
    try:
        import torch
    except ImportError as error:
        raise ImportError(f"{what} needs PyTorch, which is not installed: {INSTALL}") from error
    return torch


def _layers_of(module: Module) -> list[Layer | Neuron]:
    if isinstance(module, MLP):
        return list(module.layers)
    if isinstance(module, (Layer, Neuron)):
        return [module]
    raise TypeError(f"to_torch knows MLP, Layer and Neuron, not {type(module).__name__}")


def _dense(layer: Layer | Neuron) -> Dense:
    neurons = layer.neurons if isinstance(layer, Layer) else [layer]
    return ([[w.data for w in n.w] for n in neurons], [n.b.data for n in neurons],
            layer.activation)


def to_torch(module: Module) -> torch.nn.Sequential:
    """``module`` as a float64 ``torch.nn.Sequential`` of Linear and activation layers.

    The weights are copied: training one model afterwards leaves the other as it was.

    Raises:
        ImportError: PyTorch is not installed (the message says how to install it).
        TypeError: ``module`` is not an MLP, a Layer or a Neuron.
    """
    layers = _layers_of(module)  # first: a wrong module says so even without torch
    torch = _torch("to_torch()")
    parts: list[Any] = []  # torch.nn modules
    for weights, biases, activation in map(_dense, layers):
        linear = torch.nn.Linear(len(weights[0]), len(weights), dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(weights, dtype=torch.float64))
            linear.bias.copy_(torch.tensor(biases, dtype=torch.float64))
        parts.append(linear)
        name = TORCH_ACTIVATIONS[activation]
        if name == "LeakyReLU":
            parts.append(torch.nn.LeakyReLU(LEAKY_RELU_SLOPE))
        elif name is not None:
            parts.append(getattr(torch.nn, name)())
    return torch.nn.Sequential(*parts)


def from_torch(cls: type[M], sequential: object) -> M:
    """A new ``cls`` (MLP, Layer or Neuron) with the weights of a ``torch.nn.Sequential``.

    The Sequential must be what :func:`to_torch` makes: Linear layers (with bias), each
    followed by at most one activation of :data:`TORCH_ACTIVATIONS`, its sizes chaining.
    For an MLP, every hidden layer has the same activation (or none) and the last has none
    (gradschool's MLP ends in a linear layer: put a final sigmoid or softmax in the loss).
    A Layer is one Linear (and its activation); a Neuron one Linear with one output.

    Raises:
        ImportError: PyTorch is not installed.
        TypeError: ``sequential`` is not a ``torch.nn.Sequential``.
        ValueError: a layer gradschool does not have (the message lists what it reads),
            sizes that do not chain, or a structure ``cls`` cannot hold; nothing is built.
    """
    torch = _torch(f"{cls.__name__}.from_torch()")
    if not isinstance(sequential, torch.nn.Sequential):
        raise TypeError(f"from_torch reads a torch.nn.Sequential, got "
                        f"{type(sequential).__name__}; wrap a single layer: Sequential(layer)")
    dense = _read_layers(torch, sequential)
    nin, nouts = len(dense[0][0][0]), [len(weights) for weights, _, _ in dense]
    if issubclass(cls, MLP):
        model: Module = MLP(nin, nouts, _mlp_activation(dense))
    elif issubclass(cls, Layer) or issubclass(cls, Neuron):
        if len(dense) != 1 or (issubclass(cls, Neuron) and nouts != [1]):
            shape = "one Linear with one output" if issubclass(cls, Neuron) else "one Linear"
            raise ValueError(f"a {cls.__name__} is {shape} (and its activation); this "
                             f"Sequential has Linear layers of sizes {_sizes(nin, nouts)}")
        activation = dense[0][2]
        model = Layer(nin, nouts[0], activation) if issubclass(cls, Layer) else \
            Neuron(nin, activation)
    else:
        raise TypeError(f"from_torch builds an MLP, a Layer or a Neuron, not {cls.__name__}")
    values = [v for weights, biases, _ in dense
              for row, b in zip(weights, biases) for v in [*row, b]]
    for parameter, value in zip(model.parameters(), values, strict=True):
        parameter.data = value  # parameters() runs neuron by neuron: weights, then bias
    return model  # type: ignore[return-value]


def _read_layers(torch: Any, sequential: Any) -> list[Dense]:
    """Each Linear's weights, biases and the activation after it, checked."""
    activation_of = {getattr(torch.nn, n): a for a, n in TORCH_ACTIVATIONS.items() if n}
    dense: list[Dense] = []
    open_layer = False  # the last Linear has no activation yet
    for index, layer in enumerate(sequential):
        where = f"layer {index} ({layer!r})"
        if type(layer) is torch.nn.Linear:
            if layer.bias is None:
                raise ValueError(f"{where} has no bias; gradschool's neurons always have one")
            if dense and layer.in_features != len(dense[-1][0]):
                raise ValueError(f"{where} takes {layer.in_features} inputs, but the layer "
                                 f"before gives {len(dense[-1][0])}")
            weights = layer.weight.detach().to(torch.float64).tolist()
            dense.append((weights, layer.bias.detach().to(torch.float64).tolist(), "linear"))
            open_layer = True
        elif type(layer) in activation_of and open_layer:
            if type(layer) is torch.nn.LeakyReLU and layer.negative_slope != LEAKY_RELU_SLOPE:
                raise ValueError(f"{where}: gradschool's leaky_relu has negative_slope "
                                 f"{LEAKY_RELU_SLOPE}, not {layer.negative_slope}")
            weights, biases, _ = dense[-1]
            dense[-1] = (weights, biases, activation_of[type(layer)])
            open_layer = False
        elif type(layer) in activation_of:
            raise ValueError(f"{where} must follow a Linear layer: gradschool applies one "
                             f"activation to each layer's sums")
        else:
            raise ValueError(f"{where} is not a layer gradschool has; it reads: {SUPPORTED}")
    if not dense:
        raise ValueError(f"the Sequential has no Linear layer; gradschool reads: {SUPPORTED}")
    return dense


def _mlp_activation(dense: list[Dense]) -> str:
    """The one hidden activation an MLP of these layers has, or a ValueError saying why not."""
    last = dense[-1][2]
    if last != "linear":
        raise ValueError(f"the last Linear is followed by {TORCH_ACTIVATIONS[last]}, but an "
                         f"MLP's last layer is linear: drop it and use a loss that applies it "
                         f"(such as binary_cross_entropy_with_logits or cross_entropy)")
    hidden = {activation for _, _, activation in dense[:-1]}
    if len(hidden) > 1:
        found = ", ".join(a for _, _, a in dense[:-1])
        raise ValueError(f"an MLP has one activation for every hidden layer; these have {found}")
    return hidden.pop() if hidden else "relu"  # one layer: no hidden activation to read


def _sizes(nin: int, nouts: list[int]) -> str:
    return " -> ".join(map(str, [nin, *nouts]))

