"""Random smooth graphs, built from one recipe in gradschool and (optionally) in PyTorch.

Shared by the higher-derivative tests: second derivatives are compared with PyTorch's, so
the graphs use only ops that are smooth where they are evaluated (no relu kinks, logs of
positive numbers, divisors away from 0), and reuse earlier nodes (shared subexpressions).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from typing import Any

# name -> (arity, gradschool, torch); each input is squashed into a safe range first.
OPS: dict[str, tuple[int, Callable[..., Any], Callable[..., Any]]] = {
    "add": (2, lambda a, b: a + b, lambda t, a, b: a + b),
    "sub": (2, lambda a, b: a - b, lambda t, a, b: a - b),
    "mul": (2, lambda a, b: a * b, lambda t, a, b: a * b),
    "div": (2, lambda a, b: a / (b * b + 1.0), lambda t, a, b: a / (b * b + 1.0)),
    "neg": (1, lambda a: -a, lambda t, a: -a),
    "tanh": (1, lambda a: a.tanh(), lambda t, a: t.tanh(a)),
    "sigmoid": (1, lambda a: a.sigmoid(), lambda t, a: t.sigmoid(a)),
    "softplus": (1, lambda a: a.softplus(), lambda t, a: t.nn.functional.softplus(a)),
    "exp": (1, lambda a: a.tanh().exp(), lambda t, a: t.exp(t.tanh(a))),
    "log": (1, lambda a: (a * a + 0.5).log(), lambda t, a: t.log(a * a + 0.5)),
    "sqrt": (1, lambda a: (a * a + 0.5).sqrt(), lambda t, a: t.sqrt(a * a + 0.5)),
    "pow_const": (1, lambda a: a**3, lambda t, a: a**3),
    "pow": (2, lambda a, b: (a * a + 0.5) ** b.tanh(), lambda t, a, b: (a * a + 0.5) ** t.tanh(b)),
}

Recipe = list[tuple[str, tuple[int, ...]]]


def random_recipe(seed: int, leaves: int, steps: int = 10) -> Recipe:
    """Which op to apply to which earlier nodes, step by step (every op appears over seeds)."""
    rng = random.Random(seed)
    recipe: Recipe = []
    for step in range(steps):
        name = sorted(OPS)[(seed + step) % len(OPS)] if step < 2 else rng.choice(sorted(OPS))
        arity = OPS[name][0]
        # Prefer recent nodes (deep graphs), sometimes reuse any earlier one (sharing).
        count = leaves + step
        picks = tuple(
            rng.randrange(count) if rng.random() < 0.4 else rng.randrange(max(0, count - 3), count)
            for _ in range(arity)
        )
        recipe.append((name, picks))
    return recipe


def build(recipe: Recipe, xs: Sequence[Any], torch: Any = None) -> Any:
    """The recipe's output from leaves ``xs``: gradschool Values, or tensors with ``torch``."""
    nodes = list(xs)
    for name, picks in recipe:
        _, ours, theirs = OPS[name]
        operands = [nodes[i] for i in picks]
        nodes.append(theirs(torch, *operands) if torch is not None else ours(*operands))
    out = nodes[-1]
    for node in nodes[:-1]:  # every node (each leaf too) reaches the output, scaled down
        out = out + node * 0.1
    return out


def random_point(seed: int, leaves: int) -> list[float]:
    rng = random.Random(seed * 7919)
    return [round(rng.uniform(-1.5, 1.5), 3) for _ in range(leaves)]


def close(ours: float, theirs: float, tol: float = 1e-9) -> bool:
    return math.isclose(ours, theirs, rel_tol=tol, abs_tol=tol)
