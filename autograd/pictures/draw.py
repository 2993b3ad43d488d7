"""Drawing a computation graph with Graphviz, gradients and all.

``draw(loss)`` returns a ``graphviz.Digraph``; in Jupyter it shows itself, and
:func:`autograd.pictures.render.save` writes it to SVG/PNG/PDF in one call.

How to read a drawing (the legend in the picture says the same):

* Each Value is a box ``name | data | grad``. Its name is its label, or ``v<i>`` if it has
  none (the names the backprop steps use). The name cell is green for a **leaf** (input,
  parameter or constant), lavender for a **computed** value, gold for the **output**.
* Each computed Value has an oval **op node** in front of it (``*``, ``tanh``, ...), fed by
  its inputs in order. When an op has two inputs the edges are labelled with the op's
  input names (``a``, ``b``), so ``a - b`` shows which is which; ``a*a`` has two edges.
* The **grad** cell is blue for a positive gradient and red for a negative one, darker the
  larger ``|grad|`` is next to the largest ``|grad|`` in the drawing; grey for 0, purple
  for ``nan``.
* A gradient backprop has not finished is not shown as a misleading 0: ``grad ?`` means
  not computed yet, and ``-3.0 so far`` (italic) is a partial sum. If the output's grad
  is 0.0, ``backward()`` has not been run and every grad is ``?``. Otherwise the nodes in
  ``pending`` (the backprop stepper passes them) are the ones not final yet.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from html import escape

import graphviz

from autograd.formatting import format_number
from autograd.graph import topological_order
from autograd.ops import Op
from autograd.pictures.colours import NAN_COLOUR, mix_with_white
from autograd.pictures.notation import bracketed, display_names, local_derivatives
from autograd.value import Value

RANKDIRS = ("LR", "TB", "RL", "BT")
FONT = "Helvetica,Arial,sans-serif"

KIND_COLOURS = {"leaf": "#c9e7c9", "computed": "#e6e0f5", "output": "#ffd966"}
POSITIVE_RGB = (33, 102, 172)  # blue, as in ColorBrewer's RdBu
NEGATIVE_RGB = (178, 24, 43)  # red
ZERO_COLOUR = "#d9d9d9"
HIGHLIGHT_COLOUR = "#e66101"  # orange: the node the current step is about
BORDER_COLOUR = "#555555"

#: Graphs with more Values than this are refused: Graphviz gets slow, and the picture unreadable.
MAX_NODES = 500


def draw(
    root: Value,
    *,
    rankdir: str = "LR",
    highlight: Value | None = None,
    max_nodes: int = MAX_NODES,
    show_grad: bool = True,
    show_local_grads: bool = False,
    pending: Collection[Value] | None = None,
    grads: Mapping[Value, float] | None = None,
    unevaluated: Collection[Value] = (),
    legend: bool = True,
) -> graphviz.Digraph:
    """Draw the graph that computed ``root``.

    Args:
        root: the output Value (e.g. a loss).
        rankdir: layout direction, ``"LR"`` (left to right), ``"TB"``, ``"RL"`` or ``"BT"``.
        highlight: a node to mark (thick orange border, its op and input edges orange too),
            such as the node a backprop step is about. It marks only: a step's gradients,
            pending ones included, are drawn by ``step.draw()``, which passes them on.
        max_nodes: refuse graphs with more Values than this (Graphviz gets slow and the
            picture unreadable); raise it, or draw a smaller part such as one neuron.
        show_grad: show the grad cell.
        show_local_grads: label each edge with its local derivative, formula and number,
            read from the op table (e.g. ``∂c/∂a = b = -3.0``).
        pending: nodes whose gradient is not final yet (drawn ``?`` or ``... so far``).
            ``None``: none, unless the output's grad is 0.0 (then all are ``?``).
        grads: gradients to show instead of each node's ``.grad`` (a stepper's snapshot).
        unevaluated: nodes whose value is not computed yet (drawn ``data ?``).
        legend: add a small legend explaining the colours.

    Returns:
        The drawing; ``.source`` is its DOT text, and it renders itself in Jupyter.

    Raises:
        TypeError: ``root`` is not a Value.
        ValueError: a bad ``rankdir``, a graph bigger than ``max_nodes``, or a
            ``highlight`` that is not in the graph.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw() expects a Value, got {type(root).__name__}: {root!r:.80}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"max_nodes must be a positive int, got {max_nodes!r}")
    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(
            f"this graph has {len(order)} nodes (Values), more than max_nodes={max_nodes}; "
            f"draw it anyway with draw(root, max_nodes={len(order)}) (Graphviz may be slow "
            "and the picture hard to read), or draw a smaller part, e.g. one neuron's output"
        )
    index = {node: i for i, node in enumerate(order)}
    if highlight is not None and highlight not in index:
        raise ValueError(f"highlight={highlight!r} is not a node of the graph being drawn")
    names = display_names(order)
    grad_of = {node: node.grad for node in order}
    if grads is not None:
        grad_of.update((node, float(g)) for node, g in grads.items() if node in index)
    if pending is None:
        pending = order if grad_of[root] == 0.0 else ()
    waiting = set(pending)
    not_yet = set(unevaluated)
    final = [abs(g) for node, g in grad_of.items() if node not in waiting and not math.isnan(g)]
    biggest = max(final, default=0.0)

    graph = graphviz.Digraph(name="autograd")
    graph.attr(rankdir=rankdir, bgcolor="white", fontname=FONT, nodesep="0.3", ranksep="0.4")
    # Node defaults are the op nodes' look: most nodes then need no attributes of their own
    # (a big graph's DOT source is built faster).
    graph.attr(
        "node", fontname=FONT, fontsize="14", shape="ellipse", style="filled",
        fillcolor="white", margin="0.05,0.02", height="0.4",
    )
    graph.attr("edge", fontname=FONT, fontsize="11", color=BORDER_COLOUR, arrowsize="0.7")
    for i, node in enumerate(order):
        kind = "output" if node is root else ("computed" if node.inputs else "leaf")
        cells = [f'<TD BGCOLOR="{KIND_COLOURS[kind]}"><B>{escape(names[node])}</B></TD>']
        data = "?" if node in not_yet else format_number(node.data)
        cells.append(f"<TD>data {data}</TD>")
        if show_grad:
            cells.append(_grad_cell(grad_of[node], node in waiting, biggest))
        border = (
            f'BORDER="3" COLOR="{HIGHLIGHT_COLOUR}"' if node is highlight
            else f'BORDER="0" COLOR="{BORDER_COLOUR}"'
        )
        label = f'<TABLE {border} CELLBORDER="1" CELLSPACING="0" CELLPADDING="5"><TR>'
        graph.node(f"n{i}", f"<{label}{''.join(cells)}</TR></TABLE>>", shape="plain")
        if node.op is not None:
            _draw_op(graph, node.op, node, i, index, names, node is highlight, show_local_grads)
    if legend:
        partial = any(grad_of[node] != 0.0 for node in waiting)
        graph.node("legend", _legend(show_grad, highlight is not None, partial), shape="plain")
    return graph


def _draw_op(
    graph: graphviz.Digraph,
    op: Op,
    node: Value,
    i: int,
    index: Mapping[Value, int],
    names: Mapping[Value, str],
    highlighted: bool,
    show_local_grads: bool,
) -> None:
    """The op node in front of computed node ``i``, and the edges into and out of it."""
    colour = {"color": HIGHLIGHT_COLOUR, "penwidth": "2.5"} if highlighted else {}
    fill = {"fillcolor": "#fdd8b5"} if highlighted else {}
    graph.node(f"n{i}op", escape(op.symbol), **colour, **fill)
    local_labels: list[str] = [""] * len(node.inputs)
    if show_local_grads:
        local_labels = local_derivative_labels(node, names)
    for slot, (parent, local) in enumerate(zip(node.inputs, local_labels)):
        lines = [escape(op.input_names[slot])] if len(node.inputs) > 1 else []
        if local:
            lines.append(escape(local))
        label = f"<{'<BR/>'.join(lines)}>" if lines else None
        graph.edge(f"n{index[parent]}", f"n{i}op", label=label, **colour)
    graph.edge(f"n{i}op", f"n{i}", **colour)


def local_derivative_labels(node: Value, names: Mapping[Value, str]) -> list[str]:
    """``∂out/∂input = formula = number`` for each input of ``node``, from the op table.

    Args:
        node: a computed Value.
        names: every node's display name (see :func:`autograd.pictures.notation.display_names`).
    """
    labels = []
    for parent, (written, value) in zip(node.inputs, local_derivatives(node, names)):
        number = format_number(value)
        middle = "" if written in (number, number.removesuffix(".0")) else f" = {written}"
        derivative = f"∂{bracketed(names[node])}/∂{bracketed(names[parent])}"
        labels.append(f"{derivative}{middle} = {number}")
    return labels


def grad_colour(grad: float, biggest: float) -> tuple[str, str]:
    """Background and text colour of a grad cell: blue if positive, red if negative,
    darker the larger ``|grad| / biggest``; grey for 0, purple for nan.

    Args:
        grad: the gradient.
        biggest: the largest ``|grad|`` in the drawing (sets the scale).
    """
    if math.isnan(grad):
        return NAN_COLOUR, "white"
    if grad == 0.0:
        return ZERO_COLOUR, "black"
    share = 1.0 if math.isinf(grad) or not biggest > 0 else min(abs(grad) / biggest, 1.0)
    strength = 0.15 + 0.85 * share  # the faintest gradient is still visibly tinted
    rgb = POSITIVE_RGB if grad > 0 else NEGATIVE_RGB
    return mix_with_white(rgb, strength), ("white" if strength > 0.55 else "black")


def _grad_cell(grad: float, is_pending: bool, biggest: float) -> str:
    if is_pending:  # not final: "?" before any contribution, else the partial sum
        if grad == 0.0:
            return '<TD BGCOLOR="white">grad ?</TD>'
        return f'<TD BGCOLOR="white"><I>grad {format_number(grad)} so far</I></TD>'
    background, text = grad_colour(grad, biggest)
    value = f'<FONT COLOR="{text}">grad {format_number(grad)}</FONT>'
    return f'<TD BGCOLOR="{background}">{value}</TD>'


def _legend(show_grad: bool, highlighted: bool, partial: bool) -> str:
    rows = [
        (KIND_COLOURS["leaf"], "leaf: input, parameter or constant"),
        (KIND_COLOURS["computed"], "computed by the op before it"),
        (KIND_COLOURS["output"], "output"),
    ]
    if show_grad:
        rows += [
            (grad_colour(1.0, 1.0)[0], "grad &gt; 0 (darker: larger |grad|)"),
            (grad_colour(-1.0, 1.0)[0], "grad &lt; 0"),
            (ZERO_COLOUR, "grad = 0"),
            ("white", "grad ?: not computed yet"),
        ]
    if show_grad and partial:
        rows.append(("white", "<I>grad ... so far</I>: a partial sum, not final yet"))
    if highlighted:
        rows.append((HIGHLIGHT_COLOUR, "orange border: this step's node"))
    small = '<FONT POINT-SIZE="11">{}</FONT>'
    body = "".join(
        f'<TR><TD BGCOLOR="{colour}" WIDTH="18"> </TD>'
        f'<TD ALIGN="LEFT">{small.format(text)}</TD></TR>'
        for colour, text in rows
    )
    title = small.format("<B>legend</B>")
    return (
        '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">'
        f'<TR><TD COLSPAN="2">{title}</TD></TR>{body}</TABLE>>'
    )
