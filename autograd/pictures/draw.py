"""Drawing a computation graph with Graphviz, gradients and all.

``draw(loss)`` returns a ``graphviz.Digraph``; in Jupyter it shows itself scaled to the
cell's width, and :func:`autograd.pictures.render.save` writes it to SVG/PNG/PDF in one call.
``draw(loss, depth=1)`` folds each module (a neuron of ``nn``) into one node.

How to read a drawing (the legend in the picture says the same):

* Each Value is a box ``name | data | grad``. Its name is its label, or ``v1``, ``v2``, ...
  if it has none (the names the backprop steps use). The name cell is green for a **leaf**
  (input or parameter), lavender for a **computed** value, gold for the **output**.
* Each computed Value has an oval **op node** in front of it (``*``, ``tanh``, ...), fed by
  its inputs in order. When an op has two inputs the edges are labelled with the op's
  input names (``a``, ``b``), so ``a - b`` shows which is which; ``a*a`` has two edges.
  A constant (an unlabelled leaf, such as the ``1`` of ``x - 1``) is written inside its op
  (``- 1``), as the ``2`` of ``**2`` is.
* A folded module (``depth``) is one box with a purple border: its output's name, data and
  grad, and what it computes (``L2.N3 = relu(w·x + b)``), inside a dashed box per layer.
* The **grad** cell is blue for a positive gradient and red for a negative one, darker the
  larger ``|grad|`` is next to the largest ``|grad|`` in the drawing; grey for 0, purple
  for ``nan``.
* A gradient backprop has not finished is not shown as a misleading 0: ``grad ?`` means
  not computed yet, and ``-3.0 so far`` (italic) is a partial sum. If the output's grad
  is 0.0, ``backward()`` has not been run and every grad is ``?``. Otherwise the nodes in
  ``pending`` (the backprop stepper passes them) are the ones not final yet.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from html import escape
from typing import cast

import graphviz

from autograd.formatting import constant_text, format_number
from autograd.graph import topological_order
from autograd.ops import Op
from autograd.pictures.cells import Body, GradState, group_table, table, value_cells
from autograd.pictures.colours import (
    BORDER_COLOUR,
    GROUP_COLOUR,
    HIGHLIGHT_COLOUR,
    KIND_COLOURS,
    ZERO_COLOUR,
    grad_colour,
)
from autograd.pictures.display import Drawing
from autograd.pictures.layout import Layout
from autograd.pictures.notation import bracketed, is_constant, local_derivatives
from autograd.pictures.scopes import group_formula
from autograd.value import Value

RANKDIRS = ("LR", "TB", "RL", "BT")
FONT = "Helvetica,Arial,sans-serif"


#: Graphs with more Values than this are refused: Graphviz gets slow, and the picture unreadable.
MAX_NODES = 500


def draw(
    root: Value,
    *,
    depth: int | None = None,
    rankdir: str = "LR",
    highlight: Value | None = None,
    max_nodes: int = MAX_NODES,
    show_grad: bool = True,
    show_local_grads: bool = False,
    pending: Collection[Value] | None = None,
    grads: Mapping[Value, float | None] | None = None,
    unevaluated: Collection[Value] = (),
    legend: bool = True,
    open_groups: Collection[str] = (),
) -> Drawing:
    """Draw the graph that computed ``root``.

    Args:
        root: the output Value (e.g. a loss).
        depth: ``None`` draws every scalar. An int folds the modules that made the nodes
            (read off their labels, see :mod:`autograd.pictures.scopes`): ``depth=1``
            draws each neuron of an ``nn.MLP`` as one node (its output's data and grad,
            and its formula ``L2.N3 = relu(w·x + b)``) inside a box per layer; ``depth=0``
            folds each layer; a larger depth opens more levels.
        rankdir: layout direction, ``"LR"`` (left to right), ``"TB"``, ``"RL"`` or ``"BT"``.
        highlight: a node to mark (thick orange border, its op and input edges orange too),
            such as the node a backprop step is about; inside a folded module, the module
            is marked. It marks only: a step's gradients are passed in ``grads``.
        max_nodes: refuse graphs with more Values than this (Graphviz gets slow and the
            picture unreadable); raise it, fold modules with ``depth``, or draw a part.
        show_grad: show the grad cell.
        show_local_grads: label each edge with its local derivative, formula and number,
            read from the op table (e.g. ``∂c/∂a = b = -3.0``).
        pending: nodes whose gradient is not final yet (drawn ``?`` or ``... so far``).
            ``None``: none, unless the output's grad is 0.0 (then all are ``?``).
        grads: gradients to show instead of each node's ``.grad`` (a stepper's snapshot);
            ``None`` for one not computed yet (drawn ``?``).
        unevaluated: nodes whose value is not computed yet (drawn ``data ?``).
        legend: add a small legend explaining the colours.
        open_groups: names of modules to draw open although ``depth`` folds them
            (``{"L2.N1"}``), as a click does in the step page.

    Returns:
        The drawing, a ``graphviz.Digraph``: ``.source`` is its DOT text; in Jupyter it
        shows itself scaled to the cell's width (``.full_size()`` shows it at full size).

    Raises:
        TypeError: ``root`` is not a Value.
        ValueError: a bad ``rankdir`` or ``depth``, a graph bigger than ``max_nodes``, or
            a ``highlight`` that is not in the graph.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw() expects a Value, got {type(root).__name__}: {root!r:.80}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"max_nodes must be a positive int, got {max_nodes!r}")
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int) or depth < 0):
        raise ValueError(f"depth must be None (every scalar) or an int >= 0, got {depth!r}")
    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(
            f"this graph has {len(order)} nodes (Values), more than max_nodes={max_nodes}; "
            f"draw it anyway with draw(root, max_nodes={len(order)}) (Graphviz may be slow "
            "and the picture hard to read), fold its modules with draw(root, depth=1), or "
            "draw a smaller part, e.g. one neuron's output"
        )
    if highlight is not None and highlight not in set(order):
        raise ValueError(f"highlight={highlight!r} is not a node of the graph being drawn")
    state = GradState.of(order, pending, grads)
    layout = Layout.of(order, depth, set(open_groups))
    graph = Drawing(name="autograd")
    graph.attr(rankdir=rankdir, bgcolor="white", fontname=FONT, nodesep="0.3", ranksep="0.4")
    # Node defaults are the op nodes' look: most nodes then need no attributes of their own
    # (a big graph's DOT source is built faster).
    graph.attr(
        "node", fontname=FONT, fontsize="14", shape="ellipse", style="filled",
        fillcolor="white", margin="0.05,0.02", height="0.4",
    )
    graph.attr("edge", fontname=FONT, fontsize="11", color=BORDER_COLOUR, arrowsize="0.7")
    marked = layout.ident[highlight] if highlight is not None else None  # None: a constant
    not_yet = set(unevaluated)
    body = Body(layout.scope_ident)
    for node in order:
        ident = layout.ident.get(node)
        if ident is None or ident.startswith("g"):  # a constant, or inside a folded module
            continue
        kind = "output" if node is root else ("computed" if node.inputs else "leaf")
        cells = value_cells(layout.names[node], kind, node, state, node in not_yet, show_grad)
        body.node(layout.paths[node], ident, table(cells, ident == marked))
        if node.op is not None:
            op_node = _op_attributes(node, layout, ident == marked)
            body.node(layout.paths[node], f"{ident}op", op_node)
            _draw_edges(graph, node, layout, ident, ident == marked, show_local_grads)
    for group in layout.groups.values():
        ident = layout.group_ident[group.name]
        rows = [
            value_cells(layout.names[out], "output" if out is root else "computed", out, state,
                        out in not_yet, show_grad)
            for out in group.outputs
        ]
        formula = ""
        if len(group.outputs) == 1:
            formula = f"{layout.names[group.outputs[0]]} = {group_formula(group, layout.names)}"
        body.node(layout.paths[group.outputs[0]], ident,
                  group_table(group.name, rows, formula, ident == marked))
        for parent in group.inputs:
            colour = _HIGHLIGHT_EDGE if ident == marked else {}
            graph.edge(layout.visible(parent), ident, **colour)
    body.write_into(graph)
    if legend:
        partial = any(g is not None for node, g in state.grads.items() if node in state.waiting)
        legend_label = _legend(show_grad, highlight is not None, partial, bool(layout.groups))
        graph.node("legend", legend_label, shape="plain")
    return graph


_HIGHLIGHT_EDGE = {"color": HIGHLIGHT_COLOUR, "penwidth": "2.5"}


def _op_attributes(node: Value, layout: Layout, highlighted: bool) -> dict[str, str]:
    """The op node in front of a computed node: its symbol, constants written inside."""
    op = cast(Op, node.op)
    constants = [constant_text(p.data) if is_constant(p) else "" for p in node.inputs]
    if len(node.inputs) == 2 and any(constants):
        text = " ".join(t for t in (constants[0], op.symbol, constants[1]) if t)
    else:
        text = op.symbol
    attributes = {"label": escape(text), "id": f"{layout.ident[node]}op"}
    if highlighted:
        attributes.update(_HIGHLIGHT_EDGE, fillcolor="#fdd8b5")
    return attributes


def _draw_edges(
    graph: graphviz.Digraph,
    node: Value,
    layout: Layout,
    ident: str,
    highlighted: bool,
    show_local_grads: bool,
) -> None:
    """The edges into computed node ``node``'s op and from its op to it."""
    op = cast(Op, node.op)
    colour = _HIGHLIGHT_EDGE if highlighted else {}
    local_labels: list[str] = [""] * len(node.inputs)
    if show_local_grads:
        local_labels = local_derivative_labels(node, layout.names)
    drawn = [p for p in node.inputs if not is_constant(p)]
    for slot, (parent, local) in enumerate(zip(node.inputs, local_labels)):
        if is_constant(parent):
            continue
        lines = [escape(op.input_names[slot])] if len(drawn) > 1 else []
        if local:
            lines.append(escape(local))
        label = f"<{'<BR/>'.join(lines)}>" if lines else None
        graph.edge(layout.visible(parent), f"{ident}op", label=label, **colour)
    graph.edge(f"{ident}op", ident, **colour)


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


def _legend(show_grad: bool, highlighted: bool, partial: bool, grouped: bool) -> str:
    rows = [
        (KIND_COLOURS["leaf"], "leaf: input or parameter (a constant is written in its op)"),
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
    if grouped:
        rows.append((GROUP_COLOUR, "purple border: a module drawn as one node"))
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
