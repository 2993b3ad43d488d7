"""Backprop for a classroom without Jupyter: one web page, or one picture per step.

``save_steps_html(loss, "backprop.html")`` writes a single self-contained page (no
network needed: the drawing is inline SVG, the script and styles are in the page) that
steps through the forward pass and then the backward pass with ←/→ or the buttons,
showing each step's arithmetic beside the picture (see :mod:`autograd.pictures.page`).
``save_step_frames`` writes the same frames as numbered pictures for slides.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import graphviz

from autograd.files import write_atomically
from autograd.pictures.forward_stepper import forward_steps
from autograd.pictures.render import save
from autograd.pictures.stepper import BackwardStepper
from autograd.value import Value

FRAME_FORMATS = ("svg", "png", "pdf")


@dataclass(frozen=True)
class Frame:
    """One picture of a step-by-step show.

    Attributes:
        title: where we are, e.g. ``"Backward pass: step 2 of 7"``.
        text: the step's arithmetic.
        draw: makes the step's drawing (on demand).
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
    depth: int | None = None,
    title: str = "Backprop, step by step",
    **draw_options: Any,
) -> Path:
    """Write one self-contained web page that steps through the forward and backward pass.

    The drawing is in the page once (as SVG, rendered with Graphviz's ``dot``), and each
    step as the cells it changes, applied by a small script: the page of an
    ``nn.MLP(2, [4, 4, 1])`` and its loss stays well under 1 MB. ← and → or the buttons
    step; the view pans (drag) and zooms (wheel, + and -) and follows the step, keeping
    the current node (CSS class ``current``) on screen and its text legible. With
    ``depth`` (see :func:`autograd.pictures.draw.draw`) each module is one node and one
    step ("L2.N1 hands its gradient to ..."); a click on it (or O) opens it, to step
    through its own ops, and Esc or a click on its box closes it. The page needs no
    network; without JavaScript it is a plain list of every step.

    Args:
        root_or_stepper: the output Value, or a :class:`~autograd.pictures.stepper.BackwardStepper`.
        path: where to write the page, e.g. ``"backprop.html"`` (written whole or not at all).
        forward: include the forward pass before the backward pass.
        depth: ``None`` steps through every scalar op; ``1`` steps neuron by neuron.
        title: the page's heading.
        **draw_options: :func:`autograd.pictures.draw.draw` options, e.g. ``rankdir="TB"``.

    Returns:
        The path written.

    Raises:
        autograd.pictures.render.GraphvizNotFound: the ``dot`` program is not installed.
    """
    from autograd.pictures.page import PagePlan  # the page's modules, only when asked for
    from autograd.pictures.page_html import page_html

    for option in ("highlight", "pending", "grads", "unevaluated", "legend", "open_groups"):
        if option in draw_options:
            raise TypeError(f"save_steps_html() sets {option} itself at each step")
    plan = PagePlan(as_stepper(root_or_stepper), forward=forward, depth=depth,
                    draw_options=draw_options)
    page = page_html(plan, title)
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
