"""Drawings: structure, names, gradient states and colours, checked on the DOT source."""

from __future__ import annotations

import math
import re

import pytest

from autograd import ops
from autograd.graph import topological_order
from autograd.pictures.colours import HIGHLIGHT_COLOUR, NAN_COLOUR, ZERO_COLOUR, grad_colour
from autograd.pictures.draw import draw
from autograd.pictures.render import save
from autograd.value import Value


def node_id(root: Value, node: Value) -> str:
    return f"n{[n is node for n in topological_order(root)].index(True)}"


def node_line(graph, ident: str) -> str:
    (line,) = [line for line in graph.body if line.lstrip().startswith(f"{ident} [")]
    return line


def edges(graph) -> list[tuple[str, str, str]]:
    """(tail, head, label) of every edge, in the order of the source."""
    found = []
    for line in graph.body:
        match = re.match(r"\s*(\w+) -> (\w+)(?: \[(.*)\])?", line)
        if match:
            label = re.search(r"label=<(.*?)>(?=[ \]]|$)", match[3] or "")
            found.append((match[1], match[2], label[1] if label else ""))
    return found


def grad_background(line: str) -> str:
    return re.search(r'<TD BGCOLOR="([^"]+)"><FONT COLOR="\w+">grad ', line)[1]


def product():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    return a, b, c


def test_a_times_a_has_two_edges_from_a_labelled_with_the_input_names():
    a = Value(3.0, label="a")
    y = a * a
    graph = draw(y)
    into_op = [e for e in edges(graph) if e[1] == f"{node_id(y, y)}op"]
    assert into_op == [(node_id(y, a), f"{node_id(y, y)}op", "a"),
                       (node_id(y, a), f"{node_id(y, y)}op", "b")]


def test_edges_follow_the_input_order_so_a_minus_b_is_readable():
    x, w = Value(5.0, label="x"), Value(1.0, label="w")
    d = w - x  # w is the op's "a", x its "b"
    labels = {tail: label for tail, head, label in edges(draw(d)) if head.endswith("op")}
    assert labels == {node_id(d, w): "a", node_id(d, x): "b"}
    assert node_line(draw(d), f"{node_id(d, d)}op").split("[label=")[1].startswith('"-"')


def test_unary_ops_have_one_unlabelled_edge_and_show_their_table_symbol():
    z = Value(0.5, label="z")
    s = z.sigmoid()
    graph = draw(s)
    assert [e[2] for e in edges(graph) if e[1].endswith("op")] == [""]
    assert f'label="{ops.SIGMOID.symbol}"' in node_line(graph, f"{node_id(s, s)}op")
    assert "**2" in draw(z**2).source  # the op's own symbol, constant included


def test_each_value_shows_its_name_data_and_grad():
    a, b, c = product()
    c.backward()
    graph = draw(c)
    line = node_line(graph, node_id(c, b))
    assert "<B>b</B>" in line and "data -3.0" in line and "grad 2.0" in line
    unnamed = a * 2  # unlabelled: numbered, as the steppers name it
    unnamed.backward()
    assert "<B>v1</B>" in draw(unnamed).source


def test_leaves_intermediates_and_the_output_are_coloured_apart():
    a, b, c = product()
    d = c + 1.0
    graph = draw(d)
    colours = {
        re.search(r'<TD BGCOLOR="([^"]+)"><B>', node_line(graph, node_id(d, v)))[1]
        for v in (a, c, d)
    }
    assert len(colours) == 3
    assert "legend" in graph.source and "leaf" in graph.source
    assert "legend" not in draw(d, legend=False).source


def test_before_backward_every_grad_is_not_computed_yet_rather_than_zero():
    a, b, c = product()
    source = draw(c).source
    assert source.count("grad ?") == 3 + 1  # three nodes, and the legend's explanation
    assert "grad 0.0" not in source


def test_gradient_colours_tell_the_sign_and_size():
    a, b, c = product()
    d = c * 0.5 + b * 0.0  # grads: a -1.5, b 1.0, c 0.5, the constant 0.5's is -3.0
    d.backward()
    graph = draw(d)
    red_a, blue_b, blue_c = (grad_background(node_line(graph, node_id(d, v))) for v in (a, b, c))
    rgb = [tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) for h in (red_a, blue_b, blue_c)]
    assert rgb[0][0] > rgb[0][2]  # negative: red
    assert rgb[1][2] > rgb[1][0]  # positive: blue
    assert sum(rgb[2]) > sum(rgb[1])  # |0.5| < |1.0|: paler
    e = Value(4.0, label="e")
    zero = e * 0.0
    zero.backward()
    assert f'BGCOLOR="{ZERO_COLOUR}"' in node_line(draw(zero), node_id(zero, e))


def test_grad_colour_scales_with_the_largest_gradient():
    assert grad_colour(0.0, 5.0)[0] == ZERO_COLOUR
    assert grad_colour(math.nan, 5.0)[0] == NAN_COLOUR
    assert grad_colour(5.0, 5.0) == grad_colour(math.inf, 5.0)
    pale, dark = grad_colour(0.1, 5.0)[0], grad_colour(4.0, 5.0)[0]
    assert pale != "#ffffff" and int(pale[1:3], 16) > int(dark[1:3], 16)
    assert grad_colour(-1.0, 1.0)[0] != grad_colour(1.0, 1.0)[0]


def test_infinite_and_nan_numbers_are_written_as_such():
    x = Value(0.0, label="x")
    y = x.log()  # -inf
    z = y * 0.0  # nan
    z.backward()
    source = draw(z).source
    assert "data -inf" in source and "data nan" in source
    assert "grad nan" in source and f'BGCOLOR="{NAN_COLOUR}"' in source


def test_numbers_are_written_with_four_significant_digits():
    x = Value(1.0 / 3.0, label="x")
    assert "data 0.3333<" in draw(x * 1.0).source


def test_pending_gradients_show_question_marks_or_partial_sums():
    a, b, c = product()
    c.backward()
    graph = draw(c, pending={a}, grads={a: None})
    assert "grad ?" in node_line(graph, node_id(c, a))
    graph = draw(c, pending={a}, grads={a: 0.0})  # shares of 0.0 so far: computed, not "?"
    assert "<I>grad 0.0 so far</I>" in node_line(graph, node_id(c, a))
    graph = draw(c, pending={a})
    assert "<I>grad -3.0 so far</I>" in node_line(graph, node_id(c, a))
    assert "grad 2.0" in node_line(graph, node_id(c, b))  # not pending: final


def test_highlight_marks_the_node_its_op_and_its_input_edges():
    a, b, c = product()
    c.backward()
    graph = draw(c, highlight=c)
    assert f'BORDER="3" COLOR="{HIGHLIGHT_COLOUR}"' in node_line(graph, node_id(c, c))
    assert HIGHLIGHT_COLOUR not in node_line(graph, node_id(c, a))
    assert HIGHLIGHT_COLOUR in node_line(graph, f"{node_id(c, c)}op")
    coloured = [line for line in graph.body if "->" in line and HIGHLIGHT_COLOUR in line]
    assert len(coloured) == 3  # a -> *, b -> *, * -> c
    with pytest.raises(ValueError, match="not a node of the graph"):
        draw(c, highlight=Value(1.0))


def test_unevaluated_values_are_drawn_as_not_computed_yet():
    a, b, c = product()
    assert "data ?" in node_line(draw(c, unevaluated={c}), node_id(c, c))


def test_local_derivatives_label_the_edges_from_the_op_table():
    a, b, c = product()
    c.backward()
    labels = [label for _, head, label in edges(draw(c, show_local_grads=True))
              if head.endswith("op")]
    assert labels == ["a<BR/>∂c/∂a = b = -3.0", "b<BR/>∂c/∂b = a = 2.0"]
    t = (a * 1.0).tanh()
    (label,) = [lb for _, h, lb in edges(draw(t, show_local_grads=True))
                if h == f"{node_id(t, t)}op"]
    name = "v2"  # v1 is a*1.0
    assert label.startswith(f"∂{name}/∂") and f"= 1 - {name}² = " in label
    assert label.endswith(f"= {1 - math.tanh(2.0) ** 2:.4g}")  # 0.07065


def test_too_big_a_graph_is_refused_naming_both_numbers():
    x = Value(1.0)
    for _ in range(20):
        x = x * 1.0
    with pytest.raises(ValueError) as caught:
        draw(x, max_nodes=10)
    message = str(caught.value)
    assert "41 nodes" in message and "max_nodes=10" in message and "smaller part" in message


def test_a_graph_of_five_thousand_nodes_builds_its_source():
    x = Value(1.0, label="x")
    for _ in range(2500):
        x = x * 1.0001
    graph = draw(x, max_nodes=10_000)
    assert graph.source.count("->") == 2 * 2500  # one input into each op (its constant in it)


def test_ids_are_stable_from_one_run_to_the_next():
    def build():
        a, b, c = product()
        d = (c + a).relu()
        d.backward()
        return draw(d)

    assert build().source == build().source


@pytest.mark.parametrize(
    ("options", "message"),
    [({"rankdir": "XY"}, "LR, TB, RL, BT"), ({"max_nodes": 0}, "positive int")],
)
def test_bad_options_are_refused_with_what_was_expected(options, message):
    with pytest.raises(ValueError, match=message):
        draw(Value(1.0), **options)
    with pytest.raises(TypeError, match="expects a Value"):
        draw(1.0)  # type: ignore[arg-type]


@pytest.mark.graphviz_binary
def test_a_neuron_renders_to_svg_and_png(tmp_path):
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2, b = Value(-3.0, label="w1"), Value(1.0, label="w2"), Value(6.88, label="b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    assert save(draw(o), tmp_path / "neuron.svg").stat().st_size > 1000
    assert save(draw(o, rankdir="TB", show_local_grads=True), tmp_path / "n.png").stat().st_size


def test_a_constant_is_written_inside_its_op_not_drawn_as_a_node():
    x = Value(3.0, label="x")
    y = x - 1.0
    y.label = "y"
    z = 2.0 * y
    graph = draw(z)
    assert '<B>1</B>' not in graph.source and "<B>2</B>" not in graph.source
    assert 'label="- 1"' in node_line(graph, f"{node_id(z, y)}op")
    assert 'label="2 *"' in node_line(graph, f"{node_id(z, z)}op")
    assert [e for e in edges(graph) if e[1].endswith("op")] == [  # one edge in, no "a"/"b"
        (node_id(z, x), f"{node_id(z, y)}op", ""), (node_id(z, y), f"{node_id(z, z)}op", "")]


@pytest.mark.graphviz_binary
@pytest.mark.parametrize("options", [{}, {"show_local_grads": True}])
def test_edge_labels_do_not_sit_on_top_of_each_other(options):
    from small_graphs import mlp_loss

    from autograd.pictures.render import render_svg

    loss = mlp_loss()
    loss.backward()
    svg = render_svg(draw(loss, **options))
    boxes = []  # each edge label's text, as a box (its width estimated from its length)
    for edge in re.findall(r'<g id="edge\d+" class="edge">(.*?)</g>', svg, re.S):
        for anchor, x, y, size, text in re.findall(
            r'<text text-anchor="(middle|start)" x="([-\d.]+)" y="([-\d.]+)"'
            r'[^>]*font-size="([\d.]+)">([^<]*)</text>', edge
        ):
            width = len(text) * float(size) * 0.55
            left = float(x) - (width / 2 if anchor == "middle" else 0.0)
            boxes.append((left, float(y) - float(size), left + width, float(y)))
    assert len(boxes) >= 100
    overlapping = [
        (a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]
    assert overlapping == []


def test_a_lone_number_is_still_drawn():
    source = draw(Value(3.0)).source
    assert "data 3.0" in source


def test_a_leaf_the_user_made_is_drawn_even_without_a_label():
    """Only numbers the engine turned into leaves (the 2 of x * 2, a loss's target) are
    constants drawn inside their op; Value(0.4) is an input, label or not."""
    from autograd.value_methods import CONSTANT, is_constant

    a, b = Value(0.4), Value(-1.0)
    product = a * b
    source = draw(product).source
    assert "<B>v1</B>" in source and "<B>v2</B>" in source and "<B>v3</B>" in source
    assert not is_constant(a) and not is_constant(b)
    doubled = a * 2
    assert is_constant(doubled.inputs[1]) and doubled.inputs[1].label == "" == CONSTANT
    assert "* 2" in draw(doubled).source  # drawn inside its op
    from autograd import grad

    x = Value(0.4)
    (dy,) = grad(x.tanh(), [x], create_graph=True)
    assert "<B>v1</B>" in draw(dy).source  # the tanh's input is drawn, as a node
