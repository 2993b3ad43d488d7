"""nn.losses: values and gradients vs PyTorch (float64, 1e-9) and central differences,
the extreme cases, the course's worked numbers, and ``get``."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from autograd import floats
from autograd.gradcheck import gradcheck
from autograd.value import Value
from nn import losses
from nn.functional import total
from nn.losses import (
    EPSILON,
    REDUCTIONS,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    categorical_cross_entropy,
    cross_entropy,
    hinge,
    mae,
    mse,
    sparse_categorical_cross_entropy,
)


def close(a: float, b: float, tol: float = 1e-9) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(b)) or a == b


def scalar(out: Value | list[Value]) -> float:
    """The number a mean/sum-reduced loss returns."""
    assert isinstance(out, Value)
    return out.data


def torch_reference(name: str, reduction: str) -> Callable[[Any, Any], Any]:
    """The PyTorch expression of each loss, on (N,) or (N, C) float64 tensors."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional

    def reduce(per_sample: Any) -> Any:
        return {"mean": per_sample.mean, "sum": per_sample.sum, "none": lambda: per_sample}[
            reduction]()

    def clip_log(p: Any) -> Any:  # Keras: log(clip(p, eps, 1 - eps))
        return torch.log(torch.clamp(p, EPSILON, 1.0 - EPSILON))

    return {
        "mse": lambda p, t: F.mse_loss(p, t, reduction=reduction),
        "mae": lambda p, t: F.l1_loss(p, t, reduction=reduction),
        "binary_cross_entropy": lambda p, t: F.binary_cross_entropy(p, t, reduction=reduction),
        "binary_cross_entropy_with_logits":
            lambda p, t: F.binary_cross_entropy_with_logits(p, t, reduction=reduction),
        "hinge": lambda p, t: reduce(torch.clamp(1.0 - t * p, min=0.0)),
        "cross_entropy": lambda p, t: F.cross_entropy(p, t, reduction=reduction),
        "categorical_cross_entropy": lambda p, t: reduce(-(t * clip_log(p)).sum(dim=1)),
        "sparse_categorical_cross_entropy":
            lambda p, t: F.nll_loss(clip_log(p), t, reduction=reduction),
    }[name]


# (loss, predictions, targets): batches that exercise both sides of every kink
BATCHES: list[tuple[Callable[..., Any], list[Any], list[Any]]] = [
    (mse, [0.3, -1.2, 2.5, 0.0, 1e3], [0.5, -1.0, 2.5, -3.0, 0.0]),
    (mae, [0.3, -1.2, 2.5, 0.0, 1e3], [0.5, -1.0, 2.5, -3.0, 0.0]),  # 2.5 vs 2.5: gradient 0
    (binary_cross_entropy, [0.9, 0.2, 0.5, 0.999, 0.01], [1.0, 0.0, 0.3, 1.0, 1.0]),
    (binary_cross_entropy_with_logits, [-2.0, 0.0, 3.5, 30.0, -7.0], [1.0, 0.0, 0.25, 0.0, 1.0]),
    (hinge, [0.3, -2.0, 1.5, -0.4, 2.0], [1.0, -1.0, -1.0, 1.0, 1.0]),
    (cross_entropy, [[1.0, 2.0, -0.5], [0.3, 0.3, 4.0], [-1.0, 0.0, 1.0], [50.0, -20.0, 0.0]],
     [0, 2, 1, 1]),
    (categorical_cross_entropy,
     [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]],
     [[1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 0, 0]]),  # the last two are clipped
    (sparse_categorical_cross_entropy,
     [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]],
     [0, 2, 1, 0, 0]),
]


def NAME(x: object) -> str:  # noqa: N802 (a test-id function)
    return getattr(x, "__name__", "")


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("loss, predictions, targets", BATCHES, ids=NAME)
def test_value_and_gradient_match_torch(
    loss: Callable[..., Any], predictions: list[Any], targets: list[Any], reduction: str
) -> None:
    torch = pytest.importorskip("torch")
    leaves = [[Value(v) for v in row] if isinstance(row, list) else Value(row)
              for row in predictions]
    out = loss(leaves, targets, reduction=reduction)
    weights = [1.0, -0.5, 2.0, 0.75, 1.5]  # "none": weigh each sample's loss differently
    if reduction == "none":
        assert isinstance(out, list) and all(isinstance(v, Value) for v in out)
        total(v * w for v, w in zip(out, weights)).backward()
    else:
        assert isinstance(out, Value)
        out.backward()

    p_t = torch.tensor(predictions, dtype=torch.float64, requires_grad=True)
    integer_targets = loss in (cross_entropy, sparse_categorical_cross_entropy)
    t_t = torch.tensor(targets, dtype=torch.long if integer_targets else torch.float64)
    out_t = torch_reference(loss.__name__, reduction)(p_t, t_t)
    if reduction == "none":
        (out_t * torch.tensor(weights[: len(out)], dtype=torch.float64)).sum().backward()
        for mine, theirs in zip(out, out_t.tolist(), strict=True):
            assert close(mine.data, theirs)
    else:
        out_t.backward()
        assert close(out.data, out_t.item())
    mine_grads = [[v.grad for v in row] if isinstance(row, list) else row.grad for row in leaves]
    flat = lambda g: [x for row in g for x in (row if isinstance(row, list) else [row])]  # noqa: E731
    for mine, theirs in zip(flat(mine_grads), flat(p_t.grad.tolist()), strict=True):
        assert close(mine, theirs), (mine, theirs)


@pytest.mark.parametrize("loss, predictions, targets", BATCHES, ids=NAME)
def test_gradient_matches_central_differences(
    loss: Callable[..., Any], predictions: list[Any], targets: list[Any]
) -> None:
    # central differences need a smooth neighbourhood: drop the samples on a kink or clip
    rows = [(p, t) for p, t in zip(predictions, targets)
            if not (loss is mae and p == t)
            and not (isinstance(p, list) and (0.0 in p or 1.0 in p))]
    shape = [len(p) if isinstance(p, list) else None for p, _ in rows]
    flat = [x for p, _ in rows for x in (p if isinstance(p, list) else [p])]

    def f(*xs: Value) -> Value:
        it = iter(xs)
        preds = [[next(it) for _ in range(n)] if n else next(it) for n in shape]
        return loss(preds, [t for _, t in rows])  # type: ignore[no-any-return]

    report = gradcheck(f, *flat)  # default tolerances: the 1e3 sample makes the loss ~2e5
    assert report.ok, str(report)


def test_multi_output_batches_average_over_every_output_like_torch() -> None:
    torch = pytest.importorskip("torch")
    preds = [[Value(1.0), Value(2.0)], [Value(3.0), Value(-4.0)]]
    targets = [[1.5, 1.0], [0.0, -4.5]]
    out = mse(preds, targets)
    assert isinstance(out, Value)
    out.backward()
    p_t = torch.tensor([[1.0, 2.0], [3.0, -4.0]], dtype=torch.float64, requires_grad=True)
    out_t = torch.nn.functional.mse_loss(p_t, torch.tensor(targets, dtype=torch.float64))
    out_t.backward()
    assert close(out.data, out_t.item())
    mine = [v.grad for row in preds for v in row]
    assert mine == pytest.approx(p_t.grad.flatten().tolist(), rel=1e-12)


def test_one_sample_equals_a_batch_of_one() -> None:
    assert scalar(mse(2.0, 0.0)) == scalar(mse([2.0], [0.0])) == 4.0
    assert scalar(cross_entropy([1.0, 2.0], 1)) == scalar(cross_entropy([[1.0, 2.0]], [1]))
    single = categorical_cross_entropy([0.7, 0.2, 0.1], [1, 0, 0], reduction="none")
    assert isinstance(single, list) and len(single) == 1


# ---------------------------------------------------------------- extreme inputs


@pytest.mark.parametrize("p", [0.0, 1.0, 1e-300, 1.0 - 1e-16])
@pytest.mark.parametrize("y", [0.0, 1.0, 0.5])
def test_bce_at_certain_probabilities_matches_torch(p: float, y: float) -> None:
    torch = pytest.importorskip("torch")
    mine = Value(p)
    out = binary_cross_entropy(mine, y)
    assert isinstance(out, Value)
    out.backward()
    p_t = torch.tensor([p], dtype=torch.float64, requires_grad=True)
    out_t = torch.nn.functional.binary_cross_entropy(p_t, torch.tensor([y], dtype=torch.float64))
    out_t.backward()
    assert math.isfinite(out.data) and close(out.data, out_t.item())
    assert close(mine.grad, p_t.grad.item())


@pytest.mark.parametrize("z", [0.0, 30.0, -30.0, 1000.0, -1000.0])
@pytest.mark.parametrize("y", [0.0, 1.0, 0.25])
def test_bce_with_logits_is_stable_and_its_gradient_is_sigmoid_minus_target(
    z: float, y: float
) -> None:
    torch = pytest.importorskip("torch")
    logit = Value(z)
    out = binary_cross_entropy_with_logits(logit, y)
    assert isinstance(out, Value)
    out.backward()
    assert math.isfinite(out.data)
    assert logit.grad == floats.sigmoid(z) - y  # exactly, with no kink at z = 0
    z_t = torch.tensor([z], dtype=torch.float64, requires_grad=True)
    out_t = torch.nn.functional.binary_cross_entropy_with_logits(
        z_t, torch.tensor([y], dtype=torch.float64))
    out_t.backward()
    assert close(out.data, out_t.item())
    assert close(logit.grad, z_t.grad.item())


@pytest.mark.parametrize("target", [0, 1])
def test_cross_entropy_with_huge_logits_is_finite_and_matches_torch(target: int) -> None:
    torch = pytest.importorskip("torch")
    logits = [Value(1000.0), Value(0.0)]
    out = cross_entropy(logits, target)
    assert isinstance(out, Value)
    out.backward()
    assert out.data == [0.0, 1000.0][target]
    l_t = torch.tensor([[1000.0, 0.0]], dtype=torch.float64, requires_grad=True)
    out_t = torch.nn.functional.cross_entropy(l_t, torch.tensor([target]))
    out_t.backward()
    assert close(out.data, out_t.item())
    softmax = [1.0, math.exp(-1000.0)]
    expected = [s - (1.0 if i == target else 0.0) for i, s in enumerate(softmax)]
    assert [v.grad for v in logits] == pytest.approx(expected, abs=1e-12)
    assert [v.grad for v in logits] == pytest.approx(l_t.grad[0].tolist(), abs=1e-12)


def test_clipped_probabilities_follow_keras() -> None:
    zero, one = Value(0.0), Value(1.0)
    out = categorical_cross_entropy([zero, one], [1, 0])
    assert isinstance(out, Value)
    out.backward()
    assert close(out.data, -math.log(EPSILON))  # about 16.118, not inf
    assert zero.grad == 0.0  # clipped: no gradient, as with tf.clip_by_value
    assert close(scalar(sparse_categorical_cross_entropy([0.0, 1.0], 1)), -math.log1p(-EPSILON))


def test_a_nan_probability_gives_a_nan_loss_rather_than_an_error() -> None:
    assert math.isnan(scalar(binary_cross_entropy(math.nan, 1.0)))
    assert math.isnan(scalar(sparse_categorical_cross_entropy([math.nan, 0.5], 0)))


# ---------------------------------------------------------------- the course's numbers


def test_course_numbers() -> None:
    # house prices: $350,000 predicted, $300,000 real
    assert scalar(mse(350_000.0, 300_000.0)) == 2.5e9
    per_sample = mse([350_000.0], [300_000.0], reduction="none")
    assert isinstance(per_sample, list) and per_sample[0].data == 2_500_000_000.0  # squared error
    # archery: squared distance from the bullseye
    assert scalar(mse(2.0, 0.0)) == 4.0
    assert scalar(mse(10.0, 0.0)) == 100.0
    assert scalar(mae(10.0, 0.0)) == 10.0
    # BCE for a target of 1
    for p, expected in ((0.9, 0.105), (0.5, 0.693), (0.1, 2.303)):
        assert round(scalar(binary_cross_entropy(p, 1.0)), 3) == expected
    # categorical cross-entropy of a cat, [1, 0, 0]
    assert round(scalar(categorical_cross_entropy([0.70, 0.20, 0.10], [1, 0, 0])), 3) == 0.357
    assert round(scalar(categorical_cross_entropy([0.10, 0.60, 0.30], [1, 0, 0])), 3) == 2.303
    assert round(scalar(sparse_categorical_cross_entropy([0.10, 0.60, 0.30], 0)), 3) == 2.303
    # hinge: right side with margin costs nothing
    assert scalar(hinge(2.0, 1.0)) == 0.0 and scalar(hinge(0.25, 1.0)) == 0.75


def test_sum_and_mean_reductions_relate_by_the_batch_size() -> None:
    preds, targets = [1.0, 2.0, 4.0], [0.0, 0.0, 0.0]
    assert scalar(mse(preds, targets, reduction="sum")) == 21.0
    assert scalar(mse(preds, targets, reduction="mean")) == 7.0
    per_sample = mse(preds, targets, reduction="none")
    assert isinstance(per_sample, list)
    assert [v.data for v in per_sample] == [1.0, 4.0, 16.0]


# ---------------------------------------------------------------- get


KERAS_NAMES = {
    "mse": mse, "mean_squared_error": mse, "mae": mae, "mean_absolute_error": mae,
    "binary_crossentropy": binary_cross_entropy,
    "categorical_crossentropy": categorical_cross_entropy,
    "sparse_categorical_crossentropy": sparse_categorical_cross_entropy, "hinge": hinge,
    "cross_entropy": cross_entropy,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
}


@pytest.mark.parametrize("name", KERAS_NAMES)
def test_get_finds_losses_by_keras_names(name: str) -> None:
    assert losses.get(name) is KERAS_NAMES[name]
    assert losses.get(name.upper()) is KERAS_NAMES[name]


def test_the_loss_from_get_returns_the_batch_mean() -> None:
    loss = losses.get("mean_squared_error")
    out = loss([Value(1.0), Value(3.0)], [0.0, 0.0])
    assert isinstance(out, Value) and out.data == 5.0
    sparse = losses.get("sparse_categorical_crossentropy")
    assert sparse([[0.5, 0.5], [0.25, 0.75]], [0, 1]).data == pytest.approx(
        -(math.log(0.5) + math.log(0.75)) / 2, rel=1e-12)


def test_get_passes_a_callable_through() -> None:
    def my_loss(predictions: list[Value], targets: list[float]) -> Value:
        return total(p * t for p, t in zip(predictions, targets))

    assert losses.get(my_loss) is my_loss


@pytest.mark.parametrize("bad", ["cross_entropyy", "", "l2"])
def test_get_unknown_name_lists_the_choices(bad: str) -> None:
    with pytest.raises(ValueError, match="unknown loss") as info:
        losses.get(bad)
    for name in KERAS_NAMES:
        assert name in str(info.value)


def test_get_rejects_a_non_string_non_callable() -> None:
    with pytest.raises(ValueError, match="unknown loss 3"):
        losses.get(3)  # type: ignore[arg-type]


def same_float(a: float, b: float) -> bool:
    """Equal, or both nan (a gradient of -0.0 reads 0.0: backward adds to a 0.0)."""
    return a == b or (math.isnan(a) and math.isnan(b))


@pytest.mark.parametrize(
    "logits",
    [[math.inf, 0.0, 0.0], [-math.inf, 0.0, 0.0], [math.inf, math.inf, 0.0],
     [math.nan, 0.0, 0.0], [math.inf, -math.inf, 0.0], [-math.inf, -math.inf, 0.0]],
    ids=str,
)
@pytest.mark.parametrize("target", [0, 1, 2])
def test_cross_entropy_of_infinite_logits_matches_torch(logits: list[float], target: int) -> None:
    torch = pytest.importorskip("torch")
    leaves = [Value(x) for x in logits]
    loss = cross_entropy(leaves, target)
    loss.backward()
    x_t = torch.tensor([logits], dtype=torch.float64, requires_grad=True)
    loss_t = torch.nn.functional.cross_entropy(x_t, torch.tensor([target]))
    loss_t.backward()
    assert same_float(scalar(loss), loss_t.item())
    assert all(map(same_float, [v.grad for v in leaves], x_t.grad[0].tolist()))  # type: ignore[index]


@pytest.mark.parametrize("z", [math.inf, -math.inf, math.nan, 40.0, -40.0])
@pytest.mark.parametrize("y", [0.0, 0.3, 1.0])
def test_bce_with_logits_at_infinite_logits_is_the_exact_limit(z: float, y: float) -> None:
    # +inf with a target below 1 gave nan (inf - inf*y); torch says inf.
    torch = pytest.importorskip("torch")
    logit = Value(z)
    loss = binary_cross_entropy_with_logits(logit, y)
    loss.backward()
    z_t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    loss_t = torch.nn.functional.binary_cross_entropy_with_logits(
        z_t, torch.tensor(y, dtype=torch.float64))
    loss_t.backward()
    assert same_float(logit.grad, z_t.grad.item())  # type: ignore[union-attr]  # σ(z) - y
    if math.isinf(z) and (y == 1.0) == (z > 0) and y in (0.0, 1.0):
        # The target agrees exactly: the limit is 0, where torch's formula gives nan.
        assert math.isnan(loss_t.item()) and scalar(loss) == 0.0
    elif math.isinf(z):
        # Otherwise the limit is inf: torch agrees for +inf, gives nan (-inf + inf) for -inf.
        assert scalar(loss) == math.inf
        assert same_float(loss_t.item(), math.inf if z > 0 else math.nan)
    else:  # nan stays nan; a finite logit as before
        assert same_float(scalar(loss), loss_t.item()) or close(scalar(loss), loss_t.item(), 1e-12)


def test_bce_with_logits_passes_a_gradient_to_a_value_target() -> None:
    torch = pytest.importorskip("torch")
    for z in (2.0, -3.0):
        logit, target = Value(z), Value(0.25)
        binary_cross_entropy_with_logits(logit, target).backward()
        z_t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
        y_t = torch.tensor(0.25, dtype=torch.float64, requires_grad=True)
        torch.nn.functional.binary_cross_entropy_with_logits(z_t, y_t).backward()
        assert close(logit.grad, z_t.grad.item(), 1e-12)  # type: ignore[union-attr]
        assert close(target.grad, y_t.grad.item(), 1e-12)  # type: ignore[union-attr]
