"""Classification metrics on plain lists of integer class labels, as scikit-learn computes them.

Every function takes ``y_true`` (the correct labels) and ``y_pred`` (the model's labels), two
equal-length, non-empty lists of integer labels (``1.0`` counts as ``1``; ``0.5`` is refused).
Turn a model's outputs into labels first, e.g. ``[int(p.data > 0.5) for p in probabilities]``.

Binary or macro average: when every label present is 0 or 1, precision, recall and F1 describe
the positive class ``1`` (scikit-learn's ``average="binary"``). Otherwise they are computed for
each class on its own (one class against the rest) and averaged with equal weight, so a rare
class counts as much as a common one (``average="macro"``). Pass ``average=`` to choose.

Zero division: a ratio whose denominator is zero (precision with no predicted positives, recall
with no actual positives) is 0.0, like scikit-learn's ``zero_division=0``.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

AVERAGES = ("binary", "macro")


def _labels(name: str, values: Sequence[object]) -> list[int]:
    """Check one list of class labels and return it as ints."""
    labels = []
    for i, value in enumerate(values):
        # 1.0 is accepted as class 1 (labels often arrive as floats), 0.5 is not
        if isinstance(value, numbers.Integral) or (isinstance(value, float) and value.is_integer()):
            labels.append(int(value))
        else:
            raise ValueError(
                f"{name}[{i}] = {value!r} is not an integer class label "
                "(threshold probabilities first, e.g. int(p > 0.5))"
            )
    return labels


def _check_pair(y_true: Sequence[object], y_pred: Sequence[object]) -> tuple[list[int], list[int]]:
    """Validate ``y_true`` and ``y_pred`` together: same length, non-empty, integer labels."""
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"y_true has {len(y_true)} labels but y_pred has {len(y_pred)}: they must match"
        )
    if len(y_true) == 0:
        raise ValueError("y_true and y_pred are empty: need at least one label")
    return _labels("y_true", y_true), _labels("y_pred", y_pred)


def _ratio(numerator: int, denominator: int) -> float:
    """``numerator / denominator``, or 0.0 when the denominator is 0 (zero_division=0)."""
    return numerator / denominator if denominator else 0.0


def _counts(truth: list[int], predicted: list[int], positive: int) -> tuple[int, int, int]:
    """True positives, false positives and false negatives for one class against the rest."""
    tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == positive and p == positive)
    fp = sum(1 for t, p in zip(truth, predicted, strict=True) if t != positive and p == positive)
    fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == positive and p != positive)
    return tp, fp, fn


def _per_class_scores(
    y_true: Sequence[object], y_pred: Sequence[object], average: str | None, score: str
) -> float:
    """Precision, recall or F1 (``score``), binary or macro-averaged."""
    truth, predicted = _check_pair(y_true, y_pred)
    present = sorted(set(truth) | set(predicted))
    if average is None:
        average = "binary" if set(present) <= {0, 1} else "macro"
    if average not in AVERAGES:
        raise ValueError(f"unknown average {average!r}: choose one of {AVERAGES} or None")
    if average == "binary":
        if not set(present) <= {0, 1}:
            raise ValueError(
                f"average='binary' needs labels 0 and 1 only, got labels {present}: "
                "use average='macro' for several classes"
            )
        classes = [1]
    else:
        classes = present
    scores = []
    for label in classes:
        tp, fp, fn = _counts(truth, predicted, label)
        if score == "precision":
            scores.append(_ratio(tp, tp + fp))
        elif score == "recall":
            scores.append(_ratio(tp, tp + fn))
        else:  # F1, the harmonic mean of precision and recall, written with counts
            scores.append(_ratio(2 * tp, 2 * tp + fp + fn))
    return sum(scores) / len(scores)


def accuracy(y_true: Sequence[object], y_pred: Sequence[object]) -> float:
    """The fraction of labels predicted correctly.

    Args:
        y_true: the correct class labels.
        y_pred: the predicted class labels, as many as ``y_true``.

    Returns:
        A number in [0, 1].

    Raises:
        ValueError: on lists of different lengths, empty lists or non-integer labels.
    """
    truth, predicted = _check_pair(y_true, y_pred)
    return sum(1 for t, p in zip(truth, predicted, strict=True) if t == p) / len(truth)


def precision(
    y_true: Sequence[object], y_pred: Sequence[object], average: str | None = None
) -> float:
    """Of the samples predicted positive, the fraction that are: ``tp / (tp + fp)``.

    Args:
        y_true: the correct class labels.
        y_pred: the predicted class labels.
        average: ``"binary"`` (class 1 is positive), ``"macro"`` (unweighted mean over the
            classes present in either list) or ``None`` to choose binary when the labels are
            all 0/1 and macro otherwise.

    Returns:
        A number in [0, 1]; 0.0 for a class never predicted (zero_division=0).

    Raises:
        ValueError: on bad labels (see :func:`accuracy`), an unknown ``average``, or
            ``average="binary"`` with labels other than 0 and 1.
    """
    return _per_class_scores(y_true, y_pred, average, "precision")


def recall(y_true: Sequence[object], y_pred: Sequence[object], average: str | None = None) -> float:
    """Of the samples that are positive, the fraction predicted so: ``tp / (tp + fn)``.

    Args:
        y_true: the correct class labels.
        y_pred: the predicted class labels.
        average: ``"binary"``, ``"macro"`` or ``None`` (chosen by the labels); see
            :func:`precision`.

    Returns:
        A number in [0, 1]; 0.0 for a class absent from ``y_true`` (zero_division=0).

    Raises:
        ValueError: as :func:`precision`.
    """
    return _per_class_scores(y_true, y_pred, average, "recall")


def f1(y_true: Sequence[object], y_pred: Sequence[object], average: str | None = None) -> float:
    """The harmonic mean of precision and recall: ``2 tp / (2 tp + fp + fn)``.

    The macro F1 is the mean of the per-class F1 scores (as scikit-learn), not the F1 of the
    macro precision and recall.

    Args:
        y_true: the correct class labels.
        y_pred: the predicted class labels.
        average: ``"binary"``, ``"macro"`` or ``None`` (chosen by the labels); see
            :func:`precision`.

    Returns:
        A number in [0, 1]; 0.0 when a class has no true positives (zero_division=0).

    Raises:
        ValueError: as :func:`precision`.
    """
    return _per_class_scores(y_true, y_pred, average, "f1")


def confusion_matrix(
    y_true: Sequence[object], y_pred: Sequence[object], labels: Sequence[int] | None = None
) -> list[list[int]]:
    """Count each (true class, predicted class) pair, laid out as scikit-learn does.

    ``matrix[i][j]`` is the number of samples of class ``labels[i]`` predicted as ``labels[j]``:
    rows are true classes, columns predicted ones, the diagonal holds the correct predictions.

    Args:
        y_true: the correct class labels.
        y_pred: the predicted class labels.
        labels: the classes to count, in row/column order. Default: every label present in
            either list, sorted. Samples whose labels are not listed are left out (as sklearn;
            where none of ``labels`` is in ``y_true`` sklearn raises, here the rows are 0).

    Returns:
        A square list of lists of ints.

    Raises:
        ValueError: on bad labels (see :func:`accuracy`), or ``labels`` empty, repeated or
            not integers.
    """
    truth, predicted = _check_pair(y_true, y_pred)
    if labels is None:
        order = sorted(set(truth) | set(predicted))
    else:
        order = _labels("labels", labels)
        if not order:
            raise ValueError("labels is empty: list at least one class")
        if len(set(order)) != len(order):
            raise ValueError(f"labels {list(labels)} repeats a class: each must appear once")
    position = {label: i for i, label in enumerate(order)}
    matrix = [[0] * len(order) for _ in order]
    for t, p in zip(truth, predicted, strict=True):
        if t in position and p in position:
            matrix[position[t]][position[p]] += 1
    return matrix


def format_confusion_matrix(
    matrix: Sequence[Sequence[int]], labels: Sequence[object] | None = None
) -> str:
    """Lay a confusion matrix out as a small text table for printing in a notebook.

    Example::

        >>> print(format_confusion_matrix([[5, 1], [2, 7]], ["cat", "dog"]))
        true \\ pred  cat  dog
                cat    5    1
                dog    2    7

    Args:
        matrix: a square matrix from :func:`confusion_matrix` (rows true, columns predicted).
        labels: a name for each class, in the matrix's order (default 0, 1, 2, ...).

    Returns:
        The table as one string, without a trailing newline.

    Raises:
        ValueError: if the matrix is empty or not square, or ``labels`` has the wrong length.
    """
    size = len(matrix)
    if size == 0:
        raise ValueError("the confusion matrix is empty: need at least one class")
    for i, row in enumerate(matrix):
        if len(row) != size:
            raise ValueError(
                f"row {i} of the confusion matrix has {len(row)} entries, expected {size} "
                "(the matrix must be square)"
            )
    names = [str(label) for label in (range(size) if labels is None else labels)]
    if len(names) != size:
        raise ValueError(f"got {len(names)} labels for a {size}x{size} confusion matrix")
    corner = "true \\ pred"
    name_width = max(len(corner), *(len(name) for name in names))
    cell_width = max(len(str(count)) for row in matrix for count in row)
    cell_width = max(cell_width, *(len(name) for name in names))
    header = corner.ljust(name_width) + "".join(f"  {name:>{cell_width}}" for name in names)
    lines = [header]
    for name, row in zip(names, matrix, strict=True):
        cells = "".join(f"  {count:>{cell_width}}" for count in row)
        lines.append(f"{name:>{name_width}}{cells}")
    return "\n".join(lines)
