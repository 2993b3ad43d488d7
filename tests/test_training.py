"""fit, predict, evaluate, callbacks, divergence and the progress bar."""

from __future__ import annotations

import math
import random
import warnings

import pytest
from line_model import X_LINE, Y_LINE, Line

from autograd.value import Value
from nn.callbacks import EarlyStopping
from nn.datasets import make_blobs, make_moons
from nn.losses import binary_cross_entropy_with_logits
from nn.metrics import accuracy
from nn.module import MLP
from nn.optim import SGD, Adam
from nn.training import DivergenceError, DivergenceWarning, evaluate, fit, predict


def test_linear_regression_loss_decreases():
    model = Line()
    history = fit(model, X_LINE, Y_LINE, loss="mse", optimizer=SGD(model.parameters(), lr=0.1),
                  epochs=60, progress=False)
    losses = history.history["loss"]
    assert len(losses) == 60 and history.epoch == list(range(60))
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))
    assert losses[-1] < 1e-3 * losses[0]
    assert (model.w.data, model.b.data) == pytest.approx((2.0, 1.0), abs=0.05)
    assert not history.diverged and history.stop_reason is None


def test_first_full_batch_sgd_step_by_hand():
    model = Line(w=0.5, b=-0.25)
    lr = 0.1
    errors = [0.5 * x[0] - 0.25 - t for x, t in zip(X_LINE, Y_LINE)]
    n = len(errors)
    grad_w = sum(2 * e * x[0] for e, x in zip(errors, X_LINE)) / n
    grad_b = sum(2 * e for e in errors) / n
    history = fit(model, X_LINE, Y_LINE, loss="mse", optimizer=SGD(model.parameters(), lr=lr),
                  epochs=1, progress=False)
    assert model.w.data == pytest.approx(0.5 - lr * grad_w, abs=1e-12)
    assert model.b.data == pytest.approx(-0.25 - lr * grad_b, abs=1e-12)
    assert history.batch_losses == pytest.approx([sum(e * e for e in errors) / n])


@pytest.mark.parametrize(("batch_size", "epochs", "updates"),
                         [(None, 3, 3), (1, 2, 18), (4, 2, 6), (9, 1, 1), (100, 2, 2)])
def test_updates_per_batch_size(batch_size, epochs, updates):
    model = Line()
    history = fit(model, X_LINE, Y_LINE, loss="mse", optimizer=SGD(model.parameters()),
                  epochs=epochs, batch_size=batch_size, progress=False)
    assert len(history.batch_losses) == updates
    assert history.params["steps"] * epochs == updates


def test_epoch_loss_is_the_batch_size_weighted_mean():
    model = Line(w=0.3)
    history = fit(model, X_LINE, Y_LINE, loss="mse", optimizer=SGD(model.parameters(), lr=0.01),
                  batch_size=4, shuffle=False, progress=False)  # batches of 4, 4 and 1
    first, second, third = history.batch_losses
    assert history.history["loss"][0] == pytest.approx((4 * first + 4 * second + third) / 9)


def test_shuffling_is_seeded_and_leaves_the_global_random_state_alone():
    def run(seed):
        model = Line()
        history = fit(model, X_LINE, Y_LINE, loss="mse", optimizer=SGD(model.parameters(), lr=0.05),
                      epochs=3, batch_size=1, seed=seed, progress=False)
        return history.batch_losses, (model.w.data, model.b.data)

    state = random.getstate()
    assert run(7) == run(7)
    assert run(7)[0] != run(8)[0]
    assert random.getstate() == state


def test_custom_loss_and_optimizer_by_name():
    calls = []

    def half_squared_error(predictions, targets):
        calls.append(len(predictions))
        total = sum(((p - t) ** 2 for p, t in zip(predictions, targets)), Value(0.0))
        return total * (0.5 / len(targets))

    model = Line()
    history = fit(model, X_LINE, Y_LINE, loss=half_squared_error, optimizer="adam", epochs=2,
                  batch_size=5, progress=False)
    assert calls == [5, 4, 5, 4]
    assert history.params["loss"] == "half_squared_error"
    assert "Adam(lr=0.001" in str(history.params["optimizer"])


def test_metrics_and_validation_keys_and_values():
    X, y = make_moons(n_samples=40, noise=0.1, seed=3)
    X_val, y_val = make_moons(n_samples=20, noise=0.1, seed=4)
    model = MLP(2, [4, 1], seed=0)
    before = evaluate(model, X, y, loss="binary_cross_entropy_with_logits", metrics=["accuracy"])
    history = fit(model, X, y, loss="binary_cross_entropy_with_logits",
                  optimizer=Adam(model.parameters(), lr=0.05), epochs=2,
                  metrics=["accuracy", "precision", "recall", "f1"],
                  validation_data=(X_val, y_val), progress=False)
    assert list(history.history) == ["loss", "accuracy", "precision", "recall", "f1",
                                     "val_loss", "val_accuracy", "val_precision", "val_recall",
                                     "val_f1", "lr"]
    assert all(len(values) == 2 for values in history.history.values())
    # full batch: epoch 0's metrics come from the predictions made before the first update
    assert history.history["accuracy"][0] == before["accuracy"]
    assert history.history["loss"][0] == pytest.approx(before["loss"])
    # validation figures are those of the model at the end of each epoch
    after = evaluate(model, X_val, y_val, loss="binary_cross_entropy_with_logits",
                     metrics=["accuracy", "f1"])
    assert history.history["val_loss"][-1] == pytest.approx(after["loss"])
    assert history.history["val_accuracy"][-1] == after["accuracy"]
    assert history.history["val_f1"][-1] == after["f1"]
    assert history.history["lr"] == [0.05, 0.05]


def test_predict_gives_floats_and_records_no_graph():
    model = MLP(2, [3, 2], seed=0)
    outputs = predict(model, [[0.1, 0.2], [0.3, -0.4]])
    assert all(isinstance(v, float) for row in outputs for v in row) and len(outputs) == 2
    line = Line(w=2.0, b=1.0)
    assert predict(line, [[1.0], [2.0]]) == [3.0, 5.0]
    assert line.w.grad == 0.0


def _explode(lr, on_divergence="stop"):
    model = Line(w=1.0, b=1.0)
    X = [[10.0], [-8.0], [5.0]]
    y = [1.0, 2.0, 3.0]
    return model, fit(model, X, y, loss="mse", optimizer=SGD(model.parameters(), lr=lr),
                      epochs=50, batch_size=1, shuffle=False, progress=False,
                      on_divergence=on_divergence)


def test_divergence_stops_warns_and_says_when_and_what_to_try():
    with pytest.warns(DivergenceWarning) as caught:
        model, history = _explode(lr=10.0)
    assert history.diverged
    reason = history.stop_reason
    assert str(caught[0].message) == reason
    batch = len(history.batch_losses)  # the diverging batch is the last one recorded
    epoch, step = divmod(batch - 1, 3)
    # Its loss was measured before its own update, after batch - 1 updates (issue 15).
    assert (f"the loss of batch {batch} (epoch {epoch + 1}/50, step {step + 1}/3), measured "
            f"after {batch - 1} update") in reason
    assert "lr=10" in reason and len(history.epoch) == epoch
    assert "lr=1;" not in reason and reason.endswith("lr=1")  # ten times smaller
    last = history.batch_losses[-1]  # inf, or a millionfold the first loss on the way there
    assert not math.isfinite(last) or last > 1e6 * max(history.batch_losses[0], 1.0)
    assert all(math.isfinite(v) for v in history.batch_losses[:-1])
    assert all(math.isfinite(v) for v in history.history.get("loss", []))
    assert "diverged" in repr(history)


def test_divergence_at_the_first_batch_is_before_any_update():
    model = Line(w=1e200, b=0.0)
    with pytest.warns(DivergenceWarning):
        history = fit(model, [[1e200]], [0.0], loss="mse", optimizer=SGD(model.parameters()),
                      epochs=3, progress=False)
    reason = history.stop_reason
    assert "the first batch (epoch 1/3, step 1/1), measured before any update" in reason
    assert "no learning rate caused this" in history.stop_reason
    assert model.w.data == 1e200  # nothing was updated


def test_huge_lr_goes_through_inf_and_nan_without_engine_errors():
    for lr in (1e150, 1e300):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _, history = _explode(lr=lr)
        assert [w.category for w in caught] == [DivergenceWarning]
        reason = history.stop_reason
        assert history.diverged and ("inf" in reason or "nan" in reason or "million" in reason)
    # a loss that is nan (not inf): inf - inf inside the model
    model = Line(w=math.inf, b=-math.inf)
    with pytest.warns(DivergenceWarning, match=r"the first batch \(epoch 1/1, step 1/1\), "
                      "measured before any update, was nan; no learning rate caused"):
        history = fit(model, [[1.0]], [0.0], loss="mse", optimizer=SGD(model.parameters()),
                      progress=False)
    assert history.diverged and "smaller" not in history.stop_reason  # no advice: no update


def test_divergence_can_raise():
    with pytest.raises(DivergenceError, match=r"lr=10.*lr=1$") as info:
        _explode(lr=10.0, on_divergence="raise")
    assert isinstance(info.value, FloatingPointError)


@pytest.mark.parametrize(
    ("kwargs", "bad"),
    [
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"on_divergence": "ignore"}, "stop, raise"),
        ({"loss": "msee"}, "msee"),
        ({"metrics": ["acuracy"]}, "accuracy, precision"),
        ({"validation_data": ([[1.0]], [1.0, 2.0])}, "validation_data"),
        ({"optimizer": "adagrad"}, "adagrad"),
    ],
)
def test_bad_arguments(kwargs, bad):
    model = Line()
    arguments = {"loss": "mse", "optimizer": SGD(model.parameters()), "progress": False,
                 **kwargs}
    with pytest.raises(ValueError, match=bad):
        fit(model, X_LINE, Y_LINE, **arguments)


def test_bad_data_and_foreign_optimizer():
    model = Line()
    opt = SGD(model.parameters())
    with pytest.raises(ValueError, match="9 examples but y has 8"):
        fit(model, X_LINE, Y_LINE[:-1], loss="mse", optimizer=opt)
    with pytest.raises(ValueError, match="empty"):
        fit(model, [], [], loss="mse", optimizer=opt)
    with pytest.raises(ValueError, match="none of the model's parameters"):
        fit(model, X_LINE, Y_LINE, loss="mse", optimizer=SGD(Line().parameters()))
    with pytest.raises(TypeError, match="must return a Value"):
        fit(model, X_LINE, Y_LINE, loss=lambda p, t: 0.0, optimizer=opt, progress=False)


def test_moons_classifier_learns():
    X, y = make_moons(n_samples=200, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], seed=0)
    fit(model, X, y, loss="binary_cross_entropy_with_logits",
        optimizer=Adam(model.parameters(), lr=0.05), epochs=7, batch_size=10, seed=0,
        progress=False)
    predicted = [int(out > 0.0) for out in predict(model, X)]
    assert accuracy(y, predicted) >= 0.95


def test_several_outputs_with_cross_entropy_and_accuracy():
    X, y = make_blobs(n_samples=30, centers=3, seed=2)
    model = MLP(2, [5, 3], seed=0)
    before = accuracy(y, [max(range(3), key=out.__getitem__) for out in predict(model, X)])
    history = fit(model, X, y, loss="cross_entropy", optimizer=Adam(model.parameters(), lr=0.05),
                  epochs=5, metrics=["accuracy"], progress=False)
    assert history.history["accuracy"][0] == before  # the argmax of the 3 logits
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_threshold_overrides_the_rule_taken_from_the_loss() -> None:
    """A custom loss on logits is not named "logit": the caller says where class 1 starts."""
    def my_loss(predictions, targets):  # logits, but the name does not say so
        return binary_cross_entropy_with_logits(predictions, targets)

    X, y = [[-2.0], [-1.0], [0.25], [2.0]], [0, 0, 1, 1]
    model = Line(w=1.0, b=0.0)  # logits -2, -1, 0.25, 2: all right at threshold 0
    by_name = evaluate(model, X, y, loss=my_loss, metrics=["accuracy"])
    explicit = evaluate(model, X, y, loss=my_loss, metrics=["accuracy"], threshold=0.0)
    assert by_name["accuracy"] == 0.75  # read with threshold 0.5, the logit 0.25 is class 0
    assert explicit["accuracy"] == 1.0
    history = fit(model, X, y, loss=my_loss, optimizer=SGD(model.parameters(), lr=0.0),
                  metrics=["accuracy"], threshold=0.0, progress=False)
    assert history.history["accuracy"] == [1.0]
    with pytest.raises(TypeError, match="threshold must be a number, got str: '0'"):
        evaluate(model, X, y, loss=my_loss, threshold="0")  # type: ignore[arg-type]


# ---------------------------------------------------------------- argument checks


def _fit_line(**kwargs):
    model = kwargs.pop("model", None) or MLP(1, [1], seed=0)
    X, y = kwargs.pop("X", X_LINE), kwargs.pop("y", Y_LINE)
    return fit(model, X, y, **{"loss": "mse", "optimizer": "sgd", "progress": False, **kwargs})


@pytest.mark.parametrize("callbacks, message", [
    ([None], r"callbacks\[0\] must be a Callback object such as EarlyStopping\(\), got NoneType"),
    ([EarlyStopping], r"callbacks\[0\] is the class EarlyStopping.*did you mean .*\(\)\?"),
    (EarlyStopping, r"did you mean EarlyStopping\(\)\?"),
    ([EarlyStopping(monitor="loss"), "early"], r"callbacks\[1\] must be a Callback .* str"),
    (3, "callbacks must be a list of Callback objects"),
    ("EarlyStopping", "callbacks must be a list of Callback objects"),
])
def test_callbacks_that_are_not_callbacks_are_named(callbacks, message):
    with pytest.raises(TypeError, match=message):
        _fit_line(callbacks=callbacks)


def test_a_single_callback_needs_no_list():
    stopper = EarlyStopping(monitor="loss", patience=0, min_delta=1e9)  # stops after epoch 2
    history = _fit_line(callbacks=stopper, epochs=10)
    assert len(history.epoch) == 2 and history.stop_reason == stopper.stop_reason


@pytest.mark.parametrize("model, message", [
    (None, "model must be a model, such as nn.MLP.*got NoneType: None"),
    (lambda x: x, r"model must have a parameters\(\) method.*optimizer 'sgd'.*function"),
    (3.5, "model must be a model.*got float"),
])
def test_fit_names_a_model_that_is_not_one(model, message):
    with pytest.raises(TypeError, match=message):
        fit(model, X_LINE, Y_LINE, loss="mse", optimizer="sgd", progress=False)


def test_evaluate_and_predict_name_a_model_that_cannot_be_called():
    with pytest.raises(TypeError, match="model must be a model.*NoneType"):
        evaluate(None, X_LINE, Y_LINE, loss="mse")
    with pytest.raises(TypeError, match="model must be a model.*str"):
        predict("MLP", X_LINE)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_nan_or_inf_in_the_data_is_named_by_row_and_column_before_training(bad):
    X = [row[:] + [0.5] for row in X_LINE]
    X[3][1] = bad
    where = rf"X has {bad!r} at row 3, column 1 \(X\[3\]\[1\]\)"
    model = MLP(2, [1], seed=0)
    before = [p.data for p in model.parameters()]
    with pytest.raises(ValueError, match=where):
        fit(model, X, Y_LINE, loss="mse", optimizer="sgd", progress=False)
    assert [p.data for p in model.parameters()] == before  # not one update
    with pytest.raises(ValueError, match=where):
        evaluate(model, X, Y_LINE, loss="mse")
    with pytest.raises(ValueError, match=where):
        predict(model, X)
    y = list(Y_LINE)
    y[5] = bad
    with pytest.raises(ValueError, match=rf"y has {bad!r} at row 5 \(y\[5\]\)"):
        _fit_line(y=y)
    with pytest.raises(ValueError, match=r"validation_data has .* at row 3, column 1"):
        _fit_line(model=MLP(2, [1]), X=[row[:] + [0.5] for row in X_LINE],
                  validation_data=(X, Y_LINE))


def test_the_data_check_reads_numpy_arrays_and_one_hot_targets():
    np = pytest.importorskip("numpy")
    X = np.zeros((4, 3))
    X[2, 0] = np.nan
    with pytest.raises(ValueError, match=r"X has nan at row 2, column 0"):
        predict(MLP(3, [1]), X)
    with pytest.raises(ValueError, match=r"y has inf at row 1, column 2"):
        evaluate(MLP(3, [3]), [[0.0] * 3] * 2, [[0, 0, 1], [0, 0, math.inf]], loss="mse")
