"""The rule that turns model outputs into class labels for fit's metrics."""

from __future__ import annotations

import pytest

from nn.labels import label_threshold, resolve_metrics, to_labels
from nn.metrics import accuracy, f1


def test_label_rule():
    assert label_threshold("binary_cross_entropy") == 0.5
    assert label_threshold("mse") == 0.5
    assert label_threshold("binary_cross_entropy_with_logits") == 0.0
    assert label_threshold("hinge") == 0.0
    # one output: threshold on outputs and targets alike (hinge's -1/+1 become 0/1)
    assert to_labels([0.3, -0.2, 2.0], [1, -1, 1], 0.0) == ([1, 0, 1], [1, 0, 1])
    assert to_labels([0.3, 0.7], [0.0, 1.0], 0.5) == ([0, 1], [0, 1])
    # several outputs: argmax; targets as class indices or one-hot lists
    assert to_labels([[0.1, 2.0, -1.0], [3.0, 0.0, 0.0]], [1, [0, 0, 1]], 0.5) == ([1, 2], [1, 0])


def test_metric_names_and_functions():
    assert resolve_metrics(["acc", "F1"]) == {"accuracy": accuracy, "f1": f1}

    def balanced(y_true, y_pred):
        return 0.5

    assert resolve_metrics([balanced]) == {"balanced": balanced}
    with pytest.raises(ValueError, match="accuracy, precision, recall, f1"):
        resolve_metrics(["auc"])
    with pytest.raises(TypeError, match="metric"):
        resolve_metrics([3])  # type: ignore[list-item]
