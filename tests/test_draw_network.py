"""nn.draw_network: neurons by layer, weights as coloured edges, biases and activations."""

from __future__ import annotations

import math
import re

import pytest

from autograd.pictures.colours import NAN_COLOUR, grad_colour
from nn.draw_network import MAX_PENWIDTH, MIN_PENWIDTH, draw_network
from nn.module import MLP, Layer, Neuron

BLUE, ORANGE = "#0072b2", "#d55e00"
EDGE = re.compile(r'^\s*"?([\w.]+)"?\s*->\s*"?([\w.]+)"?\s*\[(.*)\]\s*$', re.MULTILINE)


def weight_edges(source: str) -> dict[tuple[str, str], dict[str, str]]:
    """{(from, to): attributes} of the drawn weights (not the invisible layout edges)."""
    edges = {}
    for tail, head, attrs in EDGE.findall(source):
        parsed = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', attrs))
        parsed = {k: v.strip('"') for k, v in parsed.items()}
        if parsed.get("style") != "invis":
            edges[(tail, head)] = parsed
    return edges


def names(model: MLP) -> list[list[str]]:
    columns = [[f"x{i + 1}" for i in range(model.nin)]]
    for k, layer in enumerate(model.layers):
        last = k == len(model.layers) - 1
        columns.append([f"y{j + 1}" if last else f"h{k + 1}.{j + 1}"
                        for j in range(len(layer.neurons))])
    return columns


def test_one_edge_per_weight_coloured_by_sign_and_as_thick_as_its_size():
    model = MLP(2, [4, 3, 1], seed=0)
    edges = weight_edges(draw_network(model).source)
    assert len(edges) == 2 * 4 + 4 * 3 + 3 * 1
    columns = names(model)
    biggest = max(abs(p.data) for layer in model.layers for n in layer.neurons for p in n.w)
    for k, layer in enumerate(model.layers):
        for j, neuron in enumerate(layer.neurons):
            for i, w in enumerate(neuron.w):
                attrs = edges[(columns[k][i], columns[k + 1][j])]
                assert attrs["color"] == (BLUE if w.data > 0 else ORANGE)
                expected = MIN_PENWIDTH + (MAX_PENWIDTH - MIN_PENWIDTH) * abs(w.data) / biggest
                assert float(attrs["penwidth"]) == pytest.approx(expected, abs=0.01)
                assert f"w = {w.data:.4g}" in attrs["tooltip"]
    widths = {attrs["penwidth"] for attrs in edges.values()}
    assert len(widths) > 10 and f"{MAX_PENWIDTH:.2f}" in widths


def test_layers_are_ranked_columns_left_to_right_with_biases_in_the_neurons():
    model = MLP(3, [5, 2], activation="tanh", seed=1)
    source = draw_network(model).source
    assert "rankdir=LR" in source
    assert source.count("rank=same") == 3  # inputs, hidden layer, output layer
    assert "hidden 1\n(tanh)" in source and "output\n(linear)" in source
    for layer in model.layers:
        for neuron in layer.neurons:
            assert f"b={neuron.b.data:+.3g}" in source


def test_values_for_one_input_are_printed_and_fill_the_nodes():
    model = MLP(2, [3, 1], seed=2)
    x = [0.5, -1.0]
    source = draw_network(model, x=x).source
    output = model(x).data
    assert f"out={output:+.3g}" in source
    hidden = [n(x).data for n in model.layers[0].neurons]
    for value in hidden:
        assert f"out={value:+.3g}" in source
    fills = re.findall(r'fillcolor="(#[0-9a-f]{6})"', source)
    assert len(set(fills)) >= 3  # tinted by value, not all alike
    assert "values for x = [+0.5, -1]" in source


def test_a_neuron_and_a_layer_are_drawn_too():
    neuron = Neuron(3, seed=0)
    source = draw_network(neuron, x=[1.0, 2.0, 3.0]).source
    edges = weight_edges(source)
    assert set(edges) == {("x1", "y1"), ("x2", "y1"), ("x3", "y1")}
    for i, w in enumerate(neuron.w):  # a lone neuron's weights are printed on its edges
        assert edges[(f"x{i + 1}", "y1")]["label"] == f"w={w.data:+.3g}"
    layer = Layer(2, 4, activation="sigmoid", seed=0)
    edges = weight_edges(draw_network(layer).source)
    assert len(edges) == 8 and all("label" not in attrs for attrs in edges.values())


def test_nan_and_inf_weights_do_not_break_the_drawing():
    model = MLP(2, [2, 1], seed=0)
    model.layers[0].neurons[0].w[0].data = math.nan
    model.layers[0].neurons[1].w[1].data = math.inf
    edges = weight_edges(draw_network(model, x=[1.0, 1.0]).source)
    assert edges[("x1", "h1.1")]["color"] == NAN_COLOUR == grad_colour(math.nan, 1.0)[0]
    assert float(edges[("x2", "h1.2")]["penwidth"]) == MAX_PENWIDTH


def test_too_many_neurons_is_refused_with_the_count_and_the_limit():
    with pytest.raises(ValueError, match="layer 1 has 40 neurons.*max_neurons_per_layer=32"):
        draw_network(MLP(2, [40, 1]))
    with pytest.raises(ValueError, match="the input has 12 neurons.*=10"):
        draw_network(MLP(12, [1]), max_neurons_per_layer=10)
    assert draw_network(MLP(2, [40, 1]), max_neurons_per_layer=40).source


def test_bad_models_and_inputs_are_named():
    with pytest.raises(TypeError, match="MLP, a Layer or a Neuron.*list"):
        draw_network([Neuron(2)])
    with pytest.raises(ValueError, match="takes 2 inputs but x has 3"):
        draw_network(MLP(2, [1]), x=[1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="list of 2 numbers"):
        draw_network(MLP(2, [1]), x=1.0)
    with pytest.raises(ValueError, match="max_neurons_per_layer"):
        draw_network(MLP(2, [1]), max_neurons_per_layer=0)


@pytest.mark.graphviz_binary
def test_renders_with_graphviz(tmp_path):
    graph = draw_network(MLP(2, [4, 1], seed=0), x=[0.3, 0.7])
    png = graph.pipe(format="png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    svg = graph.pipe(format="svg").decode()
    assert "x1 → h1.1: w = " in svg  # the tooltips carry the weights
