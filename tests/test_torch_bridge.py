"""nn.torch_bridge: model.to_torch() and MLP/Layer/Neuron.from_torch(), checked by running
both models on the same inputs (outputs and gradients to 1e-12) and by refusing every
structure gradschool cannot hold. Skipped where PyTorch is not installed."""

from __future__ import annotations

import random
import re

import pytest

torch = pytest.importorskip("torch")

import nn  # noqa: E402
from autograd.value import Value  # noqa: E402
from nn.activations import ACTIVATIONS  # noqa: E402
from nn.torch_bridge import LEAKY_RELU_SLOPE, SUPPORTED, TORCH_ACTIVATIONS  # noqa: E402

TOL = 1e-12
F64 = torch.float64


def inputs(nin: int, count: int = 12, seed: int = 0) -> list[list[float]]:
    rng = random.Random(seed)
    return [[rng.uniform(-3.0, 3.0) for _ in range(nin)] for _ in range(count)]


def outputs(model: nn.Module, X: list[list[float]]) -> list[list[float]]:
    """The gradschool model's outputs, one list per example (a Neuron's as a list of one)."""
    rows = []
    for x in X:
        out = model(x)
        rows.append([v.data for v in out] if isinstance(out, list) else [out.data])
    return rows


def assert_close(ours: list[list[float]], theirs: list[list[float]]) -> None:
    assert len(ours) == len(theirs)
    for a_row, b_row in zip(ours, theirs):
        assert len(a_row) == len(b_row)
        for a, b in zip(a_row, b_row):
            assert abs(a - b) <= TOL * max(1.0, abs(a)), (a, b)


def models(activation: str) -> list[nn.Module]:
    return [nn.MLP(5, [7, 6, 3], activation, seed=1), nn.MLP(5, [4, 1], activation, seed=2),
            nn.Layer(5, 4, activation, seed=3), nn.Neuron(5, activation, seed=4)]


# ---------------------------------------------------------------- to_torch


def test_every_activation_has_its_torch_module():
    assert set(TORCH_ACTIVATIONS) == set(ACTIVATIONS)
    assert Value(-2.0).leaky_relu().data == -2.0 * LEAKY_RELU_SLOPE  # the slope both use
    for activation, name in TORCH_ACTIVATIONS.items():
        if name is not None:
            layers = [type(m).__name__ for m in nn.Neuron(2, activation).to_torch()]
            assert layers == ["Linear", name]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_same_outputs_to_1e12_for_every_activation_and_module(activation):
    X = inputs(5)
    for model in models(activation):
        seq = model.to_torch()
        assert isinstance(seq, torch.nn.Sequential)
        assert all(p.dtype == F64 for p in seq.parameters())
        assert_close(outputs(model, X), seq(torch.tensor(X, dtype=F64)).tolist())


def test_structure_and_weight_layout():
    model = nn.MLP(3, [4, 2], "tanh", seed=0)
    seq = model.to_torch()
    assert [type(m).__name__ for m in seq] == ["Linear", "Tanh", "Linear"]
    first, last = seq[0], seq[2]
    assert (first.in_features, first.out_features, last.in_features, last.out_features) == \
        (3, 4, 4, 2)
    for j, neuron in enumerate(model.layers[0].neurons):  # neuron j is row j
        assert first.weight[j].tolist() == [w.data for w in neuron.w]
        assert first.bias[j].item() == neuron.b.data
    assert sum(p.numel() for p in seq.parameters()) == model.num_parameters()


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_same_gradients_to_1e12(activation):
    """Backprop through both: the sum of squared outputs of 4 examples."""
    model = nn.MLP(4, [6, 5, 3], activation, seed=5)
    seq = model.to_torch()
    X = inputs(4, count=4, seed=1)
    loss = sum((v * v for x in X for v in model(x)), Value(0.0))
    loss.backward()
    torch_loss = (seq(torch.tensor(X, dtype=F64)) ** 2).sum()
    torch_loss.backward()
    assert abs(loss.data - torch_loss.item()) <= TOL * abs(loss.data)
    linears = [m for m in seq if isinstance(m, torch.nn.Linear)]
    for layer, linear in zip(model.layers, linears):
        ours = [[w.grad for w in n.w] + [n.b.grad] for n in layer.neurons]
        theirs = torch.cat([linear.weight.grad, linear.bias.grad[:, None]], dim=1).tolist()
        assert_close(ours, theirs)


def test_the_copies_are_independent():
    model = nn.MLP(2, [3, 1], seed=0)
    before = model.state_dict()
    seq = model.to_torch()
    with torch.no_grad():
        seq[0].weight.add_(1.0)
    assert model.state_dict() == before
    model.parameters()[0].data += 5.0
    assert seq[0].weight[0, 0].item() == before["parameters"]["L1.N1.w1"] + 1.0


def test_a_model_trained_on_digits_predicts_the_same_in_torch():
    X, y = nn.datasets.load_digits()
    model = nn.MLP(64, [16, 10], seed=0)
    nn.fit(model, X[:100], y[:100], loss="cross_entropy",
           optimizer=nn.Adam(model.parameters(), lr=0.01), epochs=2, batch_size=20, seed=0,
           progress=False)
    test = X[1000:1100]
    logits = model.to_torch()(torch.tensor(test, dtype=F64))
    assert_close(outputs(model, test), logits.tolist())
    assert logits.argmax(dim=1).tolist() == [max(range(10), key=r.__getitem__)
                                             for r in outputs(model, test)]


def test_to_torch_refuses_what_is_no_mlp_layer_or_neuron():
    with pytest.raises(TypeError, match="to_torch knows MLP, Layer and Neuron, not Module"):
        nn.Module().to_torch()


# ---------------------------------------------------------------- from_torch


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_round_trip_is_exact(activation):
    for model in models(activation):
        back = type(model).from_torch(model.to_torch())
        assert type(back) is type(model)
        assert back.state_dict() == model.state_dict()


def test_a_torch_built_float32_model_reads_back_with_the_same_outputs():
    torch.manual_seed(0)
    seq = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Sigmoid(), torch.nn.Linear(8, 8),
                              torch.nn.Sigmoid(), torch.nn.Linear(8, 3))
    model = nn.MLP.from_torch(seq)
    assert repr(model) == "MLP(4 -> 8 -> 8 -> 3, sigmoid, 139 parameters)"
    X = inputs(4)
    assert_close(outputs(model, X), seq.double()(torch.tensor(X, dtype=F64)).tolist())


def test_hidden_layers_without_activation_read_as_linear():
    seq = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(3, 1))
    assert nn.MLP.from_torch(seq).activation == "linear"
    assert nn.Layer.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 3))).activation == "linear"
    one = nn.Neuron.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.Tanh()))
    assert (one.nin, one.activation) == (2, "tanh")


L, R = torch.nn.Linear, torch.nn.ReLU


@pytest.mark.parametrize(
    ("cls", "layers", "message"),
    [
        (nn.MLP, [L(2, 3), torch.nn.Dropout(), L(3, 1)],
         f"layer 1 .Dropout.* is not a layer gradschool has; it reads: {re.escape(SUPPORTED)}"),
        (nn.MLP, [torch.nn.Conv2d(1, 1, 3)], "layer 0 .Conv2d.* is not a layer gradschool has"),
        (nn.MLP, [L(2, 3, bias=False), R(), L(3, 1)], "layer 0 .* has no bias"),
        (nn.MLP, [L(2, 3), R(), L(4, 1)], "layer 2 .* takes 4 inputs, but the layer before gives"),
        (nn.MLP, [R(), L(2, 1)], "layer 0 .ReLU.* must follow a Linear layer"),
        (nn.MLP, [L(2, 3), R(), torch.nn.Tanh(), L(3, 1)], "layer 2 .Tanh.* must follow a Linear"),
        (nn.MLP, [L(2, 3), torch.nn.LeakyReLU(0.2), L(3, 1)], "negative_slope 0.01, not 0.2"),
        (nn.MLP, [L(2, 3), R(), L(3, 3), torch.nn.Tanh(), L(3, 1)],
         "one activation for every hidden layer; these have relu, tanh"),
        (nn.MLP, [L(2, 3), R(), L(3, 1), torch.nn.Sigmoid()],
         "the last Linear is followed by Sigmoid, but an MLP's last layer is linear"),
        (nn.MLP, [], "the Sequential has no Linear layer"),
        (nn.Layer, [L(2, 3), R(), L(3, 1)],
         r"a Layer is one Linear .and its activation.; .* sizes 2 -> 3 -> 1"),
        (nn.Neuron, [L(2, 2)], "a Neuron is one Linear with one output"),
    ],
)
def test_unsupported_structures_are_refused_with_the_reason(cls, layers, message):
    with pytest.raises(ValueError, match=message):
        cls.from_torch(torch.nn.Sequential(*layers))


def test_the_refusal_lists_what_is_supported():
    assert SUPPORTED == "Linear (with bias), ReLU, Tanh, Sigmoid, LeakyReLU (negative_slope=0.01)"


def test_from_torch_wants_a_sequential():
    with pytest.raises(TypeError, match="reads a torch.nn.Sequential, got Linear; wrap"):
        nn.MLP.from_torch(torch.nn.Linear(2, 1))
    with pytest.raises(TypeError, match="builds an MLP, a Layer or a Neuron, not Module"):
        nn.Module.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 1)))
