"""The progress bar of fit: silent when asked, drawn when forced, automatic for long runs."""

from __future__ import annotations

import pytest
from line_model import X_LINE, Y_LINE, Line

import nn.progress
from nn.optim import SGD
from nn.progress import wants_progress
from nn.training import fit


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
