"""Bad inputs to the losses get a ValueError / TypeError that names the bad value."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from autograd.value import Value
from nn.loss_inputs import class_index, elementwise_pairs, one_hot_index, per_sample
from nn.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    categorical_cross_entropy,
    cross_entropy,
    hinge,
    mae,
    mse,
    sparse_categorical_cross_entropy,
)

ALL_LOSSES = [mse, mae, binary_cross_entropy, binary_cross_entropy_with_logits, hinge,
              cross_entropy, categorical_cross_entropy, sparse_categorical_cross_entropy]


@pytest.mark.parametrize("loss", ALL_LOSSES, ids=lambda f: f.__name__)
def test_unknown_reduction_lists_the_choices(loss: Callable[..., Any]) -> None:
    with pytest.raises(ValueError, match="unknown reduction 'avg'; choose one of: mean, sum, none"):
        loss([0.5], [1.0], reduction="avg")


@pytest.mark.parametrize("loss", [mse, mae, binary_cross_entropy, hinge,
                                  binary_cross_entropy_with_logits], ids=lambda f: f.__name__)
def test_mismatched_lengths_name_both_lengths(loss: Callable[..., Any]) -> None:
    with pytest.raises(ValueError, match="3 predictions, 2 targets"):
        loss([0.5, 0.5, 0.5], [1.0, 1.0])


def test_mismatched_batch_lengths_for_class_losses() -> None:
    with pytest.raises(ValueError, match="2 predictions, 1 targets"):
        cross_entropy([[1.0, 2.0], [3.0, 4.0]], [0])
    with pytest.raises(ValueError, match="2 predictions, 3 targets"):
        categorical_cross_entropy([[0.5, 0.5], [0.5, 0.5]], [[1, 0], [0, 1], [1, 0]])


def test_a_list_against_a_single_number_is_refused() -> None:
    with pytest.raises(ValueError, match="both be single numbers or both lists"):
        mse([1.0, 2.0], 1.0)
    with pytest.raises(ValueError, match="differ in shape"):
        mse([[1.0, 2.0], 3.0], [[1.0, 2.0], [3.0]])
    with pytest.raises(ValueError, match="sample 0's outputs differ in length"):
        mse([[1.0, 2.0]], [[1.0]])


@pytest.mark.parametrize("bad", ["0.5", None, True])
def test_non_numeric_predictions_and_targets_raise_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="a prediction must be a Value, a float or an int"):
        mse([bad], [1.0])
    with pytest.raises(TypeError, match="a target must be a number"):
        mse([1.0], [bad])


def test_a_target_int_too_big_for_a_float_is_inf_as_in_the_engine() -> None:
    assert mse([1.0], [10**400]).data == math.inf  # not OverflowError


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: binary_cross_entropy(1.2, 1.0), "prediction .* must be in \\[0, 1\\], got 1.2"),
        (lambda: binary_cross_entropy([0.5, -0.1], [1.0, 0.0]), "got -0.1"),
        (lambda: binary_cross_entropy(0.5, 2.0), "target must be in \\[0, 1\\], got 2.0"),
        (lambda: binary_cross_entropy_with_logits(3.0, -1.0), "target must be .* got -1.0"),
        (lambda: categorical_cross_entropy([0.5, 1.5], [0, 1]), "got 1.5"),
        (lambda: sparse_categorical_cross_entropy([-0.2, 1.2], 1), "got -0.2"),
    ],
)
def test_probabilities_outside_0_1_are_refused_naming_the_value(
    call: Callable[[], Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("loss", [cross_entropy, sparse_categorical_cross_entropy],
                         ids=lambda f: f.__name__)
def test_class_index_out_of_range_or_not_whole_is_refused(loss: Callable[..., Any]) -> None:
    scores = [0.2, 0.3, 0.5]
    with pytest.raises(ValueError, match="class index 3 is out of range for 3 classes"):
        loss(scores, 3)
    with pytest.raises(ValueError, match="class index -1 is out of range"):
        loss([scores, scores], [0, -1])
    for bad in (1.5, True, "1"):
        with pytest.raises(ValueError, match="a class index must be a whole number"):
            loss(scores, bad)
    assert loss(scores, 2.0).data == loss(scores, 2).data  # 2.0 is a whole number: accepted


def test_a_list_target_for_a_class_index_loss_is_refused() -> None:
    with pytest.raises(ValueError, match="the target must be a class index, got \\[0, 1, 0\\]"):
        cross_entropy([1.0, 2.0, 3.0], [0, 1, 0])
    with pytest.raises(ValueError, match="the target must be a one-hot list, got 1"):
        categorical_cross_entropy([0.2, 0.8], 1)


@pytest.mark.parametrize("target", [[0, 0, 0], [1, 1, 0], [0.5, 0.5, 0], [2, -1, 0]])
def test_non_one_hot_targets_are_refused_naming_the_target(target: list[float]) -> None:
    with pytest.raises(ValueError, match=f"target {target!r} is not one-hot".replace("[", "\\[")
                       .replace("]", "\\]")):
        categorical_cross_entropy([0.2, 0.3, 0.5], target)


def test_one_hot_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="has 2 entries for 3 classes"):
        categorical_cross_entropy([0.2, 0.3, 0.5], [1, 0])


@pytest.mark.parametrize("bad", [0.0, 0, 0.5, 2.0])
def test_hinge_targets_must_be_plus_or_minus_one(bad: float) -> None:
    with pytest.raises(ValueError, match=f"hinge: targets must be -1 or \\+1, got {float(bad)!r}"):
        hinge([0.3, 0.2], [1.0, bad])


def test_hinge_explains_the_0_1_mistake() -> None:
    with pytest.raises(ValueError, match="for 0/1 labels use 2\\*y - 1"):
        hinge(0.3, 0)


def test_empty_batches_are_refused() -> None:
    with pytest.raises(ValueError, match="empty batch"):
        mse([], [])
    with pytest.raises(ValueError, match="non-empty list of class scores"):
        cross_entropy([], [])
    with pytest.raises(ValueError, match="expected a list of class scores"):
        cross_entropy([[1.0], []], [0, 0])


def test_helpers_directly() -> None:
    pairs = elementwise_pairs([Value(1.0), 2], [3, 4.0], "x")
    assert [(p.data, t) for p, t in pairs] == [(1.0, 3.0), (2.0, 4.0)]
    assert [len(s) for s, _ in per_sample([[1, 2], [3, 4]], [0, 1], "x", one_hot=False)] == [2, 2]
    assert class_index(2.0, 3, "x") == 2
    assert one_hot_index([0, 0, 1.0], 3, "x") == 2
