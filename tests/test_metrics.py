"""Tests for nn.metrics: hand-computed examples, invariants, and scikit-learn when installed."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nn.metrics import (
    accuracy,
    confusion_matrix,
    f1,
    format_confusion_matrix,
    precision,
    recall,
)

# Binary: tp = 3 (indices 0, 3, 5), fp = 2 (1, 6), fn = 1 (2), tn = 1 (4).
BINARY_TRUE = [1, 0, 1, 1, 0, 1, 0]
BINARY_PRED = [1, 1, 0, 1, 0, 1, 1]

# Three classes. Per class (tp, fp, fn): 0 -> (2, 0, 1), 1 -> (2, 2, 0), 2 -> (1, 0, 1).
MULTI_TRUE = [0, 0, 0, 1, 1, 2, 2]
MULTI_PRED = [0, 0, 1, 1, 1, 1, 2]


def test_accuracy_counts_matches():
    assert accuracy(BINARY_TRUE, BINARY_PRED) == pytest.approx(4 / 7)
    assert accuracy(MULTI_TRUE, MULTI_PRED) == pytest.approx(5 / 7)
    assert accuracy([2, 2], [2, 2]) == 1.0
    assert accuracy([0, 1], [1, 0]) == 0.0


def test_binary_scores_by_hand():
    assert precision(BINARY_TRUE, BINARY_PRED) == pytest.approx(3 / 5)
    assert recall(BINARY_TRUE, BINARY_PRED) == pytest.approx(3 / 4)
    # 2PR / (P + R) = 2 * 0.6 * 0.75 / 1.35 = 2/3
    assert f1(BINARY_TRUE, BINARY_PRED) == pytest.approx(2 / 3)
    assert precision(BINARY_TRUE, BINARY_PRED, average="binary") == pytest.approx(3 / 5)


def test_binary_positive_class_is_one():
    # Swapping the roles of 0 and 1 changes the answer: the positive class is 1.
    flipped_true = [1 - v for v in BINARY_TRUE]
    flipped_pred = [1 - v for v in BINARY_PRED]
    assert precision(flipped_true, flipped_pred) == pytest.approx(1 / 2)  # tp 1, fp 1
    assert recall(flipped_true, flipped_pred) == pytest.approx(1 / 3)  # tp 1, fn 2


def test_macro_scores_by_hand():
    assert precision(MULTI_TRUE, MULTI_PRED) == pytest.approx((1 + 1 / 2 + 1) / 3)
    assert recall(MULTI_TRUE, MULTI_PRED) == pytest.approx((2 / 3 + 1 + 1 / 2) / 3)
    # Mean of per-class F1 (4/5, 2/3, 2/3), not the F1 of macro precision and recall.
    assert f1(MULTI_TRUE, MULTI_PRED) == pytest.approx((4 / 5 + 2 / 3 + 2 / 3) / 3)
    assert f1(MULTI_TRUE, MULTI_PRED, average="macro") == f1(MULTI_TRUE, MULTI_PRED)


def test_macro_on_binary_labels_averages_both_classes():
    # class 0: tp 1 (index 4), fp 1 (2), fn 2 (1, 6); class 1: P 3/5, R 3/4
    assert precision(BINARY_TRUE, BINARY_PRED, average="macro") == pytest.approx(
        (1 / 2 + 3 / 5) / 2
    )
    assert recall(BINARY_TRUE, BINARY_PRED, average="macro") == pytest.approx((1 / 3 + 3 / 4) / 2)


def test_labels_not_starting_at_zero_use_macro():
    # Labels {1, 2}: not binary 0/1, so macro over classes 1 and 2.
    y_true, y_pred = [1, 1, 2, 2], [1, 2, 2, 2]
    assert precision(y_true, y_pred) == pytest.approx((1 + 2 / 3) / 2)
    assert recall(y_true, y_pred) == pytest.approx((1 / 2 + 1) / 2)


def test_zero_division_gives_zero():
    # No predicted positives: precision's denominator is 0.
    assert precision([0, 0, 1], [0, 0, 0]) == 0.0
    assert recall([0, 0, 1], [0, 0, 0]) == 0.0
    assert f1([0, 0, 1], [0, 0, 0]) == 0.0
    # No actual positives: recall's denominator is 0.
    assert recall([0, 0, 0], [0, 1, 0]) == 0.0
    assert precision([0, 0, 0], [0, 0, 0]) == 0.0
    # Macro: class 2 is never predicted and contributes 0 to the mean.
    assert precision([0, 1, 2], [0, 1, 1]) == pytest.approx((1 + 1 / 2 + 0) / 3)


def test_confusion_matrix_layout_rows_true_columns_predicted():
    assert confusion_matrix(MULTI_TRUE, MULTI_PRED) == [[2, 1, 0], [0, 2, 0], [0, 1, 1]]
    assert confusion_matrix(BINARY_TRUE, BINARY_PRED) == [[1, 2], [1, 3]]  # [[tn, fp], [fn, tp]]


def test_confusion_matrix_labels_order_and_filter():
    assert confusion_matrix(BINARY_TRUE, BINARY_PRED, labels=[1, 0]) == [[3, 1], [2, 1]]
    # Class 2 left out: the samples involving it are not counted.
    assert confusion_matrix(MULTI_TRUE, MULTI_PRED, labels=[0, 1]) == [[2, 1], [0, 2]]
    # A listed class absent from the data gets a row and a column of zeros.
    assert confusion_matrix([0, 1], [0, 1], labels=[0, 1, 5]) == [[1, 0, 0], [0, 1, 0], [0, 0, 0]]


def test_float_labels_that_are_whole_numbers_are_accepted():
    assert accuracy([1.0, 0.0], [1, 0]) == 1.0
    assert confusion_matrix([1.0, 0.0], [1, 1]) == [[0, 1], [0, 1]]


@pytest.mark.parametrize("function", [accuracy, precision, recall, f1, confusion_matrix])
def test_bad_inputs_raise_value_error(function):
    with pytest.raises(ValueError, match="3 labels but y_pred has 2"):
        function([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="empty"):
        function([], [])
    with pytest.raises(ValueError, match=r"y_pred\[1\] = 0\.7"):
        function([0, 1], [0, 0.7])
    with pytest.raises(ValueError, match=r"y_true\[0\] = 'cat'"):
        function(["cat", 1], [0, 1])
    with pytest.raises(ValueError, match="nan"):
        function([float("nan")], [0])


def test_average_choices_are_checked():
    with pytest.raises(ValueError, match=r"'micro'.*binary.*macro"):
        precision([0, 1], [0, 1], average="micro")
    with pytest.raises(ValueError, match=r"average='binary'.*\[0, 1, 2\]"):
        recall([0, 1, 2], [0, 1, 1], average="binary")


def test_confusion_matrix_bad_labels():
    with pytest.raises(ValueError, match="empty"):
        confusion_matrix([0, 1], [0, 1], labels=[])
    with pytest.raises(ValueError, match=r"\[0, 1, 0\] repeats"):
        confusion_matrix([0, 1], [0, 1], labels=[0, 1, 0])
    with pytest.raises(ValueError, match="'a'"):
        confusion_matrix([0, 1], [0, 1], labels=["a"])


def test_format_confusion_matrix_exact_table():
    table = format_confusion_matrix([[5, 1], [2, 7]], ["cat", "dog"])
    assert table == "true \\ pred  cat  dog\n        cat    5    1\n        dog    2    7"


def test_format_confusion_matrix_default_labels_and_wide_counts():
    lines = format_confusion_matrix([[50, 1, 0], [2, 7, 100], [1, 2, 3]]).splitlines()
    assert lines[0] == "true \\ pred    0    1    2"
    assert lines[2] == "          1    2    7  100"
    assert len({len(line) for line in lines}) == 1  # columns line up


def test_format_confusion_matrix_rejects_bad_shapes():
    with pytest.raises(ValueError, match="row 1 .* 1 entries, expected 2"):
        format_confusion_matrix([[1, 2], [3]])
    with pytest.raises(ValueError, match="3 labels for a 2x2"):
        format_confusion_matrix([[1, 2], [3, 4]], ["a", "b", "c"])
    with pytest.raises(ValueError, match="empty"):
        format_confusion_matrix([])


labels_pairs = st.integers(1, 30).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 3), min_size=n, max_size=n),
        st.lists(st.integers(0, 3), min_size=n, max_size=n),
    )
)


@given(labels_pairs)
def test_confusion_matrix_agrees_with_accuracy_and_counts(pair):
    y_true, y_pred = pair
    matrix = confusion_matrix(y_true, y_pred)
    classes = sorted(set(y_true) | set(y_pred))
    assert sum(map(sum, matrix)) == len(y_true)
    assert [sum(row) for row in matrix] == [y_true.count(c) for c in classes]
    assert [sum(col) for col in zip(*matrix)] == [y_pred.count(c) for c in classes]
    diagonal = sum(matrix[i][i] for i in range(len(classes)))
    assert accuracy(y_true, y_pred) == pytest.approx(diagonal / len(y_true))
    for score in (precision(y_true, y_pred), recall(y_true, y_pred), f1(y_true, y_pred)):
        assert 0.0 <= score <= 1.0


def test_against_sklearn():
    skm = pytest.importorskip("sklearn.metrics")
    rng = random.Random(0)
    for _ in range(100):
        n_classes = rng.choice([2, 2, 3, 4])
        size = rng.randint(1, 15)
        y_true = [rng.randrange(n_classes) for _ in range(size)]
        y_pred = [rng.randrange(n_classes) for _ in range(size)]
        binary = set(y_true) | set(y_pred) <= {0, 1}
        average = "binary" if binary else "macro"
        assert accuracy(y_true, y_pred) == pytest.approx(skm.accuracy_score(y_true, y_pred))
        assert confusion_matrix(y_true, y_pred) == skm.confusion_matrix(y_true, y_pred).tolist()
        for ours, theirs in [
            (precision, skm.precision_score),
            (recall, skm.recall_score),
            (f1, skm.f1_score),
        ]:
            expected = theirs(y_true, y_pred, average=average, zero_division=0)
            assert ours(y_true, y_pred) == pytest.approx(expected, abs=1e-12)
            expected = theirs(y_true, y_pred, average="macro", zero_division=0)
            assert ours(y_true, y_pred, average="macro") == pytest.approx(expected, abs=1e-12)
