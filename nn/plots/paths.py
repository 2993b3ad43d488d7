"""Optimizers on a two-parameter loss: the standard test surfaces, and the path each
optimizer takes across one.

With only two weights the whole loss landscape fits on a page (see
:func:`nn.plots.loss_surface`). On an elongated bowl plain SGD zig-zags across the valley,
momentum overshoots and swings back, RMSprop and Adam head straight for the floor.

Example:
    >>> paths = optimizer_paths(elongated_bowl, start=(-1.8, 1.0))
    >>> sorted(paths)
    ['Adam', 'RMSprop', 'SGD', 'momentum']
    >>> len(paths["SGD"])  # the start, then one point per step
    51
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from autograd.value import Value
from nn.optim import SGD, Adam, Optimizer, RMSprop

Point = tuple[float, float]
#: ``(optimizer class, keyword arguments)`` or a factory ``params -> Optimizer``.
OptimizerSpec = tuple[Callable[..., Optimizer], Mapping[str, Any]] | Callable[..., Optimizer]

#: Defaults for :func:`elongated_bowl` from (-1.8, 1.0), 50 steps. SGD's rate is large
#: enough to bounce across the steep direction. Momentum's steps build up to
#: ``lr / (1 - momentum)`` = 10 x lr, hence its smaller rate. RMSprop and Adam divide by the
#: root of a running mean of squared gradients: their steps are about ``lr`` whatever the
#: slope (RMSprop's first ones ~10 x lr: its running mean starts at 0, uncorrected).
DEFAULT_OPTIMIZERS: dict[str, OptimizerSpec] = {
    "SGD": (SGD, {"lr": 0.1}),
    "momentum": (SGD, {"lr": 0.03, "momentum": 0.9}),
    "RMSprop": (RMSprop, {"lr": 0.05}),
    "Adam": (Adam, {"lr": 0.1}),
}


def elongated_bowl(w1: Any, w2: Any) -> Any:
    """``(w1**2 + 18 * w2**2) / 2``: a valley 18 times steeper across (w2) than along (w1).

    Works on floats and on Values. With SGD at ``lr = 0.1`` each step multiplies ``w2`` by
    ``1 - 0.1 * 18 = -0.8`` (it bounces from one wall to the other) but ``w1`` only by 0.9
    (it creeps along the floor): the classic zig-zag. Minimum 0 at (0, 0).
    """
    return (w1**2 + 18 * w2**2) / 2


def rosenbrock(w1: Any, w2: Any, a: float = 1.0, b: float = 100.0) -> Any:
    """Rosenbrock's banana valley ``(a - w1)**2 + b * (w2 - w1**2)**2``, minimum 0 at
    ``(a, a**2)``: finding the valley is easy, following its curved floor is hard.
    Works on floats and on Values."""
    return (a - w1) ** 2 + b * (w2 - w1**2) ** 2


def optimizer_paths(
    f: Callable[[Value, Value], Value],
    start: Sequence[float],
    optimizers: Mapping[str, OptimizerSpec] | None = None,
    steps: int = 50,
) -> dict[str, list[Point]]:
    """Run each optimizer on the two weights ``[w1, w2]`` from ``start``; record each step.

    Args:
        f: the loss, built from the two Values it is given (``f(w1, w2) -> Value``).
        start: ``(w1, w2)`` where every optimizer starts.
        optimizers: ``{name: spec}``, each spec a factory ``lambda params: SGD(params,
            lr=0.1)`` or a pair ``(SGD, {"lr": 0.1})``. Default: :data:`DEFAULT_OPTIMIZERS`
            (SGD, momentum, RMSprop and Adam, tuned for :func:`elongated_bowl`).
        steps: how many updates each optimizer makes.

    Returns:
        ``{name: [(w1, w2), ...]}``: the start, then the point after each step (fewer when
        a weight became ``nan``/``inf``: the path stops at the first point with a
        non-finite coordinate).
    """
    origin = as_point(start, "start")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be an int >= 0, got {steps!r}")
    specs = DEFAULT_OPTIMIZERS if optimizers is None else optimizers
    paths: dict[str, list[Point]] = {}
    for name, spec in specs.items():
        w1, w2 = Value(origin[0], label="w1"), Value(origin[1], label="w2")
        optimizer = _build(name, spec, [w1, w2])
        path = [origin]
        for _ in range(steps):
            optimizer.zero_grad()
            loss = f(w1, w2)
            if not isinstance(loss, Value):
                raise TypeError(
                    f"f must build its loss from the Values it is given and return a Value, "
                    f"got {type(loss).__name__}: {loss!r}"
                )
            loss.backward()
            optimizer.step()
            path.append((w1.data, w2.data))
            if not (math.isfinite(w1.data) and math.isfinite(w2.data)):
                break
        paths[name] = path
    return paths


def _build(name: str, spec: object, params: list[Value]) -> Optimizer:
    """An optimizer over ``params`` from a ``(class, kwargs)`` pair or a factory."""
    if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1], Mapping):
        factory, kwargs = spec
        optimizer = factory(params, **kwargs)
    elif callable(spec):
        optimizer = spec(params)
    else:
        raise TypeError(
            f"optimizer {name!r} must be a factory (lambda params: SGD(params, lr=0.1)) or a "
            f"pair (SGD, {{'lr': 0.1}}), got {spec!r}"
        )
    usable = all(callable(getattr(optimizer, m, None)) for m in ("step", "zero_grad"))
    if not usable:
        raise TypeError(f"optimizer {name!r} built {optimizer!r}, which has no step()/zero_grad()")
    return optimizer  # type: ignore[no-any-return]


def as_point(p: object, what: str, *, allow_nonfinite: bool = False) -> Point:
    """``p`` as a pair of floats, or a ValueError naming ``what`` and the bad value."""
    if isinstance(p, (str, bytes)) or not isinstance(p, (Sequence, np.ndarray)) or len(p) != 2:
        raise ValueError(f"{what} must be a pair (w1, w2), got {p!r}")
    pair = []
    for x in p:
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise ValueError(f"{what} must hold two numbers, got {p!r}")
        if not allow_nonfinite and not math.isfinite(x):
            raise ValueError(f"{what} must be finite, got {p!r}")
        pair.append(float(x))
    return pair[0], pair[1]
