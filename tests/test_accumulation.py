"""One backward pass's start and finish: earlier gradients set aside, then added back.

Through ``backward()`` and the stepper these are tested against PyTorch (test_value,
test_stepper, test_random_graphs); here the two steps are checked on their own.
"""

import math
import random
import sys
import threading
from collections.abc import Callable

import pytest

import nn
from autograd import Value, topological_order
from autograd.accumulation import finish_pass, start_pass
from autograd.pictures.stepper import BackwardStepper, backward_steps


def test_a_fresh_graph_sets_nothing_aside_and_seeds_its_root() -> None:
    a = Value(2.0)
    out = a * 3.0
    order = topological_order(out)
    assert start_pass(order, 0.5) is None
    assert (out.grad, a.grad) == (0.5, 0.0)
    finish_pass(order, None)
    assert (out.grad, a.grad) == (0.5, 0.0)


def test_earlier_gradients_are_set_aside_then_added_back() -> None:
    a = Value(2.0)
    out = a * 3.0
    order = topological_order(out)
    a.grad, out.grad = 7.0, 1.0
    earlier = start_pass(order, 1.0)
    assert earlier == [{a: 7.0, out: 1.0}.get(node, 0.0) for node in order]
    assert (a.grad, out.grad) == (0.0, 1.0)  # this pass starts from scratch
    a.grad += 3.0  # what the pass itself adds
    finish_pass(order, earlier)
    assert (a.grad, out.grad) == (10.0, 2.0)


# ---------------------------------------------------------------- threads


def _run_in_threads(targets: list[Callable[[], None]]) -> None:
    """Start every target at once (a barrier), join them, re-raise the first error."""
    barrier = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def run(target: Callable[[], None]) -> None:
        try:
            barrier.wait(10)
            target()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as Python allows
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        sys.setswitchinterval(switch_interval)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    if errors:
        raise errors[0]


def _losses(model: nn.MLP, thread: int, passes: int) -> list[Value]:
    """``passes`` losses of ``model`` on inputs of ``thread``'s own (graphs of its own)."""
    rng = random.Random(thread)
    return [
        nn.losses.mse([model([rng.uniform(-1, 1) for _ in range(3)]) for _ in range(4)],
                      [rng.uniform(-1, 1) for _ in range(4)])
        for _ in range(passes)
    ]


def test_threads_backpropagating_into_shared_parameters_add_up_as_one_after_another() -> None:
    # Eight threads, each with graphs of its own, all reaching one model's parameters:
    # unlocked, their set-aside, += and add-back interleaved and lost each other's shares.
    threads, passes = 8, 6
    model = nn.MLP(3, [8, 8, 1], seed=0)
    reference = nn.MLP(3, [8, 8, 1], seed=0)
    for p, q in zip(model.parameters(), reference.parameters()):
        p.grad = q.grad = 0.25  # gradients left from before: set aside and added back
    graphs = {t: _losses(model, t, passes) for t in range(threads)}
    for t in range(threads):  # the reference: the same passes, one after another
        for loss in _losses(reference, t, passes):
            loss.backward()

    def backprop(t: int) -> Callable[[], None]:
        return lambda: [loss.backward() for loss in graphs[t]]

    _run_in_threads([backprop(t) for t in range(threads)])
    expected = [q.grad for q in reference.parameters()]
    got = [p.grad for p in model.parameters()]
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert all(loss.grad == 1.0 for losses in graphs.values() for loss in losses)


def test_a_stepped_pass_refuses_other_passes_through_its_nodes_until_it_finishes() -> None:
    w, x = Value(3.0, label="w"), Value(2.0, label="x")
    stepped_graph, other_graph = w * x, (w * w).tanh()
    steps = backward_steps(stepped_graph)
    next(steps)  # half-way: w.grad holds this pass's partial sum
    refused: list[BaseException] = []

    def other_thread() -> None:
        try:
            other_graph.backward()
        except RuntimeError as error:
            refused.append(error)

    _run_in_threads([other_thread])
    assert len(refused) == 1 and "backward_steps" in str(refused[0])
    with pytest.raises(RuntimeError, match="still stepping"):
        other_graph.backward()  # in this thread too
    with pytest.raises(RuntimeError, match="still stepping"):
        BackwardStepper(other_graph)
    unrelated = Value(1.0) * 2.0
    unrelated.backward()  # a graph with none of its nodes is free to go
    assert w.grad == 2.0  # nothing touched the stepped pass
    steps.close()
    other_graph.backward()
    assert w.grad == pytest.approx(2.0 + 2 * 3.0 * (1 - math.tanh(9.0) ** 2))
