"""Choosing a learning rate: a sweep over several rates, and the learning-rate range test.

* :func:`lr_sweep` trains one model per rate, all from the same initial weights, and keeps
  every run (diverged ones marked) so that their loss curves can be compared.
* :func:`lr_find` is the range test of Leslie Smith as fastai runs it: one short run whose
  rate grows exponentially at every batch, until the loss blows up. The rate where the
  (smoothed) loss falls fastest is a good starting point.
"""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from autograd.mode import pause_gc
from autograd.value import Value
from nn.checks import (
    batch_size_for,
    check_data,
    fraction,
    int_at_least,
    non_negative,
    number,
    positive,
)
from nn.history import LRFindResult, SweepResult, SweepRun
from nn.losses import get as get_loss
from nn.optim import Optimizer, make_optimizer
from nn.progress import progress_bar, wants_progress
from nn.training import DivergenceWarning, LossFunction, fit

#: An optimizer as a name for :func:`~nn.optim.make_optimizer`, or ``factory(params, lr)``.
OptimizerChoice = str | Callable[[list[Value], float], Optimizer]


def _build_optimizer(optimizer: OptimizerChoice, params: list[Value], lr: float) -> Optimizer:
    if isinstance(optimizer, str):
        return make_optimizer(optimizer, params, lr)
    if not callable(optimizer):
        raise TypeError(
            f"optimizer must be a name or a function (params, lr) -> Optimizer, got {optimizer!r}"
        )
    built = optimizer(params, lr)
    if not isinstance(built, Optimizer):
        raise TypeError(f"the optimizer factory returned {type(built).__name__}, not an Optimizer")
    return built


def lr_sweep(
    make_model: Callable[[], Any],
    X: Sequence[Any],
    y: Sequence[Any],
    lrs: Sequence[float],
    *,
    loss: str | LossFunction,
    optimizer: OptimizerChoice = "sgd",
    epochs: int = 10,
    progress: bool | None = None,
    **fit_kwargs: Any,
) -> SweepResult:
    """Train one model per learning rate, every run from the same initial weights.

    ``make_model()`` is called once for the starting weights, then once per rate; each new
    model gets those starting weights (``load_state_dict``), so the runs differ only by
    their rate. Every run uses the same shuffling ``seed`` (0 unless given).

    A run that diverges stops and is marked (``run.diverged``); the sweep goes on, and the
    runs' :class:`~nn.training.DivergenceWarning` s are not shown (the result says it all).

    Args:
        make_model: builds a fresh model, e.g. ``lambda: MLP(2, [8, 1], seed=0)``.
        X, y: the training data.
        lrs: the learning rates to try.
        loss: as for :func:`~nn.training.fit`.
        optimizer: a name (``"sgd"``, ``"momentum"``, ``"rmsprop"``, ``"adam"``) or a
            function ``(params, lr) -> Optimizer``.
        epochs: epochs per run.
        progress: a bar over the rates (``None``: for long sweeps in a terminal/notebook).
        **fit_kwargs: passed to ``fit`` (``batch_size``, ``metrics``, ``validation_data``, ...).

    Returns:
        A :class:`~nn.history.SweepResult`, runs in the order of ``lrs``.
    """
    if isinstance(lrs, (str, bytes)) or not isinstance(lrs, Sequence) or not lrs:
        raise ValueError(f"lrs must be a non-empty list of learning rates, got {lrs!r}")
    rates = [non_negative(lr, f"lrs[{i}]") for i, lr in enumerate(lrs)]
    if "on_divergence" in fit_kwargs:
        raise ValueError("lr_sweep sets on_divergence itself: a diverging run stops and is marked")
    fit_kwargs.setdefault("seed", 0)
    reference = make_model()
    start = reference.state_dict()
    start_weights = [p.data for p in reference.parameters()]
    runs = []
    bar = progress_bar(wants_progress(progress, len(rates) * epochs), len(rates),
                       desc="lr_sweep", unit="rate")
    try:
        for lr in rates:
            model = make_model()
            model.load_state_dict(start)
            if [p.data for p in model.parameters()] != start_weights:
                raise ValueError("make_model() builds models that load_state_dict cannot align")
            opt = _build_optimizer(optimizer, model.parameters(), lr)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DivergenceWarning)
                history = fit(model, X, y, loss=loss, optimizer=opt, epochs=epochs,
                              progress=False, on_divergence="stop", **fit_kwargs)
            runs.append(SweepRun(lr=lr, history=history))
            bar.update(1)
    finally:
        bar.close()
    return SweepResult(runs)


def _batches(n: int, size: int, rng: random.Random) -> Iterator[list[int]]:
    """Index batches forever: a new shuffled pass over the data whenever one ends."""
    while True:
        order = list(range(n))
        rng.shuffle(order)
        for start in range(0, n, size):
            yield order[start:start + size]


def suggest_lr(lrs: Sequence[float], losses: Sequence[float]) -> float:
    """The rate where the smoothed loss falls fastest against ``log(lr)``, before its minimum.

    Only the stretch up to the lowest loss counts (after it the loss is blowing up), and,
    as in fastai, not the first tenth (the moving average is still settling). The
    slope is taken over a window of ``k = max(1, n // 20)`` steps,
    ``(loss[i+k] - loss[i]) / (log lr[i+k] - log lr[i])``, so that the noise of small
    batches in the flat start does not pass for a fall; the suggestion is the rate in the
    middle of the steepest window. ``nan`` for fewer than 2 points.
    """
    if len(lrs) < 2:
        return math.nan
    n = len(lrs)
    start = n // 10 if n - n // 10 >= 3 else 0
    lowest = min(range(start, n), key=losses.__getitem__)
    end = max(lowest, start + 1)  # at least one step to measure
    k = max(1, min(n // 20, end - start))
    slopes = [
        ((losses[i + k] - losses[i]) / (math.log(lrs[i + k]) - math.log(lrs[i])), i)
        for i in range(start, end - k + 1)
    ]
    steepest = min(slopes)[1]
    return lrs[steepest + k // 2]


def moving_average(values: Sequence[float], smoothing: float) -> list[float]:
    """Exponential moving average, bias-corrected as Adam corrects its moments.

    ``avg = smoothing * avg + (1 - smoothing) * value``, reported as ``avg / (1 -
    smoothing**(i+1))`` so that the first values are not pulled towards 0. It trails the
    values: after a change it takes about ``1 / (1 - smoothing)`` steps to catch up.
    """
    averaged, average = [], 0.0
    for i, value in enumerate(values):
        average = smoothing * average + (1 - smoothing) * value
        averaged.append(average / (1 - smoothing ** (i + 1)))
    return averaged


def smooth_without_lag(values: Sequence[float], smoothing: float) -> list[float]:
    """The moving average run forwards, then backwards over its own result.

    The backward pass trails by as much as the forward pass leads the other way, so the
    lag cancels (a "zero-phase" filter): the smoothed curve falls where the values fall.
    """
    return moving_average(moving_average(values, smoothing)[::-1], smoothing)[::-1]


def lr_find(
    model: Any,
    X: Sequence[Any],
    y: Sequence[Any],
    *,
    loss: str | LossFunction,
    optimizer: OptimizerChoice = "sgd",
    start_lr: float = 1e-7,
    end_lr: float = 10.0,
    num_steps: int = 100,
    batch_size: int | None = None,
    smoothing: float = 0.9,
    divergence_factor: float = 4.0,
    seed: int | None = None,
) -> LRFindResult:
    """The learning-rate range test: train with a rate growing every batch, watch the loss.

    Step ``i`` (of ``num_steps``) uses ``lr = start_lr * (end_lr / start_lr) ** (i /
    (num_steps - 1))``, so rates grow exponentially from ``start_lr`` to ``end_lr``. While
    it runs, the batch losses are smoothed by a :func:`moving_average` (as in fastai), and
    the test stops before the step whose smoothed loss exceeds ``divergence_factor`` times
    the best so far, or whose loss is ``nan``/``inf``. That running average trails the
    losses by about ``1 / (1 - smoothing)`` steps, so the curve it returns, and the rate it
    suggests, come from :func:`smooth_without_lag` instead: the same average run forwards
    and backwards, which falls where the losses fall.

    The model is left exactly as it was: every parameter's value and gradient is put back.

    Args:
        model: the model (its weights are restored afterwards).
        X, y: the training data.
        loss: as for :func:`~nn.training.fit`.
        optimizer: a name or a function ``(params, lr) -> Optimizer`` (built fresh here).
        start_lr, end_lr: the range of rates (``0 < start_lr < end_lr``).
        num_steps: at most this many batches (``>= 2``).
        batch_size: examples per batch (``None``: all of them).
        smoothing: the moving-average factor in [0, 1); larger is smoother.
        divergence_factor: stop when the smoothed loss exceeds this times its best (``> 1``).
        seed: seeds the shuffling of the batches.

    Returns:
        An :class:`~nn.history.LRFindResult`; ``suggested_lr`` by :func:`suggest_lr`.
    """
    start_lr = positive(start_lr, "start_lr")
    end_lr = positive(end_lr, "end_lr")
    if end_lr <= start_lr:
        raise ValueError(f"end_lr must be larger than start_lr={start_lr:g}, got {end_lr!r}")
    num_steps = int_at_least(num_steps, "num_steps", 2)
    smoothing = fraction(smoothing, "smoothing")
    if not number(divergence_factor, "divergence_factor") > 1.0:
        raise ValueError(f"divergence_factor must be a number > 1, got {divergence_factor!r}")
    check_data(X, y)
    size = batch_size_for(batch_size, len(X))
    loss_fn = get_loss(loss)
    params = model.parameters()
    saved = [(p.data, p.grad) for p in params]
    opt = _build_optimizer(optimizer, params, start_lr)
    batches = _batches(len(X), size, random.Random(seed))
    lrs: list[float] = []
    raw: list[float] = []
    best = math.inf
    with pause_gc():  # graphs have no reference cycles: see autograd.mode.pause_gc
        try:
            for step in range(num_steps):
                lr = start_lr * (end_lr / start_lr) ** (step / (num_steps - 1))
                batch = next(batches)
                value = loss_fn([model(X[i]) for i in batch], [y[i] for i in batch])
                if not math.isfinite(value.data):
                    break
                # the running average as it stands at this step (at most num_steps long)
                smooth = moving_average([*raw, value.data], smoothing)[-1]
                if smooth > divergence_factor * best:
                    break
                best = min(best, smooth)
                lrs.append(lr)
                raw.append(value.data)
                opt.lr = lr
                opt.zero_grad()
                value.backward()
                opt.step()
        finally:
            for p, (data, grad) in zip(params, saved):
                p.data, p.grad = data, grad
    smoothed = smooth_without_lag(raw, smoothing)
    return LRFindResult(lrs=lrs, losses=smoothed, raw_losses=raw,
                        suggested_lr=suggest_lr(lrs, smoothed))
