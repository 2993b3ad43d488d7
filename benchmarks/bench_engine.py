"""Engine benchmark: gradschool against micrograd, in the same run, on the same graph.

The graph is ``s = s + relu(x[i] * x[i+1])`` over N inputs: four nodes per input (the
input, the product, the relu and the sum), and as deep as it is long. With the inputs
made beforehand, we time the forward pass that builds the graph and ``backward()``, and
divide by the number of nodes; the engines take turns run by run, the two sizes take turns
round by round, and each figure is the median of its runs. Memory per node comes from
``tracemalloc`` (what the finished graph, inputs included, holds after backward).

Goals (issue #2): time per node at most 0.4x micrograd's; the cost per node at 1M nodes
at most 1.5x the cost at 10k; at most 250 bytes per node.

gradschool is timed twice: as a plain loop, and inside ``autograd.pause_gc()`` as
``nn.fit`` trains. Its graphs have no reference cycles, so the cyclic garbage collector
is never needed to free them; left on, its full collections walk every live node again
and again as the graph grows, which is all of the growth from 10k to 1M nodes.

Run: ``python benchmarks/bench_engine.py`` (``--quick`` for a short run). micrograd must
be installed (``pip install micrograd``); it is part of the ``dev`` extra.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import random
import statistics
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import autograd
from autograd import pause_gc

try:
    from micrograd.engine import Value as MicrogradValue
except ImportError:  # pragma: no cover - reported at run time
    MicrogradValue = None

GOAL_TIME_RATIO = 0.4
GOAL_GROWTH = 1.5
GOAL_BYTES = 250


def make_inputs(value_class: Callable[[float], Any], n_inputs: int, seed: int = 0) -> list[Any]:
    """The leaves x[0..n-1], uniform in [-1, 1]."""
    rng = random.Random(seed)
    return [value_class(rng.uniform(-1.0, 1.0)) for _ in range(n_inputs)]


def forward_backward(value_class: Callable[[float], Any], xs: list[Any]) -> Any:
    """Build ``s = s + relu(x[i] * x[i+1])`` and run backward; return ``s``."""
    n_inputs = len(xs)
    s = value_class(0.0)
    for i in range(n_inputs - 1):
        s = s + (xs[i] * xs[i + 1]).relu()
    s.backward()
    return s


def nodes_for(n_inputs: int) -> int:
    """Nodes in the graph: inputs, the starting 0, and three per step (*, relu, +)."""
    return n_inputs + 1 + 3 * (n_inputs - 1)


def seconds_for_one_run(
    value_class: Callable[[float], Any], n_inputs: int, seed: int, gc_paused: bool
) -> float:
    """Seconds for one forward + backward; the garbage collector on as in a plain loop,
    or paused by ``autograd.pause_gc`` as ``nn.fit`` trains."""
    xs = make_inputs(value_class, n_inputs, seed)
    gc.collect()
    start = time.perf_counter()
    with pause_gc() if gc_paused else contextlib.nullcontext():
        out = forward_backward(value_class, xs)
    elapsed = time.perf_counter() - start
    del out, xs  # the graph is freed here, after the clock stopped; the next run collects
    return elapsed


def bytes_per_node(value_class: Callable[[float], Any], n_inputs: int) -> float:
    """Memory the finished graph holds (after backward), per node, by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    out = forward_backward(value_class, make_inputs(value_class, n_inputs))
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del out
    gc.collect()
    return held / nodes_for(n_inputs)


PLAIN, PAUSED = "gradschool", "gradschool, pause_gc"


def run(quick: bool) -> dict[str, dict[str, float]]:
    sizes = {"10k": 2_500, "1M": 250_000} if not quick else {"10k": 2_500, "1M": 25_000}
    # (value class, garbage collector paused?) per engine
    engines: dict[str, tuple[Callable[[float], Any], bool]] = {
        PLAIN: (autograd.Value, False),
        PAUSED: (autograd.Value, True),
    }
    if MicrogradValue is not None:
        engines["micrograd"] = (MicrogradValue, False)
    # The engines take turns, run after run, and the two sizes take turns, round after
    # round, so that a slow or fast spell of the machine (timings here drift by up to
    # 1.7x) falls on every engine and on both sizes alike: growth compares one engine
    # with itself at two sizes, and would be skewed if the sizes ran at different times.
    # Each figure is the median of its runs, which one odd run cannot move.
    rounds, small_runs_per_round = 3, 5
    runs: dict[str, dict[str, list[float]]] = {name: {s: [] for s in sizes} for name in engines}
    for round_number in range(rounds):
        for label, n_inputs in sizes.items():
            for r in range(small_runs_per_round if label == "10k" else 1):
                seed = round_number * small_runs_per_round + r
                for name, (cls, paused) in engines.items():
                    runs[name][label].append(seconds_for_one_run(cls, n_inputs, seed, paused))
        print(f"  round {round_number + 1}/{rounds} done", flush=True)
    results: dict[str, dict[str, float]] = {name: {} for name in engines}
    for name, by_size in runs.items():
        for label, seconds in by_size.items():
            results[name][label] = statistics.median(seconds) / nodes_for(sizes[label])
    for name, (cls, _) in engines.items():
        results[name]["bytes"] = bytes_per_node(cls, 25_000)
    return results


def report(results: dict[str, dict[str, float]], quick: bool) -> None:
    big = "1M" if not quick else "100k"
    print(f"\n{'':>20} {'10k µs/node':>12} {big + ' µs/node':>13} {'growth':>7} {'bytes/node':>11}")
    for name, r in results.items():
        print(f"{name:>20} {r['10k'] * 1e6:>12.2f} {r['1M'] * 1e6:>13.2f} "
              f"{r['1M'] / r['10k']:>6.2f}x {r['bytes']:>11.0f}")

    def verdict(met: bool) -> str:
        return "MET" if met else "MISSED"

    bytes_used = results[PLAIN]["bytes"]
    print(f"\nmemory per node: {bytes_used:.0f} bytes (goal <= {GOAL_BYTES}) "
          f"{verdict(bytes_used <= GOAL_BYTES)}")
    for name in (PLAIN, PAUSED):
        ours = results[name]
        growth = ours["1M"] / ours["10k"]
        print(f"{name}:")
        print(f"  cost per node at {big} / at 10k: {growth:.2f}x (goal <= {GOAL_GROWTH}x) "
              f"{verdict(growth <= GOAL_GROWTH)}")
        if "micrograd" in results:
            for size in ("10k", "1M"):
                ratio = ours[size] / results["micrograd"][size]
                label = size if size == "10k" else big
                print(f"  time per node vs micrograd at {label}: {ratio:.2f}x "
                      f"(goal <= {GOAL_TIME_RATIO}x) {verdict(ratio <= GOAL_TIME_RATIO)}")
    if "micrograd" in results:
        print(f"memory vs micrograd: {bytes_used / results['micrograd']['bytes']:.2f}x")
    else:
        print("micrograd is not installed (pip install micrograd): no ratios")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small graphs only (seconds)")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}; graph s = s + relu(x[i]*x[i+1])")
    # micrograd sorts the graph recursively, and this graph is as deep as it is long:
    # give every engine the same deep stack so that micrograd can be measured at all.
    sys.setrecursionlimit(10_000_000)
    threading.stack_size(1 << 30)
    results: dict[str, dict[str, float]] = {}
    worker = threading.Thread(target=lambda: results.update(run(args.quick)))
    worker.start()
    worker.join()
    report(results, args.quick)


if __name__ == "__main__":
    main()
