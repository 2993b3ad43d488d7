"""A Jupyter widget to step through the forward and backward pass.

``step_widget(loss)`` shows the graph with a slider and previous/next buttons; each move
redraws the graph (the current node highlighted, gradients not final yet drawn ``?``)
and shows the step's arithmetic under it. Needs ``ipywidgets`` (``pip install ipywidgets``).
"""

from __future__ import annotations

from html import escape
from typing import Any

from autograd.pictures.frames import Frame, as_stepper, step_frames
from autograd.pictures.render import GraphvizNotFound, render_inline_svg
from autograd.pictures.stepper import BackwardStepper
from autograd.value import Value


def _import_ipywidgets() -> Any:
    try:
        import ipywidgets
    except ImportError as error:
        raise ImportError(
            "the step widget needs ipywidgets: pip install ipywidgets "
            "(or pip install 'gradschool[notebook]'), then restart the kernel"
        ) from error
    return ipywidgets


class StepWidget:
    """The controls and the picture of a step-by-step show (displays itself in Jupyter).

    Attributes:
        frames: the frames shown (see :func:`autograd.pictures.frames.step_frames`).
        slider, previous_button, next_button: the controls.
        title, picture, caption: what is shown: where we are, the graph, the arithmetic.
        box: the whole widget, to place in a layout of your own.
    """

    def __init__(self, frames: list[Frame]) -> None:
        widgets = _import_ipywidgets()
        self.frames = frames
        self._svgs: dict[int, str] = {}  # rendered pictures, so going back is instant
        self.slider = widgets.IntSlider(
            value=0, min=0, max=len(frames) - 1, description="step",
            continuous_update=False, readout=False,
        )
        self.previous_button = widgets.Button(description="◀ previous", tooltip="previous step")
        self.next_button = widgets.Button(description="next ▶", tooltip="next step")
        self.counter = widgets.Label()
        self.title = widgets.HTML()
        self.picture = widgets.HTML()
        self.caption = widgets.HTML()
        self.previous_button.on_click(lambda _: self.show(self.index - 1))
        self.next_button.on_click(lambda _: self.show(self.index + 1))
        self.slider.observe(lambda _: self._redraw(), names="value")
        controls = widgets.HBox(
            [self.previous_button, self.slider, self.next_button, self.counter]
        )
        self.box = widgets.VBox([controls, self.title, self.picture, self.caption])
        self._redraw()

    @property
    def index(self) -> int:
        """The frame shown, from 0."""
        return int(self.slider.value)

    @property
    def text(self) -> str:
        """The arithmetic of the frame shown."""
        return self.frames[self.index].text

    def show(self, index: int) -> None:
        """Show frame ``index`` (clipped to the first and last frame)."""
        self.slider.value = max(0, min(len(self.frames) - 1, index))

    def _redraw(self) -> None:
        i = self.index
        frame = self.frames[i]
        self.title.value = f"<b>{escape(frame.title)}</b>"
        self.counter.value = f"{i + 1} / {len(self.frames)}"
        self.picture.value = self._svg(i)
        self.caption.value = (
            f'<pre style="font-size: 1.2em; white-space: pre-wrap">{escape(frame.text)}</pre>'
        )
        self.previous_button.disabled = i == 0
        self.next_button.disabled = i == len(self.frames) - 1

    def _svg(self, i: int) -> str:
        if i not in self._svgs:
            try:
                svg = render_inline_svg(self.frames[i].draw())
                self._svgs[i] = f'<div style="max-width: 100%; overflow: auto">{svg}</div>'
            except GraphvizNotFound as error:  # still useful: the arithmetic is shown
                self._svgs[i] = f"<pre>{escape(str(error))}</pre>"
        return self._svgs[i]

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)


def step_widget(
    root_or_stepper: Value | BackwardStepper, *, forward: bool = True, **draw_options: Any
) -> StepWidget:
    """A widget to step through the forward pass (if ``forward``) and then backprop.

    Args:
        root_or_stepper: the output Value, or a :class:`~autograd.pictures.stepper.BackwardStepper`.
        forward: include the forward pass before the backward pass.
        **draw_options: :func:`autograd.pictures.draw.draw` options, e.g. ``show_local_grads=True``.

    Returns:
        A :class:`StepWidget`; as the last expression of a cell it shows itself.

    Raises:
        ImportError: ipywidgets is not installed (the message says how to install it).
    """
    _import_ipywidgets()  # fail before the (possibly long) stepping if it is missing
    return StepWidget(step_frames(as_stepper(root_or_stepper), forward=forward, **draw_options))
