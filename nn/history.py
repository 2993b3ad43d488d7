"""What training leaves behind: the records that ``fit``, ``lr_sweep`` and ``lr_find``
return and that the plots read."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class History:
    """The record of one ``nn.fit`` run, shaped like Keras's ``History``.

    Attributes:
        history: per-epoch lists by name: ``"loss"``, each metric (``"accuracy"``, ...),
            their validation twins (``"val_loss"``, ``"val_accuracy"``, ...) and ``"lr"``,
            the learning rate each epoch used.
        batch_losses: the loss of every update (one entry per batch).
        epoch: the epoch numbers that were completed, from 0.
        diverged: True when training stopped at a ``nan`` or ``inf`` loss.
        stop_reason: why training stopped early (divergence, early stopping), else ``None``.
        params: the settings of the run (epochs, batch_size, optimizer, ...).
    """

    history: dict[str, list[float]] = field(default_factory=dict)
    batch_losses: list[float] = field(default_factory=list)
    epoch: list[int] = field(default_factory=list)
    diverged: bool = False
    stop_reason: str | None = None
    params: dict[str, object] = field(default_factory=dict)

    @property
    def final_loss(self) -> float:
        """The last epoch's training loss (``nan`` if no epoch finished)."""
        losses = self.history.get("loss", [])
        return losses[-1] if losses else math.nan

    def __repr__(self) -> str:
        epochs = len(self.epoch)
        if self.diverged:
            state = f"diverged: {self.stop_reason}"
        else:
            state = f"final loss {self.final_loss:.4g}"
        return f"<History {epochs} epochs, {len(self.batch_losses)} updates, {state}>"


@dataclass
class SweepRun:
    """One learning rate's run in an ``nn.lr_sweep``."""

    lr: float
    history: History

    @property
    def diverged(self) -> bool:
        """True when this run stopped on a ``nan`` or ``inf`` loss."""
        return self.history.diverged

    @property
    def final_loss(self) -> float:
        """The last finished epoch's loss (``nan`` when the run diverged before one)."""
        return self.history.final_loss


@dataclass
class SweepResult:
    """Everything ``nn.lr_sweep`` tried, in the order of the rates given."""

    runs: list[SweepRun]

    @property
    def best(self) -> SweepRun:
        """The run with the lowest final loss among those that did not diverge."""
        finished = [r for r in self.runs if not r.diverged and math.isfinite(r.final_loss)]
        if not finished:
            raise ValueError("every run in the sweep diverged: try smaller learning rates")
        return min(finished, key=lambda r: r.final_loss)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.runs)

    def __len__(self) -> int:
        return len(self.runs)


@dataclass
class LRFindResult:
    """The learning-rate range test of ``nn.lr_find``.

    Attributes:
        lrs: the learning rate of each batch, growing exponentially.
        losses: the smoothed loss at each rate (a bias-corrected moving average run
            forwards and backwards, so that it does not trail the measured losses).
        raw_losses: the loss of each batch as measured.
        suggested_lr: a rate to start from, where the smoothed loss falls fastest.
    """

    lrs: list[float]
    losses: list[float]
    raw_losses: list[float]
    suggested_lr: float
