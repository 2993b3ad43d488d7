r"""The fused loss op: binary cross-entropy as one node, exactly as PyTorch computes it.

An op like those in :mod:`autograd.ops`, written against the number kit in the same way,
and part of the same table: ``autograd.ops.BCE`` is its one shared instance. It lives
here because it is a loss, applied by :func:`nn.losses.binary_cross_entropy`, not an
operator or a function of ``Value``.
"""

from __future__ import annotations

from autograd import floats
from autograd.kit import Number, NumberKit
from autograd.op_definition import Op


class BinaryCrossEntropy(Op):
    r"""f(p, y) = -(y*max(ln(p), -100) + (1 - y)*max(ln(1 - p), -100));  df/dp = (p - y)/max(p*(1 - p), 1e-12),  df/dy = max(ln(1 - p), -100) - max(ln(p), -100)

    Binary cross-entropy of a probability ``p`` against a target ``y``, exactly as
    ``torch.nn.BCELoss`` computes it: each log term is clamped at -100 so that a
    confident wrong answer (``p = 0``, ``y = 1``) costs 100 instead of ``inf``, and
    the derivative's denominator is kept at least 1e-12 instead of dividing by 0.
    One node instead of six keeps ``0 * inf = nan`` out of the backward pass.

    ``ln(1 - p)`` is computed as ``log1p(-p)``, which keeps its digits for a tiny ``p``
    (``1 - p`` rounds ``p = 1e-17`` away entirely). PyTorch's 1e-12 is a float32
    constant, so the clamp uses the float32 nearest 1e-12, as it does.
    ``df/dy`` is the derivative of the clamped formula above; PyTorch instead gives
    ``-logit(p)``, which is ``±inf`` at ``p = 0`` or ``1`` where this op gives ``±100``.
    """

    name, symbol = "binary_cross_entropy", "bce"

    def forward(self, p: float, y: float, kit: NumberKit = floats) -> float:  # type: ignore[override]
        log_p, log_not_p = _clamped_logs(p, kit)
        return -(y * log_p + (1.0 - y) * log_not_p)

    def derivatives(self, p: float, y: float, out: float, kit: NumberKit = floats) -> tuple[float, float]:  # type: ignore[override]
        p_times_not_p = p * (1.0 - p)
        d_p = kit.divide(p - y, _at_least(p_times_not_p, _BCE_EPSILON, kit))
        log_p, log_not_p = _clamped_logs(p, kit)
        return d_p, log_not_p - log_p


def _at_least(x: Number, floor: float, kit: NumberKit) -> Number:
    """``max(x, floor)``, keeping ``nan`` (as ``max(nan, floor)`` does in PyTorch)."""
    return kit.where(x < floor, floor, x)


def _clamped_logs(p: Number, kit: NumberKit) -> tuple[Number, Number]:
    """``max(ln(p), -100)`` and ``max(ln(1 - p), -100)``, BCE's two clamped log terms."""
    return _at_least(kit.log(p), -100.0, kit), _at_least(kit.log1p(-p), -100.0, kit)


#: 1e-12 rounded to float32, the smallest denominator of PyTorch's BCE gradient.
_BCE_EPSILON = 9.999999960041972e-13

