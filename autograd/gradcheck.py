"""Check the engine's gradients against central differences.

The central difference ``(f(x + h) - f(x - h)) / 2h`` needs nothing but the forward
pass, so it is an independent witness: if backprop and it agree, the chain rule was
applied correctly.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from autograd.coerce import to_float
from autograd.mode import enable_grad, no_grad
from autograd.value import Number, Value


class GradcheckError(AssertionError):
    """Raised by ``gradcheck(..., raise_on_mismatch=True)``; the message names the worst input."""


@dataclass(frozen=True)
class GradcheckRow:
    """One input's comparison."""

    name: str
    value: float
    engine: float
    numeric: float
    error: float
    ok: bool


@dataclass(frozen=True)
class GradcheckReport:
    """The result of :func:`gradcheck`: one row per input, and whether all agree.

    ``str(report)`` is a table; ``report.ok`` is True when every row agrees.
    """

    output: float
    rows: tuple[GradcheckRow, ...]
    atol: float
    rtol: float

    @property
    def ok(self) -> bool:
        """True when every input's gradient agrees with its central difference."""
        return all(row.ok for row in self.rows)

    @property
    def worst(self) -> GradcheckRow | None:
        """The row with the largest error (``None`` when there are no inputs)."""
        return max(self.rows, key=lambda row: _sortable(row.error), default=None)

    def __str__(self) -> str:
        header = (
            f"{'input':>10} {'value':>12} {'engine grad':>14} {'numeric grad':>14} {'error':>10}"
        )
        lines = [f"gradcheck of f = {self.output!r}", header]
        for row in self.rows:
            mark = "ok" if row.ok else "MISMATCH"
            lines.append(
                f"{row.name:>10} {row.value:>12.6g} {row.engine:>14.8g} "
                f"{row.numeric:>14.8g} {row.error:>10.2e}  {mark}"
            )
        verdict = "all gradients agree" if self.ok else "some gradients disagree"
        lines.append(f"{verdict} (tolerance {self.atol:g} + {self.rtol:g}·|numeric|)")
        return "\n".join(lines)


def _sortable(error: float) -> float:
    return math.inf if math.isnan(error) else error


def gradcheck(
    f: Callable[..., Value],
    *inputs: Value | Number,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-4,
    raise_on_mismatch: bool = False,
) -> GradcheckReport:
    """Compare ``backward()``'s gradients of ``f`` with central differences.

    Args:
        f: a function of Values returning one Value, e.g. ``lambda a, b: (a * b).tanh()``.
        *inputs: the point to check at: numbers, or Values (their ``data`` and ``label``
            are used; the Values themselves are not modified).
        eps: the step ``h`` of the central difference, relative to ``max(1, |x|)``.
        atol: absolute tolerance.
        rtol: tolerance relative to the numeric gradient.
        raise_on_mismatch: raise :class:`GradcheckError` naming the worst input instead
            of returning a failing report.

    Returns:
        A :class:`GradcheckReport`; print it for a table.

    Example:
        >>> report = gradcheck(lambda a, b: a * b + a.tanh(), 2.0, -3.0)
        >>> report.ok
        True
    """
    for what, number in (("eps", eps), ("atol", atol), ("rtol", rtol)):
        if not (isinstance(number, (int, float)) and math.isfinite(number) and number >= 0):
            raise ValueError(f"gradcheck: {what} must be a finite number >= 0, got {number!r}")
    if eps == 0:
        raise ValueError("gradcheck: eps must be greater than 0, got 0")
    points = [x.data if isinstance(x, Value) else to_float(x, "gradcheck input") for x in inputs]
    names = [
        (x.label if isinstance(x, Value) and x.label else f"x{i}") for i, x in enumerate(inputs)
    ]
    leaves = [Value(p, label=n) for p, n in zip(points, names)]
    with enable_grad():  # the graph must be recorded even if called under no_grad()
        output = f(*leaves)
        if not isinstance(output, Value):
            raise TypeError(f"gradcheck: f must return a Value, got {type(output).__name__}")
        output.backward()

    def evaluate(at: list[float]) -> float:
        with no_grad():
            return f(*(Value(p) for p in at)).data

    rows = []
    for i, (name, leaf) in enumerate(zip(names, leaves)):
        # The step grows with |x|: an absolute 1e-6 would vanish in rounding at x = 3e6.
        step = eps * max(1.0, abs(points[i]))
        plus, minus = list(points), list(points)
        plus[i] += step
        minus[i] -= step
        numeric = (evaluate(plus) - evaluate(minus)) / (plus[i] - minus[i])
        error = abs(leaf.grad - numeric)
        if leaf.grad == numeric:  # covers equal infinities, whose difference is nan
            error = 0.0
        ok = error <= atol + rtol * abs(numeric)
        rows.append(GradcheckRow(name, points[i], leaf.grad, numeric, error, ok))
    report = GradcheckReport(output.data, tuple(rows), atol, rtol)
    worst = report.worst
    if raise_on_mismatch and not report.ok and worst is not None:
        raise GradcheckError(
            f"gradient of {worst.name} (at {worst.value!r}) is {worst.engine!r} by backprop "
            f"but {worst.numeric!r} by central differences (error {worst.error:.3g})\n{report}"
        )
    return report
