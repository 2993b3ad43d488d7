"""Step frames and slide pictures (the step page itself: tests/test_page.py)."""

from __future__ import annotations

import stat

import pytest
from small_graphs import neuron

from autograd.pictures.frames import save_step_frames, save_steps_html, step_frames
from autograd.pictures.render import GraphvizNotFound
from autograd.pictures.stepper import BackwardStepper
from autograd.value import Value


def test_the_frames_are_the_forward_steps_the_start_then_the_backward_steps():
    stepper = BackwardStepper(neuron())
    frames = step_frames(stepper)
    assert len(frames) == 5 + 1 + 5
    assert frames[0].title == "Forward pass: step 1 of 5"
    assert frames[5].title == "Backward pass: start" and frames[5].text == stepper.start_text
    assert [f.text for f in frames[6:]] == [s.text for s in stepper]
    assert len(step_frames(stepper, forward=False)) == 6
    assert 'BORDER="3"' in frames[7].draw().source


def test_drawing_options_reach_every_frame():
    frames = step_frames(neuron(), rankdir="TB", show_local_grads=True)
    for frame in (frames[0], frames[5], frames[-1]):
        source = frame.draw().source
        assert "rankdir=TB" in source and "∂o/∂n = 1 - o² = 0.5" in source


def test_a_value_or_a_stepper_is_accepted_and_anything_else_refused(tmp_path):
    assert [f.text for f in step_frames(neuron())] == [f.text for f in step_frames(
        BackwardStepper(neuron()))]
    with pytest.raises(TypeError, match="a Value .* or a BackwardStepper"):
        step_frames([1.0, 2.0])  # type: ignore[arg-type]


def test_without_dot_the_page_is_not_written(tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(GraphvizNotFound, match="apt-get install graphviz"):
        save_steps_html(neuron(), tmp_path / "page.html")
    assert not (tmp_path / "page.html").exists()


@pytest.mark.graphviz_binary
def test_slide_frames_are_numbered_pictures_with_their_arithmetic(tmp_path):
    paths = save_step_frames(neuron(), tmp_path / "slides")
    assert [p.name for p in paths] == [f"step_{k:03d}.svg" for k in range(11)]
    first = paths[0].read_text(encoding="utf-8")
    assert "Forward pass: step 1 of 5" in first and "<svg" in first
    assert all(p.stat().st_size > 1000 for p in paths)
    pngs = save_step_frames(Value(3.0).exp(), tmp_path / "slides", format="png", forward=False)
    assert len(pngs) == 2 and pngs[0].read_bytes().startswith(b"\x89PNG")
    save_step_frames(Value(1.0) * 2.0, tmp_path / "slides")  # a shorter show
    assert sorted(p.name for p in (tmp_path / "slides").glob("*.svg")) == [
        "step_000.svg", "step_001.svg", "step_002.svg"
    ]


def test_an_unknown_frame_format_is_refused_with_the_choices(tmp_path):
    with pytest.raises(ValueError, match="svg, png, pdf"):
        save_step_frames(neuron(), tmp_path, format="gif")


@pytest.mark.graphviz_binary
def test_a_step_page_saved_over_a_private_file_stays_private(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("old")
    page.chmod(0o600)
    save_steps_html(neuron(), page)
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
