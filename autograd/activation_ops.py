r"""The activation ops: relu, leaky relu, tanh, sigmoid and softplus.

Part of the op table (see :mod:`autograd.ops`, where each has its shared instance and
from where each is importable): forward and derivative side by side, written once
against the number kit.
"""

from __future__ import annotations

from autograd import floats
from autograd.formatting import constant_text
from autograd.kit import NumberKit
from autograd.op_definition import Op


class ReLU(Op):
    r"""f(a) = max(a, 0);  df/da = 1 if a > 0 else 0"""

    name, symbol = "relu", "relu"

    def forward(self, a: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return kit.where(a <= 0.0, 0.0, a)  # written this way round so that relu(nan) is nan

    def derivatives(self, a: float, out: float, kit: NumberKit = floats) -> tuple[float]:  # type: ignore[override]
        return (kit.where(a <= 0.0, 0.0, 1.0),)  # 1 at nan, as PyTorch gives


class LeakyReLU(Op):
    r"""f(a) = a if a > 0 else slope*a;  df/da = 1 if a > 0 else slope"""

    name = "leaky_relu"

    def __init__(self, slope: float) -> None:
        self.slope = slope

    @property
    def symbol(self) -> str:  # type: ignore[override]
        return f"leaky_relu({constant_text(self.slope)})"

    @property
    def parameters(self) -> dict[str, float]:
        return {"slope": self.slope}

    def forward(self, a: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return kit.where(a > 0.0, a, self.slope * a)

    def derivatives(self, a: float, out: float, kit: NumberKit = floats) -> tuple[float]:  # type: ignore[override]
        return (kit.where(a > 0.0, 1.0, self.slope),)


class Tanh(Op):
    r"""f(a) = tanh(a);  df/da = 1 - out²"""

    name, symbol = "tanh", "tanh"

    def forward(self, a: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return kit.tanh(a)

    def derivatives(self, a: float, out: float, kit: NumberKit = floats) -> tuple[float]:  # type: ignore[override]
        return (1.0 - out * out,)


class Sigmoid(Op):
    r"""f(a) = 1/(1 + e**-a);  df/da = out*(1 - out)

    Computed without overflow for any ``a`` (see :func:`autograd.floats.sigmoid`).
    """

    name, symbol = "sigmoid", "σ"

    def forward(self, a: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return kit.sigmoid(a)

    def derivatives(self, a: float, out: float, kit: NumberKit = floats) -> tuple[float]:  # type: ignore[override]
        return (out * (1.0 - out),)


class Softplus(Op):
    r"""f(a) = ln(1 + e**a);  df/da = sigmoid(a)

    Computed as ``max(a, 0) + ln(1 + e**-|a|)``, which never overflows. It is the
    smooth cousin of relu and the heart of the stable logits losses:
    ``-ln(sigmoid(z)) = softplus(-z)``.
    """

    name, symbol = "softplus", "softplus"

    def forward(self, a: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        return kit.softplus(a)

    def derivatives(self, a: float, out: float, kit: NumberKit = floats) -> tuple[float]:  # type: ignore[override]
        return (kit.sigmoid(a),)
