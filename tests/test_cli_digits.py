"""``gradschool train --dataset digits``: 64 inputs, 10 classes, cross-entropy, and a grid of
the model's guesses (mistakes first) instead of a decision boundary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import nn
from nn.cli.common import DATASETS, load_task
from nn.cli.main import main
from nn.cli.runs import loss_for, make_model
from nn.plots import digits

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_digits_task_is_a_seeded_sample_of_the_real_digits():
    X, y = nn.datasets.load_digits()
    task = load_task("digits", 300, seed=1)
    assert DATASETS["digits"] == task.n_classes == 10 and not task.binary
    assert len(task.X) == len(task.y) == 300 and all(len(row) == 64 for row in task.X)
    assert len(set(map(tuple, task.X))) > 290  # different images, not one repeated
    pairs = set(zip(map(tuple, X), y))
    assert all((tuple(row), label) in pairs for row, label in zip(task.X, task.y))
    assert load_task("digits", 300, seed=1) == task and load_task("digits", 300, seed=2) != task
    assert set(Counter(task.y)) == set(range(10))
    assert len(load_task("digits", 1797).X) == 1797


def test_the_default_model_is_64_inputs_to_10_logits_with_cross_entropy():
    task = load_task("digits", 20)
    model = make_model(task, [16], "relu", seed=0)
    assert (model.nin, model.nouts) == (64, [16, 10])
    assert loss_for(task, None) == "cross_entropy"
    with pytest.raises(ValueError, match="does not suit 'digits' .10 classes.; choose one of"):
        loss_for(task, "hinge")


def test_more_samples_than_digits_is_a_one_line_error(capsys, tmp_path: Path):
    code = main(["train", "--dataset", "digits", "--samples", "2000", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == ("gradschool: error: digits has 1797 images: --samples must be at "
                           "most 1797, got 2000")


def test_train_on_digits_writes_the_loss_and_the_guesses_mistakes_first(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    grids = []

    def recorded(images, labels, predictions, **kwargs):
        grids.append((images, labels, predictions, kwargs))
        return digits(images, labels, predictions, **kwargs)

    monkeypatch.setattr("nn.cli.runs.digits", recorded)
    # Three short epochs of a tiny model: some of the 60 digits are still wrong.
    code = main(["train", "--dataset", "digits", "--samples", "60", "--epochs", "3", "--lr", "0.02",
                 "--hidden", "8", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "MLP(64 -> 8 -> 10" in out and "cross_entropy" in out and "10 classes" in out
    assert not (tmp_path / "decision_boundary.png").exists()
    for name in ("loss_curve.png", "predictions.png"):
        assert (tmp_path / name).read_bytes().startswith(PNG_MAGIC)
    ((images, labels, predictions, kwargs),) = grids
    assert len(images) == 50
    wrong = [p != t for p, t in zip(predictions, labels)]
    n_wrong = int(kwargs["title"].split(" of 60 ")[0])
    assert 0 < n_wrong < 50 and wrong == [True] * n_wrong + [False] * (50 - n_wrong)
