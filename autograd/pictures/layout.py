"""Where each node of a drawing goes: drawn itself, folded into its module, or left out.

A :class:`Layout` is worked out once per drawing from the graph, the ``depth`` and the
modules opened by hand. Every node gets the DOT name of what stands for it in the
picture: ``n<i>`` (its position in topological order) when it is drawn itself, ``g<k>``
for a folded module (``k`` numbers the graph's scopes in order of appearance, so that a
module keeps its name whatever else is open), or nothing for a constant, which is written
inside its op.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from autograd.pictures.notation import display_names, is_constant
from autograd.pictures.scopes import Group, Path, fold, fold_level, scope_paths
from autograd.value import Value


@dataclass
class Layout:
    """What stands for each node in a drawing.

    Attributes:
        names: every node's display name.
        paths: the open boxes each drawn node sits in, outermost first.
        ident: the DOT name that stands for each node (``None``: a constant).
        groups: the folded modules, by name.
        group_ident: each folded module's DOT name.
        scope_ident: the DOT name of every scope of the graph, folded or not.
    """

    names: dict[Value, str]
    paths: dict[Value, Path]
    ident: dict[Value, str | None]
    groups: dict[str, Group]
    group_ident: dict[str, str]
    scope_ident: dict[str, str]

    @classmethod
    def of(cls, order: Sequence[Value], depth: int | None, opened: Collection[str]) -> Layout:
        """The layout of the graph ``order`` (topological) at ``depth``, ``opened`` open."""
        names = display_names(order)
        root = order[-1]  # drawn even if it is a lone constant
        ident: dict[Value, str | None] = {
            node: None if is_constant(node) and node is not root else f"n{i}"
            for i, node in enumerate(order)
        }
        if depth is None:
            return cls(names, dict.fromkeys(order, ()), ident, {}, {}, {})
        full = scope_paths(order)
        scope_ident: dict[str, str] = {}
        for node in order:
            for scope in full[node]:
                scope_ident.setdefault(scope, f"g{len(scope_ident)}")
        groups = fold(order, full, depth, opened)
        paths: dict[Value, Path] = {}
        for node in order:
            path = full[node]
            level = fold_level(path, depth, opened)
            paths[node] = path[:level]
            if len(path) > level and ident[node] is not None:
                ident[node] = scope_ident[path[level]]
        group_ident = {name: scope_ident[name] for name in groups}
        return cls(names, paths, ident, groups, group_ident, scope_ident)

    def visible(self, node: Value) -> str:
        """The DOT name of what stands for ``node``: itself or its folded module.

        Raises:
            ValueError: ``node`` is a constant, drawn inside its op with no node of its own.
        """
        ident = self.ident[node]
        if ident is None:
            raise ValueError(
                f"the constant {self.names[node]} is drawn inside its op: it has no node of its own"
            )
        return ident
