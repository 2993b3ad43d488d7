"""``fit``: the training loop, with a History, callbacks, and divergence caught.

Every update does the same five things::

    predictions = [model(x) for x in batch]      # forward
    loss = loss_fn(predictions, targets)
    optimizer.zero_grad()                        # gradients accumulate: clear them
    loss.backward()                              # backprop
    optimizer.step()                             # move every parameter

A learning rate that is too high makes the loss grow until it is ``inf`` or ``nan``; the
engine never raises on the way, and ``fit`` stops at the first such loss, or at one that has
grown a millionfold (:mod:`nn.divergence`), says when and at which rate, and suggests a rate
ten times smaller.

The arguments are checked before anything runs: the model, the callbacks, and the data,
which must be finite (a ``nan`` in ``X`` is named by its row and column, not reported later
as a divergence).
"""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from autograd.mode import pause_gc
from nn import compiled
from nn.callbacks import Callback, callback_list
from nn.checks import batch_size_for, check_data, check_model, positive_int
from nn.divergence import DivergenceError, DivergenceWarning, DivergenceWatch
from nn.evaluation import (
    LossFunction,
    as_floats,
    checked_loss,
    evaluate,
    metric_values,
    predict,
    scores,
    threshold_for,
)
from nn.history import History
from nn.labels import Metric, resolve_metrics
from nn.losses import get as get_loss
from nn.optim import Optimizer, make_optimizer
from nn.progress import progress_bar, wants_progress

# predict and evaluate live in nn.evaluation; importable from here, as they always were.
__all__ = ["DivergenceError", "DivergenceWarning", "LossFunction", "evaluate", "fit", "predict"]

#: What ``fit`` can do when training diverges (see :mod:`nn.divergence`).
ON_DIVERGENCE = ("stop", "raise")


def _resolve_optimizer(optimizer: Optimizer | str, model: Any) -> Optimizer:
    if isinstance(optimizer, str):
        return make_optimizer(optimizer, model.parameters())
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"optimizer must be an nn.optim Optimizer or a name, got {type(optimizer).__name__}"
        )
    if callable(getattr(model, "parameters", None)):
        mine = {id(p) for p in model.parameters()}
        if mine and not any(id(p) in mine for p in optimizer.params):
            raise ValueError(
                "the optimizer updates none of the model's parameters: "
                "build it from this model's parameters(), e.g. SGD(model.parameters())"
            )
    return optimizer


def fit(
    model: Callable[[Any], Any],
    X: Sequence[Any],
    y: Sequence[Any],
    *,
    loss: str | LossFunction,
    optimizer: Optimizer | str,
    epochs: int = 1,
    batch_size: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    metrics: Sequence[str | Metric] = (),
    validation_data: tuple[Sequence[Any], Sequence[Any]] | None = None,
    callbacks: Sequence[Callback] | Callback = (),
    progress: bool | None = None,
    on_divergence: str = "stop",
    threshold: float | None = None,
    compile: bool = False,
) -> History:
    """Train ``model`` on ``(X, y)`` with mini-batch gradient descent.

    Args:
        model: a callable on one example with a ``parameters()`` method (an ``nn.MLP``).
        X: the examples (each a list of floats). y: their targets, as many.
        loss: a loss name (``"mse"``, ``"binary_cross_entropy"``, Keras names, ...) or a
            callable ``loss(predictions, targets) -> Value`` on a batch's lists.
        optimizer: an ``nn.optim`` optimizer on the model's parameters, or a name for
            :func:`~nn.optim.make_optimizer` with its default learning rate.
        epochs: passes over the data.
        batch_size: examples per update; ``None`` is the whole data set (full batch),
            1 is one example per update; more than ``len(X)`` is the whole set. The last
            batch of an epoch may be smaller.
        shuffle: visit the examples in a new random order every epoch.
        seed: seeds the shuffling (its own ``random.Random``; the global state is untouched).
        metrics: names (``"accuracy"``, ``"precision"``, ``"recall"``, ``"f1"``) or
            callables ``metric(y_true, y_pred)`` on labels; outputs become labels by the rule
            of :func:`nn.labels.to_labels`. Training metrics use the predictions made during
            the epoch (while the weights change), as Keras does.
        validation_data: ``(X_val, y_val)``, evaluated after each epoch under ``no_grad``.
        callbacks: :class:`~nn.callbacks.Callback` objects, e.g. ``[EarlyStopping()]`` or
            a learning-rate schedule; a single one needs no list.
        progress: ``True``/``False`` to show/hide a progress bar; ``None`` shows one for
            runs of more than 50 updates in a terminal or a notebook.
        on_divergence: at the first batch loss that is ``nan``/``inf`` or has grown a
            millionfold (:mod:`nn.divergence`), ``"stop"`` (warn with a
            :class:`DivergenceWarning` and return) or ``"raise"`` a :class:`DivergenceError`.
        threshold: for one output, the value above which it counts as class 1 in the
            metrics; ``None`` takes it from the loss (0 for logits and hinge, else 0.5).
        compile: trace the model once and replay it on every batch with NumPy (see
            :mod:`nn.compiled`): the same History, many times faster. The trace fixes the
            model's structure (Python branches on ``.data`` are not re-taken).

    Returns:
        A :class:`~nn.history.History`. ``history.history["loss"]`` (per epoch) is the mean of the
        batch losses weighted by batch size (for a mean-reduced loss: the mean loss per
        example over the epoch).

    Raises:
        TypeError: an argument of the wrong kind (named in the message): a model that is
            not callable, a callback that is not a Callback object, ...
        ValueError: bad arguments (named in the message), such as a ``nan`` in the data.
        DivergenceError: with ``on_divergence="raise"``, when training diverges.
    """
    check_model(model, optimizer)
    callbacks = callback_list(callbacks)
    check_data(X, y)
    epochs = positive_int(epochs, "epochs")
    size = batch_size_for(batch_size, len(X))
    if on_divergence not in ON_DIVERGENCE:
        raise ValueError(
            f"unknown on_divergence {on_divergence!r}; choose one of: {', '.join(ON_DIVERGENCE)}"
        )
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise ValueError("validation_data must be a pair (X_val, y_val)")
        check_data(*validation_data, what="validation_data")
    loss_fn = get_loss(loss)
    named_metrics = resolve_metrics(metrics)
    threshold = threshold_for(threshold, loss)
    optimizer = _resolve_optimizer(optimizer, model)
    replay = compiled.CompiledModel(model, X) if compile else None
    steps = math.ceil(len(X) / size)
    show_progress = wants_progress(progress, epochs * steps)
    rng = random.Random(seed)  # our own stream: the global random state is never touched
    history = History(params={
        "epochs": epochs, "batch_size": size, "steps": steps, "samples": len(X),
        "shuffle": shuffle, "seed": seed, "optimizer": repr(optimizer),
        "loss": loss if isinstance(loss, str) else getattr(loss, "__name__", repr(loss)),
    })
    for callback in callbacks:
        callback.set_run(model, optimizer)
        callback.on_train_begin()
    bar = progress_bar(show_progress, epochs, desc="fit")
    watch = DivergenceWatch()
    # Graphs have no reference cycles, so reference counting frees each one; pausing the
    # cyclic collector saves the time it would spend walking them (see pause_gc).
    with pause_gc():
        try:
            for epoch in range(epochs):
                for callback in callbacks:
                    callback.on_epoch_begin(epoch)
                lr = optimizer.lr
                order = list(range(len(X)))
                if shuffle:
                    rng.shuffle(order)
                weighted_loss = 0.0
                seen_outputs: list[Any] = []
                seen_targets: list[Any] = []
                for step in range(steps):
                    batch = order[step * size:(step + 1) * size]
                    inputs, targets = [X[i] for i in batch], [y[i] for i in batch]
                    if replay is not None:
                        predictions = replay.predictions(batch)
                    else:
                        predictions = [model(x) for x in inputs]
                    loss_value = checked_loss(loss_fn, predictions, targets)
                    # Stop before backprop: a nan/inf loss would only spread nan into every weight.
                    message = watch.check(
                        loss_value.data, where=f"epoch {epoch + 1}/{epochs}, step {step + 1}/"
                        f"{steps}", updates=len(history.batch_losses), lr=optimizer.lr)
                    history.batch_losses.append(loss_value.data)
                    if message is not None:
                        history.diverged, history.stop_reason = True, message
                        if on_divergence == "raise":
                            raise DivergenceError(message)
                        warnings.warn(message, DivergenceWarning, stacklevel=2)
                        break
                    optimizer.zero_grad()
                    loss_value.backward()
                    if replay is not None:  # the loss seeds the network's replayed backward
                        replay.backward()
                    optimizer.step()
                    weighted_loss += loss_value.data * len(batch)
                    if named_metrics:
                        seen_outputs += [as_floats(p) for p in predictions]
                        seen_targets += targets
                    for callback in callbacks:
                        callback.on_batch_end(step, {"loss": loss_value.data, "size": len(batch)})
                if history.diverged:
                    break
                logs = {"loss": weighted_loss / len(X)}
                if named_metrics:
                    logs.update(metric_values(seen_outputs, seen_targets, named_metrics, threshold))
                if validation_data is not None:
                    val = scores(model, *validation_data, loss_fn, named_metrics, threshold,
                                 replay)
                    logs.update({f"val_{name}": value for name, value in val.items()})
                logs["lr"] = lr
                for name, value in logs.items():
                    history.history.setdefault(name, []).append(value)
                history.epoch.append(epoch)
                bar.update(1)
                bar.set_postfix(**{k: f"{v:.4g}" for k, v in logs.items() if "loss" in k})
                for callback in callbacks:
                    callback.on_epoch_end(epoch, logs)
                stopping = [c for c in callbacks if c.stop_training]
                if stopping:
                    history.stop_reason = stopping[0].stop_reason
                    break
        finally:
            bar.close()
    for callback in callbacks:
        callback.on_train_end()
    return history
