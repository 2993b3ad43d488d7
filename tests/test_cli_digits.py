"""``gradschool train --dataset digits``: 64 inputs, 10 classes, cross-entropy, and a grid of
the model's guesses (mistakes first) instead of a decision boundary."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import nn
from nn.cli.common import DATASETS, load_task, split_task
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


def recorded_grids(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Every grid of digits the CLI draws: (images, labels, predictions, keyword arguments)."""
    grids: list[tuple] = []

    def recorded(images, labels, predictions, **kwargs):
        grids.append((images, labels, predictions, kwargs))
        return digits(images, labels, predictions, **kwargs)

    monkeypatch.setattr("nn.cli.pictures.digits", recorded)
    return grids


def assert_mistakes_first(grid: tuple, shown: int, of: int) -> int:
    """The grid shows ``shown`` images of ``of`` test images, its wrong guesses first, as
    many as its title says; returns that number."""
    images, labels, predictions, kwargs = grid
    assert len(images) == len(labels) == len(predictions) == shown
    n_wrong = int(kwargs["title"].split(f" of {of} test images wrong")[0])
    wrong = [p != t for p, t in zip(predictions, labels)]
    assert wrong == [True] * min(n_wrong, shown) + [False] * (shown - min(n_wrong, shown))
    return n_wrong


def test_train_on_digits_shows_the_test_images_mistakes_first(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    grids = recorded_grids(monkeypatch)
    # Three short epochs of a tiny model: some of the 15 test digits are still wrong.
    code = main(["train", "--dataset", "digits", "--samples", "60", "--epochs", "3", "--lr", "0.02",
                 "--hidden", "8", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "MLP(64 -> 8 -> 10" in out and "cross_entropy" in out and "10 classes" in out
    assert "(45 for training, 15 held out for testing, 10 classes)" in out
    assert not (tmp_path / "decision_boundary.png").exists()
    for name in ("loss_curve.png", "predictions.png"):
        assert (tmp_path / name).read_bytes().startswith(PNG_MAGIC)
    (grid,) = grids
    n_wrong = assert_mistakes_first(grid, shown=15, of=15)
    assert 0 < n_wrong < 15
    trained, test = split_task(load_task("digits", 60, seed=0), 0.25, seed=0)
    assert test is not None
    assert sorted(map(tuple, grid[0])) == sorted(map(tuple, test.X))  # the test images
    assert not set(map(tuple, grid[0])) & set(map(tuple, trained.X))  # none trained on
    accuracy = float(re.search(r"test accuracy +(\S+)% of the 15 held-out", out)[1]) / 100
    assert accuracy == pytest.approx(1 - n_wrong / 15, abs=0.001)


def test_train_digits_with_the_defaults_gets_at_least_95_percent_of_the_test_set(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The README's example, ``gradschool train --dataset digits``: all 1,797 images, a
    quarter held out, MLP 64-32-10, Adam 0.01, 15 epochs (a few seconds on the tape)."""
    grids = recorded_grids(monkeypatch)
    monkeypatch.chdir(tmp_path)  # the default --out, gradschool-train/, lands here
    code = main(["train", "--dataset", "digits"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "MLP(64 -> 32 -> 10, relu, 2410 parameters)" in out and "lr=0.01" in out
    assert "(1347 for training, 450 held out for testing, 10 classes)" in out
    assert "epochs run         15\n" in out and "after 645 updates" in out  # 43 batches x 15
    accuracy = float(re.search(r"test accuracy +(\S+)% of the 450 held-out examples", out)[1])
    assert accuracy >= 95
    assert accuracy == pytest.approx(96.7, abs=0.5)  # seeded: this run's figure
    test_loss = float(re.search(r"test loss +(\S+) on the 450 held-out examples", out)[1])
    assert 0 < test_loss < 0.2
    assert (tmp_path / "gradschool-train" / "predictions.png").read_bytes().startswith(PNG_MAGIC)
    (grid,) = grids
    n_wrong = assert_mistakes_first(grid, shown=50, of=450)
    assert n_wrong == round((1 - accuracy / 100) * 450)
    assert_the_readme_shows(out, n_wrong)


def assert_the_readme_shows(out: str, n_wrong: int) -> None:
    """The README's console block of this command is what it prints (but the time)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ gradschool train --dataset digits\n(.*?)```", readme, re.S)
    assert block is not None, "the README shows no run of gradschool train --dataset digits"

    def untimed(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("time ")]

    assert untimed(block[1]) == untimed(out)
    assert f"its {n_wrong} mistakes first" in readme


def test_lr_sweep_on_digits(capsys, tmp_path: Path):
    code = main(["lr-sweep", "--dataset", "digits", "--samples", "40", "--epochs", "1",
                 "--hidden", "4", "--lrs", "0.01,0.1", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "on digits" in out and out.count("\n0.01 ") + out.count("\n0.1 ") == 2
    assert (tmp_path / "lr_sweep.png").read_bytes().startswith(PNG_MAGIC)
