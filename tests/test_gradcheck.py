"""gradcheck: agrees on correct ops, catches a wrong derivative and names it, prints a table."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from autograd import ops
from autograd.gradcheck import GradcheckError, gradcheck
from autograd.mode import no_grad
from autograd.value import Value, apply


class WrongSquare(ops.Op):
    r"""f(a) = a*a;  df/da = a

    Deliberately wrong: the derivative of a*a is 2*a.
    """

    name, symbol = "wrong_square", "sq"

    def forward(self, a: float) -> float:  # type: ignore[override]
        return a * a

    def derivatives(self, a: float, out: float) -> tuple[float]:  # type: ignore[override]
        return (a,)


WRONG_SQUARE = WrongSquare()

# Functions touching every op, each at a point where it is smooth.
CORRECT: list[tuple[str, Callable[..., Value], tuple[float, ...]]] = [
    ("arithmetic", lambda a, b: (a + b) * (a - b) / (b * 3.0) - (-a), (1.3, -0.4)),
    ("powers", lambda a, b: a**b + a**3 + 2**b + a**-0.5, (1.7, 0.6)),
    ("activations", lambda a: a.tanh() + a.sigmoid() + a.softplus() + a.relu(), (0.8,)),
    ("kinks away from 0", lambda a: abs(a) + a.leaky_relu(0.1) + (-a).relu(), (-0.6,)),
    ("exp log sqrt", lambda a, b: (a * b).exp() + a.log() * b.sqrt(), (0.9, 2.2)),
    ("bce", lambda z, y: apply(ops.BCE, z.sigmoid(), y), (0.3, 0.8)),
    ("diamond", lambda a: (a * 2) * a.exp() + a, (0.25,)),
]


@pytest.mark.parametrize(("what", "f", "point"), CORRECT, ids=[c[0] for c in CORRECT])
def test_correct_ops_pass(what: str, f: Callable[..., Value], point: tuple[float, ...]) -> None:
    report = gradcheck(f, *point)
    assert report.ok, str(report)
    assert [row.name for row in report.rows] == [f"x{i}" for i in range(len(point))]
    assert [row.value for row in report.rows] == list(point)
    assert all(math.isclose(row.engine, row.numeric, rel_tol=1e-5, abs_tol=1e-7)
               for row in report.rows)


def test_wrong_derivative_is_caught_and_named() -> None:
    w, other = Value(3.0, label="w"), Value(2.0, label="other")
    report = gradcheck(lambda a, b: apply(WRONG_SQUARE, a) + b * b, w, other)
    assert not report.ok
    assert report.worst is not None and report.worst.name == "w"
    by_name = {row.name: row for row in report.rows}
    assert not by_name["w"].ok and by_name["other"].ok
    assert by_name["w"].engine == 3.0 and math.isclose(by_name["w"].numeric, 6.0)
    assert math.isclose(by_name["w"].error, 3.0)


def test_raise_on_mismatch_names_the_worst_input() -> None:
    def f(a: Value, b: Value) -> Value:
        return apply(WRONG_SQUARE, a) + b * b

    with pytest.raises(GradcheckError, match=r"gradient of w \(at 3.0\) is 3.0 by backprop"):
        gradcheck(f, Value(3.0, label="w"), Value(2.0, label="ok"), raise_on_mismatch=True)
    assert issubclass(GradcheckError, AssertionError)
    gradcheck(lambda a: a * a, 3.0, raise_on_mismatch=True)  # agreeing: no error


def test_report_prints_as_a_table() -> None:
    report = gradcheck(lambda a, b: apply(WRONG_SQUARE, a) + b, Value(3.0, label="w"), 2.0)
    lines = str(report).splitlines()
    assert lines[0] == "gradcheck of f = 11.0"
    assert lines[1].split() == ["input", "value", "engine", "grad", "numeric", "grad", "error"]
    assert lines[2].split()[:3] == ["w", "3", "3"] and lines[2].endswith("MISMATCH")
    assert lines[3].split()[:3] == ["x1", "2", "1"] and lines[3].endswith("ok")
    assert lines[4].startswith("some gradients disagree")
    good = str(gradcheck(lambda a: a * a, 3.0)).splitlines()
    assert good[-1].startswith("all gradients agree")


def test_kinks_are_reported_honestly() -> None:
    """relu at 0: backprop says 0 (as PyTorch), the central difference says 0.5."""
    report = gradcheck(lambda a: a.relu(), 0.0)
    assert not report.ok and report.rows[0].engine == 0.0
    assert math.isclose(report.rows[0].numeric, 0.5)


def test_given_values_are_not_modified() -> None:
    a = Value(1.5, label="a")
    gradcheck(lambda x: x * x, a)
    assert (a.data, a.grad, a.op) == (1.5, 0.0, None)


def test_f_must_return_a_value() -> None:
    with pytest.raises(TypeError, match="float"):
        gradcheck(lambda a: a.data * 2, 1.0)  # type: ignore[arg-type, return-value]
    with pytest.raises(TypeError, match="str"):
        gradcheck(lambda a: a, "1.0")  # type: ignore[arg-type]


def test_large_inputs_are_checked_with_a_relative_step() -> None:
    assert gradcheck(lambda a: a * a, 3e6).ok
    assert gradcheck(lambda a: a * 2.0, 1e8).ok


def test_gradcheck_inside_no_grad() -> None:
    with no_grad():
        assert gradcheck(lambda a: a * 2.0, 1.0).ok


def test_step_must_be_positive() -> None:
    with pytest.raises(ValueError, match="eps"):
        gradcheck(lambda a: a * 2.0, 1.0, eps=0.0)
