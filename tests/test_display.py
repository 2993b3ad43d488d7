"""Drawings in a notebook: scaled to the cell's width, full size on demand."""

from __future__ import annotations

import pytest

from autograd.pictures.display import FULL_SIZE_HINT, Drawing
from autograd.pictures.draw import draw
from autograd.value import Value


def product() -> Drawing:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    return draw(c)


@pytest.mark.graphviz_binary
def test_jupyter_gets_the_drawing_scaled_to_the_cell():
    bundle = product()._repr_mimebundle_()
    assert list(bundle) == ["text/html"]
    html = bundle["text/html"]
    assert '<svg style="max-width: 100%; height: auto; display: block"' in html
    assert FULL_SIZE_HINT in html and "<?xml" not in html


@pytest.mark.graphviz_binary
def test_full_size_shows_it_unscaled_in_a_box_that_scrolls():
    html = product().full_size()._repr_html_()
    assert '<svg style="max-width: none"' in html and "overflow: auto" in html


@pytest.mark.graphviz_binary
def test_a_format_asked_for_by_name_is_graphvizs_own():
    assert list(product()._repr_mimebundle_(include=["image/svg+xml"])) == ["image/svg+xml"]


def test_without_dot_the_cell_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    bundle = product()._repr_mimebundle_()
    assert "apt-get install graphviz" in bundle["text/plain"]
