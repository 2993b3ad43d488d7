"""nn.module: Neuron, Layer, MLP; parameters, initialisation, errors, torch agreement, state."""

from __future__ import annotations

import copy
import json
import math
import pickle
import random
from collections.abc import Callable
from typing import Any

import pytest

from autograd.graph import topological_order
from autograd.value import Value
from nn.activations import ACTIVATIONS
from nn.module import MLP, Layer, Module, Neuron


def close(a: float, b: float, tol: float = 1e-9) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(b))


# ---------------------------------------------------------------- parameters


def test_mlp_2_16_16_1_has_337_parameters_in_documented_order() -> None:
    model = MLP(2, [16, 16, 1], seed=0)
    params = model.parameters()
    assert len(params) == model.num_parameters() == 337  # (2+1)*16 + (16+1)*16 + (16+1)*1
    expected_labels = [
        f"L{layer + 1}.N{j + 1}.{name}"
        for layer, (nin, nout) in enumerate([(2, 16), (16, 16), (16, 1)])
        for j in range(nout)
        for name in [*(f"w{i + 1}" for i in range(nin)), "b"]
    ]
    assert [p.label for p in params] == expected_labels
    expected_objects = [
        p for layer in model.layers for neuron in layer.neurons for p in [*neuron.w, neuron.b]
    ]
    assert all(p is q for p, q in zip(params, expected_objects, strict=True))
    assert len({id(p) for p in params}) == 337  # no Value listed twice


def test_repr_shows_sizes_activation_and_parameter_count() -> None:
    assert repr(MLP(2, [16, 16, 1])) == "MLP(2 -> 16 -> 16 -> 1, relu, 337 parameters)"
    assert repr(Layer(3, 4, "tanh")) == "Layer(3 -> 4, tanh, 16 parameters)"
    assert repr(Neuron(5, "sigmoid")) == "Neuron(5 inputs, sigmoid, 6 parameters)"


@pytest.mark.parametrize("nin", [1, 2, 16, 100])
def test_initialisation_is_uniform_within_one_over_sqrt_nin_like_torch_linear(nin: int) -> None:
    layer = Layer(nin, 200, seed=1)
    bound = 1.0 / math.sqrt(nin)
    weights = [w.data for n in layer.neurons for w in n.w]
    biases = [n.b.data for n in layer.neurons]
    for values in (weights, biases):
        assert all(-bound <= v <= bound for v in values)
        # spread over the whole range, not clustered near 0 or one side
        assert max(values) > 0.8 * bound and min(values) < -0.8 * bound
    mean = sum(weights) / len(weights)
    assert abs(mean) < 0.1 * bound


def test_seed_makes_initialisation_reproducible_without_touching_global_random() -> None:
    random.seed(123)
    expected_next = random.random()
    random.seed(123)
    a = [p.data for p in MLP(3, [4, 2], seed=7).parameters()]
    b = [p.data for p in MLP(3, [4, 2], seed=7).parameters()]
    c = [p.data for p in MLP(3, [4, 2], seed=8).parameters()]
    MLP(3, [4, 2])  # unseeded: must not draw from the global stream either
    assert random.random() == expected_next
    assert a == b
    assert a != c
    unseeded = [[p.data for p in MLP(3, [4, 2]).parameters()] for _ in range(2)]
    assert unseeded[0] != unseeded[1]


def test_a_random_instance_can_be_shared_as_the_seed() -> None:
    rng = random.Random(5)
    first, second = Neuron(3, seed=rng), Neuron(3, seed=rng)
    assert [p.data for p in first.parameters()] != [p.data for p in second.parameters()]
    again = random.Random(5)
    assert [p.data for p in Neuron(3, seed=again).parameters()] == [
        p.data for p in first.parameters()
    ]


def test_zero_grad_clears_every_parameter() -> None:
    model = MLP(2, [3, 1], seed=0)
    out = model([1.0, -2.0])
    assert isinstance(out, Value)
    out.backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


# ---------------------------------------------------------------- forward


def test_neuron_computes_weighted_sum_plus_bias_through_each_activation() -> None:
    x = [0.5, -1.5, 2.0]
    slope = 0.01
    reference = {
        "relu": lambda s: max(s, 0.0),
        "tanh": math.tanh,
        "sigmoid": lambda s: 1.0 / (1.0 + math.exp(-s)),
        "leaky_relu": lambda s: s if s > 0 else slope * s,
        "linear": lambda s: s,
    }
    assert set(reference) == set(ACTIVATIONS)
    signs = set()
    for activation, f in reference.items():
        for seed in range(6):
            neuron = Neuron(3, activation, seed=seed)
            s = sum(w.data * xi for w, xi in zip(neuron.w, x)) + neuron.b.data
            signs.add(s > 0)
            assert close(neuron(x).data, f(s)), (activation, seed)
    assert signs == {True, False}  # both sides of relu's kink were exercised


def test_neuron_graph_has_two_nodes_per_input_and_no_constant_zero() -> None:
    from autograd.graph import topological_order

    neuron = Neuron(4, "linear", seed=0)
    out = neuron([1.0, 2.0, 3.0, 4.0])
    nodes = topological_order(out)
    operations = [n for n in nodes if n.op is not None]
    assert len(operations) == 2 * 4  # 4 products, 3 sums between them, 1 for the bias
    assert all(n.label for n in nodes if n.op is None)  # every leaf is named: x1.., w1.., b


def test_layer_always_returns_a_list_even_with_one_neuron() -> None:
    out = Layer(2, 1, seed=0)([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 1 and isinstance(out[0], Value)
    assert len(Layer(2, 3, seed=0)([1.0, 2.0])) == 3


def test_mlp_returns_a_value_for_one_output_and_a_list_otherwise() -> None:
    assert isinstance(MLP(2, [4, 1], seed=0)([1.0, 2.0]), Value)
    out = MLP(2, [4, 3], seed=0)([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 3


def test_hidden_layer_of_one_neuron_works() -> None:
    model = MLP(2, [1, 1], "tanh", seed=0)
    out = model([0.3, -0.7])
    assert isinstance(out, Value)
    out.backward()
    assert all(math.isfinite(p.grad) for p in model.parameters())
    wide = MLP(2, [1, 3], seed=0)([0.3, -0.7])
    assert isinstance(wide, list) and len(wide) == 3


def test_last_layer_is_linear_and_hidden_layers_use_the_activation() -> None:
    model = MLP(2, [3, 3, 2], "sigmoid", seed=0)
    assert [layer.activation for layer in model.layers] == ["sigmoid", "sigmoid", "linear"]


def test_inputs_may_be_values_and_receive_gradients() -> None:
    model = MLP(2, [3, 1], "tanh", seed=3)
    a = Value(0.5, label="a")
    out = model([a, 1.5])
    assert isinstance(out, Value)
    out.backward()
    assert a.grad != 0.0 and a.label == "a"


@pytest.mark.parametrize("model", [MLP(2, [3, 1]), Layer(2, 3), Neuron(2)], ids=repr)
def test_wrong_input_length_names_expected_and_received(model: object) -> None:
    with pytest.raises(ValueError, match=r"expects 2 inputs, got 3"):
        model([1.0, 2.0, 3.0])  # type: ignore[operator]
    with pytest.raises(ValueError, match=r"expects 2 inputs, got 1"):
        model([1.0])  # type: ignore[operator]


@pytest.mark.parametrize("bad", [["a", 1.0], [None, 1.0], [True, 1.0], [[1.0], 2.0]])
def test_non_numeric_input_raises_type_error_naming_it(bad: list[object]) -> None:
    model = MLP(2, [3, 1])
    with pytest.raises(TypeError, match=r"input 0 must be a Value, a float or an int, got ") as e:
        model(bad)  # type: ignore[arg-type]
    assert str(e.value).startswith(f"{model!r}: input 0")  # the message names the model


@pytest.mark.parametrize("bad", [3.0, "ab", Value(1.0)])
def test_a_bare_number_or_string_instead_of_a_list_raises_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match=r"expects a list of 2 numbers"):
        MLP(2, [3, 1])(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bad", "kind"),
    [({"x": 1.0, "y": 2.0}, "dict"), ({1.0, 2.0}, "set"), (frozenset({1.0, 2.0}), "frozenset"),
     ({1.0: 0, 2.0: 0}.keys(), "dict_keys")],
)
@pytest.mark.parametrize("make", [lambda: MLP(2, [3, 1]), lambda: Layer(2, 3), lambda: Neuron(2)])
def test_a_dict_or_a_set_is_refused_naming_what_was_given(
    bad: object, kind: str, make: Callable[[], Module]
) -> None:
    # A dict would run on its keys, a set in an arbitrary order: both have two elements here.
    model = make()
    expected = rf"expects a sequence of 2 numbers or Values .*got a {kind}"
    with pytest.raises(TypeError, match=expected):
        model(bad)  # type: ignore[arg-type]


def test_unknown_activation_lists_the_choices() -> None:
    for build in (lambda: Neuron(2, "gelu"), lambda: Layer(2, 2, "gelu"),
                  lambda: MLP(2, [2, 1], "gelu")):
        with pytest.raises(ValueError, match="unknown activation 'gelu'") as info:
            build()
        for name in ACTIVATIONS:
            assert name in str(info.value)


@pytest.mark.parametrize(
    ("build", "message"),
    [(lambda: Neuron(0), "nin must be an integer >= 1, got 0"),
     (lambda: Layer(2, 0), "nout must be an integer >= 1, got 0"),
     (lambda: MLP(2, []), "nouts must be a non-empty list"),
     (lambda: MLP(2, [3, -1]), r"layer size nouts\[1\] must be an integer >= 1, got -1"),
     (lambda: MLP(2, 3), "nouts must be a non-empty list of layer sizes, got 3")],
)
def test_bad_sizes_raise_value_error(build: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_a_size_that_is_not_an_int_raises_type_error() -> None:
    with pytest.raises(TypeError, match="nin must be an integer >= 1, got float: 2.5"):
        MLP(2.5, [1])  # type: ignore[arg-type]


# ---------------------------------------------------------------- against PyTorch


def torch_copy(model: MLP):  # type: ignore[no-untyped-def]
    """A float64 torch.nn.Sequential with the same weights as ``model``."""
    torch = pytest.importorskip("torch")
    make_activation = {
        "relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid,
        "leaky_relu": lambda: torch.nn.LeakyReLU(0.01), "linear": torch.nn.Identity,
    }
    modules = []
    for layer in model.layers:
        linear = torch.nn.Linear(layer.nin, layer.nout, dtype=torch.float64)
        with torch.no_grad():
            for j, neuron in enumerate(layer.neurons):
                linear.weight[j] = torch.tensor([w.data for w in neuron.w], dtype=torch.float64)
                linear.bias[j] = neuron.b.data
        modules += [linear, make_activation[layer.activation]()]
    return torch.nn.Sequential(*modules)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_mlp_output_and_gradients_match_torch(activation: str) -> None:
    torch = pytest.importorskip("torch")
    model = MLP(3, [5, 4, 2], activation, seed=11)
    reference = torch_copy(model)
    rng = random.Random(0)
    for _ in range(5):
        x = [rng.uniform(-2, 2) for _ in range(3)]
        inputs = [Value(v) for v in x]
        model.zero_grad()
        out = model(inputs)
        assert isinstance(out, list)
        objective = out[0] * 0.7 - out[1] * 1.3  # weights both outputs' gradients
        objective.backward()

        reference.zero_grad()
        x_t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        out_t = reference(x_t)
        (out_t[0] * 0.7 - out_t[1] * 1.3).backward()

        for mine, theirs in zip(out, out_t.tolist()):
            assert close(mine.data, theirs)
        for v, g in zip(inputs, x_t.grad.tolist()):
            assert close(v.grad, g)
        linears = [m for m in reference if isinstance(m, torch.nn.Linear)]
        for layer, linear in zip(model.layers, linears):
            for j, neuron in enumerate(layer.neurons):
                for i, w in enumerate(neuron.w):
                    assert close(w.grad, linear.weight.grad[j, i].item())
                assert close(neuron.b.grad, linear.bias.grad[j].item())


# ---------------------------------------------------------------- state dicts


def test_state_dict_is_json_and_round_trips() -> None:
    model = MLP(2, [4, 3, 1], "tanh", seed=1)
    state = json.loads(json.dumps(model.state_dict()))
    assert {k: state[k] for k in ("kind", "nin", "nouts", "activation")} == {
        "kind": "MLP", "nin": 2, "nouts": [4, 3, 1], "activation": "tanh"}
    assert list(state["parameters"]) == [p.label for p in model.parameters()]
    other = MLP(2, [4, 3, 1], "tanh", seed=2)
    assert [p.data for p in other.parameters()] != [p.data for p in model.parameters()]
    other.load_state_dict(state)
    assert [p.data for p in other.parameters()] == [p.data for p in model.parameters()]
    x = [0.25, -1.0]
    assert other(x).data == model(x).data  # type: ignore[union-attr]


def test_load_state_dict_of_another_shape_raises_and_changes_nothing() -> None:
    model = MLP(2, [16, 16, 1], seed=0)
    before = [p.data for p in model.parameters()]
    for state in (MLP(2, [8, 1], seed=1).state_dict(), MLP(3, [16, 16, 1]).state_dict(),
                  MLP(2, [16, 16, 1], "tanh").state_dict(), Layer(2, 16).state_dict()):
        with pytest.raises(ValueError, match="architectures differ"):
            model.load_state_dict(state)
        assert [p.data for p in model.parameters()] == before


def test_load_state_dict_validates_every_value_before_assigning_any() -> None:
    model = MLP(2, [3, 1], seed=0)
    before = [p.data for p in model.parameters()]
    good = MLP(2, [3, 1], seed=9).state_dict()

    bad_value = copy.deepcopy(good)
    bad_value["parameters"]["L2.N1.b"] = "0.5"  # the very last one
    missing = copy.deepcopy(good)
    del missing["parameters"]["L1.N2.w1"]
    extra = copy.deepcopy(good)
    extra["parameters"]["L9.N9.w9"] = 1.0
    for state, message in ((bad_value, "L2.N1.b must be a number"),
                           (missing, r"missing \['L1.N2.w1'\]"),
                           (extra, r"unexpected \['L9.N9.w9'\]"),
                           ([1, 2], "must be a dict")):
        with pytest.raises(ValueError, match=message):
            model.load_state_dict(state)  # type: ignore[arg-type]
        assert [p.data for p in model.parameters()] == before


def test_neuron_and_layer_state_dicts_round_trip() -> None:
    makers: list[Callable[[int], Module]] = [lambda s: Neuron(3, "leaky_relu", seed=s),
                                             lambda s: Layer(3, 2, "sigmoid", seed=s)]
    for make in makers:
        source, target = make(1), make(2)
        target.load_state_dict(json.loads(json.dumps(source.state_dict())))
        assert [p.data for p in target.parameters()] == [p.data for p in source.parameters()]


def test_a_value_too_large_for_a_float_is_refused_before_anything_is_assigned() -> None:
    model = MLP(2, [2, 1], seed=0)
    before = [p.data for p in model.parameters()]
    state = model.state_dict()
    names = list(state["parameters"])
    state["parameters"][names[0]] = 123.0  # would be assigned first...
    state["parameters"][names[-1]] = 10**400  # ...and this one, an int, is no float
    with pytest.raises(ValueError, match=rf"parameter {names[-1]} is too large for a float"):
        model.load_state_dict(state)
    assert [p.data for p in model.parameters()] == before


# ---------------------------------------------------------------- pickling and copying


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize(
    "copied", [lambda m: pickle.loads(pickle.dumps(m)), copy.deepcopy], ids=["pickle", "deepcopy"]
)
def test_a_model_pickles_and_deep_copies_computing_the_same(
    activation: str, copied: Callable[[MLP], MLP]
) -> None:
    # The activation was kept as a method made inside a function, which pickle cannot name.
    model = MLP(3, [4, 4, 2], activation, seed=1)
    twin = copied(model)
    assert repr(twin) == repr(model)
    assert not set(map(id, twin.parameters())) & set(map(id, model.parameters()))
    x = [0.3, -1.1, 0.7]
    assert [v.data for v in twin(x)] == [v.data for v in model(x)]
    (twin(x)[0] * twin(x)[1]).backward()
    (model(x)[0] * model(x)[1]).backward()
    assert [p.grad for p in twin.parameters()] == [p.grad for p in model.parameters()]


@pytest.mark.parametrize(
    "copied", [lambda m: pickle.loads(pickle.dumps(m)), copy.deepcopy], ids=["pickle", "deepcopy"]
)
@pytest.mark.parametrize("model_first", [True, False], ids=["model, loss", "loss, model"])
def test_a_model_and_its_graph_copied_together_share_the_parameters(
    model_first: bool, copied: Callable[[Any], Any]
) -> None:
    model = MLP(2, [3, 1], "tanh", seed=0)
    loss = (model([0.5, -0.25]) - 1.0) ** 2  # type: ignore[operator]
    together = (model, loss) if model_first else (loss, model)
    twins = copied(together)
    model2, loss2 = twins if model_first else twins[::-1]
    graph_leaves = {id(node) for node in topological_order(loss2)}
    assert all(id(p) in graph_leaves for p in model2.parameters())
    loss.backward()
    loss2.backward()
    assert [p.grad for p in model2.parameters()] == [p.grad for p in model.parameters()]
