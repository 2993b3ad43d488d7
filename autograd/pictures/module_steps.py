"""What a folded module's step says: the module computed in one go (forward), and the
module handing its gradient to its parameters and inputs in one go (backward), with the
chain rule through the module worked out from the op table."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import cast

from autograd.formatting import format_number
from autograd.ops import Op
from autograd.pictures.notation import bracketed, is_constant
from autograd.pictures.scopes import Group, group_formula
from autograd.value import Value


def computed_text(group: Group, names: Mapping[Value, str], ops: int) -> str:
    """``L2.N1 = relu(w·x + b) = relu(-0.51) = 0.0``: each output, its formula and value."""
    lines = []
    for out in group.outputs:
        line = f"{names[out]} = "
        if len(group.outputs) == 1:
            line += f"{group_formula(group, names)} = "
            inner = out.inputs[0] if out.op is not None and len(out.inputs) == 1 else None
            if inner is not None and inner in group.members and not inner.label:
                line += f"{out.op.name}({format_number(inner.data)}) = "  # type: ignore[union-attr]
        lines.append(line + format_number(out.data))
    lines.append(f"({ops} ops: open {group.name} to see them one by one)")
    return "\n".join(lines)


def hand_over_text(
    group: Group,
    names: Mapping[Value, str],
    received: Mapping[Value, float],
    grads: Mapping[Value, float | None],
    ops: int,
) -> str:
    """``L2.N1 hands its gradient 0.5 to its four weights, its bias and its four inputs``,
    then one line per receiver: the chain rule through the module, and the sum so far.

    Args:
        group: the module.
        names: every node's display name.
        received: what each node outside the module (or labelled inside it) received.
        grads: every gradient after the module's step (``None``: none yet).
        ops: how many ops the module has.
    """
    out = group.outputs[0]
    own = [n for n in received if _is_own(n, group)]
    inputs = [n for n in received if n not in own and not is_constant(n)]
    receivers = sorted(own, key=lambda n: (not n.label[len(group.name) + 1 :].startswith("w"),
                                           _natural(n.label)))
    receivers += sorted(inputs, key=lambda n: _natural(names[n]))
    g = grads.get(out) or 0.0
    local = _through(group) if len(group.outputs) == 1 else {}
    if local:
        out_name = bracketed(names[out])
        lines = [
            f"{out_name} hands its gradient {format_number(g)} to {_who(receivers, group)};",
            f"each gets {out_name}.grad × ∂{out_name}/∂(it), the chain rule through "
            f"{group_formula(group, names)}:",
        ]
    else:
        lines = [f"{group.name} hands its gradients on to {_who(receivers, group)}:"]
    for node in receivers:
        name, amount = bracketed(names[node]), received[node]
        if node in local:
            line = (f"{name}.grad += {format_number(g)} × {format_number(local[node])} = "
                    f"{format_number(amount)}")
        else:
            line = f"{name}.grad += {format_number(amount)}"
        total = grads.get(node)
        if total is not None and total != amount:
            line += f", so {name}.grad = {format_number(total)}"
        lines.append(line)
    lines.append(f"({ops} ops: open {group.name} to see them one by one)")
    return "\n".join(lines)


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
