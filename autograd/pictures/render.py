"""Turning a drawn graph into a file: SVG, PNG, PDF or its DOT source.

Building a drawing needs only Python; rendering it needs the Graphviz program ``dot``.
Where ``dot`` is missing, rendering raises :class:`GraphvizNotFound`, whose message says
how to install it, instead of graphviz's ``ExecutableNotFound``.
"""

from __future__ import annotations

import os
from pathlib import Path

import graphviz

from autograd.files import write_atomically

#: File suffixes :func:`save` understands, and the Graphviz format each one is.
FORMATS: dict[str, str] = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}

#: How to install Graphviz, one line per system: the library and the command line say it alike.
INSTALL_COMMANDS = (
    "  Debian/Ubuntu:  sudo apt-get install graphviz\n"
    "  macOS:          brew install graphviz\n"
    "  conda:          conda install -c conda-forge graphviz"
)

INSTALL_HELP = (
    "the Graphviz program `dot` was not found on PATH; it renders drawings to SVG/PNG/PDF "
    "(the DOT source, graph.source, works without it). Install it with:\n"
    f"{INSTALL_COMMANDS}\n"
    "then restart Python (or the Jupyter kernel)."
)


class GraphvizNotFound(RuntimeError):
    """The Graphviz program ``dot`` is not installed; the message says how to install it."""

    def __init__(self, message: str = INSTALL_HELP) -> None:
        super().__init__(message)


def render(graph: graphviz.Digraph | graphviz.Graph, format: str = "svg") -> bytes:
    """Run ``dot`` on ``graph`` and return the picture's bytes.

    Args:
        graph: a drawing, e.g. from :func:`autograd.pictures.draw.draw`.
        format: a Graphviz output format: ``"svg"``, ``"png"``, ``"pdf"`` or ``"dot"``.

    Raises:
        GraphvizNotFound: the ``dot`` program is not installed.
    """
    _check_graph(graph)
    try:
        return graph.pipe(format=format)
    except graphviz.ExecutableNotFound as error:
        raise GraphvizNotFound() from error


def render_svg(graph: graphviz.Digraph | graphviz.Graph) -> str:
    """The drawing as SVG text (for web pages and widgets); see :func:`render`."""
    return render(graph, "svg").decode("utf-8")


def render_inline_svg(graph: graphviz.Digraph | graphviz.Graph) -> str:
    """The drawing as an ``<svg>`` element to put inside a web page or a widget: the SVG
    text without the XML prolog and DOCTYPE before it, which only a file of its own may
    have (the DOCTYPE names a web address). See :func:`render`."""
    svg = render_svg(graph)
    return svg[svg.index("<svg") :]


def save(graph: graphviz.Digraph | graphviz.Graph, path: str | os.PathLike[str]) -> Path:
    """Save a drawing, in the format its file name's suffix names, in one call.

    ``.svg``, ``.png`` and ``.pdf`` are rendered with ``dot``; ``.dot`` and ``.gv`` are
    the DOT source (no ``dot`` needed). The file is written whole or not at all, and a
    file it replaces keeps its permissions (see :func:`autograd.files.write_atomically`).

    Args:
        graph: a drawing, e.g. from :func:`autograd.pictures.draw.draw`.
        path: where to write it, e.g. ``"neuron.svg"``.

    Returns:
        The path written.

    Raises:
        ValueError: the suffix is not one of :data:`FORMATS`.
        GraphvizNotFound: a picture format was asked for and ``dot`` is not installed.
        PermissionError: the file at ``path`` is read-only (it is left as it was).

    Example:
        >>> save(draw(loss), "loss.png")  # doctest: +SKIP
    """
    path = Path(path)
    _check_graph(graph)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"cannot tell the format of {str(path)!r} from its suffix {suffix!r}; "
            f"expected one of {', '.join(FORMATS)}"
        )
    if FORMATS[suffix] == "dot":
        content = graph.source.encode("utf-8")
    else:
        content = render(graph, FORMATS[suffix])
    write_atomically(path, content)
    return path


def _check_graph(graph: object) -> None:
    if not isinstance(graph, (graphviz.Digraph, graphviz.Graph)):
        raise TypeError(
            f"expected a graphviz.Digraph (e.g. from autograd.pictures.draw.draw), "
            f"got {type(graph).__name__}: {graph!r:.80}"
        )
