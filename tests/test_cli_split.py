"""The held-out test set of ``train``, ``lr-sweep`` and ``demo``: its size, its seed, the
checks on ``--test-fraction``, and the per-dataset defaults of the flags left out."""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest

from nn.cli.common import load_task, split_task
from nn.cli.main import build_parser, main
from nn.cli.train import DIGITS, SWEEP_EPOCHS, TOYS, fill_defaults
from nn.plots import decision_boundary

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def rows(task) -> Counter:
    return Counter((tuple(x), y) for x, y in zip(task.X, task.y))


@pytest.mark.parametrize(("n", "fraction", "n_test"), [
    (200, 0.25, 50), (200, 0.1, 20), (30, 0.25, 8), (7, 0.5, 4), (1797, 0.25, 450),
])
def test_the_split_holds_out_the_fraction_rounded_up_and_loses_nothing(
    n: int, fraction: float, n_test: int
) -> None:
    name = "digits" if n == 1797 else "moons"
    task = load_task(name, n, seed=0)
    trained, test = split_task(task, fraction, seed=0)
    assert test is not None and n_test == math.ceil(fraction * n)
    assert (len(trained.X), len(test.X)) == (n - n_test, n_test)
    assert rows(trained) + rows(test) == rows(task)  # every example once, in one set only
    assert trained.n_classes == test.n_classes == task.n_classes


def test_the_split_is_seeded() -> None:
    task = load_task("digits", 300, seed=0)
    first = split_task(task, 0.25, seed=1)
    assert split_task(task, 0.25, seed=1) == first
    assert split_task(task, 0.25, seed=2)[1] != first[1]


def test_a_fraction_of_zero_holds_nothing_out() -> None:
    task = load_task("spiral", 60, seed=0)
    assert split_task(task, 0.0, seed=0) == (task, None)


def test_the_commands_split_with_their_seed(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[list[list[float]]] = []

    def recorded(model, X, y, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(X)
        return decision_boundary(model, X, y, **kwargs)

    monkeypatch.setattr("nn.cli.pictures.decision_boundary", recorded)
    code, out, err = run(capsys, "train", "--samples", "40", "--test-fraction", "0.3",
                         "--seed", "5", "--epochs", "2", "--hidden", "4", "--out", tmp_path)
    assert code == 0, err
    assert "(28 for training, 12 held out for testing, 2 classes)" in out
    trained, _ = split_task(load_task("moons", 40, seed=5), 0.3, seed=5)
    assert drawn == [trained.X]  # the boundary is drawn over the points trained on


@pytest.mark.parametrize("value", ["1", "1.5", "-0.1", "nan", "inf", "a quarter"])
@pytest.mark.parametrize("command", ["train", "lr-sweep"])
def test_a_fraction_outside_0_to_1_is_a_one_line_error(
    capsys: Capture, tmp_path: Path, command: str, value: str
) -> None:
    code, out, err = run(capsys, command, "--test-fraction", value, "--out", tmp_path / "o")
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("gradschool: error: argument --test-fraction: expected ")
    assert repr(value) in line and "bug" not in line
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", ["train", "lr-sweep"])
def test_a_split_leaving_too_few_to_train_on_is_a_one_line_error(
    capsys: Capture, tmp_path: Path, command: str
) -> None:
    code, out, err = run(capsys, command, "--dataset", "blobs", "--samples", "10",
                         "--test-fraction", "0.8", "--out", tmp_path / "o")
    assert code == 2 and out == ""
    assert err == ("gradschool: error: --test-fraction 0.8 of 10 samples leaves 2 for training, "
                   "fewer than the 3 classes of blobs: use a smaller --test-fraction (0 holds "
                   "nothing out) or more --samples\n")
    assert not (tmp_path / "o").exists()
    # One example per class is enough to start from.
    code, out, err = run(capsys, command, "--dataset", "blobs", "--samples", "10",
                         "--test-fraction", "0.7", "--epochs", "1", "--hidden", "2",
                         "--out", tmp_path / "o")
    assert code in (0, 1) and "(3 for training, 7 held out for testing, 3 classes)" in out, err


def test_train_prints_training_and_test_scores_labelled(capsys: Capture, tmp_path: Path) -> None:
    code, out, err = run(capsys, "train", "--dataset", "blobs", "--samples", "80",
                         "--epochs", "5", "--hidden", "8", "--out", tmp_path)
    assert code == 0, err
    labels = [line.split("  ")[0] for line in out.splitlines()[1:6]]
    assert labels == ["epochs run", "training loss", "training accuracy", "test loss",
                      "test accuracy"]
    assert re.search(r"\ntraining accuracy +\d+\.\d% of the 60 examples trained on\n", out)
    assert re.search(r"\ntest loss +\d\S* on the 20 held-out examples\n", out)
    assert re.search(r"\ntest accuracy +\d+\.\d% of the 20 held-out examples\n", out)


def test_train_without_a_test_set_says_so(capsys: Capture, tmp_path: Path) -> None:
    code, out, err = run(capsys, "train", "--samples", "40", "--test-fraction", "0",
                         "--epochs", "2", "--hidden", "4", "--out", tmp_path)
    assert code == 0, err
    assert "(40 for training, none held out, 2 classes)" in out
    assert "\ntest               none: nothing was held out (--test-fraction 0)\n" in out
    assert "test accuracy" not in out and "of the 40 examples trained on" in out


def test_the_sweep_adds_each_rates_test_accuracy(capsys: Capture, tmp_path: Path) -> None:
    argv = ["lr-sweep", "--samples", "40", "--epochs", "3", "--hidden", "4", "--lrs",
            "1e-4,0.1", "--out", tmp_path]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    header = next(line for line in out.splitlines() if line.startswith("lr "))
    assert header.split() == ["lr", "training", "loss", "test", "accuracy", "verdict"]
    table = [line.split() for line in out.splitlines() if line[:1].isdigit()]
    assert [row[0] for row in table] == ["0.0001", "0.1"]
    assert all(re.fullmatch(r"\d+\.\d%", row[2]) for row in table)
    code, out, err = run(capsys, *argv, "--test-fraction", "0")
    header = next(line for line in out.splitlines() if line.startswith("lr "))
    assert code == 0 and header.split() == ["lr", "training", "loss", "verdict"], err


def test_demo_tests_on_a_quarter_of_the_moons(capsys: Capture, tmp_path: Path) -> None:
    code, out, err = run(capsys, "demo", "--quick", "--out", tmp_path)
    assert code == 0, err
    assert "learns to separate 45 noisy moons and is tested on 15 more" in out
    assert "of the 15 held-out examples" in out and "test accuracy" in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["train"], (TOYS.samples, TOYS.hidden, TOYS.lr, TOYS.epochs)),
    (["train", "--dataset", "spiral"], (200, [16, 16], 0.05, 30)),
    (["train", "--dataset", "digits"], (1797, [32], 0.01, 15)),
    (["train", "--dataset", "digits", "--samples", "100", "--hidden", "8", "--lr", "0.1",
      "--epochs", "3"], (100, [8], 0.1, 3)),
    (["lr-sweep", "--dataset", "digits"], (DIGITS.samples, DIGITS.hidden, None, SWEEP_EPOCHS)),
    (["lr-sweep", "--epochs", "2"], (200, [16, 16], None, 2)),
])
def test_flags_left_out_take_their_datasets_defaults(
    argv: list[str], expected: tuple[object, ...]
) -> None:
    args = build_parser().parse_args(argv)
    fill_defaults(args, epochs=SWEEP_EPOCHS if argv[0] == "lr-sweep" else None)
    assert (args.samples, args.hidden, getattr(args, "lr", None), args.epochs) == expected
    assert args.test_fraction == 0.25
