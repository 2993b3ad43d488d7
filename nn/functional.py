"""Functions of several Values: softmax, log-softmax and weight penalties.

Softmax and log-softmax subtract the largest input first. That changes nothing
mathematically (``softmax(x) == softmax(x - c)`` for any constant ``c``) but keeps
``exp`` from overflowing: ``exp(1000)`` is ``inf``, ``exp(1000 - 1000)`` is 1. The
maximum is subtracted as a plain number, so no gradient flows through it, and none
needs to: the result does not depend on it.

Infinite inputs give what PyTorch gives: a ``-inf`` input is a probability of 0 (its log
``-inf``), while a ``+inf`` input, or a ``nan``, makes every result ``nan`` (``inf - inf``
has no value), and every gradient too. Never a mix such as ``[nan, 0, 0]``.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence

from autograd.value import Value, as_value
from autograd.value_methods import constant
from nn.checks import non_negative


def _values(values: Sequence[Value | float], what: str) -> list[Value]:
    if isinstance(values, (Value, numbers.Number, str)) or not isinstance(values, Sequence):
        raise TypeError(f"{what} expects a list of Values or numbers, got {values!r}")
    if len(values) == 0:
        raise ValueError(f"{what} needs at least one value, got an empty list")
    return [as_value(v, f"{what}: element {i}") for i, v in enumerate(values)]


def total(values: Iterable[Value]) -> Value:
    """``values[0] + values[1] + ...``, starting from the first value (no constant 0 node).

    Raises:
        ValueError: ``values`` is empty.
    """
    it = iter(values)
    try:
        result = next(it)
    except StopIteration:
        raise ValueError("total() of an empty list") from None
    for v in it:
        result = result + v
    return result


def shifted_by_max(values: Sequence[Value | float], caller: str) -> list[Value]:
    """``values - max(values)``: the largest becomes 0, so no ``exp`` of them overflows.

    ``caller`` names the function in the error messages about bad ``values``.
    """
    xs = _values(values, caller)
    # Shifting by an infinite maximum makes inf - inf = nan, and every result nan, as in
    # PyTorch: with +inf in the inputs there is no sensible answer, and every output says so.
    m = max(x.data for x in xs)
    return [x - m for x in xs]


def shifted_logsumexp(
    values: Sequence[Value | float], caller: str = "logsumexp"
) -> tuple[list[Value], Value]:
    """``(s, log(sum(exp(s))))`` where ``s = values - max(values)``, the stable building block.

    ``log_softmax(x) = s - logsumexp(s)``, and cross-entropy is ``logsumexp(s) - s[target]``.
    """
    shifted = shifted_by_max(values, caller)
    lse = total(s.exp() for s in shifted).log()
    return shifted, lse


def softmax(values: Sequence[Value | float]) -> list[Value]:
    """``exp(x_i) / sum_j exp(x_j)``: turns scores (logits) into probabilities that sum to 1.

    Args:
        values: logits, as Values or numbers.

    Returns:
        One Value per input, each in [0, 1].

    Example:
        >>> [round(p.data, 3) for p in softmax([1000.0, 0.0])]
        [1.0, 0.0]
    """
    exps = [s.exp() for s in shifted_by_max(values, "softmax")]
    denominator = total(exps)
    return [e / denominator for e in exps]


def log_softmax(values: Sequence[Value | float]) -> list[Value]:
    """``x_i - log(sum_j exp(x_j))``: the log of :func:`softmax`, computed without overflow.

    Example:
        >>> [p.data for p in log_softmax([1000.0, 0.0])]
        [0.0, -1000.0]
    """
    shifted, lse = shifted_logsumexp(values, "log_softmax")
    return [s - lse for s in shifted]


def l1_penalty(params: Iterable[Value], rate: float) -> Value:
    """``rate * sum(|w|)``: Keras's L1 regularizer (lasso). Pushes weights to exactly 0.

    Args:
        params: the weights to penalise, e.g. ``model.parameters()``.
        rate: the strength, a finite number ``>= 0`` (Keras's default is 0.01).

    Returns:
        A Value to add to the loss (``Value(0.0)`` when there are no params).
    """
    r = non_negative(rate, "l1_penalty: rate")
    terms = [abs(as_value(p, "l1_penalty: a parameter")) for p in params]
    return total(terms) * r if terms else constant(0.0)


def l2_penalty(params: Iterable[Value], rate: float) -> Value:
    """``rate * sum(w**2)``: Keras's L2 regularizer (no 1/2 in front). Shrinks big weights.

    Its gradient is ``2 * rate * w``: the same as SGD's ``weight_decay = 2 * rate``.

    Args:
        params: the weights to penalise, e.g. ``model.parameters()``.
        rate: the strength, a finite number ``>= 0`` (Keras's default is 0.01).

    Returns:
        A Value to add to the loss (``Value(0.0)`` when there are no params).
    """
    r = non_negative(rate, "l2_penalty: rate")
    terms = [as_value(p, "l2_penalty: a parameter") ** 2 for p in params]
    return total(terms) * r if terms else constant(0.0)
