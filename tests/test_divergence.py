"""nn.divergence: a loss that explodes without reaching inf is caught, noise is not; the
message says which batch, after how many updates, and advises only what follows."""

from __future__ import annotations

import math
import warnings

import pytest
from line_model import Line

from nn import datasets
from nn.divergence import EXPLOSION_FACTOR, LOSS_FLOOR, DivergenceWatch
from nn.module import MLP
from nn.optim import SGD, Adam
from nn.training import DivergenceError, DivergenceWarning, fit


def moons() -> tuple[list[list[float]], list[float]]:
    X, y = datasets.make_moons(100, noise=0.1, seed=0)
    return [list(map(float, row)) for row in X], [float(label) for label in y]


def test_adam_at_a_huge_rate_explodes_without_inf_and_is_caught() -> None:
    # Adam at lr=1e6 takes the loss to 1e39 and back to 1e13 without a single inf: it
    # used to end "trained" with history.diverged False and no warning.
    X, y = moons()
    model = MLP(2, [8, 8, 1], seed=0)
    with pytest.warns(DivergenceWarning, match="over a million times the first batch") as caught:
        history = fit(model, X, y, loss="mse", optimizer=Adam(model.parameters(), lr=1e6),
                      epochs=50, batch_size=32, seed=0, progress=False)
    assert history.diverged and history.stop_reason == str(caught[0].message)
    first, last = history.batch_losses[0], history.batch_losses[-1]
    assert math.isfinite(last) and last > EXPLOSION_FACTOR * max(first, LOSS_FLOOR)
    assert all(v <= EXPLOSION_FACTOR * max(first, LOSS_FLOOR) for v in history.batch_losses[:-1])
    batch = len(history.batch_losses)
    assert f"the loss of batch {batch} " in history.stop_reason
    assert f"measured after {batch - 1} update" in history.stop_reason
    assert history.stop_reason.endswith("try a learning rate ten times smaller, lr=100000")
    model = MLP(2, [8, 8, 1], seed=0)
    with pytest.raises(DivergenceError, match="over a million times"):
        fit(model, X, y, loss="mse", optimizer=Adam(model.parameters(), lr=1e6), epochs=50,
            batch_size=32, seed=0, progress=False, on_divergence="raise")


@pytest.mark.parametrize("name", ["moons", "circles", "xor", "blobs"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ordinary_noisy_training_raises_no_false_alarm(name: str, seed: int) -> None:
    # One or four examples per batch, plain SGD at rates from cautious to brisk: the batch
    # losses jump around, but never by six orders of magnitude.
    make = {"moons": datasets.make_moons, "circles": datasets.make_circles,
            "xor": datasets.make_xor, "blobs": datasets.make_blobs}[name]
    X, labels = make(60, seed=seed)
    X = [list(map(float, row)) for row in (datasets.standardize(X)[0] if name == "blobs" else X)]
    binary = name != "blobs"
    y = [float(t) for t in labels] if binary else list(labels)
    loss = "binary_cross_entropy_with_logits" if binary else "cross_entropy"
    spreads = []
    for lr, batch_size in [(0.05, 1), (0.5, 1), (1.0, 4)]:
        model = MLP(2, [8, 8, 1 if binary else 3], seed=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("error", DivergenceWarning)
            history = fit(model, X, y, loss=loss, optimizer=SGD(model.parameters(), lr=lr),
                          epochs=3, batch_size=batch_size, seed=seed, progress=False)
        assert not history.diverged, (lr, batch_size, history.stop_reason)
        spreads.append(max(history.batch_losses) / min(history.batch_losses))
    assert max(spreads) > 1.5  # noisy indeed: batch losses that jump about


def test_a_loss_starting_near_zero_may_grow_by_noise_alone() -> None:
    # The first example lies on the line (loss 1e-14); the others are off it by 0.1. Batch
    # losses of 1e-2 are ten billion times the first, yet nothing explodes: the floor of 1.
    model = Line(w=2.0, b=1.0 + 1e-7)
    X = [[0.0], [1.0], [-1.0], [0.5], [2.0], [-2.0]]
    y = [1.0, 3.1, -1.1, 1.9, 5.1, -3.1]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DivergenceWarning)
        history = fit(model, X, y, loss="mse", optimizer=SGD(model.parameters(), lr=0.05),
                      epochs=5, batch_size=1, shuffle=False, progress=False)
    assert not history.diverged
    assert history.batch_losses[0] < 1e-13 and max(history.batch_losses) > 1e-3


def test_the_message_counts_updates_before_the_batch() -> None:
    watch = DivergenceWatch()
    assert watch.check(2.0, where="epoch 1/3, step 1/4", updates=0, lr=0.5) is None
    assert watch.check(2e6, where="epoch 1/3, step 2/4", updates=1, lr=0.5) is None  # 1e6 x
    message = watch.check(math.inf, where="epoch 2/3, step 3/4", updates=6, lr=0.5)
    assert message == (
        "training diverged: the loss of batch 7 (epoch 2/3, step 3/4), measured after 6 "
        "updates with learning rate lr=0.5, was inf; try a learning rate ten times smaller, "
        "lr=0.05"
    )


@pytest.mark.parametrize("loss", [math.inf, math.nan])
def test_a_first_loss_that_is_not_finite_gives_no_learning_rate_advice(loss: float) -> None:
    message = DivergenceWatch().check(loss, where="epoch 1/1, step 1/1", updates=0, lr=0.1)
    assert message is not None and "before any update" in message
    assert "smaller" not in message and "no learning rate caused" in message


def test_a_rate_of_zero_gets_no_advice_to_lower_it() -> None:
    watch = DivergenceWatch()
    watch.check(1.0, where="", updates=0, lr=0.0)
    message = watch.check(math.nan, where="", updates=3, lr=0.0)
    assert message is not None and "smaller" not in message
