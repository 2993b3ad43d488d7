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
    forward, reverse = text.split("# reverse sweep\n")
    assert forward.splitlines()[:3] == [
        "# inputs, one number per example: x1, x2",
        "# read from .data at every forward: w1, w2, b",
        "# forward sweep",
    ]
    lines = forward.splitlines()[3:]
    assert len(lines) == 5  # one line per op: 2 products, 2 sums, tanh
    names = dict(line.split(" = ") for line in lines)
    assert set(names.values()) >= {"w1 * x1", "w2 * x2"}
    assert lines[-1].startswith("out = tanh(") and lines[-2].endswith(" + b")
    product_name = next(k for k, v in names.items() if v == "w1 * x1")
    reverse_lines_ = reverse.splitlines()
    assert reverse_lines_[0] == "out.grad = seed"
    assert reverse_lines_[1].endswith(".grad += out.grad * (1 - out²)")
    assert f"w1.grad += {product_name}.grad * x1" in reverse_lines_
    assert f"x1.grad += {product_name}.grad * w1" in reverse_lines_
    assert len(reverse_lines_) == 1 + 2 * 4 + 1  # the seed, two per binary op, one for tanh


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
            assert not re.search(r"\b(a|b|out|n|slope|y)\b", rhs), rhs
    assert forward_line(ops.pow_const(2.0), "r", ["p"]) == "r = p**2"
    assert reverse_lines(ops.pow_const(2.0), "r", ["p"]) == ["p.grad += r.grad * (2*p**(2-1))"]
    assert reverse_lines(ops.SUB, "r", ["p", "q"]) == ["p.grad += r.grad", "q.grad -= r.grad"]
    assert forward_line(ops.leaky_relu(0.1), "r", ["p"]) == "r = leaky_relu(p, 0.1)"


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
