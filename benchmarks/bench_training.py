"""Training benchmark: micrograd's own demo step, with micrograd and with gradschool.

micrograd's demo trains an MLP 2-16-16-1 (337 parameters) on 100 moons points, full
batch, with the hinge loss plus an L2 penalty (alpha = 1e-4) and plain SGD. One step is:
forward over all 100 points, loss, zero_grad, backward, update. We run that step with
each engine on the same data and report seconds per step and the ratio.

Goal (issue #3): gradschool at most 0.1x micrograd's time per step.

gradschool is timed twice: the plain loop as written below, and the same loop inside
``autograd.pause_gc()``, which is how ``nn.fit`` trains (a graph has no reference cycles,
so the cyclic garbage collector only costs time walking it). micrograd is timed as its
demo runs it; its graphs *are* cyclic and need the collector to be freed.

Run: ``python benchmarks/bench_training.py`` (micrograd from ``pip install micrograd``).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import nn
from autograd import pause_gc

GOAL_RATIO = 0.1
ALPHA = 1e-4


def gradschool_step(
    X: list[list[float]], y: list[int], lr: float, gc_paused: bool = False
) -> Callable[[], float]:
    """One demo step with gradschool's nn: returns a function that runs it and gives the loss."""
    model = nn.MLP(2, [16, 16, 1], seed=1337)
    params = model.parameters()
    optimizer = nn.SGD(params, lr=lr)

    def step() -> float:
        scores = [model(x) for x in X]
        loss = nn.losses.hinge(scores, y) + nn.l2_penalty(params, ALPHA)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.data

    def step_gc_paused() -> float:
        with pause_gc():
            return step()

    return step_gc_paused if gc_paused else step


def micrograd_step(X: list[list[float]], y: list[int], lr: float) -> Callable[[], float]:
    """The same step, written as in micrograd's demo notebook."""
    from micrograd.engine import Value
    from micrograd.nn import MLP

    model = MLP(2, [16, 16, 1])

    def step() -> float:
        inputs = [list(map(Value, row)) for row in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = ALPHA * sum(p * p for p in model.parameters())
        total = data_loss + reg_loss
        model.zero_grad()
        total.backward()
        for p in model.parameters():
            p.data -= lr * p.grad
        return total.data

    return step


def seconds_per_step(step: Callable[[], float], steps: int) -> float:
    """Median seconds of ``steps`` training steps (the first, warming up, is not counted)."""
    step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=5, help="timed steps per engine")
    args = parser.parse_args()

    X, labels = nn.make_moons(100, noise=0.1, seed=0)
    y = [2 * label - 1 for label in labels]  # the hinge loss wants targets of -1 and +1
    ours = {
        "gradschool, plain loop": seconds_per_step(gradschool_step(X, y, 0.1), args.steps),
        "gradschool, as nn.fit runs (pause_gc)": seconds_per_step(
            gradschool_step(X, y, 0.1, gc_paused=True), args.steps
        ),
    }
    for name, seconds in ours.items():
        print(f"{name:>38}: {seconds * 1000:8.1f} ms per step")
    try:
        theirs = seconds_per_step(micrograd_step(X, y, lr=0.1), args.steps)
    except ImportError:
        print("micrograd is not installed (pip install micrograd): no ratio")
        return
    print(f"{'micrograd':>38}: {theirs * 1000:8.1f} ms per step")
    for name, seconds in ours.items():
        ratio = seconds / theirs
        verdict = "MET" if ratio <= GOAL_RATIO else "MISSED"
        print(f"{name}: {ratio:.3f}x micrograd's time per step (goal <= {GOAL_RATIO}x) {verdict}")


if __name__ == "__main__":
    main()
