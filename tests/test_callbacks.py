"""Callbacks in fit: the hooks' order, and EarlyStopping."""

from __future__ import annotations

import pytest
from line_model import X_LINE, Y_LINE, Line

from autograd.value import Value
from nn.callbacks import Callback, EarlyStopping
from nn.optim import SGD
from nn.training import fit


def test_callback_hooks_in_order():
    events = []

    class Recorder(Callback):
        def on_train_begin(self, logs=None):
            events.append(("train_begin", self.optimizer is opt))

        def on_epoch_begin(self, epoch, logs=None):
            events.append(("epoch_begin", epoch))

        def on_batch_end(self, batch, logs=None):
            events.append(("batch_end", batch))

        def on_epoch_end(self, epoch, logs=None):
            events.append(("epoch_end", epoch, sorted(logs)))

        def on_train_end(self, logs=None):
            events.append(("train_end",))

    model = Line()
    opt = SGD(model.parameters())
    fit(model, X_LINE, Y_LINE, loss="mse", optimizer=opt, epochs=2, batch_size=5,
        callbacks=[Recorder()], progress=False)
    assert events == [("train_begin", True),
                      ("epoch_begin", 0), ("batch_end", 0), ("batch_end", 1),
                      ("epoch_end", 0, ["loss", "lr"]),
                      ("epoch_begin", 1), ("batch_end", 0), ("batch_end", 1),
                      ("epoch_end", 1, ["loss", "lr"]), ("train_end",)]


def test_early_stopping_stops_after_patience_epochs():
    model = Line()
    history = fit(model, X_LINE, Y_LINE, loss="mse", optimizer=SGD(model.parameters(), lr=0.0),
                  epochs=20, callbacks=[EarlyStopping(monitor="loss", patience=2)],
                  progress=False)
    assert history.epoch == [0, 1, 2]  # no gain at epochs 1 and 2: stop
    assert not history.diverged
    # counted from 1 in words, like fit's "epoch 5/10": the third epoch is "epoch 3"
    assert history.stop_reason.startswith("early stopping after epoch 3: loss did not improve")
    assert "(epoch 1) for 2 epochs" in history.stop_reason


def test_early_stopping_restores_the_best_weights():
    X, y = [[1.0]], [0.0]  # loss w**2; lr 1.05 overshoots more each epoch: w -> -1.1 w

    def run(epochs, callbacks=()):
        model = Line(w=1.0)
        model.b = Value(0.0)
        history = fit(model, X, y, loss="mse", optimizer=SGD([model.w], lr=1.05), epochs=epochs,
                      validation_data=(X, y), callbacks=callbacks, progress=False)
        return model, history

    after_first_epoch = run(1)[0].w.data
    stopper = EarlyStopping(patience=2, restore_best_weights=True)
    model, history = run(20, [stopper])
    assert history.epoch == [0, 1, 2] and stopper.best_epoch == 0
    assert model.w.data == after_first_epoch
    assert history.stop_reason.endswith("(epoch 1) for 2 epochs; weights restored from epoch 1")
    assert stopper.stopped_epoch == 2  # attributes count from 0, like history.epoch


def test_early_stopping_checks():
    model = Line()
    with pytest.raises(ValueError, match="validation_data"):
        fit(model, X_LINE, Y_LINE, loss="mse", optimizer=SGD(model.parameters()),
            callbacks=[EarlyStopping()], progress=False)
    assert EarlyStopping(monitor="val_accuracy").mode == "max"
    assert EarlyStopping(monitor="val_loss").mode == "min"
    with pytest.raises(ValueError, match="patience must be an integer >= 0, got -1"):
        EarlyStopping(patience=-1)
    with pytest.raises(ValueError, match="min_delta must be a finite number >= 0, got inf"):
        EarlyStopping(min_delta=float("inf"))  # nothing could ever improve by more
