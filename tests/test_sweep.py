"""lr_sweep and lr_find: same starting weights, divergence marked, weights restored."""

from __future__ import annotations

import math
import random
import warnings

import pytest

import nn
from autograd.value import Value
from nn.module import MLP
from nn.optim import SGD
from nn.sweep import lr_find, lr_sweep, moving_average, smooth_without_lag, suggest_lr

X = [[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8], [0.1, 0.1], [-1.2, -0.4], [0.9, -0.6]]
Y = [1.0, -0.5, 0.3, 0.0, 0.8, -1.0]


def test_lr_sweep_runs_every_rate_from_the_same_weights():
    created = []
    weights = random.Random(0)  # one stream: every call draws different weights, reproducibly

    def make_model():
        created.append(MLP(2, [4, 1], seed=weights))
        return created[-1]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = lr_sweep(make_model, X, Y, [0.0, 0.01, 0.1, 500.0], loss="mse", epochs=8)
    assert caught == []  # the diverging run is marked, not announced
    assert [run.lr for run in result] == [0.0, 0.01, 0.1, 500.0] and len(result) == 4
    assert [run.diverged for run in result] == [False, False, False, True]
    # full batch: every run's first loss is computed from the starting weights
    first_losses = {run.history.batch_losses[0] for run in result}
    assert len(first_losses) == 1
    reference, lr0_model = created[0], created[1]
    assert [p.data for p in lr0_model.parameters()] == [p.data for p in reference.parameters()]
    assert result.best.lr == 0.1
    assert result.runs[2].final_loss < result.runs[1].final_loss < result.runs[0].final_loss


def test_lr_sweep_with_an_optimizer_factory_and_fit_arguments():
    def momentum(params, lr):
        return SGD(params, lr=lr, momentum=0.5)

    result = lr_sweep(lambda: MLP(2, [3, 1], seed=1), X, Y, [0.05], loss="mse",
                      optimizer=momentum, epochs=2, batch_size=2, metrics=[])
    history = result.runs[0].history
    assert "momentum=0.5" in str(history.params["optimizer"])
    assert len(history.batch_losses) == 6 and history.params["seed"] == 0


@pytest.mark.parametrize(
    ("lrs", "kwargs", "bad"),
    [
        ([], {}, "lrs"),
        ([0.1, -0.1], {}, r"lrs\[1\]"),
        ([0.1], {"on_divergence": "raise"}, "on_divergence"),
        ([0.1], {"optimizer": "adagrad"}, "adagrad"),
    ],
)
def test_lr_sweep_bad_arguments(lrs, kwargs, bad):
    with pytest.raises(ValueError, match=bad):
        lr_sweep(lambda: MLP(2, [1], seed=0), X, Y, lrs, loss="mse", epochs=1, **kwargs)


def _regression(n=24):
    xs = [[(i - n / 2) / 4, ((i * 7) % n - n / 2) / 6] for i in range(n)]
    ys = [1.5 * a - 2.0 * b + 0.5 for a, b in xs]
    return xs, ys


def test_lr_find_restores_the_model_exactly_and_suggests_a_safe_rate():
    xs, ys = _regression()
    model = MLP(2, [1], seed=3)  # a linear model: its safe rates are known exactly
    model.parameters()[0].grad = 0.25  # gradients are restored too
    before = model.state_dict()
    grads = [p.grad for p in model.parameters()]
    result = lr_find(model, xs, ys, loss="mse", start_lr=1e-5, end_lr=10.0, num_steps=60)
    assert model.state_dict() == before and [p.grad for p in model.parameters()] == grads
    assert 2 <= len(result.lrs) < 60  # the loss blew up before end_lr
    assert len(result.losses) == len(result.raw_losses) == len(result.lrs)
    ratios = [b / a for a, b in zip(result.lrs, result.lrs[1:])]
    assert ratios == pytest.approx([(10.0 / 1e-5) ** (1 / 59)] * len(ratios))
    assert 1e-5 <= result.suggested_lr <= 10.0
    # full-batch gradient descent on MSE diverges above 2 / (largest eigenvalue of the
    # Hessian 2/n * A^T A, A = [x1, x2, 1]); the suggestion must stay below that
    n = len(xs)
    rows = [[a, b, 1.0] for a, b in xs]
    hessian = [[2 / n * sum(r[i] * r[j] for r in rows) for j in range(3)] for i in range(3)]
    vector = [1.0, 1.0, 1.0]
    for _ in range(200):  # power iteration
        vector = [sum(h * v for h, v in zip(row, vector)) for row in hessian]
        norm = math.sqrt(sum(v * v for v in vector))
        vector = [v / norm for v in vector]
    largest = sum(vector[i] * sum(hessian[i][j] * vector[j] for j in range(3)) for i in range(3))
    assert result.suggested_lr < 2 / largest


def test_lr_find_smoothing_is_a_bias_corrected_moving_average_without_lag():
    xs, ys = _regression()
    result = lr_find(MLP(2, [3, 1], seed=0), xs, ys, loss="mse", num_steps=30, batch_size=8,
                     seed=1, smoothing=0.9)

    def running(values):  # bias-corrected exponential moving average, written out
        out, average = [], 0.0
        for i, value in enumerate(values):
            average = 0.9 * average + 0.1 * value
            out.append(average / (1 - 0.9 ** (i + 1)))
        return out

    forwards_then_backwards = running(running(result.raw_losses)[::-1])[::-1]
    assert result.losses == pytest.approx(forwards_then_backwards)
    best = math.inf
    for smooth in running(result.raw_losses):  # never past the stopping rule
        assert smooth <= 4 * best
        best = min(best, smooth)


def test_smoothing_without_lag_falls_where_the_values_fall():
    values = [1.0 - 0.5 * math.tanh((i - 49.5) / 10) for i in range(100)]  # steepest 49 -> 50
    lagging = moving_average(values, 0.9)
    aligned = smooth_without_lag(values, 0.9)

    def steepest(curve):
        return min(range(99), key=lambda i: curve[i + 1] - curve[i])

    assert steepest(values) == 49
    assert steepest(lagging) >= 49 + 4  # the running average trails by several steps
    assert abs(steepest(aligned) - 49) <= 1


def test_lr_find_restores_weights_when_the_loss_fails():
    model = MLP(2, [2, 1], seed=0)
    before = model.state_dict()
    calls = []

    def failing_loss(predictions, targets):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("boom")
        return sum(((p - t) ** 2 for p, t in zip(predictions, targets)), Value(0.0))

    with pytest.raises(RuntimeError, match="boom"):
        lr_find(model, X, Y, loss=failing_loss, start_lr=0.01, end_lr=1.0, num_steps=10)
    assert model.state_dict() == before


def test_suggest_lr_picks_the_steepest_descent():
    lrs = [10 ** (-6 + i * 0.1) for i in range(60)]
    losses = [1.0 - 0.5 * math.tanh((i - 30.5) / 3) for i in range(60)]  # steepest 30 -> 31
    assert suggest_lr(lrs, losses) == lrs[30]
    assert math.isnan(suggest_lr([0.1], [1.0]))


@pytest.mark.parametrize(
    ("kwargs", "bad"),
    [
        ({"start_lr": 0.0}, "start_lr"),
        ({"start_lr": 1.0, "end_lr": 0.5}, "end_lr"),
        ({"num_steps": 1}, "num_steps"),
        ({"smoothing": 1.0}, "smoothing"),
        ({"divergence_factor": 1.0}, "divergence_factor"),
        ({"batch_size": 0}, "batch_size"),
        ({"loss": "nope"}, "nope"),
    ],
)
def test_lr_find_bad_arguments(kwargs, bad):
    arguments = {"loss": "mse", **kwargs}
    with pytest.raises(ValueError, match=bad):
        lr_find(MLP(2, [1], seed=0), X, Y, **arguments)


def test_lr_find_suggestion_is_not_fooled_by_small_batch_noise() -> None:
    """With batches of 8 the flat start of the curve is noisy; the suggestion must still
    come from where the loss really falls: near the full batch's suggestion (0.0658 here)."""
    X, y = nn.house_prices(100, seed=0)
    X_scaled, _, _ = nn.standardize(X)
    y_scaled, _, _ = nn.scale_targets(y)

    def suggestion(batch_size: int) -> float:
        return nn.lr_find(nn.MLP(2, [8, 1], seed=0), X_scaled, y_scaled, loss="mse",
                          batch_size=batch_size, start_lr=1e-7, seed=0).suggested_lr

    full, small = suggestion(100), suggestion(8)
    assert full == pytest.approx(0.06579, rel=1e-3)  # seeded: these exact runs
    assert small == pytest.approx(0.02595, rel=1e-3)
    assert full / 3 < small < full * 3


def test_suggest_lr_ignores_the_blow_up_after_the_minimum() -> None:
    lrs = [10 ** (i / 10 - 5) for i in range(60)]
    # flat, then falling fastest around lr = 1e-2, minimum at 1e-1, then exploding
    losses = [1.0 / (1.0 + math.exp(8 * (i - 30) / 10)) + (0 if i < 40 else 50 * (i - 40))
              for i in range(60)]
    suggested = suggest_lr(lrs, losses)
    assert 3e-3 <= suggested <= 3e-2
