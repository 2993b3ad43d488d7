"""Learning-rate schedules: standalone against torch's schedulers, and as callbacks in fit."""

from __future__ import annotations

import pytest

from autograd.value import Value
from nn.optim import SGD, Adam
from nn.schedules import ExponentialDecay, LinearDecay, StepDecay
from nn.training import fit


def _torch_rates(torch, make_scheduler, lr, epochs):
    """The rate torch's optimizer uses in each of ``epochs`` epochs."""
    param = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([param], lr=lr)
    scheduler = make_scheduler(opt)
    rates = []
    for _ in range(epochs):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return rates


def _our_rates(schedule, opt, epochs):
    rates = []
    for _ in range(epochs):
        rates.append(opt.lr)
        schedule.step()
    return rates


def test_step_decay_matches_torch_steplr():
    torch = pytest.importorskip("torch")
    opt = SGD([Value(1.0)], lr=0.4)
    ours = _our_rates(StepDecay(step_size=3, gamma=0.5, optimizer=opt), opt, 12)
    theirs = _torch_rates(torch, lambda o: torch.optim.lr_scheduler.StepLR(o, 3, 0.5), 0.4, 12)
    assert ours == pytest.approx(theirs, rel=1e-12)
    assert ours[:4] == pytest.approx([0.4, 0.4, 0.4, 0.2])


def test_exponential_decay_matches_torch_exponentiallr():
    torch = pytest.importorskip("torch")
    opt = Adam([Value(1.0)], lr=0.1)
    ours = _our_rates(ExponentialDecay(gamma=0.9, optimizer=opt), opt, 20)
    theirs = _torch_rates(torch, lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9), 0.1, 20)
    assert ours == pytest.approx(theirs, rel=1e-12)


def test_linear_decay_matches_torch_linearlr_as_documented():
    torch = pytest.importorskip("torch")
    opt = SGD([Value(1.0)], lr=0.5)
    ours = _our_rates(LinearDecay(epochs=8, final_lr=0.1, optimizer=opt), opt, 12)
    theirs = _torch_rates(
        torch,
        lambda o: torch.optim.lr_scheduler.LinearLR(
            o, start_factor=1.0, end_factor=0.1 / 0.5, total_iters=8),
        0.5, 12)
    assert ours == pytest.approx(theirs, rel=1e-12)
    assert ours[0] == 0.5 and ours[8:] == pytest.approx([0.1] * 4)


def test_closed_forms_and_history():
    opt = SGD([Value(1.0)], lr=1.0)
    schedule = StepDecay(step_size=2, gamma=0.1, initial_lr=0.3, optimizer=opt)
    assert opt.lr == 0.3  # initial_lr wins over the optimizer's rate
    assert schedule.rates(5) == pytest.approx([0.3, 0.3, 0.03, 0.03, 0.003])
    for _ in range(4):
        schedule.step()
    assert schedule.history == pytest.approx([0.3, 0.3, 0.03, 0.03, 0.003])
    assert opt.lr == pytest.approx(0.003)
    assert LinearDecay(epochs=4, initial_lr=1.0).rates(6) == pytest.approx(
        [1.0, 0.75, 0.5, 0.25, 0.0, 0.0])
    assert ExponentialDecay(gamma=0.5, initial_lr=0.8).rates(4) == pytest.approx(
        [0.8, 0.4, 0.2, 0.1])
    assert "gamma=0.1" in repr(schedule) and repr(schedule).startswith("StepDecay(")


def test_schedule_as_callback_sets_and_records_rates():
    w = Value(0.0)

    def model(x):
        return w * x[0]

    opt = SGD([w], lr=0.2)
    schedule = ExponentialDecay(gamma=0.5)
    history = fit(model, [[1.0], [2.0]], [1.0, 2.0], loss="mse", optimizer=opt, epochs=4,
                  callbacks=[schedule], progress=False)
    expected = [0.2, 0.1, 0.05, 0.025]
    assert schedule.history == pytest.approx(expected)
    assert history.history["lr"] == pytest.approx(expected)
    assert opt.lr == pytest.approx(0.025)
    # a second run starts again from the first rate, not from where the first run ended
    fit(model, [[1.0]], [1.0], loss="mse", optimizer=opt, epochs=2, callbacks=[schedule],
        progress=False)
    assert schedule.history == pytest.approx([0.2, 0.1])


def test_schedule_changes_the_updates():
    """The rate a schedule sets is the rate the step uses: w after two epochs by hand."""
    w = Value(0.0)
    opt = SGD([w], lr=0.1)
    fit(lambda x: w * x[0], [[1.0]], [1.0], loss="mse", optimizer=opt, epochs=2,
        callbacks=[StepDecay(step_size=1, gamma=0.5)], progress=False)
    # epoch 0: g = 2(w-1) = -2, w = 0.2; epoch 1 at lr 0.05: g = -1.6, w = 0.28
    assert w.data == pytest.approx(0.28, abs=1e-15)


@pytest.mark.parametrize(
    ("build", "bad"),
    [
        (lambda: StepDecay(step_size=0), "step_size"),
        (lambda: StepDecay(step_size=2, gamma=-0.5), "-0.5"),
        (lambda: ExponentialDecay(gamma=0.0), "gamma"),
        (lambda: LinearDecay(epochs=0), "epochs"),
        (lambda: LinearDecay(epochs=3, final_lr=-1.0), "final_lr"),
        (lambda: StepDecay(step_size=1, initial_lr=-0.1), "initial_lr"),
        (lambda: StepDecay(step_size=1).step(), "optimizer"),
        (lambda: StepDecay(step_size=1).lr_at(0), "initial_lr"),
    ],
)
def test_bad_settings(build, bad):
    with pytest.raises(ValueError, match=bad):
        build()
