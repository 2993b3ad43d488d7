"""The number kit: what every kind of number must provide, and the float kit provides it."""

from __future__ import annotations

import inspect
import math

import pytest

from autograd import floats, ops
from autograd.kit import NumberKit

KIT_FUNCTIONS = [
    name for name in vars(NumberKit) if not name.startswith("_") and callable(vars(NumberKit)[name])
]


def test_the_kit_names_the_functions_ops_use() -> None:
    assert sorted(KIT_FUNCTIONS) == sorted([
        "divide", "exp", "log", "log1p", "sqrt", "power", "tanh", "sigmoid", "softplus",
        "sign", "where",
    ])


@pytest.mark.parametrize("name", KIT_FUNCTIONS)
def test_floats_is_a_kit(name: str) -> None:
    assert callable(getattr(floats, name))


def test_float_where_chooses_like_numpy_where() -> None:
    assert floats.where(True, 1.0, 2.0) == 1.0
    assert floats.where(False, 1.0, 2.0) == 2.0
    assert math.isnan(floats.where(False, 0.0, math.nan))


class _Recording:
    """A kit that records which of its functions the ops call, and computes with floats."""

    def __init__(self) -> None:
        self.called: set[str] = set()

    def __getattr__(self, name: str) -> object:
        self.called.add(name)
        return getattr(floats, name)


POINTS = {1: (0.7,), 2: (0.3, 1.7)}


def _op(name: str) -> ops.Op:
    cls = ops.OPS[name]
    if cls is ops.PowConst:
        return ops.pow_const(3.0)
    if cls is ops.LeakyReLU:
        return ops.leaky_relu(0.1)
    return cls()


@pytest.mark.parametrize("name", sorted(ops.OPS))
def test_ops_compute_through_the_kit_they_are_given(name: str) -> None:
    """forward_with / derivatives_with give what the engine's float calls give, and an op
    that needs a function beyond Python's operators takes it from the kit passed in, never
    from a module of its own choosing (or the tape and higher derivatives would get floats)."""
    op = _op(name)
    inputs = POINTS[op.arity]
    out = op.forward(*inputs)
    kit = _Recording()
    assert op.forward_with(kit, *inputs) == out  # type: ignore[arg-type]
    assert op.derivatives_with(kit, *inputs, out) == op.derivatives(*inputs, out)  # type: ignore[arg-type]
    if name not in {"add", "sub", "mul", "neg", "abs"}:  # Python's operators alone
        assert kit.called, f"{name} computed without its kit"


@pytest.mark.parametrize("name", sorted(ops.OPS))
def test_op_formulas_call_no_float_module_directly(name: str) -> None:
    cls = ops.OPS[name]
    methods = [vars(cls)[m] for m in ("forward", "derivatives")
               if inspect.isfunction(vars(cls).get(m))]
    source = "".join(inspect.getsource(m) for m in methods).replace("kit: NumberKit = floats", "")
    for module in ("floats.", "math.", "numpy.", "np."):
        assert module not in source, f"{name} calls {module}... instead of its kit"


def test_an_op_without_a_kit_runs_on_floats_and_says_why_it_cannot_run_on_others() -> None:
    class Sin(ops.Op):
        r"""f(a) = sin(a);  df/da = cos(a)"""

        name, symbol = "sin", "sin"

        def forward(self, a: float) -> float:  # type: ignore[override]
            return math.sin(a)

        def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
            return (math.cos(a),)

    sin = Sin()
    assert not Sin.takes_kit and all(cls.takes_kit for cls in ops.OPS.values())
    assert sin.forward_with(floats, 0.5) == math.sin(0.5)
    with pytest.raises(TypeError, match="op sin computes with floats only"):
        sin.derivatives_with(_Recording(), 0.5, math.sin(0.5))  # type: ignore[arg-type]
