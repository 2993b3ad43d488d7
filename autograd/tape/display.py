"""A traced graph as text: the forward sweep, then the reverse sweep, one line per op.

This is the Wengert list of reverse mode, written with the labels the graph has::

    v1 = w1 * x1
    v2 = v1 + b
    out = tanh(v2)
    # reverse sweep
    out.grad = seed
    v2.grad += out.grad * (1 - out²)
    ...
    w1.grad += v1.grad * x1

Each line of the reverse sweep is the op table's derivative formula (the docstring math
of :mod:`autograd.ops`) with the names of the nodes put in.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from autograd.formatting import constant_text, format_number
from autograd.op_definition import Op

if TYPE_CHECKING:
    from autograd.value import Value

#: Ops written between their operands (``a * b``); every other op is written as a call.
_INFIX = {"add", "sub", "mul", "div", "pow"}
#: How many leaves the header names before it only counts them.
_SHOWN_LEAVES = 8
#: How many lines of each sweep the HTML display shows (``print(program)`` shows all).
HTML_LINES = 200


def node_names(order: Sequence[Value], inputs: Sequence[Value]) -> dict[int, str]:
    """A name for every node, by ``id``: its label, or ``v1``, ``v2``, ... for the unlabelled
    ones; a label used twice gets ``_2``, ``_3``, ... on its later nodes."""
    names: dict[int, str] = {}
    taken = {node.label for node in (*inputs, *order) if node.label}
    used: set[str] = set()
    counter = 0
    for node in (*inputs, *order):
        if id(node) in names:
            continue
        name = node.label
        if name and name in used:
            k = 2
            while f"{name}_{k}" in taken or f"{name}_{k}" in used:
                k += 1
            name = f"{name}_{k}"
        elif not name:
            counter += 1
            while f"v{counter}" in taken:
                counter += 1
            name = f"v{counter}"
        used.add(name)
        names[id(node)] = name
    return names


def forward_line(op: Op, out: str, operands: Sequence[str]) -> str:
    """``out = a * b``, ``out = tanh(a)``, ``out = a**2``, ``out = leaky_relu(a, 0.01)``."""
    if op.name in _INFIX:
        return f"{out} = {operands[0]} {op.symbol} {operands[1]}"
    if op.name == "neg":
        return f"{out} = -{operands[0]}"
    if op.name == "pow_const":
        return f"{out} = {operands[0]}{op.symbol}"
    arguments = [*operands, *(constant_text(c) for c in op.parameters.values())]
    return f"{out} = {op.name}({', '.join(arguments)})"


def reverse_lines(op: Op, out: str, operands: Sequence[str]) -> list[str]:
    """``x.grad += out.grad * (local derivative)``, one line per input, from the op table."""
    names = dict(zip(op.input_names, operands))
    names["out"] = out
    names.update({k: constant_text(v) for k, v in op.parameters.items()})
    # A name stands alone between ASCII non-identifier characters: `\b` would take the `²` of
    # `out²` for part of a word (it is a digit to Unicode) and leave `out` unreplaced.
    pattern = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, names))
                         + r")(?![A-Za-z0-9_])")
    lines = []
    for operand, formula in zip(operands, op.derivative_formulas):
        local = pattern.sub(lambda m: names[m[1]], formula)
        if local == "1":
            lines.append(f"{operand}.grad += {out}.grad")
        elif local == "-1":
            lines.append(f"{operand}.grad -= {out}.grad")
        elif re.fullmatch(r"[\w.]+", local):
            lines.append(f"{operand}.grad += {out}.grad * {local}")
        else:
            lines.append(f"{operand}.grad += {out}.grad * ({local})")
    return lines


def _listed(names: list[str]) -> str:
    if not names:
        return "none"
    shown = ", ".join(names[:_SHOWN_LEAVES])
    return shown if len(names) <= _SHOWN_LEAVES else f"{shown}, ... ({len(names)} in all)"


def program_text(order: Sequence[Value], inputs: Sequence[Value],
                 outputs: Sequence[Value]) -> list[str]:
    """The lines of ``str(program)``: a header, the forward sweep, the reverse sweep."""
    names = node_names(order, inputs)
    input_ids = {id(x) for x in inputs}
    # An unlabelled leaf is a constant (the 2 of x * 2): the header says what it holds.
    leaves = [names[id(n)] + ("" if n.label else f" = {format_number(n.data)}")
              for n in order if n.op is None and id(n) not in input_ids]
    forward, reverse = [], []
    for node in order:
        if node.op is None:
            continue
        operands = [names[id(x)] for x in node.inputs]
        forward.append(forward_line(node.op, names[id(node)], operands))
        reverse.append(reverse_lines(node.op, names[id(node)], operands))
    lines = [f"# inputs, one number per example: {_listed([names[id(x)] for x in inputs])}",
             f"# read from .data at every forward: {_listed(leaves)}",
             "# forward sweep", *forward,
             "# reverse sweep", *(f"{names[id(out)]}.grad = seed" for out in outputs)]
    for node_lines in reversed(reverse):
        lines += node_lines
    return lines


def program_html(lines: Sequence[str], summary: str) -> str:
    """The program for Jupyter: its summary, then the two sweeps side by side."""
    split = lines.index("# reverse sweep")
    columns = []
    for title, part in (("forward sweep", lines[3:split]), ("reverse sweep", lines[split + 1:])):
        shown = "\n".join(html.escape(line) for line in part[:HTML_LINES])
        if len(part) > HTML_LINES:
            shown += f"\n… {len(part) - HTML_LINES} more lines (print(program) shows them all)"
        columns.append(f'<td style="vertical-align:top;padding-right:2em"><b>{title}</b>'
                       f'<pre style="margin:0.3em 0">{shown}</pre></td>')
    header = "<br>".join(html.escape(line.lstrip("# ")) for line in lines[:2])
    return (f'<div><p style="margin:0">{html.escape(summary)}</p>'
            f'<p style="margin:0;color:#555">{header}</p>'
            f"<table><tr>{''.join(columns)}</tr></table></div>")
