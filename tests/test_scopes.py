"""Scopes read off labels, and drawings folded by module with draw(root, depth=...)."""

from __future__ import annotations

import re

import pytest
from small_graphs import mlp_loss as small_mlp_loss

from autograd import Value, draw
from autograd.graph import topological_order
from autograd.pictures.scopes import prefixes, scope_paths
from nn import Module


def mlp_loss():
    loss = small_mlp_loss()
    loss.backward()
    return None, loss


def drawn_nodes(source: str) -> list[str]:
    """The names of the value tables and folded modules in a DOT source (no ops, no legend)."""
    return re.findall(r"^\s*([ng]\d+) \[label=<", source, flags=re.M)


def group_labels(source: str) -> dict[str, str]:
    """Folded module id -> its formula line."""
    return dict(re.findall(r"^\s*(g\d+) \[label=<.*?<I>(.*?)</I>", source, flags=re.M))


def test_prefixes_name_every_enclosing_scope():
    assert prefixes("L1.N3.w1") == ("L1", "L1.N3")
    assert prefixes("x1") == ()


def test_nodes_are_in_the_scope_of_the_labelled_output_they_feed():
    model, loss = mlp_loss()
    order = topological_order(loss)
    paths = scope_paths(order)
    by_label = {node.label: node for node in order if node.label}
    assert paths[by_label["L2.N3.w1"]] == ("L2", "L2.N3")
    assert paths[by_label["L2.N3"]] == ("L2", "L2.N3")  # the neuron's output
    assert paths[by_label["x1"]] == ()
    inner = by_label["L2.N3"].inputs[0]  # the sum before the relu: unlabelled
    assert not inner.label and paths[inner] == ("L2", "L2.N3")
    assert paths[loss] == () and paths[loss.inputs[0]] == ()  # the loss: no module


def test_depth_none_draws_every_scalar_and_each_depth_folds_more():
    _, loss = mlp_loss()
    order = topological_order(loss)
    constants = [n for n in order if not n.label and not n.inputs]
    assert len(constants) == 1  # the target 1.0 of the loss, drawn inside its op
    counts = {d: len(drawn_nodes(draw(loss, depth=d).source)) for d in (None, 0, 1, 2)}
    assert counts[None] == len(order) - 1 == 105
    assert counts[1] == 2 + 9 + 2  # inputs, nine neurons, the loss's two nodes
    assert counts[0] == 2 + 3 + 2  # inputs, three layers, the loss's two nodes
    assert counts[2] == counts[None]  # every scalar, now in boxes


def test_depth_one_draws_each_neuron_with_its_formula_inside_a_box_per_layer():
    _, loss = mlp_loss()
    source = draw(loss, depth=1).source
    formulas = sorted(group_labels(source).values())
    assert len(formulas) == 9
    assert "L2.N3 = relu(w·x + b)" in formulas and "L3.N1 = w·x + b" in formulas
    boxes = re.findall(r"subgraph cluster_\w+ \{\s*\n\s*.*label=(L\d)", source)
    assert sorted(boxes) == ["L1", "L2", "L3"]
    # each neuron shows its output's data and gradient
    l2n3 = [n for n in topological_order(loss) if n.label == "L2.N3"][0]
    line = next(x for x in source.splitlines() if "<B>L2.N3</B>" in x)
    assert f"data {l2n3.data:.4g}" in line.replace("data 0.0", "data 0")
    assert "grad " in line
    # one edge per neuron pair between layers, and each input to each first-layer neuron
    assert source.count(" -> ") == 4 * 2 + 4 * 4 + 4 + 1 + 1 + 1 + 1


def test_opening_a_neuron_draws_its_scalars_in_a_box_of_its_own():
    _, loss = mlp_loss()
    closed = drawn_nodes(draw(loss, depth=1).source)
    opened = draw(loss, depth=1, open_groups={"L2.N1"}).source
    assert len(drawn_nodes(opened)) == len(closed) - 1 + 5 + 8 + 1  # 5 parameters, 8 ops
    assert re.search(r"label=\"?L2\.N1\"? style", opened)  # its box
    assert "L2.N1 = relu" not in opened


def test_a_module_written_by_the_user_is_grouped_by_its_labels():
    class Scale(Module):
        def __init__(self) -> None:
            self.k = Value(3.0, label="scale.k")

        def __call__(self, x):
            out = (self.k * x + 1.0).tanh()
            out.label = "scale"
            return out

    x = Value(0.2, label="x")
    y = Scale()(x) * 2.0
    source = draw(y, depth=0).source
    assert len(drawn_nodes(source)) == 3  # x, the folded module, the output
    assert list(group_labels(source).values()) == ["scale = tanh(k × x + 1)"]


def test_a_bad_depth_is_refused_with_what_was_expected():
    with pytest.raises(ValueError, match="depth must be None"):
        draw(Value(1.0, label="a") * 2, depth=-1)


def test_depth_zero_folds_each_layer_with_a_row_per_neuron():
    _, loss = mlp_loss()
    source = draw(loss, depth=0).source
    layer_two = next(line for line in source.splitlines() if "<B>L2</B>" in line)
    assert all(f"<B>L2.N{k}</B>" in layer_two for k in range(1, 5))
    assert list(group_labels(source).values()) == ["L3.N1 = w·x + b"]  # one output: a formula


def test_grouping_tells_apart_nodes_that_hold_the_same_number():
    """Values compare by their numbers (as PyTorch tensors do), so grouping must track nodes
    by identity: with every weight equal, the neurons of a layer hold equal numbers."""
    import nn as gradschool_nn

    model = gradschool_nn.MLP(2, [3, 3, 1], seed=0)
    for p in model.parameters():
        p.data = 0.5
    x = [Value(1.0, label="x1"), Value(2.0, label="x2")]
    out = model(x)
    source = draw(out, depth=1).source
    assert len(group_labels(source)) == 7  # 3 + 3 + 1 neurons, none merged
    assert source.count(" -> ") == 2 * 3 + 3 * 3 + 3


def test_a_module_whose_only_output_is_a_parameter_is_drawn_and_stepped():
    """A parameter read outside its module is that module's output: it computes nothing,
    so its formula is the parameter's own name (this used to fail an assert)."""
    from autograd.pictures.module_steps import computed_text
    from autograd.pictures.notation import display_names
    from autograd.pictures.scopes import fold

    w, x = Value(2.0, label="L1.w"), Value(3.0, label="x")
    out = w * x * 2 + 1
    out.label = "y"
    assert group_labels(draw(out, depth=0).source) == {"g0": "L1.w = w"}
    order = topological_order(out)
    (group,) = fold(order, scope_paths(order), 0).values()
    assert computed_text(group, display_names(order), 0).splitlines()[0] == "L1.w = w = 2.0"


def test_a_constant_has_no_node_of_its_own_in_a_layout():
    from autograd.pictures.layout import Layout

    x = Value(1.0, label="x")
    out = x - 1
    order = topological_order(out)
    layout = Layout.of(order, None, ())
    (one,) = [node for node in order if node is not x and node is not out]
    position = next(i for i, node in enumerate(order) if node is x)  # index() compares numbers
    assert layout.visible(x) == f"n{position}" and layout.visible(out).startswith("n")
    with pytest.raises(ValueError, match="the constant 1 is drawn inside its op"):
        layout.visible(one)
