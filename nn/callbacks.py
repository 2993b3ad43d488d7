"""Callbacks: code that ``fit`` calls at fixed moments of training (Keras's design).

``fit`` calls, in order: ``on_train_begin``, then for each epoch ``on_epoch_begin``,
``on_batch_end`` after every update, ``on_epoch_end`` with the epoch's logs (``"loss"``,
metrics, ``"val_loss"``, ..., ``"lr"``), and finally ``on_train_end``. Before all that it
gives each callback the run's ``model`` and ``optimizer`` as attributes.

A callback stops training by calling :meth:`Callback.stop`; ``fit`` looks after each
``on_epoch_end`` and then returns, with the reason in ``history.stop_reason``.
"""

from __future__ import annotations

import math
from typing import Any

from nn.checks import int_at_least, non_negative
from nn.optimizer import Optimizer

Logs = dict[str, float]


class Callback:
    """Base class: override the hooks you need; each one does nothing by default.

    Attributes (set by ``fit`` before ``on_train_begin``):
        model: the model being trained.
        optimizer: its optimizer.
        stop_training: set by :meth:`stop`; ``fit`` checks it after ``on_epoch_end``.
        stop_reason: why, in words.
    """

    model: Any = None
    optimizer: Optimizer | None = None
    stop_training: bool = False
    stop_reason: str | None = None

    def set_run(self, model: Any, optimizer: Optimizer) -> None:
        """Called by ``fit`` before training starts."""
        self.model = model
        self.optimizer = optimizer
        self.stop_training = False
        self.stop_reason = None

    def stop(self, reason: str) -> None:
        """Ask ``fit`` to stop at the end of the current epoch, saying why."""
        self.stop_training = True
        self.stop_reason = reason

    def on_train_begin(self, logs: Logs | None = None) -> None:
        """Before the first epoch."""

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        """Before epoch ``epoch`` (counted from 0)."""

    def on_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """After each update; ``logs["loss"]`` is the batch's loss."""

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        """After epoch ``epoch``, with its loss, metrics, validation figures and lr."""

    def on_train_end(self, logs: Logs | None = None) -> None:
        """After training (also after an early stop or a divergence)."""


def callback_list(callbacks: object) -> list[Callback]:
    """The ``callbacks`` argument of ``fit`` as a list: a list of Callback objects, or a
    single one (``callbacks=EarlyStopping()`` means ``[EarlyStopping()]``).

    Raises:
        TypeError: something that is not a Callback, naming it; a Callback class instead
            of an object asks whether ``EarlyStopping()`` was meant.
    """
    if isinstance(callbacks, Callback):
        return [callbacks]
    if isinstance(callbacks, (str, bytes, dict)) or not hasattr(callbacks, "__iter__"):
        if not (isinstance(callbacks, type) and issubclass(callbacks, Callback)):
            raise TypeError(
                f"callbacks must be a list of Callback objects such as [EarlyStopping()], "
                f"got {type(callbacks).__name__}: {callbacks!r:.80}"
            )
        callbacks = [callbacks]
    checked = list(callbacks)  # type: ignore[call-overload]
    for i, callback in enumerate(checked):
        if isinstance(callback, type) and issubclass(callback, Callback):
            name = callback.__name__
            raise TypeError(
                f"callbacks[{i}] is the class {name}, not a callback object: "
                f"did you mean {name}()?"
            )
        if not isinstance(callback, Callback):
            raise TypeError(
                f"callbacks[{i}] must be a Callback object such as EarlyStopping(), "
                f"got {type(callback).__name__}: {callback!r:.80}"
            )
    return checked


def get_weights(model: Any) -> list[float]:
    """A copy of every parameter's value, in ``model.parameters()`` order."""
    return [p.data for p in model.parameters()]


def set_weights(model: Any, weights: list[float]) -> None:
    """Put back values taken by :func:`get_weights` (nothing else about the model changes)."""
    params = model.parameters()
    if len(params) != len(weights):
        raise ValueError(f"expected {len(params)} weights, got {len(weights)}")
    for p, w in zip(params, weights):
        p.data = w


class EarlyStopping(Callback):
    """Stop training when a monitored figure has stopped improving.

    Args:
        monitor: a key of the epoch logs: ``"val_loss"`` (needs ``validation_data``),
            ``"loss"``, ``"val_accuracy"``, ...
        patience: how many epochs without improvement to wait before stopping.
        min_delta: an improvement must beat the best so far by more than this.
        restore_best_weights: when stopping, put back the weights of the best epoch.
        mode: ``"min"`` (lower is better), ``"max"``, or ``"auto"``: ``"max"`` for
            accuracy, precision, recall and f1, ``"min"`` for anything else.

    Attributes:
        best: the best value seen; ``best_epoch``: the epoch it was seen at;
        stopped_epoch: the epoch training stopped after (``None`` if it did not stop).
        Both count from 0, like ``history.epoch``; the stop message counts from 1, like
        ``fit``'s other messages ("after epoch 3" is the third epoch).
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        patience: int = 5,
        min_delta: float = 0.0,
        restore_best_weights: bool = False,
        mode: str = "auto",
    ) -> None:
        patience = int_at_least(patience, "patience", 0)
        min_delta = non_negative(min_delta, "min_delta")
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"unknown mode {mode!r}; choose one of: auto, min, max")
        if mode == "auto":
            higher_is_better = ("accuracy", "precision", "recall", "f1")
            mode = "max" if monitor.endswith(higher_is_better) else "min"
        self.monitor = monitor
        self.patience = patience
        self.min_delta = min_delta
        self.restore_best_weights = restore_best_weights
        self.mode = mode
        self.best = math.inf if mode == "min" else -math.inf
        self.best_epoch: int | None = None
        self.best_weights: list[float] | None = None
        self.stopped_epoch: int | None = None
        self.wait = 0

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self.best = math.inf if self.mode == "min" else -math.inf
        self.best_epoch = None
        self.best_weights = None
        self.stopped_epoch = None
        self.wait = 0

    def _improved(self, value: float) -> bool:
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        logs = logs or {}
        if self.monitor not in logs:
            hint = " (pass validation_data to fit)" if self.monitor.startswith("val_") else ""
            raise ValueError(
                f"EarlyStopping monitors {self.monitor!r}, which is not in the epoch logs"
                f"{hint}; available: {', '.join(sorted(logs))}"
            )
        value = logs[self.monitor]
        if self._improved(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best_weights:
                self.best_weights = get_weights(self.model)
            return
        self.wait += 1
        if self.wait >= self.patience:  # as Keras: stop after `patience` epochs without gain
            self.stopped_epoch = epoch
            # The message counts epochs from 1, as fit's progress and divergence messages do;
            # the attributes count from 0, as history.epoch does (Keras does the same).
            best_at = "" if self.best_epoch is None else f"epoch {self.best_epoch + 1}"
            seen_at = f" ({best_at})" if best_at else ""
            reason = (
                f"early stopping after epoch {epoch + 1}: {self.monitor} did not improve on "
                f"{self.best:.6g}{seen_at} for {self.wait} epochs"
            )
            if self.restore_best_weights and self.best_weights is not None:
                set_weights(self.model, self.best_weights)  # taken at the best epoch
                reason += f"; weights restored from {best_at}"
            self.stop(reason)
