"""The light step page: each drawing once, the steps as changes, neuron by neuron with depth."""

from __future__ import annotations

import json
import re
from html import escape, unescape

import pytest
from small_graphs import mlp_loss, neuron

from autograd.formatting import format_number
from autograd.graph import topological_order
from autograd.pictures.frames import save_steps_html
from autograd.pictures.page import PagePlan
from autograd.pictures.stepper import BackwardStepper
from autograd.value import Value

pytestmark = pytest.mark.graphviz_binary

SVG_NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def page_data(text: str) -> dict:
    raw = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', text, re.S)
    return json.loads(raw[1].replace("<\\/", "</"))


def test_the_page_holds_the_drawing_once_and_every_step_and_works_offline(tmp_path):
    stepper = BackwardStepper(neuron())
    path = save_steps_html(stepper, tmp_path / "backprop.html")
    page = path.read_text(encoding="utf-8")
    assert page.count("<svg") == 1  # one drawing; the steps are changes to it
    steps = page_data(page)["tracks"]["main"]["steps"]
    assert len(steps) == 5 + 1 + 5
    assert [s["x"] for s in steps[6:]] == [s.text for s in stepper]
    for step in steps:  # the plain list, for a browser without JavaScript
        assert escape(step["t"]) in page and escape(step["x"]) in page
    assert page.count('<li class="frame">') == len(steps)
    assert set(re.findall(r"https?://[^\"' )]*", page)) <= SVG_NAMESPACES
    for outside in ("<script src", "<link", "@import", "url(", "<img", "<!DOCTYPE svg"):
        assert outside not in page
    assert "ArrowLeft" in page and "ArrowRight" in page and 'id="counter"' in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert [p.name for p in tmp_path.iterdir()] == ["backprop.html"]  # no temporary left


def test_the_page_can_leave_out_the_forward_pass(tmp_path):
    page = save_steps_html(neuron(), tmp_path / "b.html", forward=False, title="A & B")
    text = page.read_text(encoding="utf-8")
    steps = page_data(text)["tracks"]["main"]["steps"]
    assert len(steps) == 6 and "Forward pass" not in text and "A &amp; B" in text


@pytest.mark.parametrize("depth", [None, 1])
def test_the_mlp_page_is_under_a_megabyte(tmp_path, depth):
    path = save_steps_html(mlp_loss(), tmp_path / "mlp.html", depth=depth)
    assert path.stat().st_size < 1_000_000


def test_each_cell_is_drawn_as_wide_as_its_widest_text_so_nothing_moves(tmp_path):
    loss = mlp_loss()
    plan = PagePlan(BackwardStepper(loss), forward=True, depth=None, draw_options={})
    text = save_steps_html(loss, tmp_path / "p.html").read_text(encoding="utf-8")
    track = page_data(text)["tracks"]["main"]
    seen: dict[str, set[str]] = {}
    for cells in [track["init"]] + [s["d"] for s in track["steps"]]:
        for ident, rows in cells.items():
            seen.setdefault(ident, set()).add(rows[0][1])
    source = plan.drawing(0, {i: [("data ?", max(t, key=len))] for i, t in seen.items()}).source
    for ident, texts in seen.items():
        line = next(x for x in source.splitlines() if re.match(rf"\s*{ident} \[label=<", x))
        assert unescape(max(texts, key=len)) + "\u00a0\u00a0" in unescape(line)


def test_at_depth_one_each_neuron_is_one_step_and_opens_to_its_own_ops(tmp_path):
    loss = mlp_loss()
    stepper = BackwardStepper(loss)
    text = save_steps_html(stepper, tmp_path / "mlp.html", depth=1).read_text(encoding="utf-8")
    tracks = page_data(text)["tracks"]
    main = tracks["main"]["steps"]
    assert len(main) == (9 + 2) + 1 + (9 + 2)  # nine neurons and the loss's two ops, twice
    assert text.count("<svg") == 1 + 9  # the drawing, and each neuron opened
    by_title = {s["x"].splitlines()[0]: s for s in main}
    head = next(line for line in by_title if line.startswith("L2.N1 hands its gradient"))
    assert head.endswith("to its four weights, its bias and its four inputs;")
    step = by_title[head]
    assert step["o"] == step["c"] and step["c"].startswith("g")
    own = tracks[step["o"] + "b"]["steps"]  # its nine ops, one by one
    nodes = [n for n in topological_order(loss) if n.op is not None]
    l2n1 = [s.text for s in stepper if s.node in nodes and _in_neuron(s.node, "L2.N1", loss)]
    assert [s["x"] for s in own] == l2n1 and len(own) == 9
    assert len(tracks[step["o"] + "f"]["steps"]) == 9


def _in_neuron(node: Value, name: str, root: Value) -> bool:
    from autograd.pictures.scopes import scope_paths

    return name in scope_paths(topological_order(root))[node]


def test_after_the_last_grouped_step_every_gradient_is_backprops(tmp_path):
    loss = mlp_loss()
    text = save_steps_html(loss, tmp_path / "mlp.html", depth=1).read_text(encoding="utf-8")
    track = page_data(text)["tracks"]["main"]
    state = dict(track["init"])
    for step in track["steps"][1:]:
        state.update(step["d"])
    loss.backward()
    names = {n.label: n for n in topological_order(loss) if n.label}
    neurons = re.findall(r'id="v0-(g\d+)".*?<text[^>]*font-weight="bold"[^>]*>([^<]+)</text>',
                         text, re.S)
    assert len(neurons) == 9
    for ident, label in neurons:
        data, grad, *_ = state[ident][0]
        node = names[label]
        assert data == f"data {format_number(node.data)}"
        assert grad == f"grad {format_number(node.grad)}"


def test_drawing_state_options_are_refused_since_the_page_sets_them(tmp_path):
    with pytest.raises(TypeError, match="sets highlight itself"):
        save_steps_html(neuron(), tmp_path / "p.html", highlight=None)
