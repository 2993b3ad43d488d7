"""The Jupyter step widget, driven without a browser: clicks and slider moves."""

from __future__ import annotations

import sys

import pytest

from autograd.pictures.stepper import BackwardStepper
from autograd.pictures.widget import StepWidget, step_widget
from autograd.value import Value


def product() -> Value:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    d = c.tanh()
    d.label = "d"
    return d


def test_buttons_and_slider_move_through_the_steps():
    widget = step_widget(product())  # forward: 2 steps, start, backward: 2 steps
    assert isinstance(widget, StepWidget) and len(widget.frames) == 5
    assert widget.text == "c = a × b = 2.0 × -3.0 = -6.0"
    assert "c = a × b" in widget.caption.value and widget.previous_button.disabled
    widget.next_button.click()
    assert widget.index == 1 and widget.text.startswith("d = tanh(c)")
    assert "tanh(-6.0)" in widget.caption.value and widget.counter.value == "2 / 5"
    widget.slider.value = 4
    assert widget.text.startswith("a.grad += c.grad × b")
    assert "Backward pass: step 2 of 2" in widget.title.value and widget.next_button.disabled
    widget.next_button.click()  # at the end: stays
    assert widget.index == 4
    widget.previous_button.click()
    assert widget.index == 3 and widget.text.startswith("c.grad += d.grad × (1 - d²)")


def test_a_stepper_makes_a_widget_of_the_backward_pass():
    widget = BackwardStepper(product()).widget()
    assert len(widget.frames) == 3 and widget.text.startswith("d.grad = 1.0")
    assert "application/vnd.jupyter.widget-view+json" in widget._repr_mimebundle_()


@pytest.mark.graphviz_binary
def test_the_picture_is_the_frames_graph_redrawn_at_each_step():
    widget = step_widget(product())
    first = widget.picture.value
    assert "<svg" in first and "<?xml" not in first
    widget.next_button.click()
    assert widget.picture.value != first and "<svg" in widget.picture.value


def test_without_dot_the_widget_still_steps_and_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    widget = step_widget(product())
    assert "apt-get install graphviz" in widget.picture.value
    widget.next_button.click()
    assert widget.text.startswith("d = tanh(c)")


def test_without_ipywidgets_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # makes `import ipywidgets` fail
    with pytest.raises(ImportError, match="pip install ipywidgets"):
        step_widget(product())


def mlp_loss() -> Value:
    from small_graphs import mlp_loss as loss

    return loss()


def test_at_depth_one_a_neuron_opens_to_its_own_ops_and_closes():
    widget = step_widget(mlp_loss(), depth=1)
    assert len(widget.frames) == 23  # 11 units forward, the start, 11 backward
    widget.slider.value = 14  # backward step 3: the output neuron
    assert widget.text.startswith("L3.N1 hands its gradient")
    assert widget.open_button.description == "open L3.N1 ▸"
    widget.open_button.click()
    assert widget.module_menu.value == widget.opened != ""
    assert len(widget.frames) == 8 and widget.title.value == "<b>L3.N1, backward: op 1 of 8</b>"
    widget.next_button.click()
    assert widget.index == 1 and widget.text.startswith("v")
    widget.open_button.click()  # "close L3.N1": back at its step
    assert widget.opened == "" and widget.index == 14 and len(widget.frames) == 23
    first = widget.modules.opens[0]  # the first neuron computed, the last to backprop
    widget.module_menu.value = first  # the menu opens any neuron: we are in backprop
    assert widget.opened == first and "backward: op 1" in widget.title.value
    widget.module_menu.value = ""
    assert widget.opened == "" and widget.index == 22  # at that neuron's backward step


@pytest.mark.graphviz_binary
def test_the_picture_is_scaled_to_the_cell_and_full_size_on_demand():
    widget = step_widget(mlp_loss(), depth=1)
    assert 'max-width: 100%; height: auto' in widget.picture.value
    widget.full_size.value = True
    assert 'max-width: none' in widget.picture.value and "overflow: auto" in widget.picture.value


@pytest.mark.graphviz_binary
def test_nodes_stay_put_from_step_to_step_and_the_current_one_is_marked():
    import re

    from autograd.pictures.colours import HIGHLIGHT_COLOUR

    widget = step_widget(mlp_loss())  # every scalar: 57 forward, the start, 57 backward
    shapes = re.compile(r'(?:points|cx|cy|x|y)="[-\d., ]+"')
    pictures = []
    for k in (0, 30, 60, 100):
        widget.slider.value = k
        pictures.append(widget.picture.value)
    assert len({tuple(shapes.findall(p)) for p in pictures}) == 1  # the same places each step
    assert len(set(pictures)) == 4  # but other texts, colours and marks
    assert "grad ?" in pictures[0] and "so far" in pictures[3]
    marked = re.findall(rf'<g id="(\w+)" class="node">(?:(?!</g>).)*stroke="{HIGHLIGHT_COLOUR}"',
                        pictures[3], re.S)
    assert marked and marked[0].startswith("n")
