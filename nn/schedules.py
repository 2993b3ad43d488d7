"""Learning-rate schedules: a rate that changes from epoch to epoch.

A schedule sets ``optimizer.lr`` once per epoch and records every rate it set in
``schedule.history``. Use it either way:

* as a callback in ``fit`` (it sets the rate at the beginning of each epoch)::

      fit(model, X, y, loss="mse", optimizer=opt, epochs=30,
          callbacks=[StepDecay(step_size=10, gamma=0.5)])

* standalone, like ``torch.optim.lr_scheduler``: give it the optimizer (that sets the
  rate of epoch 0), then call ``step()`` at the end of every epoch::

      schedule = StepDecay(step_size=10, gamma=0.5, optimizer=opt)
      for epoch in range(30):
          ...                  # one epoch of updates at opt.lr
          schedule.step()      # opt.lr becomes the rate of the next epoch

The starting rate is ``initial_lr`` when given, otherwise the optimizer's rate when the
schedule first meets it (and it stays that, even when a schedule is used for a second run).
"""

from __future__ import annotations

from nn.callbacks import Callback, Logs
from nn.checks import non_negative, positive, positive_int
from nn.optimizer import Optimizer


class Schedule(Callback):
    """The base of every schedule: subclasses give the rate of each epoch in :meth:`lr_at`.

    Args:
        initial_lr: the rate of epoch 0; ``None`` takes the optimizer's rate.
        optimizer: attach now for standalone use (sets the rate of epoch 0).

    Attributes:
        history: every rate this schedule set, in order (one per epoch).
        epoch: the epoch whose rate is in effect (standalone use).
    """

    def __init__(self, initial_lr: float | None = None, optimizer: Optimizer | None = None):
        self.initial_lr = None if initial_lr is None else non_negative(initial_lr, "initial_lr")
        self._base_lr = self.initial_lr
        self.history: list[float] = []
        self.epoch = 0
        if optimizer is not None:
            self.attach(optimizer)

    @property
    def base_lr(self) -> float:
        """The rate of epoch 0."""
        if self._base_lr is None:
            raise ValueError(
                f"{type(self).__name__} has no starting rate yet: pass initial_lr, or attach "
                "it to an optimizer (optimizer=..., or use it as a callback in fit)"
            )
        return self._base_lr

    def lr_at(self, epoch: int) -> float:
        """The learning rate of epoch ``epoch`` (counted from 0)."""
        raise NotImplementedError

    def rates(self, epochs: int) -> list[float]:
        """The rates of epochs ``0 .. epochs-1``, e.g. to plot the schedule."""
        return [self.lr_at(e) for e in range(positive_int(epochs, "epochs"))]

    def attach(self, optimizer: Optimizer) -> None:
        """Drive ``optimizer``'s rate from now on, starting at epoch 0."""
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"expected an nn.optim Optimizer, got {type(optimizer).__name__}")
        self.optimizer = optimizer
        if self._base_lr is None:
            self._base_lr = optimizer.lr
        self.history = []
        self._set_epoch(0)

    def step(self) -> None:
        """Standalone use: move on to the next epoch and set its rate (call once per epoch)."""
        if self.optimizer is None:
            raise ValueError(
                f"{type(self).__name__}.step() needs an optimizer: create it with "
                "optimizer=... or call attach(optimizer) first"
            )
        self._set_epoch(self.epoch + 1)

    def _set_epoch(self, epoch: int) -> None:
        self.epoch = epoch
        lr = self.lr_at(epoch)
        if self.optimizer is not None:
            self.optimizer.lr = lr
        self.history.append(lr)

    # As a callback: fit gives us its optimizer before training begins.
    def on_train_begin(self, logs: Logs | None = None) -> None:
        if self.optimizer is None:
            raise ValueError("a schedule used as a callback needs fit to set its optimizer")
        if self._base_lr is None:
            self._base_lr = self.optimizer.lr
        self.history = []

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._set_epoch(epoch)

    def _settings(self) -> str:
        return ""

    def __repr__(self) -> str:
        start = "optimizer's lr" if self._base_lr is None else f"{self._base_lr:g}"
        return f"{type(self).__name__}({self._settings()}, from {start})"


class StepDecay(Schedule):
    """Multiply the rate by ``gamma`` every ``step_size`` epochs (``torch`` ``StepLR``).

    ``lr(epoch) = initial_lr * gamma ** (epoch // step_size)``

    Args:
        step_size: epochs between two drops.
        gamma: the factor applied at each drop (0.1: divide by ten).
        initial_lr: the rate of epoch 0 (``None``: the optimizer's).
        optimizer: attach now for standalone use.
    """

    def __init__(
        self,
        step_size: int,
        gamma: float = 0.1,
        initial_lr: float | None = None,
        optimizer: Optimizer | None = None,
    ) -> None:
        self.step_size = positive_int(step_size, "step_size")
        self.gamma = positive(gamma, "gamma")
        super().__init__(initial_lr, optimizer)

    def lr_at(self, epoch: int) -> float:
        return self.base_lr * self.gamma ** (epoch // self.step_size)

    def _settings(self) -> str:
        return f"step_size={self.step_size}, gamma={self.gamma:g}"


class ExponentialDecay(Schedule):
    """Multiply the rate by ``gamma`` every epoch (``torch`` ``ExponentialLR``).

    ``lr(epoch) = initial_lr * gamma ** epoch``

    Args:
        gamma: the factor per epoch, e.g. 0.95.
        initial_lr: the rate of epoch 0 (``None``: the optimizer's).
        optimizer: attach now for standalone use.
    """

    def __init__(
        self, gamma: float, initial_lr: float | None = None, optimizer: Optimizer | None = None
    ) -> None:
        self.gamma = positive(gamma, "gamma")
        super().__init__(initial_lr, optimizer)

    def lr_at(self, epoch: int) -> float:
        return self.base_lr * self.gamma**epoch

    def _settings(self) -> str:
        return f"gamma={self.gamma:g}"


class LinearDecay(Schedule):
    """Move the rate in a straight line from ``initial_lr`` to ``final_lr`` over ``epochs``
    epochs, then keep ``final_lr``.

    ``lr(epoch) = initial_lr + (final_lr - initial_lr) * min(epoch, epochs) / epochs``

    So epoch 0 uses ``initial_lr`` and epoch ``epochs`` (if training gets there) uses
    ``final_lr``: with ``epochs`` equal to the run's length the last epoch trains at
    ``initial_lr + (final_lr - initial_lr) * (epochs - 1) / epochs``, never exactly at
    ``final_lr = 0``. This is ``torch.optim.lr_scheduler.LinearLR`` with
    ``start_factor=1``, ``end_factor=final_lr / initial_lr`` and ``total_iters=epochs``.

    Args:
        epochs: how many epochs the line takes.
        final_lr: where it ends (0 by default).
        initial_lr: the rate of epoch 0 (``None``: the optimizer's).
        optimizer: attach now for standalone use.
    """

    def __init__(
        self,
        epochs: int,
        final_lr: float = 0.0,
        initial_lr: float | None = None,
        optimizer: Optimizer | None = None,
    ) -> None:
        self.epochs = positive_int(epochs, "epochs")
        self.final_lr = non_negative(final_lr, "final_lr")
        super().__init__(initial_lr, optimizer)

    def lr_at(self, epoch: int) -> float:
        progress = min(epoch, self.epochs) / self.epochs
        return self.base_lr + (self.final_lr - self.base_lr) * progress

    def _settings(self) -> str:
        return f"epochs={self.epochs}, final_lr={self.final_lr:g}"
