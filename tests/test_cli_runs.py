"""nn.cli.runs through the commands: losses measured after training, advice only where the
numbers support it, models and rates refused up front."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import nn.cli.runs as runs
from nn.cli.main import main

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def losses_line(out: str) -> tuple[float, float, int]:
    found = re.search(r"training loss +(\S+) before training, (\S+) after (\d+) updates?", out)
    assert found, out
    return float(found[1]), float(found[2]), int(found[3])


def test_one_full_batch_reports_the_loss_after_its_update_and_no_advice(
    capsys: Capture, tmp_path: Path
) -> None:
    # Once this printed "0.6831 before, 0.6831 after": the loss of the only batch, measured
    # before the only update, and called the learning rate too high.
    code, out, err = run(capsys, "train", "--batch-size", "200", "--epochs", "1",
                         "--out", tmp_path)
    before, after, updates = losses_line(out)
    assert updates == 1 and after != before
    assert "too high" not in out and "too few updates to judge the learning rate (1," in out


def test_enough_updates_that_make_the_loss_rise_get_the_advice(
    capsys: Capture, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "train", "--samples", "40", "--batch-size", "4", "--epochs", "2",
                       "--hidden", "4", "--optimizer", "sgd", "--lr", "30", "--out", tmp_path)
    before, after, updates = losses_line(out)
    assert updates == 16  # 30 training points (10 held out) in 8 batches, twice
    if "diverged" not in out:
        assert after > before and "too high?" in out and code == 1


@pytest.mark.parametrize("flags", [
    ["--samples", "60", "--batch-size", "60", "--epochs", "1"],  # one update per rate
    ["--samples", "1", "--test-fraction", "0"],  # one sample: five updates on one point
])
def test_a_sweep_with_too_few_updates_judges_no_rate(
    capsys: Capture, tmp_path: Path, flags: list[str]
) -> None:
    code, out, err = run(capsys, "lr-sweep", *flags, "--out", tmp_path)
    assert code == 0, err
    rows = [line for line in out.splitlines() if line[:1].isdigit()]
    assert len(rows) == 5
    for row in rows:
        assert "too high" not in row and "too low" not in row and "best" not in row
        assert "too few updates to judge" in row


def test_a_sweep_reports_each_rates_loss_after_training(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "lr-sweep", "--samples", "40", "--batch-size", "4", "--epochs",
                       "2", "--hidden", "4", "--lrs", "1e-4,0.1", "--out", tmp_path)
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line[:1].isdigit()}
    assert set(rows) == {"0.0001", "0.1"}
    assert "too low" in " ".join(rows["0.0001"]) and "best" in rows["0.1"]


@pytest.mark.parametrize("lrs", ["1e6,1e300", "1e201", "0.1,1e308"])
def test_rates_the_sweep_plot_cannot_draw_are_refused_up_front(
    capsys: Capture, tmp_path: Path, lrs: str
) -> None:
    code, out, err = run(capsys, "lr-sweep", "--lrs", lrs, "--out", tmp_path)
    assert code == 2 and out == ""
    assert "cannot be drawn on the sweep's log axis" in err and "bug" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_sweep_of_huge_but_drawable_rates_finishes(capsys: Capture, tmp_path: Path) -> None:
    code, out, err = run(capsys, "lr-sweep", "--lrs", "1e6,1e200", "--samples", "20",
                         "--epochs", "3", "--hidden", "4", "--out", tmp_path)
    assert code == 0 and "bug" not in err, err
    assert out.count("diverged") >= 2 and (tmp_path / "lr_sweep.png").exists()


@pytest.mark.parametrize("command", ["train", "lr-sweep"])
@pytest.mark.parametrize("hidden", ["100000,100000", "150,150", "20000", "1000,1000,1000"])
def test_a_model_too_large_for_class_is_refused_before_it_is_built(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, hidden: str
) -> None:
    def no(*args: object, **kwargs: object) -> None:
        raise AssertionError("built a model the command should have refused")

    monkeypatch.setattr(runs, "MLP", no)
    code, out, err = run(capsys, command, "--hidden", hidden, "--out", tmp_path)
    assert code == 2, err
    assert f"--hidden {hidden} makes a model of" in err
    assert "at most about 20,000" in err and "64,64 has 4,417" in err


def test_the_practical_examples_in_the_message_are_true() -> None:
    from nn.module import MLP
    assert MLP(2, [16, 16, 1]).num_parameters() == 337
    assert MLP(2, [64, 64, 1]).num_parameters() == 4_417 <= runs.MAX_PARAMETERS
