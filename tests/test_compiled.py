"""fit, predict and evaluate with compile=True give what they give without it.

The same model (same seed) is trained twice, once on the scalar engine and once replayed
on the tape: the whole History (batch losses, epoch losses, metrics, validation,
learning rates, divergence) and the final weights must agree to 1e-9, for every built-in
loss and every optimizer, with callbacks and L1/L2 penalties.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import pytest

from autograd.value import Value
from nn import MLP, EarlyStopping, StepDecay, make_blobs, make_moons, make_optimizer
from nn.functional import l1_penalty, l2_penalty, softmax
from nn.history import History
from nn.losses import LOSSES
from nn.losses import get as get_loss
from nn.training import DivergenceWarning, evaluate, fit, predict

X_MOONS, Y_MOONS = make_moons(40, noise=0.2, seed=1)
X_BLOBS, Y_BLOBS = make_blobs(45, centers=3, seed=2)


class SoftmaxMLP:
    """An MLP whose outputs go through softmax: probabilities, for the Keras-style losses."""

    def __init__(self, seed: int) -> None:
        self.mlp = MLP(2, [5, 3], seed=seed)

    def __call__(self, x: Any) -> list[Value]:
        return softmax(self.mlp(x))

    def parameters(self) -> list[Value]:
        return self.mlp.parameters()


class SigmoidMLP:
    """One output through a sigmoid: a probability, for binary cross-entropy."""

    def __init__(self, seed: int) -> None:
        self.mlp = MLP(2, [5, 1], activation="tanh", seed=seed)

    def __call__(self, x: Any) -> Value:
        return self.mlp(x).sigmoid()

    def parameters(self) -> list[Value]:
        return self.mlp.parameters()


def _task(loss: str, seed: int) -> tuple[Any, list[Any], list[Any]]:
    """A model and data that suit ``loss``."""
    if loss in ("mse", "mae"):
        return MLP(2, [5, 1], seed=seed), X_MOONS, [float(v) for v in Y_MOONS]
    if loss == "binary_cross_entropy":
        return SigmoidMLP(seed), X_MOONS, Y_MOONS
    if loss == "binary_cross_entropy_with_logits":
        return MLP(2, [5, 1], seed=seed), X_MOONS, Y_MOONS
    if loss == "hinge":
        return MLP(2, [5, 1], seed=seed), X_MOONS, [2.0 * v - 1.0 for v in Y_MOONS]
    if loss == "cross_entropy":
        return MLP(2, [5, 3], seed=seed), X_BLOBS, Y_BLOBS
    if loss == "categorical_cross_entropy":
        one_hot = [[1.0 if k == c else 0.0 for k in range(3)] for c in Y_BLOBS]
        return SoftmaxMLP(seed), X_BLOBS, one_hot
    assert loss == "sparse_categorical_cross_entropy"
    return SoftmaxMLP(seed), X_BLOBS, Y_BLOBS


BUILT_IN = sorted({f.__name__ for f in LOSSES.values()})
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and (math.isnan(a) or math.isinf(a)):
        return isinstance(b, float) and (a == b or (math.isnan(a) and math.isnan(b)))
    if isinstance(a, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)


def _assert_same_run(a: tuple[History, Any], b: tuple[History, Any]) -> None:
    (history_a, model_a), (history_b, model_b) = a, b
    assert history_a.history.keys() == history_b.history.keys()
    for key in history_a.history:
        assert _close(history_a.history[key], history_b.history[key]), key
    assert _close(history_a.batch_losses, history_b.batch_losses)
    assert history_a.epoch == history_b.epoch
    assert history_a.diverged == history_b.diverged
    assert history_a.stop_reason == history_b.stop_reason
    assert _close([p.data for p in model_a.parameters()], [p.data for p in model_b.parameters()])


def _both(make: Callable[[bool], tuple[History, Any]]) -> None:
    _assert_same_run(make(False), make(True))


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("loss", BUILT_IN)
def test_compiled_fit_gives_the_same_history(loss: str, optimizer: str) -> None:
    def run(compile: bool) -> tuple[History, Any]:
        model, X, y = _task(loss, seed=3)
        metrics = [] if loss in ("mse", "mae") else ["accuracy"]
        history = fit(model, X[:30], y[:30], loss=loss,
                      optimizer=make_optimizer(optimizer, model.parameters(), 0.05),
                      epochs=3, batch_size=8, seed=0, metrics=metrics,
                      validation_data=(X[30:], y[30:]), progress=False, compile=compile)
        return history, model

    _both(run)


@pytest.mark.parametrize("penalty", [l1_penalty, l2_penalty])
def test_compiled_fit_with_a_penalty_and_callbacks(penalty: Callable[..., Value]) -> None:
    def run(compile: bool) -> tuple[History, Any]:
        model = MLP(2, [6, 1], seed=4)
        weights = model.parameters()

        def loss(predictions: list[Any], targets: list[Any]) -> Value:
            data_loss = get_loss("binary_cross_entropy_with_logits")(predictions, targets)
            return data_loss + penalty(weights, 0.01)

        callbacks = [StepDecay(step_size=2, gamma=0.5), EarlyStopping(patience=1)]
        history = fit(model, X_MOONS[:30], Y_MOONS[:30], loss=loss,
                      optimizer=make_optimizer("adam", weights, 0.1), epochs=8, batch_size=10,
                      seed=1, metrics=["accuracy", "f1"], callbacks=callbacks,
                      validation_data=(X_MOONS[30:], Y_MOONS[30:]), progress=False,
                      compile=compile)
        return history, model

    _both(run)


def test_compiled_fit_diverges_where_fit_does() -> None:
    def run(compile: bool) -> tuple[History, Any]:
        model = MLP(2, [6, 1], seed=5)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DivergenceWarning)
            history = fit(model, X_MOONS, [10.0 * v for v in Y_MOONS], loss="mse",
                          optimizer=make_optimizer("sgd", model.parameters(), 3.0), epochs=20,
                          batch_size=5, seed=0, progress=False, compile=compile)
        assert history.diverged
        return history, model

    _both(run)


def test_compiled_predict_and_evaluate_match() -> None:
    model = MLP(2, [5, 3], seed=6)
    assert _close(predict(model, X_BLOBS, compile=True), predict(model, X_BLOBS))
    one = MLP(2, [4, 1], seed=6)
    assert _close(predict(one, X_MOONS, compile=True), predict(one, X_MOONS))
    plain, replayed = (evaluate(model, X_BLOBS, Y_BLOBS, loss="cross_entropy",
                                metrics=["accuracy"], compile=compile) for compile in (False, True))
    assert plain.keys() == replayed.keys()
    assert _close(list(plain.values()), list(replayed.values()))
    assert predict(model, [], compile=True) == []


def test_compiled_fit_refuses_ragged_examples_and_odd_outputs() -> None:
    model = MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match="equal-length lists of numbers"):
        predict(model, [[1.0, 2.0], [1.0]], compile=True)
    with pytest.raises(TypeError, match="returns a Value or a list of Values"):
        predict(lambda x: 3.0, [[1.0, 2.0]], compile=True)


def test_compiled_bce_still_checks_its_predictions() -> None:
    model = MLP(2, [3, 1], seed=0)  # a linear output: not a probability
    with pytest.raises(ValueError, match="binary_cross_entropy: prediction"):
        fit(model, X_MOONS, Y_MOONS, loss="binary_cross_entropy", optimizer="sgd",
            progress=False, compile=True)
