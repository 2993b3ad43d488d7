"""The pieces a drawing is made of: a node's cells (name, data, grad), its table, the
table of a folded module, and the boxes around open modules.

The grad cell's look is worked out by :func:`grad_look` alone, so that the step page
(:mod:`autograd.pictures.page`), which changes cells in place, shows exactly what a fresh
drawing would.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import NamedTuple

import graphviz

from autograd.formatting import format_number
from autograd.pictures.colours import (
    BORDER_COLOUR,
    GROUP_COLOUR,
    HIGHLIGHT_COLOUR,
    KIND_COLOURS,
    grad_colour,
)
from autograd.pictures.notation import is_constant
from autograd.pictures.scopes import Path
from autograd.value import Value

HIGHLIGHT_BORDER = f'BORDER="3" COLOR="{HIGHLIGHT_COLOUR}"'
PLAIN_BORDER = f'BORDER="0" COLOR="{BORDER_COLOUR}"'


class GradLook(NamedTuple):
    """How a grad cell looks: its text, background and text colour, italic or not."""

    text: str
    background: str
    colour: str
    italic: bool


def grad_look(grad: float | None, waiting: bool, biggest: float) -> GradLook:
    """The grad cell for ``grad``: ``grad ?`` when not computed yet (``None``), an italic
    ``grad -3.0 so far`` while contributions are still to come (``waiting``), else the
    final gradient on a colour telling its sign and size (see :func:`grad_colour`)."""
    if grad is None:
        return GradLook("grad ?", "white", "black", False)
    if waiting:
        return GradLook(f"grad {format_number(grad)} so far", "white", "black", True)
    background, colour = grad_colour(grad, biggest)
    return GradLook(f"grad {format_number(grad)}", background, colour, False)


@dataclass
class GradState:
    """The gradient each node shows, which are not final yet, and the largest final one."""

    grads: dict[Value, float | None]
    waiting: frozenset[Value]
    biggest: float

    @classmethod
    def of(
        cls,
        order: Sequence[Value],
        pending: Collection[Value] | None,
        grads: Mapping[Value, float | None] | None,
    ) -> GradState:
        """The state ``draw`` shows (see its ``pending`` and ``grads``)."""
        shown: dict[Value, float | None] = {node: node.grad for node in order}
        if pending is None:
            pending = order if shown[order[-1]] == 0.0 else ()
        waiting = frozenset(pending)
        for node in waiting:  # a pending 0.0 that nobody passed in: not computed yet
            if shown[node] == 0.0:
                shown[node] = None
        if grads is not None:
            shown.update((node, g if g is None else float(g))
                         for node, g in grads.items() if node in shown)
        final = [
            abs(g) for node, g in shown.items()
            if g is not None and node not in waiting and not math.isnan(g)
            and not is_constant(node)
        ]
        return cls(shown, waiting, max(final, default=0.0))

    def look(self, node: Value) -> GradLook:
        """How ``node``'s grad cell looks."""
        return grad_look(self.grads[node], node in self.waiting, self.biggest)


def value_cells(
    name: str, kind: str, node: Value, state: GradState, unevaluated: bool, show_grad: bool
) -> list[str]:
    """The ``<TD>`` cells of a node: ``name | data | grad``."""
    cells = [f'<TD BGCOLOR="{KIND_COLOURS[kind]}"><B>{escape(name)}</B></TD>']
    cells.append(f"<TD>data {'?' if unevaluated else format_number(node.data)}</TD>")
    if show_grad:
        look = state.look(node)
        text = escape(look.text)
        if look.italic:
            text = f"<I>{text}</I>"
        if look.colour != "black" or look.background != "white":
            text = f'<FONT COLOR="{look.colour}">{text}</FONT>'
        cells.append(f'<TD BGCOLOR="{look.background}">{text}</TD>')
    return cells


def table(cells: Sequence[str], highlighted: bool) -> str:
    """A node's label: its cells in one row, an orange border if it is highlighted."""
    border = HIGHLIGHT_BORDER if highlighted else PLAIN_BORDER
    return (
        f'<<TABLE {border} CELLBORDER="1" CELLSPACING="0" CELLPADDING="5">'
        f"<TR>{''.join(cells)}</TR></TABLE>>"
    )


def group_table(name: str, rows: Sequence[Sequence[str]], formula: str, highlighted: bool) -> str:
    """A folded module's label: a row of cells per output (``L2.N3 | data | grad``), then
    ``formula``, what it computes (``L2.N3 = relu(w·x + b)``), if given; a module of
    several outputs is headed by its name."""
    border = HIGHLIGHT_BORDER if highlighted else f'BORDER="2" COLOR="{GROUP_COLOUR}"'
    width = max(len(row) for row in rows)
    lines = []
    if len(rows) > 1:
        lines.append(f'<TR><TD COLSPAN="{width}"><B>{escape(name)}</B></TD></TR>')
    lines += [f"<TR>{''.join(row)}</TR>" for row in rows]
    if formula:
        text = escape(formula)
        lines.append(f'<TR><TD COLSPAN="{width}"><I>{text}</I></TD></TR>')
    return (
        f'<<TABLE {border} CELLBORDER="1" CELLSPACING="0" CELLPADDING="5">'
        f"{''.join(lines)}</TABLE>>"
    )


class Body:
    """The node statements of a drawing, sorted into the boxes of the open modules."""

    def __init__(self, scope_ident: Mapping[str, str]) -> None:
        self._scope_ident = scope_ident
        self._nodes: dict[Path, list[tuple[str, dict[str, str]]]] = {}

    def node(self, path: Path, ident: str, label_or_attributes: str | dict[str, str]) -> None:
        """Add node ``ident`` inside the boxes ``path`` (outermost first)."""
        if isinstance(label_or_attributes, str):
            attributes = {"label": label_or_attributes, "shape": "plain"}
        else:
            attributes = dict(label_or_attributes)
        attributes.setdefault("id", ident)
        self._nodes.setdefault(path, []).append((ident, attributes))

    def write_into(self, graph: graphviz.Digraph) -> None:
        """Add every node to ``graph``, each open module a box (a Graphviz cluster)."""
        paths = set(self._nodes)
        for path in list(paths):  # every enclosing box, even one holding only boxes
            paths.update(path[:k] for k in range(len(path)))
        clusters: dict[Path, graphviz.Digraph] = {}
        for path in sorted(paths, key=len, reverse=True):  # the innermost boxes first
            box = graph if not path else graphviz.Digraph(
                name=f"cluster_{self._scope_ident[path[-1]]}"
            )
            if path:
                box.attr(label=path[-1], style="rounded,dashed", color=GROUP_COLOUR,
                         fontcolor=GROUP_COLOUR, id=f"box_{self._scope_ident[path[-1]]}")
            for ident, attributes in self._nodes.get(path, []):
                box.node(ident, **attributes)
            for inner, cluster in clusters.items():
                if len(inner) == len(path) + 1 and inner[:-1] == path:
                    box.subgraph(cluster)
            clusters[path] = box
