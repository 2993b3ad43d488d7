"""Tape benchmark: a traced graph replayed over whole batches, against micrograd and PyTorch.

Two races, in one run:

1. micrograd's demo step (MLP 2-16-16-1, 337 parameters, 100 moons points, full batch,
   hinge loss + L2 penalty alpha = 1e-4, SGD). The tape replays one example's traced
   hinge loss over the 100 points (forward, then backward seeded with 1/100 per example);
   the L2 penalty, which reads no data, runs on the scalar engine. micrograd runs its own
   step, as its demo notebook writes it. Goal: at most 0.005x micrograd's time per step.
2. The 8x8 digits (1,797 images, 25% held out), MLP 64-32-10, cross-entropy, Adam(lr=0.01),
   batch 32, 15 epochs: ``nn.fit(..., compile=True)`` against the same training written
   in PyTorch float64 (the same starting weights, via ``model.to_torch()``). Goals: at
   least 95% test accuracy; at most 100x PyTorch's time (stretch goal: 10x).

The scalar engine's own goals are measured by ``bench_engine.py`` and ``bench_training.py``.

Run: ``python benchmarks/bench_tape.py`` (micrograd and torch optional: without them their
rows are skipped, saying so).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

import numpy as np
from bench_training import ALPHA, gradschool_step, micrograd_step, seconds_per_step

import nn
from autograd import Value, pause_gc, trace

DEMO_GOAL = 0.005
DIGITS_ACCURACY_GOAL = 0.95
DIGITS_GOAL, DIGITS_STRETCH = 100.0, 10.0
EPOCHS, BATCH, LR = 15, 32, 0.01


def tape_demo_step(X: list[list[float]], y: list[int], lr: float) -> Callable[[], float]:
    """micrograd's demo step on the tape: returns a function that runs it and gives the loss."""
    model = nn.MLP(2, [16, 16, 1], seed=1337)
    params = model.parameters()
    optimizer = nn.SGD(params, lr=lr)
    x = [Value(X[0][0], label="x1"), Value(X[0][1], label="x2")]
    target = Value(float(y[0]), label="y")
    program = trace(nn.losses.hinge(model(x), target), inputs=[*x, target])
    columns = np.array([[row[0] for row in X], [row[1] for row in X], [float(t) for t in y]])
    mean_seed = np.full(len(X), 1.0 / len(X))

    def step() -> float:
        with pause_gc():
            data_loss = float(program.forward(columns).mean())
            penalty = nn.l2_penalty(params, ALPHA)
            optimizer.zero_grad()
            penalty.backward()
            program.backward(mean_seed, input_gradients=False)
            optimizer.step()
            return data_loss + penalty.data

    return step


def demo(steps: int) -> None:
    X, labels = nn.make_moons(100, noise=0.1, seed=0)
    y = [2 * label - 1 for label in labels]
    print("1. micrograd's demo step: MLP 2-16-16-1, 100 points, hinge + L2, full batch")
    tape, scalar = tape_demo_step(X, y, 0.1), gradschool_step(X, y, 0.1)
    same = all(abs(tape() - scalar()) <= 1e-12 for _ in range(3))
    print(f"{'same losses as the engine':>28}: {'yes' if same else 'NO'} (first three steps)")
    ours = seconds_per_step(tape, steps * 20)
    print(f"{'gradschool, tape replay':>28}: {ours * 1000:9.2f} ms per step")
    try:
        theirs = seconds_per_step(micrograd_step(X, y, lr=0.1), steps)
    except ImportError:
        print("micrograd is not installed (pip install micrograd): no ratio")
        return
    print(f"{'micrograd':>28}: {theirs * 1000:9.2f} ms per step")
    ratio = ours / theirs
    verdict = "MET" if ratio <= DEMO_GOAL else "MISSED"
    print(f"tape: {ratio:.4f}x micrograd's time per step (goal <= {DEMO_GOAL}x) {verdict}")


def _argmax(rows: list[list[float]]) -> list[int]:
    return [max(range(len(row)), key=row.__getitem__) for row in rows]


def digits_gradschool(split: tuple[list, list, list, list]) -> tuple[float, float]:
    """Seconds to train with fit(compile=True), and the test accuracy."""
    X_train, X_test, y_train, y_test = split
    model = nn.MLP(64, [32, 10], seed=0)
    start = time.perf_counter()
    nn.fit(model, X_train, y_train, loss="cross_entropy",
           optimizer=nn.Adam(model.parameters(), lr=LR), epochs=EPOCHS, batch_size=BATCH,
           seed=0, progress=False, compile=True)
    seconds = time.perf_counter() - start
    predicted = _argmax(nn.predict(model, X_test, compile=True))
    return seconds, nn.accuracy(y_test, predicted)


def digits_torch(split: tuple[list, list, list, list]) -> tuple[float, float]:
    """The same training in PyTorch float64, from the same starting weights."""
    import torch

    torch.set_num_threads(1)  # tensors of 32 x 64: a second thread only adds waiting
    X_train, X_test, y_train, y_test = split
    net = nn.MLP(64, [32, 10], seed=0).to_torch()
    optimizer = torch.optim.Adam(net.parameters(), lr=LR)
    X = torch.tensor(X_train, dtype=torch.float64)
    y = torch.tensor(y_train)
    rng = random.Random(0)
    order = list(range(len(X_train)))
    start = time.perf_counter()
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in range(0, len(order), BATCH):
            batch = torch.tensor(order[i:i + BATCH])
            loss = torch.nn.functional.cross_entropy(net(X[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        predicted = net(torch.tensor(X_test, dtype=torch.float64)).argmax(dim=1).tolist()
    return seconds, nn.accuracy(y_test, predicted)


def digits() -> None:
    print(f"\n2. digits: MLP 64-32-10, cross-entropy, Adam(lr={LR}), batch {BATCH}, "
          f"{EPOCHS} epochs")
    X, y = nn.datasets.load_digits()
    split = nn.train_test_split(X, y, test_size=0.25, seed=0)
    ours, accuracy = digits_gradschool(split)
    verdict = "MET" if accuracy >= DIGITS_ACCURACY_GOAL else "MISSED"
    print(f"{'gradschool fit(compile=True)':>30}: {ours:7.2f} s, test accuracy {accuracy:.1%} "
          f"(goal >= {DIGITS_ACCURACY_GOAL:.0%}) {verdict}")
    try:
        theirs, torch_accuracy = digits_torch(split)
    except ImportError:
        print("torch is not installed: no ratio")
        return
    print(f"{'PyTorch float64':>30}: {theirs:7.2f} s, test accuracy {torch_accuracy:.1%}")
    ratio = ours / theirs
    verdict = "MET" if ratio <= DIGITS_GOAL else "MISSED"
    stretch = "MET" if ratio <= DIGITS_STRETCH else "MISSED"
    print(f"fit(compile=True): {ratio:.1f}x PyTorch's time (goal <= {DIGITS_GOAL:g}x) {verdict}; "
          f"stretch goal <= {DIGITS_STRETCH:g}x {stretch}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=5, help="timed micrograd steps")
    args = parser.parse_args()
    demo(args.steps)
    digits()


if __name__ == "__main__":
    main()
