"""When training has diverged, and how to say so.

A learning rate that is too high makes every update overshoot, and the loss grows. The
engine never raises on the way (floats go to ``inf`` and then ``nan``), so ``fit`` watches
the loss of every batch and stops at the first one that is

* ``nan`` or ``inf``, or
* exploding: more than :data:`EXPLOSION_FACTOR` (a million) times the first batch's loss,
  or than :data:`LOSS_FLOOR`, whichever is larger.

Why a million: training that works lowers the loss, and even noisy training (one example
per batch, a rate on the high side) keeps its batch losses within a few times where they
started. Six orders of magnitude above the start is no noise: the weights are running away
(Adam at ``lr=1e6`` takes a mean squared error from 0.6 to 1e25 without ever reaching
``inf``). Why the floor: a loss that starts near 0 (a model that already fits, trained on)
can rise a millionfold through noise alone, from 1e-9 to 1e-3, without anything exploding;
measured against at least 1, such a loss would have to pass a million first.

A batch's loss is measured before the update it is used for: the loss of batch ``k`` is
the model after ``k - 1`` updates. The message says so, and suggests a smaller learning
rate only when updates made the loss blow up (not when the very first loss is already
``inf``, which no learning rate caused).
"""

from __future__ import annotations

import math

#: A batch loss this many times the first one (or :data:`LOSS_FLOOR`) counts as divergence.
EXPLOSION_FACTOR = 1e6

#: The smallest starting loss the explosion rule measures against (see the module docstring).
LOSS_FLOOR = 1.0


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss became ``nan`` or ``inf``, or exploded."""


class DivergenceError(FloatingPointError):
    """Raised by ``fit(..., on_divergence="raise")`` when training diverges."""


class DivergenceWatch:
    """Looks at each batch loss of one run and says, in words, when it has diverged.

    Example:
        >>> watch = DivergenceWatch()
        >>> watch.check(0.58, where="epoch 1/1, step 1/2", updates=0, lr=0.1) is None
        True
        >>> print(watch.check(6e25, where="epoch 1/1, step 2/2", updates=1, lr=0.1))
        training diverged: the loss of batch 2 (epoch 1/1, step 2/2), measured after 1 update \
with learning rate lr=0.1, was 6e+25, over a million times the first batch's loss (0.58, \
counted as at least 1); try a learning rate ten times smaller, lr=0.01
    """

    def __init__(self) -> None:
        self.first: float | None = None

    def limit(self) -> float:
        """The loss above which a batch counts as exploding (``inf`` before the first)."""
        if self.first is None or not math.isfinite(self.first):
            return math.inf
        return EXPLOSION_FACTOR * max(self.first, LOSS_FLOOR)

    def check(self, loss: float, *, where: str, updates: int, lr: float) -> str | None:
        """``None`` if ``loss`` is fine, else the message to stop training with.

        Args:
            loss: this batch's loss, measured before its update.
            where: the batch's place in the run, e.g. ``"epoch 2/20, step 3/5"``.
            updates: how many updates came before this loss was measured.
            lr: the learning rate of those updates.
        """
        batch = updates + 1
        if self.first is None:
            self.first = loss
        if math.isfinite(loss) and loss <= self.limit():
            return None
        if updates == 0:
            return (
                f"training cannot start: the loss of the first batch ({where}), measured "
                f"before any update, was {loss!r}; no learning rate caused this: look at "
                "the model's initial weights, the targets and the loss"
            )
        what = repr(loss) if not math.isfinite(loss) else (
            f"{loss:.3g}, over a million times the first batch's loss ({self.first:.3g}"
            + (")" if self.first >= LOSS_FLOOR else f", counted as at least {LOSS_FLOOR:g})")
        )
        plural = "update" if updates == 1 else "updates"
        message = (
            f"training diverged: the loss of batch {batch} ({where}), measured after "
            f"{updates} {plural} with learning rate lr={lr:g}, was {what}"
        )
        if lr > 0:  # a rate of 0 changes nothing: a smaller one would not help
            message += f"; try a learning rate ten times smaller, lr={lr / 10:g}"
        return message
