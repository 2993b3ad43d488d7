"""The engine's switches: no_grad / enable_grad (recording) and detect_anomaly."""

from __future__ import annotations

import math
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest

from autograd import ops
from autograd.mode import MODE, detect_anomaly, enable_grad, no_grad
from autograd.value import Value, apply

# Every way of making a node: operators both ways round, constant and Value exponents,
# methods, a method with a constant, and apply().
MAKERS: list[tuple[str, Callable[[Value, Value], Value]]] = [
    ("a + b", lambda a, b: a + b),
    ("2 - a", lambda a, b: 2 - a),
    ("a ** 2", lambda a, b: a**2),
    ("a ** b", lambda a, b: a**b),
    ("2 ** a", lambda a, b: 2**a),
    ("-a", lambda a, b: -a),
    ("a.tanh()", lambda a, b: a.tanh()),
    ("a.leaky_relu(0.2)", lambda a, b: a.leaky_relu(0.2)),
    ("bce", lambda a, b: apply(ops.BCE, a.sigmoid(), b.sigmoid())),
]


@pytest.fixture(autouse=True)
def modes_are_restored() -> object:
    """Every test starts and must end with the default switches."""
    assert MODE.recording and not MODE.detect_anomaly
    yield
    assert MODE.recording and not MODE.detect_anomaly


# ---------------------------------------------------------------- no_grad


@pytest.mark.parametrize(("what", "make"), MAKERS, ids=[m[0] for m in MAKERS])
def test_no_grad_results_are_leaves(what: str, make: Callable[[Value, Value], Value]) -> None:
    a, b = Value(0.5), Value(2.0)
    recorded = make(a, b)
    with no_grad():
        assert not MODE.recording
        bare = make(a, b)
    assert bare.data == recorded.data
    assert bare.op is None and bare.inputs == () and bare.grad == 0.0
    assert recorded.op is not None and recorded.inputs
    bare.backward()
    assert a.grad == 0.0 and b.grad == 0.0  # nothing flows back through an unrecorded op


def test_no_grad_nests_and_enable_grad_records_inside() -> None:
    a = Value(1.0)
    with no_grad():
        with no_grad():
            assert not MODE.recording
        assert not MODE.recording  # the inner block restores the outer one's state
        with enable_grad():
            assert MODE.recording
            inner = a * 3
        assert not MODE.recording
        outer = a * 3
    assert inner.inputs[0] is a and outer.inputs == ()
    with enable_grad():  # on when already on: nothing changes
        assert MODE.recording


def test_no_grad_restores_recording_after_an_exception() -> None:
    with pytest.raises(ZeroDivisionError), no_grad():
        raise ZeroDivisionError  # any exception leaving the block
    assert MODE.recording
    with no_grad(), pytest.raises(KeyError), enable_grad():
        raise KeyError
    assert MODE.recording


def test_no_grad_as_a_decorator() -> None:
    @no_grad()
    def evaluate(w: Value) -> Value:
        return w * 2.0

    assert evaluate(Value(1.0)).inputs == ()


# ---------------------------------------------------------------- detect_anomaly


def test_anomaly_names_the_op_and_its_labelled_inputs() -> None:
    num, den = Value(1.0, label="num"), Value(0.0, label="den")
    with detect_anomaly(), pytest.raises(FloatingPointError) as caught:
        num / den
    message = str(caught.value)
    assert "div" in message and "inf" in message
    assert "num=1.0" in message and "den=0.0" in message


def test_anomaly_stops_at_the_first_bad_op() -> None:
    p = Value(0.0, label="p")
    reached = []
    first_bad = r"^log produced -inf from p=0.0"
    with detect_anomaly(), pytest.raises(FloatingPointError, match=first_bad):
        p * 2.0  # fine: 0.0
        reached.append("mul")
        (p.log() * 0.0).exp()  # log gives -inf first; the mul and exp after it never run
        reached.append("after")
    assert reached == ["mul"]


def test_anomaly_names_unlabelled_inputs_by_position() -> None:
    with detect_anomaly(), pytest.raises(FloatingPointError, match=r"input 0=-1.0"):
        Value(-1.0).sqrt()


@pytest.mark.parametrize(
    "blow_up",
    [lambda: Value(1000.0).exp(), lambda: Value(-1.0).log(), lambda: Value(1e308) * 10,
     lambda: Value(math.inf) - math.inf, lambda: Value(0.0) ** -1],
)
def test_anomaly_catches_nan_and_inf(blow_up: Callable[[], Value]) -> None:
    assert not math.isfinite(blow_up().data)  # outside the block: IEEE values, no error
    with detect_anomaly(), pytest.raises(FloatingPointError):
        blow_up()


def test_anomaly_state_is_restored_and_nests() -> None:
    with pytest.raises(FloatingPointError), detect_anomaly():
        Value(0.0).log()
    assert not MODE.detect_anomaly
    with detect_anomaly():
        with detect_anomaly():
            pass
        assert MODE.detect_anomaly  # still on in the outer block
    assert Value(0.0).log().data == -math.inf


def test_nan_gradient_in_backward_raises() -> None:
    x = Value(0.0, label="x")
    y = x.sqrt() * 0.0  # forward is fine: 0.0; backward gives inf * 0 = nan
    with detect_anomaly(), pytest.raises(FloatingPointError) as caught:
        y.backward()
    message = str(caught.value)
    assert "sqrt" in message and "(x)" in message and "nan" in message
    z = Value(0.0).sqrt() * 0.0
    z.backward()  # outside the block: just a nan gradient
    assert math.isnan(z.inputs[0].inputs[0].grad)


def test_inf_gradient_in_backward_raises() -> None:
    x = Value(0.0, label="x")
    with detect_anomaly():
        y = x.sqrt()  # sqrt(0) = 0 is fine going forward
        with pytest.raises(FloatingPointError, match=r"sqrt .* \(x\) the gradient inf"):
            y.backward()


def test_finite_graph_passes_under_detect_anomaly() -> None:
    a, b = Value(0.3, label="a"), Value(-0.7, label="b")
    with detect_anomaly():
        out = (a * b).tanh() + b.exp() / a
        out.backward()
    assert math.isfinite(a.grad) and math.isfinite(b.grad)


# ---------------------------------------------------------------- per thread

SWITCHES = [(no_grad, "recording", False), (detect_anomaly, "detect_anomaly", True)]


def _records(a: Value) -> bool:
    """Whether an op run now records its inputs (in the calling thread)."""
    return bool((a * 2.0).inputs)


def _run_in_threads(*targets: Callable[[], None]) -> None:
    """Run each target in a thread of its own; re-raise the first error any of them hit."""
    errors: list[BaseException] = []

    def guarded(target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                target()
            except BaseException as error:  # noqa: BLE001 - handed back to the test
                errors.append(error)
        return run

    threads = [threading.Thread(target=guarded(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    if errors:
        raise errors[0]


@pytest.mark.parametrize(("block", "switch", "inside"), SWITCHES, ids=["no_grad", "anomaly"])
def test_overlapping_blocks_in_two_threads_each_keep_their_own_switch(
    block: Callable[[], Any], switch: str, inside: bool
) -> None:
    # A enters, B enters, A leaves, B leaves: with one switch for the whole process, A
    # leaving turned it back for B too, and B leaving then set it to A's inner state.
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def thread_a() -> None:
        with block():
            a_in.set()
            assert b_in.wait(10)
            seen["A inside"] = getattr(MODE, switch)
        seen["A after"] = getattr(MODE, switch)
        seen["A records after"] = _records(Value(1.0))
        a_out.set()

    def thread_b() -> None:
        assert a_in.wait(10)
        with block():
            b_in.set()
            assert a_out.wait(10)
            seen["B inside, A gone"] = getattr(MODE, switch)
            if switch == "recording":
                seen["B records inside"] = _records(Value(1.0))
        seen["B after"] = getattr(MODE, switch)

    _run_in_threads(thread_a, thread_b)
    outside = not inside
    assert seen.pop("A inside") is inside and seen.pop("B inside, A gone") is inside
    assert seen.pop("A after") is outside and seen.pop("B after") is outside
    assert seen.pop("A records after") is True
    assert seen.pop("B records inside", False) is False
    assert getattr(MODE, switch) is outside and _records(Value(1.0))  # this thread untouched


def test_a_block_in_one_thread_leaves_other_threads_alone() -> None:
    entered, checked = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def in_block() -> None:
        with no_grad(), detect_anomaly():
            entered.set()
            assert checked.wait(10)

    def outside() -> None:
        assert entered.wait(10)
        try:
            seen["records"] = _records(Value(1.0))
            seen["log(0)"] = Value(0.0).log().data  # no anomaly check here: just -inf
        finally:
            checked.set()

    _run_in_threads(in_block, outside)
    assert seen == {"records": True, "log(0)": -math.inf}


def test_a_new_thread_starts_with_the_default_switches() -> None:
    seen: dict[str, object] = {}

    def new_thread() -> None:
        seen["switches"] = (MODE.recording, MODE.detect_anomaly)
        seen["records"] = _records(Value(1.0))
        seen["log(0)"] = Value(0.0).log().data

    with no_grad(), detect_anomaly():  # this thread's blocks are not inherited
        _run_in_threads(new_thread)
    assert seen == {"switches": (True, False), "records": True, "log(0)": -math.inf}


def test_fit_with_validation_in_eight_threads_trains_every_model_as_alone() -> None:
    # fit evaluates the validation data inside no_grad: with one process-wide switch, the
    # threads' overlapping blocks left recording off and most models untrained.
    import nn

    X, y = nn.datasets.make_moons(40, noise=0.1, seed=0)

    def train(seed: int) -> list[float]:
        model = nn.MLP(2, [6, 1], seed=seed)
        nn.fit(model, X, y, loss="binary_cross_entropy_with_logits",
               optimizer=nn.optim.Adam(model.parameters(), lr=0.05), epochs=6,
               batch_size=8, seed=seed, validation_data=(X[:10], y[:10]), progress=False)
        return [p.data for p in model.parameters()]

    alone = {seed: train(seed) for seed in range(8)}
    untrained = {seed: [p.data for p in nn.MLP(2, [6, 1], seed=seed).parameters()]
                 for seed in range(8)}
    in_threads: dict[int, list[float]] = {}
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, so that the blocks overlap
    try:
        _run_in_threads(*[
            (lambda s=seed: in_threads.__setitem__(s, train(s))) for seed in range(8)
        ])
    finally:
        sys.setswitchinterval(switch_interval)
    for seed in range(8):
        assert in_threads[seed] != untrained[seed]
        assert in_threads[seed] == alone[seed], f"model {seed} trained differently in a thread"


@pytest.mark.parametrize("seed", [math.nan, math.inf, -math.inf])
def test_anomaly_refuses_a_nan_or_inf_gradient_passed_to_backward(seed: float) -> None:
    from autograd.pictures.stepper import backward_steps

    x = Value(2.0, label="x")
    y = x * 3.0
    with detect_anomaly():
        with pytest.raises(FloatingPointError, match=rf"gradient passed to backward\(\) is {seed}"):
            y.backward(seed)
        with pytest.raises(FloatingPointError, match=r"passed to backward_steps\(\)"):
            list(backward_steps(y, seed))
    assert x.grad == 0.0 and y.grad == 0.0  # refused before anything was touched
    y.backward(seed)  # outside the block: IEEE arithmetic, no error
    assert not math.isfinite(x.grad)


# ---------------------------------------------------------------- pause_gc


def test_pause_gc_stays_paused_until_the_last_thread_leaves_its_block() -> None:
    import gc

    from autograd.mode import pause_gc

    assert gc.isenabled()
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def thread_a() -> None:
        with pause_gc():
            a_in.set()
            assert b_in.wait(10)
        a_out.set()

    def thread_b() -> None:
        assert a_in.wait(10)
        with pause_gc():
            b_in.set()
            assert a_out.wait(10)
            seen["B's block, after A left"] = gc.isenabled()

    _run_in_threads(thread_a, thread_b)
    assert seen == {"B's block, after A left": False}
    assert gc.isenabled()
