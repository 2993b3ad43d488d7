"""Drawings that fit where they are shown: in a notebook cell or a widget, a drawing is
scaled down to the width it has (never up), so that nothing scrolls sideways; its
:meth:`Drawing.full_size` shows it at full size, to scroll through."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

import graphviz

from autograd.pictures.render import GraphvizNotFound, render_inline_svg

#: The hint a scaled drawing carries (as a tooltip).
FULL_SIZE_HINT = "scaled to fit; .full_size() shows it at full size"


def fitted_html(graph: graphviz.Digraph | graphviz.Graph, *, full_size: bool = False) -> str:
    """The drawing as an HTML fragment: an inline SVG at most as wide as its container
    (``max-width: 100%; height: auto``), or at ``full_size`` in a box that scrolls.

    Raises:
        GraphvizNotFound: the ``dot`` program is not installed.
    """
    return fit_svg(render_inline_svg(graph), full_size=full_size)


def fit_svg(svg: str, *, full_size: bool = False) -> str:
    """An inline SVG as an HTML fragment scaled to its container, or at ``full_size`` in
    a box that scrolls (see :func:`fitted_html`)."""
    if full_size:
        svg = svg.replace("<svg ", '<svg style="max-width: none" ', 1)
        return f'<div style="overflow: auto; max-height: 85vh">{svg}</div>'
    svg = svg.replace("<svg ", '<svg style="max-width: 100%; height: auto; display: block" ', 1)
    hint = escape(FULL_SIZE_HINT)
    return f'<div style="max-width: 100%; overflow-x: auto" title="{hint}">{svg}</div>'


class Drawing(graphviz.Digraph):
    """A ``graphviz.Digraph`` that Jupyter shows scaled to the cell's width (see
    :func:`fitted_html`); everything else is graphviz's (``.source``, ``.render()``)."""

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None,
        **options: Any,
    ) -> dict[str, Any]:
        if include is not None:  # a format asked for by name: graphviz's own
            return super()._repr_mimebundle_(include, exclude, **options)
        try:
            return {"text/html": fitted_html(self)}
        except GraphvizNotFound as error:  # the DOT source is still there to read
            return {"text/plain": str(error)}

    def full_size(self) -> FullSize:
        """This drawing at full size, in a box that scrolls (show it in a notebook cell)."""
        return FullSize(self)


class FullSize:
    """A drawing shown at full size; Jupyter displays it."""

    def __init__(self, graph: graphviz.Digraph) -> None:
        self.graph = graph

    def _repr_html_(self) -> str:
        return fitted_html(self.graph, full_size=True)
