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
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any, cast

import graphviz

from autograd.formatting import format_number
from autograd.ops import Op
from autograd.pictures.cells import grad_look
from autograd.pictures.draw import draw
from autograd.pictures.forward_stepper import forward_text
from autograd.pictures.layout import Layout
from autograd.pictures.notation import bracketed, is_constant
from autograd.pictures.scopes import Group, group_formula
from autograd.pictures.stepper import BackwardStepper
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
        self._plan(forward)

    # ------------------------------------------------------------ the steps

    def _units(self) -> list[tuple[str, list[Value]]]:
        """The main track's units in forward order: ``(id, computed nodes)``."""
        units: dict[str, list[Value]] = {}
        for node in self.order:
            if node.op is not None:
                units.setdefault(self.main.visible(node), []).append(node)
        return sorted(units.items(), key=lambda unit: self.order.index(unit[1][-1]))

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
        group = self._group(ident)
        lines = [
            f"{self.names[out]} = "
            + (f"{group_formula(group, self.names)} = " if len(group.outputs) == 1 else "")
            + format_number(out.data)
            for out in group.outputs
        ]
        lines.append(f"({len(nodes)} ops: open {group.name} to see them one by one)")
        return Step(title, "\n".join(lines), ident, False, "f", done, (), ident)

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
        """``L2.N1 hands its gradient 0.5 to its four weights, its bias and its four
        inputs``, then one line per receiver with the chain rule through the module."""
        out = group.outputs[0]
        received: dict[Value, float] = {}
        for k in steps:
            for c in self.stepper.steps[k].contributions:
                if c.input not in group.members or c.input.label:
                    received[c.input] = received.get(c.input, 0.0) + c.amount
        own = [n for n in received if _is_own(n, group)]
        inputs = [n for n in received if n not in own and not is_constant(n)]
        receivers = sorted(own, key=lambda n: (not n.label[len(group.name) + 1 :].startswith("w"),
                                               _natural(n.label)))
        receivers += sorted(inputs, key=lambda n: _natural(self.names[n]))
        grads = self.grads(included)[0]
        g = grads.get(out) or 0.0
        local = _through(group) if len(group.outputs) == 1 else {}
        if local:
            out_name = bracketed(self.names[out])
            lines = [
                f"{out_name} hands its gradient {format_number(g)} to {_who(receivers, group)};",
                f"each gets {out_name}.grad × ∂{out_name}/∂(it), the chain rule through "
                f"{group_formula(group, self.names)}:",
            ]
        else:
            lines = [f"{group.name} hands its gradients on to {_who(receivers, group)}:"]
        for node in receivers:
            name, amount = bracketed(self.names[node]), received[node]
            if node in local:
                line = (f"{name}.grad += {format_number(g)} × {format_number(local[node])} = "
                        f"{format_number(amount)}")
            else:
                line = f"{name}.grad += {format_number(amount)}"
            total = grads.get(node)
            if total is not None and total != amount:
                line += f", so {name}.grad = {format_number(total)}"
            lines.append(line)
        lines.append(f"({len(steps)} ops: open {group.name} to see them one by one)")
        return "\n".join(lines)

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

    def node_of(self, ident: str, layout: Layout) -> Value:
        """The node a drawn item of ``layout`` stands for: ``n<i>``, or a module's output."""
        if ident.startswith("n"):
            return self.order[int(ident[1:])]
        name = next(name for name, its in layout.group_ident.items() if its == ident)
        return layout.groups[name].outputs[0]

    def draw_step(self, track: Track, step: Step) -> graphviz.Digraph:
        """The drawing of ``step`` (of ``track``) with its state in it, for a widget."""
        layout, opened = self.views[track.view]
        if step.phase == "f":
            grads: dict[Value, float | None] = dict.fromkeys(self.order)
            waiting: Collection[Value] = self.order
        else:
            grads, waiting = self.grads(step.included)
        unevaluated = [n for n in self.order if n.op is not None and n not in step.evaluated]
        return draw(self.root, depth=self.depth, open_groups={opened} if opened else (),
                    highlight=self.node_of(step.current, layout), pending=waiting, grads=grads,
                    unevaluated=unevaluated, max_nodes=len(self.order), **self.draw_options)

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


def _natural(name: str) -> list[object]:
    """A sort key that puts ``w2`` before ``w10``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _is_own(node: Value, group: Group) -> bool:
    """One of the module's own parameters (labelled ``<module>.<name>``)."""
    return node.label.startswith(group.name + ".")


def _who(receivers: Sequence[Value], group: Group) -> str:
    """``its four weights, its bias and its four inputs``."""
    own = [n for n in receivers if _is_own(n, group)]
    weights = [n for n in own if n.label[len(group.name) + 1 :].startswith("w")]
    biases = [n for n in own if n.label[len(group.name) + 1 :].startswith("b")]
    others = len(own) - len(weights) - len(biases)
    inputs = len(receivers) - len(own)
    parts = [
        _count(len(weights), "weight"), _count(len(biases), "bias", "biases"),
        _count(others, "parameter"), _count(inputs, "input"),
    ]
    parts = [p for p in parts if p]
    if not parts:
        return "nothing (its inputs are constants)"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


_WORDS = ["no", "its", "its two", "its three", "its four", "its five", "its six", "its seven",
          "its eight", "its nine", "its ten"]


def _count(n: int, noun: str, plural: str = "") -> str:
    if n == 0:
        return ""
    word = _WORDS[n] if n < len(_WORDS) else f"its {n}"
    return f"{word} {noun if n == 1 else (plural or noun + 's')}"


def _through(group: Group) -> dict[Value, float]:
    """d(output)/d(node) for each node the module reads (parameters and inputs): the chain
    rule through the module's own ops, from the op table, as backprop runs it."""
    out = group.outputs[0]
    interior = {n for n in group.members if n.op is not None and not n.label}
    interior.add(out)
    local: dict[Value, float] = {out: 1.0}
    for node in reversed(group.members):  # consumers before their inputs
        if node not in interior or node not in local:
            continue
        values = cast(Op, node.op).derivatives(*(p.data for p in node.inputs), node.data)
        for parent, d in zip(node.inputs, values):
            if not is_constant(parent):
                local[parent] = local.get(parent, 0.0) + d * local[node]
    return {n: d for n, d in local.items() if n not in interior}
