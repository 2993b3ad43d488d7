"""Which module made each node: the scopes a drawing folds with ``draw(root, depth=...)``.

Scopes are read off the labels at draw time, so the engine records nothing more per op
(its speed goals hold) and a module you write yourself is grouped the same way as
``nn``'s. The rule:

* every dot-prefix of a label names a scope: ``L1.N3.w1`` makes the scopes ``L1`` and
  ``L1.N3``;
* a labelled node is in the scopes its label's prefixes name: the weight ``L1.N3.w1`` is
  in ``L1`` › ``L1.N3``, the input ``x1`` in none;
* a computed node labelled with a scope's name is that scope's **output**: the neuron's
  output ``L1.N3`` is in ``L1`` › ``L1.N3``;
* an unlabelled node (the products and partial sums inside a neuron) is in the scopes
  that all of its consumers share: the scope of the labelled output it feeds into.

So a module of your own is grouped when it labels its parameters ``name.something`` and
its output ``name``, as :class:`nn.Neuron` does (``L2.N3.w1`` ... and ``L2.N3``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from autograd.formatting import constant_text
from autograd.ops import Op
from autograd.pictures.notation import (
    TIMES,
    is_constant,
    op_substitutions,
    render_formula,
)
from autograd.value import Value

Path = tuple[str, ...]


def prefixes(label: str) -> Path:
    """The scopes a label's dots name, outermost first: ``"L1.N3.w1"`` → ``("L1", "L1.N3")``."""
    parts = label.split(".")
    return tuple(".".join(parts[: k + 1]) for k in range(len(parts) - 1))


def scope_paths(order: Sequence[Value]) -> dict[Value, Path]:
    """The scopes each node is in, outermost first (see the module docstring).

    Args:
        order: the graph's nodes in topological order (each after its inputs).
    """
    names = {scope for node in order if node.label for scope in prefixes(node.label)}
    paths: dict[Value, Path] = {}
    consumers: dict[Value, list[Path]] = {}
    for node in reversed(order):  # consumers first, so their paths are known
        if node.label:
            path = prefixes(node.label)
            if node.inputs and node.label in names:
                path = (*path, node.label)
        else:
            path = _shared(consumers.get(node, [()]))
        paths[node] = path
        for parent in node.inputs:
            consumers.setdefault(parent, []).append(path)
    return paths


def _shared(paths: list[Path]) -> Path:
    """The longest path that starts every one of ``paths``."""
    first = paths[0]
    length = len(first)
    for path in paths[1:]:
        length = min(length, len(path))
        while path[:length] != first[:length]:
            length -= 1
    return first[:length]


@dataclass
class Group:
    """A scope folded into one node of a drawing.

    Attributes:
        name: the scope's name, e.g. ``"L2.N3"``.
        level: how deep it is: the number of open boxes around it.
        members: its nodes, in topological order.
        outputs: the members read outside it (or the drawing's output), in order.
        inputs: the nodes outside it that its members read, in order (constants left out).
    """

    name: str
    level: int
    members: list[Value] = field(default_factory=list)
    outputs: list[Value] = field(default_factory=list)
    inputs: list[Value] = field(default_factory=list)


def fold_level(path: Path, depth: int, opened: Collection[str] = ()) -> int:
    """How many of ``path``'s scopes are drawn open: ``depth`` of them, and then any that
    ``opened`` names (a module the reader clicked open)."""
    level = depth
    while level < len(path) and path[level] in opened:
        level += 1
    return level


def fold(
    order: Sequence[Value],
    paths: Mapping[Value, Path],
    depth: int,
    opened: Collection[str] = (),
) -> dict[str, Group]:
    """The groups a drawing at ``depth`` shows as single nodes: the scopes ``depth + 1``
    levels deep (deeper inside the ``opened`` ones), with members, outputs and inputs.

    Args:
        order: the graph's nodes in topological order, the output last.
        paths: each node's scopes, from :func:`scope_paths`.
        depth: how many levels of scopes are drawn open (as boxes).
        opened: scopes drawn open although ``depth`` would fold them.
    """
    groups: dict[str, Group] = {}
    group_of: dict[Value, Group] = {}
    for node in order:
        path = paths[node]
        level = fold_level(path, depth, opened)
        if len(path) > level and not is_constant(node):
            group = groups.setdefault(path[level], Group(path[level], level))
            group.members.append(node)
            group_of[node] = group
    for node in order:
        mine = group_of.get(node)
        for parent in node.inputs:
            theirs = group_of.get(parent)
            if theirs is not None and theirs is not mine:
                _append_once(theirs.outputs, parent)
            if mine is None or theirs is mine or is_constant(parent):
                continue
            _append_once(mine.inputs, parent)
    root_group = group_of.get(order[-1])
    if root_group is not None:
        _append_once(root_group.outputs, order[-1])
    return groups


def contains(nodes: Iterable[Value], node: Value) -> bool:
    """Whether ``node`` itself is among ``nodes``. (``node in nodes`` would compare the
    numbers, as for PyTorch tensors, and find any node that holds the same number.)"""
    return any(n is node for n in nodes)


def _append_once(nodes: list[Value], node: Value) -> None:
    if not contains(nodes, node):
        nodes.append(node)


def group_formula(group: Group, names: Mapping[Value, str]) -> str:
    """What a one-output group computes, in the names outside it and the short names of its
    own parameters: ``relu(w·x + b)`` for a neuron, ``tanh(w·x + b)``, ``w·x + b``.

    A sum of two or more products weight × input (``w1*x1 + w2*x2 + ...``) is written ``w·x``; any
    other shape is written out op by op.
    """
    output = group.outputs[0]
    inside = set(group.members)
    interior = {n for n in group.members if n.inputs and not _is_own(n, group)}
    interior.add(output)

    def short(node: Value) -> str:  # "w1" for L2.N3.w1 inside L2.N3 (or inside L2, of L2.N3)
        for prefix in (output.label + ".", group.name + "."):
            if node in inside and output.label and node.label.startswith(prefix):
                return node.label[len(prefix) :]
        return names[node]

    if output.op is None:  # a parameter the code outside reads: the group computes nothing
        return short(output)
    wrappers: list[str] = []
    node = output
    while node in interior and node.op is not None and len(node.inputs) == 1:
        wrappers.append(node.op.name)
        node = node.inputs[0]
        if node not in interior:
            break
    terms = _sum_terms(node, interior)
    weighted = [t for t in terms if _is_weighted(t, group, interior)]
    if len(weighted) >= 2 and all(t in interior or not t.inputs for t in terms):
        rest = [short(t) for t in terms if t not in weighted and t not in interior]
        if len(weighted) + len(rest) == len(terms):
            body = " + ".join(["w·x", *rest])
            for name in reversed(wrappers):
                body = f"{name}({body})"
            return body
    return _written_out(output, interior, short)


def _is_own(node: Value, group: Group) -> bool:
    """A node labelled as the group's own (a parameter, or the output)."""
    label = node.label
    return bool(label) and (label == group.name or label.startswith(group.name + "."))


def _sum_terms(node: Value, interior: set[Value]) -> list[Value]:
    """The addends of a chain of additions inside the group, left to right."""
    terms: list[Value] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current in interior and current.op is not None and current.op.name == "add":
            stack.extend(reversed(current.inputs))
        else:
            terms.append(current)
    return terms


def _is_weighted(term: Value, group: Group, interior: set[Value]) -> bool:
    """``w * x`` with ``w`` a parameter of the group and ``x`` from outside it."""
    if term not in interior or term.op is None or term.op.name != "mul":
        return False
    a, b = term.inputs
    own = [n for n in (a, b) if not n.inputs and _is_own(n, group)]
    return len(own) == 1


def _written_out(output: Value, interior: set[Value], name_of: Callable[[Value], str]) -> str:
    """The group's computation written out op by op (without recursion)."""
    texts: dict[Value, str] = {}
    kinds: dict[Value, str] = {}  # "sum", "product" or "atom": what brackets it needs
    stack = [output]
    while stack:
        node = stack[-1]
        pending = [p for p in node.inputs if p in interior and p not in texts]
        if pending:
            stack.extend(pending)
            continue
        stack.pop()
        if node in texts:
            continue
        # Computed: interior nodes have inputs, and a leaf output never gets here (see
        # group_formula), so every node on the stack has its op.
        op = cast(Op, node.op)
        kind = _KIND.get(op.name, "atom")
        operands = []
        for slot, p in enumerate(node.inputs):
            if p not in texts:
                operands.append(constant_text(p.data) if is_constant(p) else name_of(p))
                continue
            inner = kinds[p]
            tight = kind == "product" or (kind == "sum" and slot == 1 and op.name == "sub")
            loose = inner == "sum" or (inner == "product" and op.name.startswith("pow"))
            operands.append(f"({texts[p]})" if loose and (tight or kind == "power") else texts[p])
        # Each operand goes in through a placeholder, so that render_formula does not
        # bracket what is bracketed above already.
        holders = [f"Z{k}Z" for k in range(len(operands))]
        text = render_formula(op.formula, op_substitutions(op, holders), TIMES)
        for holder, operand in zip(holders, operands):
            text = text.replace(holder, operand)
        texts[node], kinds[node] = text, kind
    return texts[output]


#: How tightly an op's formula binds its operands (for brackets); other ops are functions.
_KIND = {"add": "sum", "sub": "sum", "neg": "product", "mul": "product", "div": "product",
         "pow": "power", "pow_const": "power"}


def members_of(groups: Iterable[Group]) -> dict[Value, Group]:
    """Each grouped node's group."""
    return {node: group for group in groups for node in group.members}
