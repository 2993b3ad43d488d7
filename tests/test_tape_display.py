"""The program as text: forward sweep, then reverse sweep, one line per op, with the
graph's labels and the op table's derivative formulas."""

from __future__ import annotations

import re

from autograd import Value, ops, trace
from autograd.tape.display import HTML_LINES, forward_line, reverse_lines


def test_a_neuron_reads_as_straight_line_code() -> None:
    x1, x2 = Value(1.0, label="x1"), Value(2.0, label="x2")
    w1, w2, b = Value(0.5, label="w1"), Value(-1.0, label="w2"), Value(0.1, label="b")
    product = w1 * x1
    out = (product + w2 * x2 + b).tanh()
    out.label = "out"
    text = str(trace(out, inputs=[x1, x2]))
    # In the order the expression reads: w1 * x1 before w2 * x2, one line per op (2 products,
    # 2 sums, tanh); the reverse sweep is the same lines read backwards, two per binary op.
    assert text.splitlines() == [
        "# inputs, one number per example: x1, x2",
        "# read from .data at every forward: w1, w2, b",
        "# forward sweep",
        "v1 = w1 * x1",
        "v2 = w2 * x2",
        "v3 = v1 + v2",
        "v4 = v3 + b",
        "out = tanh(v4)",
        "# reverse sweep",
        "out.grad = seed",
        "v4.grad += out.grad * (1 - out²)",
        "v3.grad += v4.grad",
        "b.grad += v4.grad",
        "v1.grad += v3.grad",
        "v2.grad += v3.grad",
        "w2.grad += v2.grad * x2",
        "x2.grad += v2.grad * w2",
        "w1.grad += v1.grad * x1",
        "x1.grad += v1.grad * w1",
    ]


def test_the_program_reads_in_the_order_the_code_built_it() -> None:
    # Each node's first input, with everything it depends on, comes before its second;
    # a shared node is listed once, where it is first read; so is a deep chain (no recursion).
    x = Value(1.0, label="x")
    s = (x * 2.0).tanh()
    s.label = "s"
    left = s + x
    left.label = "left"
    right = s * s
    right.label = "right"
    out = left - right
    out.label = "out"
    forward = str(trace(out, inputs=[x])).split("# forward sweep\n")[1].split("# reverse")[0]
    assert forward.splitlines() == [
        "v2 = x * v1", "s = tanh(v2)", "left = s + x", "right = s * s", "out = left - right",
    ]
    deep = x
    for k in range(20_000):
        deep = deep + 1.0 if k % 2 else 2.0 * deep
    lines = str(trace(deep, inputs=[x])).splitlines()
    assert len(lines) == 3 + 20_000 + 1 + 1 + 2 * 20_000


def test_every_op_has_a_forward_line_and_reverse_lines_from_its_formulas() -> None:
    for name, cls in ops.OPS.items():
        op = ops.pow_const(2.0) if name == "pow_const" else (
            ops.leaky_relu(0.1) if name == "leaky_relu" else cls())
        operands = ["p", "q"][:op.arity]
        line = forward_line(op, "r", operands)
        assert line.startswith("r = ") and all(o in line for o in operands), line
        reverse = reverse_lines(op, "r", operands)
        assert len(reverse) == op.arity
        for lhs, rhs in zip(operands, reverse):
            assert rhs.startswith(f"{lhs}.grad ") and "r.grad" in rhs, rhs
            # every formula name became a node name or a constant
            # (a name before ² too: Unicode counts ² as a digit, so \b would not end it)
            assert not re.search(r"(?<![A-Za-z0-9_])(a|b|out|n|slope|y)(?![A-Za-z0-9_])",
                                 rhs), rhs
    assert forward_line(ops.pow_const(2.0), "r", ["p"]) == "r = p**2"
    assert reverse_lines(ops.pow_const(2.0), "r", ["p"]) == ["p.grad += r.grad * (2*p**(2-1))"]
    assert reverse_lines(ops.SUB, "r", ["p", "q"]) == ["p.grad += r.grad", "q.grad -= r.grad"]
    assert forward_line(ops.leaky_relu(0.1), "r", ["p"]) == "r = leaky_relu(p, 0.1)"
    assert reverse_lines(ops.TANH, "r", ["p"]) == ["p.grad += r.grad * (1 - r²)"]
    assert reverse_lines(ops.DIV, "r", ["p", "q"])[1] == "q.grad += r.grad * (-p/q²)"


def test_unlabelled_nodes_are_numbered_and_repeated_labels_told_apart() -> None:
    x = Value(1.0, label="x")
    a, b = x * 2.0, x * 3.0
    a.label = b.label = "h"
    text = str(trace(a + b, inputs=[x]))
    assert "\nh = x * v" in text and "\nh_2 = x * v" in text
    assert "\nv3 = h_2 + h\n" in text or "\nv3 = h + h_2\n" in text
    # the constants are named, and the header says what they hold
    assert "read from .data at every forward: v1 = 3.0, v2 = 2.0" in text \
        or "read from .data at every forward: v1 = 2.0, v2 = 3.0" in text


def test_html_shows_both_sweeps_escaped_and_cut_short_for_big_programs() -> None:
    x = Value(1.0, label="<x>")
    y = x
    for _ in range(HTML_LINES + 10):
        y = y * 1.5
    page = trace(y, inputs=[x])._repr_html_()
    assert "forward sweep" in page and "reverse sweep" in page
    assert "&lt;x&gt;" in page and "<x>" not in page
    assert "10 more lines" in page
