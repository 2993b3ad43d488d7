"""Backprop for a classroom without Jupyter: one web page, or one picture per step.

``save_steps_html(loss, "backprop.html")`` writes a single self-contained page (no
network needed: the pictures are inline SVG, the script and styles are in the page) that
steps through the forward pass and then the backward pass with ←/→ or the buttons,
showing each step's arithmetic under the picture. ``save_step_frames`` writes the same
frames as numbered pictures for slides.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import graphviz

from autograd.pictures.forward_stepper import forward_steps
from autograd.pictures.render import render_inline_svg, save, write_atomically
from autograd.pictures.stepper import BackwardStepper
from autograd.value import Value

FRAME_FORMATS = ("svg", "png", "pdf")


@dataclass(frozen=True)
class Frame:
    """One picture of a step-by-step show.

    Attributes:
        title: where we are, e.g. ``"Backward pass: step 2 of 7"``.
        text: the step's arithmetic.
        draw: makes the step's drawing (drawn on demand: a widget needs only the one shown).
    """

    title: str
    text: str
    draw: Callable[[], graphviz.Digraph]


def step_frames(
    root_or_stepper: Value | BackwardStepper, *, forward: bool = True, **draw_options: Any
) -> list[Frame]:
    """The frames of a show: each forward step (if ``forward``), the start of backprop
    (only the output's gradient known), then each backward step.

    Args:
        root_or_stepper: the output Value, or a :class:`~autograd.pictures.stepper.BackwardStepper`.
        forward: include the forward pass.
        **draw_options: :func:`autograd.pictures.draw.draw` options for every frame, such as
            ``rankdir="TB"`` or ``show_local_grads=True``.
    """
    stepper = as_stepper(root_or_stepper)
    frames = []
    if forward:
        for forward_step in forward_steps(stepper.root):
            title = f"Forward pass: step {forward_step.index + 1} of {forward_step.total}"
            draw = functools.partial(forward_step.draw, **draw_options)
            frames.append(Frame(title, forward_step.text, draw))
    start = functools.partial(stepper.draw_start, **draw_options)
    frames.append(Frame("Backward pass: start", stepper.start_text, start))
    for step in stepper:
        title = f"Backward pass: step {step.index + 1} of {step.total}"
        frames.append(Frame(title, step.text, functools.partial(step.draw, **draw_options)))
    return frames


def as_stepper(root_or_stepper: Value | BackwardStepper) -> BackwardStepper:
    """A stepper as given, or one built from an output Value."""
    if isinstance(root_or_stepper, BackwardStepper):
        return root_or_stepper
    if isinstance(root_or_stepper, Value):
        return BackwardStepper(root_or_stepper)
    raise TypeError(
        "expected a Value (the output) or a BackwardStepper, "
        f"got {type(root_or_stepper).__name__}: {root_or_stepper!r:.80}"
    )


def save_steps_html(
    root_or_stepper: Value | BackwardStepper,
    path: str | os.PathLike[str],
    *,
    forward: bool = True,
    title: str = "Backprop, step by step",
    **draw_options: Any,
) -> Path:
    """Write one self-contained web page that steps through the forward and backward pass.

    Every frame is an inline SVG (rendered with Graphviz's ``dot``); ← and → or the
    buttons move between them, and each step's arithmetic is shown under its picture.
    The page needs no network. Without JavaScript all frames show one under another.

    Args:
        root_or_stepper: the output Value, or a :class:`~autograd.pictures.stepper.BackwardStepper`.
        path: where to write the page, e.g. ``"backprop.html"`` (written whole or not at all).
        forward: include the forward pass before the backward pass.
        title: the page's heading.
        **draw_options: :func:`autograd.pictures.draw.draw` options, e.g. ``rankdir="TB"``.

    Returns:
        The path written.

    Raises:
        autograd.pictures.render.GraphvizNotFound: the ``dot`` program is not installed.
    """
    frames = step_frames(root_or_stepper, forward=forward, **draw_options)
    sections = []
    for k, frame in enumerate(frames):
        sections.append(
            f'<section class="frame" id="frame-{k}">\n<h2>{escape(frame.title)}</h2>\n'
            f'<div class="picture">{_ids_of_frame(render_inline_svg(frame.draw()), k)}</div>\n'
            f'<pre class="text">{escape(frame.text)}</pre>\n</section>'
        )
    page = _PAGE.format(title=escape(title), frames="\n".join(sections), count=len(frames))
    path = Path(path)
    write_atomically(path, page.encode("utf-8"))
    return path


def save_step_frames(
    root_or_stepper: Value | BackwardStepper,
    directory: str | os.PathLike[str],
    *,
    format: str = "svg",
    forward: bool = True,
    **draw_options: Any,
) -> list[Path]:
    """Write every frame as a numbered picture (``step_000.svg``, ...) for slides, with the
    step's title and arithmetic written under the graph.

    Frames ``step_NNN.<format>`` left in ``directory`` by an earlier, longer show are
    removed, so that the folder holds exactly this show.

    Args:
        root_or_stepper: the output Value, or a :class:`~autograd.pictures.stepper.BackwardStepper`.
        directory: the folder to write into (created if missing).
        format: ``"svg"``, ``"png"`` or ``"pdf"``.
        forward: include the forward pass.
        **draw_options: :func:`autograd.pictures.draw.draw` options, e.g. ``rankdir="TB"``.

    Returns:
        The paths written, in order.
    """
    if format not in FRAME_FORMATS:
        raise ValueError(f"format must be one of {', '.join(FRAME_FORMATS)}, got {format!r}")
    frames = step_frames(root_or_stepper, forward=forward, **draw_options)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, frame in enumerate(frames):
        graph = frame.draw()
        lines = [f"<B>{escape(frame.title)}</B>", *map(escape, frame.text.splitlines())]
        caption = "".join(f'{line}<BR ALIGN="LEFT"/>' for line in lines)
        graph.attr(label=f"<{caption}>", labelloc="b", labeljust="l", fontsize="16")
        paths.append(save(graph, directory / f"step_{k:03d}.{format}"))
    for stale in directory.glob(f"step_[0-9][0-9][0-9].{format}"):
        if int(stale.stem[5:]) >= len(frames):
            stale.unlink()
    return paths


def _ids_of_frame(svg: str, k: int) -> str:
    """The SVG with its ids made unique to frame ``k``: the page holds every frame, and
    ``dot`` numbers each drawing's nodes from the same start."""
    return re.sub(r'\bid="', f'id="f{k}-', svg)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; margin: 1.5em; color: #222; }}
.controls {{ position: sticky; top: 0; background: white; padding: 0.5em 0; }}
.controls button {{ font-size: 1.1em; padding: 0.3em 1em; }}
#counter {{ display: inline-block; min-width: 9em; text-align: center; font-size: 1.1em; }}
.picture {{ overflow-x: auto; cursor: zoom-in; }}
.picture svg {{ max-width: 100%; height: auto; }}
body.actual-size .picture {{ cursor: zoom-out; }}
body.actual-size .picture svg {{ max-width: none; }}
pre.text {{ font-size: 1.3em; background: #f6f6f6; padding: 0.6em; white-space: pre-wrap; }}
body.js .frame {{ display: none; }}
body.js .frame.current {{ display: block; }}
</style>
</head>
<body>
<h1>{title}</h1>
<div class="controls">
<button id="previous" title="previous step (←)">&#8592; previous</button>
<span id="counter">{count} frames</span>
<button id="next" title="next step (→)">next &#8594;</button>
<small>← → keys move; click a picture to see it at full size</small>
</div>
{frames}
<script>
(function () {{
  document.body.classList.add("js");
  var frames = document.querySelectorAll(".frame");
  var previous = document.getElementById("previous");
  var next = document.getElementById("next");
  var counter = document.getElementById("counter");
  var current = 0;
  function show(i) {{
    current = Math.max(0, Math.min(frames.length - 1, i));
    frames.forEach(function (frame, k) {{ frame.classList.toggle("current", k === current); }});
    counter.textContent = "step " + (current + 1) + " of " + frames.length;
    previous.disabled = current === 0;
    next.disabled = current === frames.length - 1;
  }}
  document.querySelectorAll(".picture").forEach(function (picture) {{
    picture.addEventListener("click", function () {{
      document.body.classList.toggle("actual-size");
    }});
  }});
  previous.addEventListener("click", function () {{ show(current - 1); }});
  next.addEventListener("click", function () {{ show(current + 1); }});
  document.addEventListener("keydown", function (event) {{
    if (event.key === "ArrowLeft") {{ show(current - 1); event.preventDefault(); }}
    if (event.key === "ArrowRight") {{ show(current + 1); event.preventDefault(); }}
  }});
  show(0);
}})();
</script>
</body>
</html>
"""
