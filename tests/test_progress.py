"""The progress bar of fit: silent when asked, drawn when forced, automatic for long runs."""

from __future__ import annotations

import pytest

import nn.progress
from autograd.value import Value
from nn.optim import SGD
from nn.progress import wants_progress
from nn.training import fit

X_LINE = [[x / 4] for x in range(-4, 5)]  # 9 points on y = 2x + 1
Y_LINE = [2 * x[0] + 1 for x in X_LINE]


class Line:
    """``w*x + b`` made of two Values: the smallest model fit can train."""

    def __init__(self, w: float = 0.0, b: float = 0.0) -> None:
        self.w, self.b = Value(w, label="w"), Value(b, label="b")

    def __call__(self, x):
        return self.w * x[0] + self.b

    def parameters(self):
        return [self.w, self.b]


def test_progress_false_prints_nothing_and_true_draws_a_bar(capsys):
    model = Line()
    fit(model, X_LINE, Y_LINE, loss="mse", optimizer=SGD(model.parameters()), epochs=20,
        batch_size=1, progress=False)
    assert capsys.readouterr() == ("", "")
    fit(model, X_LINE, Y_LINE, loss="mse", optimizer=SGD(model.parameters()), epochs=3,
        progress=True)
    drawn = capsys.readouterr()
    assert "loss=" in drawn.err + drawn.out


def test_automatic_progress_rule(monkeypatch):
    monkeypatch.setattr(nn.progress, "stdout_is_terminal", lambda: False)
    assert not wants_progress(None, 1000)  # a pipe or a file: silent
    monkeypatch.setattr(nn.progress, "stdout_is_terminal", lambda: True)
    assert wants_progress(None, 51) and not wants_progress(None, 50)
    assert wants_progress(True, 1) and not wants_progress(False, 10**6)
    with pytest.raises(ValueError, match="progress"):
        wants_progress("yes", 10)  # type: ignore[arg-type]
