"""The engine's switches: no_grad / enable_grad (recording) and detect_anomaly."""

from __future__ import annotations

import math
from collections.abc import Callable

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
