"""nn.checks: the one home of argument checks, and every module using it the same way."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

from autograd.value import Value
from nn.callbacks import EarlyStopping
from nn.checks import (
    batch_size_for,
    check_data,
    fraction,
    int_at_least,
    non_negative,
    number,
    positive,
    positive_int,
)
from nn.datasets import make_moons
from nn.functional import l1_penalty, l2_penalty
from nn.module import MLP
from nn.optim import SGD, Adam
from nn.schedules import LinearDecay, StepDecay
from nn.sweep import lr_find, lr_sweep

X = [[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8]]
Y = [1.0, -0.5, 0.3]


def test_numbers_come_back_as_floats_and_ints() -> None:
    assert number(3, "x") == 3.0 and isinstance(number(3, "x"), float)
    assert number(Fraction(1, 4), "x") == 0.25
    assert non_negative(0, "x") == 0.0
    assert positive(1e-300, "x") == 1e-300
    assert fraction(0.0, "x") == 0.0 and fraction(0.999, "x") == 0.999
    assert positive_int(3, "n") == 3 and int_at_least(0, "n", 0) == 0


@pytest.mark.parametrize("bad", ["0.1", None, True, [1.0], Value(1.0)], ids=repr)
def test_anything_but_a_real_number_is_a_type_error_naming_it(bad: object) -> None:
    for check in (number, non_negative, positive, fraction):
        with pytest.raises(TypeError, match=rf"^lr must be a number, got {type(bad).__name__}"):
            check(bad, "lr")


@pytest.mark.parametrize(
    ("check", "bad", "message"),
    [
        (number, 10**400, r"x is too large for a float \(the largest is about 1.8e308\)"),
        (non_negative, 10**400, r"x is too large for a float .*"),
        (non_negative, -0.1, "x must be a finite number >= 0, got -0.1"),
        (non_negative, math.nan, "x must be a finite number >= 0, got nan"),
        (non_negative, math.inf, "x must be a finite number >= 0, got inf"),
        (positive, 0, "x must be a finite number > 0, got 0"),
        (positive, -1.0, "x must be a finite number > 0, got -1.0"),
        (positive, math.inf, "x must be a finite number > 0, got inf"),
        (fraction, 1.0, r"x must be in \[0, 1\), got 1.0"),
        (fraction, -0.1, r"x must be in \[0, 1\), got -0.1"),
        (fraction, math.nan, r"x must be in \[0, 1\), got nan"),
        (positive_int, 0, "x must be an integer >= 1, got 0"),
        (lambda v, name: int_at_least(v, name, 2), 1, "x must be an integer >= 2, got 1"),
    ],
)
def test_a_number_out_of_range_is_a_value_error_naming_it(
    check: Callable[[object, str], object], bad: object, message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        check(bad, "x")


@pytest.mark.parametrize("bad", [2.0, 2.5, True, "3", None], ids=repr)
def test_a_count_must_be_an_int(bad: object) -> None:
    expected = f"^epochs must be an integer >= 1, got {type(bad).__name__}: "
    with pytest.raises(TypeError, match=expected):
        positive_int(bad, "epochs")


# Every "finite number >= 0" of the library, checked by nn.checks.non_negative.
NON_NEGATIVE: dict[str, Callable[[Any], object]] = {
    "SGD lr": lambda v: SGD([Value(1.0)], lr=v),
    "SGD weight_decay": lambda v: SGD([Value(1.0)], weight_decay=v),
    "StepDecay initial_lr": lambda v: StepDecay(1, initial_lr=v),
    "LinearDecay final_lr": lambda v: LinearDecay(3, final_lr=v),
    "lr_sweep lrs": lambda v: lr_sweep(lambda: MLP(2, [1], seed=0), X, Y, [v], loss="mse"),
    "l1_penalty rate": lambda v: l1_penalty([Value(1.0)], v),
    "l2_penalty rate": lambda v: l2_penalty([Value(1.0)], v),
    "make_moons noise": lambda v: make_moons(10, noise=v),
    "EarlyStopping min_delta": lambda v: EarlyStopping(min_delta=v),
}


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf], ids=repr)
@pytest.mark.parametrize("use", NON_NEGATIVE.values(), ids=list(NON_NEGATIVE))
def test_every_non_negative_argument_refuses_the_same_values_with_the_same_words(
    use: Callable[[Any], object], bad: float
) -> None:
    with pytest.raises(ValueError, match=f"must be a finite number >= 0, got {bad!r}$"):
        use(bad)


@pytest.mark.parametrize(
    "use",
    [lambda v: Adam([Value(1.0)], eps=v), lambda v: StepDecay(1, gamma=v),
     lambda v: lr_find(MLP(2, [1], seed=0), X, Y, loss="mse", start_lr=v)],
    ids=["Adam eps", "StepDecay gamma", "lr_find start_lr"],
)
def test_every_positive_argument_refuses_zero(use: Callable[[Any], object]) -> None:
    with pytest.raises(ValueError, match="must be a finite number > 0, got 0.0$"):
        use(0.0)


def test_data_must_be_two_non_empty_lists_as_long() -> None:
    check_data(X, Y)
    with pytest.raises(TypeError, match="X must be a list, got str"):
        check_data("abc", Y)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="X is empty"):
        check_data([], [])
    with pytest.raises(ValueError, match="validation_data has 3 examples but y has 2"):
        check_data(X, Y[:2], what="validation_data")
    for train in (lambda: lr_find(MLP(2, [1]), X, Y[:2], loss="mse"),
                  lambda: lr_sweep(lambda: MLP(2, [1]), X, Y[:2], [0.1], loss="mse")):
        with pytest.raises(ValueError, match="X has 3 examples but y has 2 targets"):
            train()


def test_batch_size_none_or_too_big_is_the_whole_set() -> None:
    assert batch_size_for(None, 7) == 7 and batch_size_for(100, 7) == 7
    assert batch_size_for(3, 7) == 3
    with pytest.raises(ValueError, match=r"batch_size \(or None\) must be an integer >= 1"):
        batch_size_for(0, 7)
    with pytest.raises(TypeError, match="got bool"):
        batch_size_for(True, 7)  # type: ignore[arg-type]

