"""Drawing a network's neurons and weights with Graphviz, as TensorFlow Playground shows them.

``draw_network(model)`` returns a ``graphviz.Digraph``: it shows itself in Jupyter, and
``.render()`` (or :func:`autograd.pictures.render.save`) writes it to SVG/PNG/PDF.

How to read a drawing:

* Columns, left to right: the inputs, each hidden layer, the output layer; a layer's
  activation function is named above it.
* Each neuron shows its bias ``b``. Given an input ``x``, each node also shows its value
  for that input (a neuron's output after its activation) and is filled blue for a positive
  value and orange for a negative one, darker the larger it is next to the largest in its
  layer.
* Each edge is a weight: blue if positive, orange-red if negative, thicker the larger
  ``|w|`` is next to the largest ``|w|`` in the network. A single neuron's weights are
  printed on its edges; in an SVG, hovering over any edge shows its weight.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import graphviz

from autograd.mode import no_grad
from autograd.pictures.colours import NAN_COLOUR, NAN_LIGHT_COLOUR, mix_with_white
from autograd.value import Value
from nn.module import MLP, Layer, Neuron

FONT = "Helvetica,Arial,sans-serif"
#: Okabe & Ito's blue and vermillion: told apart with every common colour blindness.
POSITIVE_RGB = (0, 114, 178)
NEGATIVE_RGB = (213, 94, 0)
MIN_PENWIDTH, MAX_PENWIDTH = 0.4, 6.0


def draw_network(
    model: Neuron | Layer | MLP,
    x: Sequence[float] | None = None,
    *,
    max_neurons_per_layer: int = 32,
) -> graphviz.Digraph:
    """Draw a network's neurons by layer, its weights as edges, and its biases.

    Args:
        model: an :class:`~nn.module.MLP`, a :class:`~nn.module.Layer` or a
            :class:`~nn.module.Neuron`.
        x: one input (``nin`` numbers): show every neuron's output for it.
        max_neurons_per_layer: refuse layers (or inputs) wider than this: the picture
            would be unreadable.

    Returns:
        The drawing; ``.source`` is its DOT text, and it renders itself in Jupyter.

    Raises:
        TypeError: ``model`` is not an MLP, a Layer or a Neuron.
        ValueError: a layer wider than ``max_neurons_per_layer`` (the message names its
            size and the limit), or an ``x`` of the wrong length.

    Example:
        >>> from nn.module import MLP
        >>> graph = draw_network(MLP(2, [4, 1], seed=0), x=[0.5, -1.0])
        >>> graph.source.count("penwidth")  # one edge per weight: 2*4 + 4*1
        12
    """
    layers = _layers_of(model)
    if isinstance(max_neurons_per_layer, bool) or not isinstance(max_neurons_per_layer, int) \
            or max_neurons_per_layer < 1:
        raise ValueError(f"max_neurons_per_layer must be a positive int, got "
                         f"{max_neurons_per_layer!r}")
    nin = len(layers[0][0].w)
    sizes = [nin] + [len(layer) for layer in layers]
    for k, size in enumerate(sizes):
        if size > max_neurons_per_layer:
            where = "the input" if k == 0 else f"layer {k}"
            raise ValueError(
                f"{where} has {size} neurons, more than max_neurons_per_layer="
                f"{max_neurons_per_layer}; pass max_neurons_per_layer={size} to draw it anyway"
            )
    values = None if x is None else _forward(layers, x, nin)
    weights = [abs(w.data) for layer in layers for neuron in layer for w in neuron.w]
    biggest = max((w for w in weights if math.isfinite(w)), default=0.0)
    # A lone neuron's edges fan in without crossing, so their weights can be printed on them
    # (in bigger networks the labels would pile up where edges cross: hover for a tooltip).
    label_edges = isinstance(model, Neuron)

    graph = graphviz.Digraph(name="network")
    # edgesfirst: nodes are drawn over the edges, so that no line crosses a node's text
    graph.attr(rankdir="LR", splines="line", nodesep="0.25", ranksep="1.6", fontname=FONT,
               labelloc="t", fontsize="16", label=_title(model, x), outputorder="edgesfirst")
    graph.attr("node", fontname=FONT, fontsize="11", shape="circle", style="filled",
               fillcolor="white", color="#444444", width="0.95", fixedsize="true")
    graph.attr("edge", fontname=FONT, fontsize="10", arrowhead="none")

    names = [[f"x{i + 1}" for i in range(nin)]]
    names += [[_neuron_name(k, j, len(layers)) for j in range(len(layer))]
              for k, layer in enumerate(layers)]
    headers = ["input"] + [
        f"{'output' if k == len(layers) - 1 else f'hidden {k + 1}'}\n({layer[0].activation})"
        for k, layer in enumerate(layers)
    ]
    for k, column in enumerate(names):
        # one subgraph per layer, rank=same: the layer is one column, its header on top
        # (the invisible edges keep header, neuron 1, neuron 2, ... in order)
        with graph.subgraph(name=f"layer{k}") as sub:
            sub.attr(rank="same")
            sub.node(f"header{k}", headers[k], shape="plaintext", fontsize="13",
                     width="1.2", fixedsize="false")
            layer_values = None if values is None else values[k]
            top = 0.0 if layer_values is None else max(
                (abs(v) for v in layer_values if math.isfinite(v)), default=0.0)
            for j, name in enumerate(column):
                lines = [name]
                if k > 0:
                    lines.append(f"b={_short(layers[k - 1][j].b.data)}")
                fill = "#eeeeee" if k == 0 else "white"
                if layer_values is not None:
                    lines.append(_short(layer_values[j]) if k == 0
                                 else f"out={_short(layer_values[j])}")
                    fill = _tint(layer_values[j], top)
                sub.node(name, "\n".join(lines), fillcolor=fill,
                         shape="box" if k == 0 else "circle",
                         style="filled,rounded" if k == 0 else "filled")
            chain = [f"header{k}", *column]
            for a, b in zip(chain, chain[1:]):
                sub.edge(a, b, style="invis")

    for k, layer in enumerate(layers):
        for j, neuron in enumerate(layer):
            for i, w in enumerate(neuron.w):
                attrs = {
                    "color": _sign_colour(w.data),
                    "penwidth": f"{_penwidth(w.data, biggest):.2f}",
                    "tooltip": f"{names[k][i]} → {names[k + 1][j]}: w = {w.data:.4g}",
                }
                if label_edges:
                    attrs.update(label=f"w={_short(w.data)}", fontcolor=attrs["color"],
                                 fontsize="12")
                graph.edge(names[k][i], names[k + 1][j], **attrs)
    return graph


def _layers_of(model: object) -> list[list[Neuron]]:
    """The neurons of each layer: an MLP's layers, a Layer alone, or a Neuron alone."""
    if isinstance(model, MLP):
        return [list(layer.neurons) for layer in model.layers]
    if isinstance(model, Layer):
        return [list(model.neurons)]
    if isinstance(model, Neuron):
        return [[model]]
    raise TypeError(
        f"draw_network draws an MLP, a Layer or a Neuron (from nn.module), "
        f"got {type(model).__name__}: {model!r:.80}"
    )


def _forward(layers: list[list[Neuron]], x: Sequence[float], nin: int) -> list[list[float]]:
    """Every layer's values for input ``x``: the inputs, then each layer's outputs."""
    if isinstance(x, (str, bytes)) or not isinstance(x, Sequence):
        raise TypeError(f"x must be a list of {nin} numbers, got {type(x).__name__}: {x!r}")
    if len(x) != nin:
        raise ValueError(f"the model takes {nin} inputs but x has {len(x)}: {list(x)!r}")
    current = [v.data if isinstance(v, Value) else v for v in x]
    values = [[float(v) for v in current]]
    with no_grad():  # only the numbers are wanted: record no graph
        for layer in layers:
            current = [neuron(current).data for neuron in layer]
            values.append(current)
    return values


def _neuron_name(k: int, j: int, count: int) -> str:
    """``h<layer>.<neuron>`` for hidden neurons, ``y<neuron>`` for the output layer."""
    return f"y{j + 1}" if k == count - 1 else f"h{k + 1}.{j + 1}"


def _title(model: object, x: Sequence[float] | None) -> str:
    lines = [repr(model)]
    if x is not None:
        shown = ", ".join(_short(float(v.data if isinstance(v, Value) else v)) for v in x)
        lines.append(f"values for x = [{shown}]")
    lines.append("edges: blue w > 0, orange w < 0, thicker = larger |w|")
    return "\n".join(lines)


def _short(v: float) -> str:
    """A number in at most 3 significant digits, with its sign."""
    return f"{v:+.3g}" if math.isfinite(v) else str(v)


def _sign_colour(w: float) -> str:
    if math.isnan(w):
        return NAN_COLOUR
    return mix_with_white(NEGATIVE_RGB if w < 0 else POSITIVE_RGB, 1.0)


def _penwidth(w: float, biggest: float) -> float:
    """Edge thickness in proportion to ``|w|`` next to the largest ``|w|``."""
    if not math.isfinite(w) or biggest <= 0:
        return MAX_PENWIDTH if math.isinf(w) else MIN_PENWIDTH
    return MIN_PENWIDTH + (MAX_PENWIDTH - MIN_PENWIDTH) * abs(w) / biggest


def _tint(value: float, top: float) -> str:
    """A node's fill for its value: blue positive, orange negative, darker when larger
    (at most 60%, so that the black text stays readable)."""
    if not math.isfinite(value):
        return NAN_LIGHT_COLOUR  # nan, or inf: too big to be placed on the scale
    share = abs(value) / top if top > 0 else 0.0
    return mix_with_white(NEGATIVE_RGB if value < 0 else POSITIVE_RGB, 0.6 * share)
