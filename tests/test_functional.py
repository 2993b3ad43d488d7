"""nn.functional: softmax and log_softmax vs PyTorch, and the Keras weight penalties."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from autograd.gradcheck import gradcheck
from autograd.value import Value
from nn.functional import l1_penalty, l2_penalty, log_softmax, softmax, total


def close(a: float, b: float, tol: float = 1e-9) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(b)) or a == b


LOGITS = [
    [1.0, 2.0, 3.0],
    [1000.0, 0.0],
    [-1000.0, 0.0, 5.0],
    [0.5],
    [1e-3, -2.0, 7.5, 7.5],
]


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("logits", LOGITS, ids=str)
def test_values_and_gradients_match_torch(name: str, logits: list[float]) -> None:
    torch = pytest.importorskip("torch")
    ours: Callable[[Any], list[Value]] = {"softmax": softmax, "log_softmax": log_softmax}[name]
    leaves = [Value(x) for x in logits]
    out = ours(leaves)
    weights = [0.3, -1.2, 2.0, 0.7][: len(out)]  # so that every output's gradient counts
    total(v * w for v, w in zip(out, weights)).backward()

    x_t = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    out_t = getattr(torch, name)(x_t, dim=0)
    (out_t * torch.tensor(weights, dtype=torch.float64)).sum().backward()
    for mine, theirs in zip(out, out_t.tolist(), strict=True):
        assert math.isfinite(mine.data) and close(mine.data, theirs)
    for leaf, theirs in zip(leaves, x_t.grad.tolist(), strict=True):
        assert close(leaf.grad, theirs)


def test_gradients_match_central_differences() -> None:
    for f in (lambda a, b, c: softmax([a, b, c])[1] * 2.0 - softmax([a, b, c])[2],
              lambda a, b, c: log_softmax([a, b, c])[0] + log_softmax([a, b, c])[2] * 0.5):
        report = gradcheck(f, 0.3, -1.2, 2.5)
        assert report.ok, str(report)


def test_softmax_of_huge_logits_does_not_overflow() -> None:
    probabilities = [p.data for p in softmax([1000.0, 0.0, 1000.0])]
    assert probabilities == [0.5, 0.0, 0.5]
    assert [p.data for p in log_softmax([1000.0, 0.0])] == [0.0, -1000.0]


def test_softmax_is_the_exp_of_log_softmax_even_for_infinite_logits() -> None:
    # One shift by the maximum serves both (shifted_by_max): they cannot drift apart.
    for logits in ([1000.0, 0.0, -5.0], [math.inf, 0.0], [-math.inf, 1.0], [math.nan, 1.0]):
        probabilities = [p.data for p in softmax(logits)]
        expected = [math.exp(q.data) for q in log_softmax(logits)]
        assert probabilities == pytest.approx(expected, rel=1e-15, nan_ok=True), logits


def test_softmax_sums_to_one_and_accepts_floats_and_values() -> None:
    out = softmax([Value(0.1), 2, -3.5])
    assert all(isinstance(v, Value) for v in out)
    assert sum(v.data for v in out) == pytest.approx(1.0, abs=1e-15)


@pytest.mark.parametrize("f", [softmax, log_softmax], ids=lambda f: f.__name__)
def test_bad_inputs_are_refused(f: Callable[[Any], Any]) -> None:
    with pytest.raises(ValueError, match=f"^{f.__name__} needs at least one value"):
        f([])
    with pytest.raises(TypeError, match="element 1 must be a Value, a float or an int"):
        f([1.0, "2"])
    with pytest.raises(TypeError, match="expects a list"):
        f(3.0)


def test_total_starts_from_the_first_value() -> None:
    a, b = Value(2.0), Value(3.0)
    s = total([a, b])
    assert s.data == 5.0 and s.inputs == (a, b)  # one node: no constant 0 in front
    with pytest.raises(ValueError, match="empty"):
        total([])


# ---------------------------------------------------------------- penalties


def test_l1_and_l2_penalties_follow_keras_definitions() -> None:
    ws = [Value(0.5), Value(-2.0), Value(0.0)]
    l1 = l1_penalty(ws, 0.01)
    l2 = l2_penalty(ws, 0.01)
    assert l1.data == pytest.approx(0.01 * 2.5, rel=1e-15)
    assert l2.data == pytest.approx(0.01 * 4.25, rel=1e-15)  # no 1/2 in front
    (l1 + l2).backward()
    expected = [0.01 * math.copysign(1.0, w) * (w != 0.0) + 2 * 0.01 * w for w in (0.5, -2.0, 0.0)]
    assert [w.grad for w in ws] == pytest.approx(expected, rel=1e-15)


def test_penalties_match_torch() -> None:
    torch = pytest.importorskip("torch")
    values = [0.3, -1.7, 2.2, -0.01]
    for ours, reference in ((l1_penalty, lambda w: w.abs().sum()),
                            (l2_penalty, lambda w: (w * w).sum())):
        ws = [Value(v) for v in values]
        out = ours(ws, 0.05)
        out.backward()
        w_t = torch.tensor(values, dtype=torch.float64, requires_grad=True)
        out_t = 0.05 * reference(w_t)
        out_t.backward()
        assert close(out.data, out_t.item())
        assert all(close(w.grad, g) for w, g in zip(ws, w_t.grad.tolist()))


def test_penalty_of_no_parameters_is_zero() -> None:
    assert l1_penalty([], 0.1).data == 0.0 and l2_penalty([], 0.1).data == 0.0


@pytest.mark.parametrize("penalty", [l1_penalty, l2_penalty], ids=lambda f: f.__name__)
def test_penalty_rate_must_be_a_non_negative_number(penalty: Callable[..., Value]) -> None:
    name = penalty.__name__
    with pytest.raises(ValueError, match=f"{name}: rate must be a finite number >= 0, got -0.1"):
        penalty([Value(1.0)], -0.1)
    with pytest.raises(ValueError, match="rate must be a finite number >= 0, got nan"):
        penalty([Value(1.0)], math.nan)
    with pytest.raises(ValueError, match="rate must be a finite number >= 0, got inf"):
        penalty([Value(1.0)], math.inf)  # would make every loss inf
    with pytest.raises(TypeError, match="rate must be a number"):
        penalty([Value(1.0)], "0.1")
    assert penalty([Value(3.0)], 0).data == 0.0


def same_float(a: float, b: float) -> bool:
    """Equal, or both nan (a gradient of -0.0 reads 0.0: backward adds to a 0.0)."""
    return a == b or (math.isnan(a) and math.isnan(b))


INFINITE_LOGITS = [
    [math.inf, 0.0, 0.0], [-math.inf, 0.0, 0.0], [math.inf, math.inf, 0.0],
    [math.nan, 0.0, 0.0], [0.0, math.nan, 1.0], [math.inf, -math.inf, 0.0],
    [-math.inf, -math.inf, 0.0], [-math.inf, -math.inf], [1000.0, 0.0, -math.inf],
]


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("logits", INFINITE_LOGITS, ids=str)
def test_infinite_and_nan_logits_give_torch_s_values_and_gradients(
    name: str, logits: list[float]
) -> None:
    # A +inf logit gave a mix such as [nan, 0, 0]; torch (and now we) give nan throughout.
    torch = pytest.importorskip("torch")
    ours: Callable[[Any], list[Value]] = {"softmax": softmax, "log_softmax": log_softmax}[name]
    leaves = [Value(x) for x in logits]
    out = ours(leaves)
    out[-1].backward()
    x_t = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    out_t = getattr(torch, name)(x_t, dim=0)
    out_t[-1].backward()
    assert all(map(same_float, [v.data for v in out], out_t.tolist())), [v.data for v in out]
    assert all(map(same_float, [v.grad for v in leaves], x_t.grad.tolist()))  # type: ignore[union-attr]
