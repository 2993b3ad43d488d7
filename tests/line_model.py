"""The smallest model fit can train, shared by the training tests: ``w*x + b`` on a line."""

from __future__ import annotations

from typing import Any

from autograd.value import Value

X_LINE = [[x / 4] for x in range(-4, 5)]  # 9 points on y = 2x + 1
Y_LINE = [2 * x[0] + 1 for x in X_LINE]


class Line:
    """``w*x + b`` made of two Values."""

    def __init__(self, w: float = 0.0, b: float = 0.0) -> None:
        self.w, self.b = Value(w, label="w"), Value(b, label="b")

    def __call__(self, x: Any) -> Value:
        return self.w * x[0] + self.b

    def parameters(self) -> list[Value]:
        return [self.w, self.b]
