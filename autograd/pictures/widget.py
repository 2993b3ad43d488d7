"""A Jupyter widget to step through the forward and backward pass.

``step_widget(loss)`` shows the graph with a slider and previous/next buttons; each move
redraws the graph (the current node highlighted, gradients not final yet drawn ``?``),
scaled to the cell's width, and shows the step's arithmetic under it.
``step_widget(loss, depth=1)`` steps neuron by neuron; a neuron opens to its own ops.
Needs ``ipywidgets`` (``pip install ipywidgets``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from autograd.pictures.display import fit_svg
from autograd.pictures.frames import as_stepper
from autograd.pictures.render import GraphvizNotFound
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


@dataclass(frozen=True)
class Shown:
    """One step as the widget shows it.

    Attributes:
        title: where we are, e.g. ``"Backward pass: step 2 of 7"``.
        text: the step's arithmetic.
        svg: makes the step's picture, an inline SVG (on demand: only the ones shown).
    """

    title: str
    text: str
    svg: Callable[[], str]


@dataclass
class Modules:
    """The folded modules of a widget drawn with ``depth``: which one each main frame can
    open, and each module's own frames (its forward and its backward ops).

    Attributes:
        opens: for each main frame, the module it is about (its drawing id), or ``""``.
        phases: for each main frame, ``"f"`` (forward pass) or ``"b"`` (backprop).
        names: each module's name (``"L2.N1"``), by drawing id.
        frames: each module's frames, by drawing id and phase (``"g5f"``, ``"g5b"``).
    """

    opens: list[str]
    phases: list[str]
    names: dict[str, str]
    frames: dict[str, list[Shown]]


class StepWidget:
    """The controls and the picture of a step-by-step show (displays itself in Jupyter).

    The picture is scaled to the cell's width; the "full size" toggle shows it unscaled.
    With modules (``step_widget(loss, depth=1)``), "open" (or the module menu) steps
    through one module's own ops, and "close" goes back.

    Attributes:
        frames: the steps shown now (the main ones, or an opened module's).
        slider, previous_button, next_button: the controls.
        open_button, module_menu, full_size: open or close a module, choose one, full size.
        title, picture, caption: what is shown: where we are, the graph, the arithmetic.
        box: the whole widget, to place in a layout of your own.
    """

    def __init__(self, frames: list[Shown], modules: Modules | None = None) -> None:
        widgets = _import_ipywidgets()
        self.main_frames, self.frames, self.modules = frames, frames, modules
        self.opened = ""  # the drawing id of the module open, if any
        self._main_index = 0
        self._quiet = False
        self._svgs: dict[tuple[str, int, bool], str] = {}  # so going back is instant
        self.slider = widgets.IntSlider(
            value=0, min=0, max=len(frames) - 1, description="step",
            continuous_update=False, readout=False,
        )
        self.previous_button = widgets.Button(description="◀ previous", tooltip="previous step")
        self.next_button = widgets.Button(description="next ▶", tooltip="next step")
        self.open_button = widgets.Button(tooltip="open or close this module")
        names = modules.names if modules else {}
        self.module_menu = widgets.Dropdown(
            options=[("whole model", "")] + [(name, ident) for ident, name in names.items()],
            value="", description="open", layout=widgets.Layout(width="220px"),
        )
        self.full_size = widgets.ToggleButton(value=False, description="full size",
                                              tooltip="the picture unscaled, to scroll")
        self.counter = widgets.Label()
        self.title = widgets.HTML()
        self.picture = widgets.HTML()
        self.caption = widgets.HTML()
        self.previous_button.on_click(lambda _: self.show(self.index - 1))
        self.next_button.on_click(lambda _: self.show(self.index + 1))
        self.open_button.on_click(lambda _: self.toggle())
        self.slider.observe(lambda _: self._redraw(), names="value")
        self.full_size.observe(lambda _: self._redraw(), names="value")
        self.module_menu.observe(lambda change: self._chosen(change["new"]), names="value")
        row = [self.previous_button, self.slider, self.next_button, self.counter]
        if modules:
            row += [self.open_button, self.module_menu]
        controls = widgets.HBox([*row, self.full_size], layout=widgets.Layout(flex_flow="row wrap"))
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
        """Show frame ``index``; inside a module, going past its ends closes it."""
        if self.opened and not 0 <= index < len(self.frames):
            self.close(1 if index > 0 else 0)
            return
        self.slider.value = max(0, min(len(self.frames) - 1, index))

    def open(self, ident: str) -> None:
        """Step through module ``ident``'s own ops (forward or backward, as the main frame
        shown is), from the first."""
        known = self.modules.names if self.modules else {}
        if self.modules is None or ident not in known:
            raise ValueError(f"no module {ident!r} here; choose one of {list(known)}")
        phase = self.modules.phases[self._main_index if self.opened else self.index]
        key = ident + phase if ident + phase in self.modules.frames else ident + "fb"[phase == "f"]
        if self.opened == "":
            self._main_index = self.index
        for k, (opens, p) in enumerate(zip(self.modules.opens, self.modules.phases)):
            if opens == ident and p == key[-1]:
                self._main_index = k
        self._switch(ident, self.modules.frames[key], 0)

    def close(self, step: int = 0) -> None:
        """Back to the main frames, at the opened module's step (``step=1``: the next)."""
        self._switch("", self.main_frames, self._main_index + step)

    def toggle(self) -> None:
        """Open the module of the frame shown, or close the open one."""
        if self.opened:
            self.close()
        elif self.modules and self.modules.opens[self.index]:
            self.open(self.modules.opens[self.index])

    def _chosen(self, ident: str) -> None:
        if self._quiet:
            return
        if ident:
            self.open(ident)
        elif self.opened:
            self.close()

    def _switch(self, ident: str, frames: list[Shown], index: int) -> None:
        self._quiet = True
        try:
            self.opened, self.frames = ident, frames
            self.slider.max = len(frames) - 1
            self.slider.value = max(0, min(len(frames) - 1, index))
            self.module_menu.value = ident
        finally:
            self._quiet = False
        self._redraw()

    def _redraw(self) -> None:
        if self._quiet:
            return
        i = self.index
        frame = self.frames[i]
        self.title.value = f"<b>{escape(frame.title)}</b>"
        self.counter.value = f"{i + 1} / {len(self.frames)}"
        self.picture.value = self._svg(i)
        self.caption.value = (
            f'<pre style="font-size: 1.2em; white-space: pre-wrap">{escape(frame.text)}</pre>'
        )
        inside = bool(self.opened)
        self.previous_button.disabled = not inside and i == 0
        self.next_button.disabled = not inside and i == len(self.frames) - 1
        if self.modules is not None:
            name = self.modules.names.get(self.opened or self.modules.opens[i], "")
            self.open_button.description = f"close {name}" if inside else f"open {name} ▸"
            self.open_button.disabled = not name

    def _svg(self, i: int) -> str:
        key = (self.opened, i, bool(self.full_size.value))
        if key not in self._svgs:
            try:
                self._svgs[key] = fit_svg(self.frames[i].svg(), full_size=key[2])
            except GraphvizNotFound as error:  # still useful: the arithmetic is shown
                self._svgs[key] = f"<pre>{escape(str(error))}</pre>"
        return self._svgs[key]

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)


def step_widget(
    root_or_stepper: Value | BackwardStepper,
    *,
    forward: bool = True,
    depth: int | None = None,
    **draw_options: Any,
) -> StepWidget:
    """A widget to step through the forward pass (if ``forward``) and then backprop.

    Args:
        root_or_stepper: the output Value, or a :class:`~autograd.pictures.stepper.BackwardStepper`.
        forward: include the forward pass before the backward pass.
        depth: ``None`` steps through every scalar op; ``1`` folds each neuron into one
            node and one step, which "open" (or the module menu) steps through op by op.
        **draw_options: :func:`autograd.pictures.draw.draw` options, e.g. ``show_local_grads=True``.

    Returns:
        A :class:`StepWidget`; as the last expression of a cell it shows itself.

    Raises:
        ImportError: ipywidgets is not installed (the message says how to install it).
    """
    _import_ipywidgets()  # fail before the (possibly long) stepping if it is missing
    from autograd.pictures.page import PagePlan

    plan = PagePlan(as_stepper(root_or_stepper), forward=forward, depth=depth,
                    draw_options=draw_options)

    def shown(name: str) -> list[Shown]:
        return [Shown(step.title, step.text, functools.partial(plan.step_svg, name, k))
                for k, step in enumerate(plan.tracks[name].steps)]

    main = plan.tracks["main"]
    modules = Modules(
        opens=[s.opens for s in main.steps], phases=[s.phase for s in main.steps],
        names={plan.main.group_ident[name]: name for name in plan.main.groups},
        frames={name: shown(name) for name in plan.tracks if name != "main"},
    )
    return StepWidget(shown("main"), modules if modules.names else None)
