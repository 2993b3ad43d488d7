"""What the step page shows at each step, worked out once in Python.

The page (:func:`autograd.pictures.frames.save_steps_html`) holds each drawing once, as
SVG, and each step as the cells it changes; a small script applies them. This module
works out those drawings ("views") and steps ("tracks"):

* the **main track** steps through the forward pass and then backprop, one *unit* at a
  time: a node drawn on its own, or a folded module (``depth=1``: a neuron), whose step
  does all of its ops at once ("L2.N1 hands its gradient to ...");
* each folded module has a **view** of its own, the drawing with it opened, and two
  tracks there, its forward and its backward ops one at a time.

Every state is computed from the scalar backward pass (:class:`BackwardStepper`): after a
set of its steps, each gradient is the sum of the shares passed so far, ``None`` before
any, and not final while a consumer has not passed its share yet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from html import escape
from typing import Any

import graphviz

from autograd.formatting import format_number
from autograd.pictures.cells import grad_look
from autograd.pictures.draw import draw
from autograd.pictures.forward_stepper import forward_text
from autograd.pictures.layout import Layout
from autograd.pictures.module_steps import computed_text, hand_over_text
from autograd.pictures.notation import is_constant
from autograd.pictures.render import render_inline_svg
from autograd.pictures.scopes import Group, contains
from autograd.pictures.stepper import BackwardStepper
from autograd.pictures.svg_paint import paint
from autograd.value import Value

#: One row of an item's cells: data text, grad text, grad background, grad colour, italic.
Row = tuple[str, str, str, str, int]


@dataclass
class Step:
    """One step of a track: where we are, the arithmetic, the node it is about."""

    title: str
    text: str
    current: str  # the DOT id of the node (or folded module) the step is about
    has_op: bool  # a drawn computed node: its op is marked too
    phase: str  # "f" forward, "b" backward
    evaluated: frozenset[Value]
    included: tuple[int, ...]  # the scalar backward steps done
    opens: str = ""  # the id of the folded module this step can open, if any


@dataclass
class Track:
    """Steps shown in one view."""

    view: int
    steps: list[Step] = field(default_factory=list)


class PagePlan:
    """The views and tracks of a step page for ``stepper``'s graph at ``depth``."""

    def __init__(
        self, stepper: BackwardStepper, *, forward: bool, depth: int | None,
        draw_options: dict[str, Any],
    ) -> None:
        trace = stepper._trace
        self.stepper, self.root, self.order = stepper, stepper.root, trace.order
        self.names, self.depth, self.draw_options = trace.names, depth, draw_options
        self.main = Layout.of(self.order, depth, ())
        self.views: list[tuple[Layout, str]] = [(self.main, "")]  # (layout, opened module)
        for name in self.main.groups:
            self.views.append((Layout.of(self.order, depth, {name}), name))
        self.step_of = {step.node: k for k, step in enumerate(stepper.steps)}
        self.consumers: dict[Value, list[int]] = {}
        for k, step in enumerate(stepper.steps):
            for parent in step.node.inputs:
                self.consumers.setdefault(parent, []).append(k)
        self.tracks: dict[str, Track] = {"main": Track(0)}
        self._cells: dict[str, list[dict[str, list[Row]]]] = {}
        self._svgs: dict[int, str] = {}
        self._plan(forward)

    # ------------------------------------------------------------ the steps

    def _units(self) -> list[tuple[str, list[Value]]]:
        """The main track's units in forward order: ``(id, computed nodes)``."""
        units: dict[str, list[Value]] = {}
        for node in self.order:
            if node.op is not None:
                units.setdefault(self.main.visible(node), []).append(node)
        position = {id(node): k for k, node in enumerate(self.order)}
        return sorted(units.items(), key=lambda unit: position[id(unit[1][-1])])

    def _plan(self, forward: bool) -> None:
        units = self._units()
        main = self.tracks["main"].steps
        computed = [node for node in self.order if node.op is not None]
        done: set[Value] = set()
        if forward:
            for k, (ident, nodes) in enumerate(units):
                before = frozenset(done)
                done.update(nodes)
                title = f"Forward pass: step {k + 1} of {len(units)}"
                main.append(self._forward_step(title, ident, nodes, frozenset(done)))
                if ident.startswith("g"):
                    self._sub_forward(ident, nodes, before)
        everything = frozenset(computed)
        main.append(Step("Backward pass: start", self.stepper.start_text,
                         self.main.visible(self.root), False, "b", everything, ()))
        backward = sorted(units, key=lambda unit: self.step_of[unit[1][-1]])
        included: list[int] = []
        for k, (ident, nodes) in enumerate(backward):
            already = tuple(included)
            steps = sorted(self.step_of[node] for node in nodes)
            included.extend(steps)
            title = f"Backward pass: step {k + 1} of {len(backward)}"
            main.append(self._backward_step(title, ident, steps, tuple(included)))
            if ident.startswith("g"):
                self._sub_backward(ident, steps, already)

    def _group(self, ident: str) -> Group:
        return next(g for g in self.main.groups.values() if self.main.group_ident[g.name] == ident)

    def _forward_step(
        self, title: str, ident: str, nodes: list[Value], done: frozenset[Value]
    ) -> Step:
        if not ident.startswith("g"):
            return Step(title, forward_text(nodes[0], self.names), ident, True, "f", done, ())
        text = computed_text(self._group(ident), self.names, len(nodes))
        return Step(title, text, ident, False, "f", done, (), ident)

    def _backward_step(
        self, title: str, ident: str, steps: list[int], included: tuple[int, ...]
    ) -> Step:
        everything = frozenset(n for n in self.order if n.op is not None)
        if not ident.startswith("g"):
            text = self.stepper.steps[steps[0]].text
            return Step(title, text, ident, True, "b", everything, included)
        group = self._group(ident)
        text = self._hand_over(group, steps, included)
        return Step(title, text, ident, False, "b", everything, included, ident)

    def _hand_over(self, group: Group, steps: list[int], included: tuple[int, ...]) -> str:
        """What the module's backward step says (see :func:`hand_over_text`)."""
        received: dict[Value, float] = {}
        for k in steps:
            for c in self.stepper.steps[k].contributions:
                if not contains(group.members, c.input) or c.input.label:
                    received[c.input] = received.get(c.input, 0.0) + c.amount
        return hand_over_text(group, self.names, received, self.grads(included)[0], len(steps))

    def _sub_forward(self, ident: str, nodes: list[Value], before: frozenset[Value]) -> None:
        group = self._group(ident)
        view = self._view_of(group.name)
        track = self.tracks.setdefault(f"{ident}f", Track(view))
        layout = self.views[view][0]
        done = set(before)
        for k, node in enumerate(nodes):
            done.add(node)
            title = f"{group.name}, forward: op {k + 1} of {len(nodes)}"
            track.steps.append(Step(title, forward_text(node, self.names),
                                    layout.visible(node), True, "f", frozenset(done), ()))

    def _sub_backward(self, ident: str, steps: list[int], before: tuple[int, ...]) -> None:
        group = self._group(ident)
        view = self._view_of(group.name)
        track = self.tracks.setdefault(f"{ident}b", Track(view))
        layout = self.views[view][0]
        everything = frozenset(n for n in self.order if n.op is not None)
        included = list(before)
        for k, j in enumerate(steps):
            included.append(j)
            step = self.stepper.steps[j]
            title = f"{group.name}, backward: op {k + 1} of {len(steps)}"
            track.steps.append(Step(title, step.text, layout.visible(step.node), True, "b",
                                    everything, tuple(included)))

    def _view_of(self, name: str) -> int:
        return next(k for k, (_, opened) in enumerate(self.views) if opened == name)

    # ------------------------------------------------------------ the cells

    def grads(self, included: Collection[int]) -> tuple[dict[Value, float | None], set[Value]]:
        """Each gradient after the scalar steps ``included`` (``None``: no share yet), and
        the nodes still waiting for a share."""
        grads: dict[Value, float | None] = dict.fromkeys(self.order)
        grads[self.root] = self.stepper.seed
        done = set(included)
        for k in included:
            for c in self.stepper.steps[k].contributions:
                before = grads[c.input]
                grads[c.input] = c.amount if before is None else before + c.amount
        waiting = {n for n, ks in self.consumers.items() if any(k not in done for k in ks)}
        return grads, waiting

    def cells(self, layout: Layout, step: Step) -> dict[str, list[Row]]:
        """What every drawn item of ``layout`` shows at ``step``."""
        if step.phase == "f":
            grads: dict[Value, float | None] = dict.fromkeys(self.order)
            waiting: set[Value] = set()
        else:
            grads, waiting = self.grads(step.included)
        final = [abs(g) for n, g in grads.items()
                 if g is not None and n not in waiting and not math.isnan(g) and not is_constant(n)]
        biggest = max(final, default=0.0)

        def row(node: Value) -> Row:
            known = node.op is None or node in step.evaluated
            look = grad_look(grads[node], node in waiting, biggest)
            data = f"data {format_number(node.data) if known else '?'}"
            return (data, look.text, look.background, look.colour, int(look.italic))

        items: dict[str, list[Row]] = {}
        for node in self.order:
            ident = layout.ident[node]
            if ident is not None and ident.startswith("n"):
                items[ident] = [row(node)]
        for name, group in layout.groups.items():
            items[layout.group_ident[name]] = [row(out) for out in group.outputs]
        return items

    def track_cells(self, name: str) -> list[dict[str, list[Row]]]:
        """What every drawn item shows at each step of track ``name`` (worked out once)."""
        if name not in self._cells:
            track = self.tracks[name]
            layout = self.views[track.view][0]
            self._cells[name] = [self.cells(layout, step) for step in track.steps]
        return self._cells[name]

    def widest(self, view: int) -> dict[str, list[tuple[str, str]]]:
        """Each item's widest data and grad text over every step shown in view ``view``."""
        widest: dict[str, list[tuple[str, str]]] = {}
        for name, track in self.tracks.items():
            if track.view != view:
                continue
            for cells in self.track_cells(name):
                for ident, rows in cells.items():
                    kept = widest.setdefault(ident, [("", "")] * len(rows))
                    widest[ident] = [
                        (max(old[0], row[0], key=len), max(old[1], row[1], key=len))
                        for old, row in zip(kept, rows)
                    ]
        return widest

    def view_svg(self, view: int) -> str:
        """View ``view`` as an inline SVG, cells as wide as their widest text (rendered once).

        Raises:
            GraphvizNotFound: the ``dot`` program is not installed.
        """
        if view not in self._svgs:
            self._svgs[view] = render_inline_svg(self.drawing(view, self.widest(view)))
        return self._svgs[view]

    def step_svg(self, name: str, k: int) -> str:
        """Step ``k`` of track ``name`` as an SVG: its view with the step's cells painted
        in and its node marked, so that nothing moves from step to step (a widget's)."""
        track = self.tracks[name]
        step = track.steps[k]
        return paint(self.view_svg(track.view), self.track_cells(name)[k], step.current,
                     step.has_op)

    def drawing(self, view: int, widest: dict[str, list[tuple[str, str]]]) -> graphviz.Digraph:
        """View ``view`` drawn with each cell as wide as its widest text, so that nothing
        moves when the script changes the texts."""
        layout, opened = self.views[view]
        graph = draw(self.root, depth=self.depth, open_groups={opened} if opened else (),
                     legend=False, max_nodes=len(self.order), **self.draw_options)
        for i, line in enumerate(graph.body):
            match = _NODE_LINE.match(line)
            if match is None or match[1] not in widest:
                continue
            graph.body[i] = _widen(line, widest[match[1]])
        return graph


#: Room left after the widest text of a cell (two no-break spaces), for italics and rounding.
_SPARE = "\u00a0\u00a0"


_NODE_LINE = re.compile(r"^\s*([ng]\d+) \[label=<")


def _widen(line: str, rows: list[tuple[str, str]]) -> str:
    """A node's DOT line with its data and grad cells holding ``rows``' widest texts."""
    datas = iter(escape(data + _SPARE) for data, _ in rows)
    grads = iter(escape(grad + _SPARE) for _, grad in rows)
    line = re.sub(r"data [^<]*", lambda _: next(datas), line)
    return re.sub(r"grad [^<]*", lambda _: next(grads), line)
