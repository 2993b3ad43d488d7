"""Saving drawings: the format from the suffix, atomic writes, a clear error without `dot`."""

from __future__ import annotations

import os
import stat

import pytest

import autograd.files as files
import autograd.pictures.render as render
import nn.files as nn_files
from autograd.pictures.draw import draw
from autograd.pictures.render import (
    FORMATS,
    GraphvizNotFound,
    render_inline_svg,
    render_svg,
    save,
)
from autograd.value import Value


@pytest.fixture
def graph():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    c.backward()
    return draw(c)


@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    """A PATH on which the Graphviz programs cannot be found."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_dot_source_is_saved_without_the_graphviz_binary(graph, tmp_path, no_dot):
    for suffix in (".dot", ".gv"):
        path = save(graph, tmp_path / f"graph{suffix}")
        assert path.read_text(encoding="utf-8") == graph.source


def test_an_unknown_suffix_is_refused_with_the_choices(graph, tmp_path):
    with pytest.raises(ValueError, match=r"'\.jpeg'.*\.svg, \.png, \.pdf, \.dot, \.gv"):
        save(graph, tmp_path / "graph.jpeg")
    assert not (tmp_path / "graph.jpeg").exists()


def test_without_dot_rendering_says_how_to_install_it(graph, tmp_path, no_dot):
    target = tmp_path / "graph.png"
    target.write_bytes(b"the old picture")
    with pytest.raises(GraphvizNotFound) as caught:
        save(graph, target)
    message = str(caught.value)
    assert isinstance(caught.value, RuntimeError)
    for command in ("apt-get install graphviz", "brew install graphviz",
                    "conda install -c conda-forge graphviz"):
        assert command in message
    assert target.read_bytes() == b"the old picture"  # a failed save leaves the file alone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty-bin", "graph.png"]
    with pytest.raises(GraphvizNotFound):
        render_svg(graph)


@pytest.mark.parametrize("mode", [0o600, 0o644])
def test_a_drawing_saved_over_a_file_keeps_its_permissions(graph, tmp_path, mode):
    target = tmp_path / "graph.dot"
    target.write_text("old")
    target.chmod(mode)
    save(graph, target)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text(encoding="utf-8") == graph.source


def test_a_drawing_is_not_saved_over_a_read_only_file(graph, tmp_path):
    target = tmp_path / "graph.dot"
    target.write_text("keep me")
    target.chmod(0o444)
    with pytest.raises(PermissionError, match="read-only") as info:
        save(graph, target)
    assert info.value.filename == str(target)
    assert target.read_text() == "keep me" and os.listdir(tmp_path) == ["graph.dot"]


def test_one_atomic_writer_serves_the_pictures_and_nn():
    assert render.write_atomically is files.write_atomically is nn_files.write_atomically


def test_save_refuses_what_is_not_a_drawing(tmp_path):
    with pytest.raises(TypeError, match="graphviz.Digraph"):
        save("digraph {}", tmp_path / "x.svg")  # type: ignore[arg-type]


#: What a file of each documented format starts with (after any XML prologue for SVG).
MAGIC = {".svg": b"<svg", ".png": b"\x89PNG", ".pdf": b"%PDF", ".dot": b"digraph",
         ".gv": b"digraph"}


@pytest.mark.graphviz_binary
@pytest.mark.parametrize("suffix", sorted(MAGIC))
def test_every_documented_suffix_saves_a_file_of_that_format(graph, tmp_path, suffix):
    content = save(graph, tmp_path / f"graph{suffix}").read_bytes()
    if suffix == ".svg":
        content = content[content.index(b"<svg"):]
    assert content.startswith(MAGIC[suffix])


def test_save_knows_exactly_the_documented_suffixes():
    assert set(FORMATS) == set(MAGIC)


@pytest.mark.graphviz_binary
def test_pictures_are_rendered_in_the_format_of_the_suffix(graph, tmp_path):
    png = save(graph, tmp_path / "graph.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    svg = save(graph, tmp_path / "graph.SVG").read_text(encoding="utf-8")
    assert "<svg" in svg and "grad 2.0" in svg  # b.grad (dot writes "-" as &#45;)
    assert save(graph, tmp_path / "graph.pdf").read_bytes().startswith(b"%PDF")
    assert render_svg(graph).count("<svg") == 1


@pytest.mark.graphviz_binary
def test_an_inline_svg_is_the_svg_element_alone(graph):
    whole = render_svg(graph)
    assert whole.lstrip().startswith("<?xml") and "<!DOCTYPE" in whole
    inline = render_inline_svg(graph)
    assert inline.startswith("<svg") and whole.endswith(inline)
    assert "<?xml" not in inline and "<!DOCTYPE" not in inline
