"""Optimizers against closed forms and steps worked by hand: oracles that need no PyTorch.

Each update rule is fed gradients we choose (a constant, or a parameter's own value for
weight decay), so that the trajectory has a formula, written here from the documented
rules (PyTorch's ``torch.optim`` docs), not from the code. A dropped term or a flipped
sign in any optimizer fails these tests on a machine without torch.
"""

from __future__ import annotations

import math

import pytest

from autograd.value import Value
from nn.optim import SGD, Adam, RMSprop
from nn.optimizer import Optimizer

STEPS = 12


def trajectory(optimizer: Optimizer, gradients: list[float]) -> list[float]:
    """The single parameter's value after each step, fed the given gradients."""
    (p,) = optimizer.params
    values = []
    for g in gradients:
        p.grad = g
        optimizer.step()
        values.append(p.data)
    return values


def test_sgd_on_a_quadratic_shrinks_geometrically() -> None:
    # f(p) = 3 p², g = 6 p: p_t = p_0 (1 - 6 lr)^t.
    p = Value(2.0)
    optimizer = SGD([p], lr=0.05)
    for t in range(1, STEPS + 1):
        optimizer.zero_grad()
        (3 * p * p).backward()
        optimizer.step()
        assert p.data == pytest.approx(2.0 * (1 - 0.3) ** t, rel=1e-12)


def test_momentum_with_a_constant_gradient() -> None:
    # b_t = 1 + mu + ... + mu^(t-1) = (1 - mu^t)/(1 - mu); p_t = -lr * (b_1 + ... + b_t).
    mu, lr, g = 0.6, 0.1, 2.0
    ours = trajectory(SGD([Value(0.0)], lr=lr, momentum=mu), [g] * STEPS)
    expected = [
        -lr * g * sum((1 - mu**s) / (1 - mu) for s in range(1, t + 1)) for t in range(1, STEPS + 1)
    ]
    assert ours == pytest.approx(expected, rel=1e-12)


def test_nesterov_looks_ahead_along_the_momentum() -> None:
    # Nesterov steps by g + mu * b_t instead of b_t: each step is 1 + mu*(1 - mu^t)/(1 - mu)
    # times g, against (1 - mu^t)/(1 - mu) times g for plain momentum.
    mu, lr, g = 0.6, 0.1, 2.0
    ours = trajectory(SGD([Value(0.0)], lr=lr, momentum=mu, nesterov=True), [g] * STEPS)
    expected = [
        -lr * g * sum(1 + mu * (1 - mu**s) / (1 - mu) for s in range(1, t + 1))
        for t in range(1, STEPS + 1)
    ]
    assert ours == pytest.approx(expected, rel=1e-12)


def test_sgd_weight_decay_pulls_towards_zero() -> None:
    # With no loss gradient, the decay's own gradient lam*p gives p_t = p_0 (1 - lr*lam)^t.
    lr, lam = 0.1, 0.5
    ours = trajectory(SGD([Value(3.0)], lr=lr, weight_decay=lam), [0.0] * STEPS)
    assert ours == pytest.approx([3.0 * (1 - lr * lam) ** t for t in range(1, STEPS + 1)])


def test_sgd_weight_decay_with_momentum_by_hand() -> None:
    # p0 = 1, g = 1, lam = 0.5, mu = 0.5, lr = 0.1:
    # step 1: d = 1 + 0.5*1 = 1.5, b = 1.5, p = 1 - 0.15 = 0.85
    # step 2: d = 1 + 0.5*0.85 = 1.425, b = 0.5*1.5 + 1.425 = 2.175, p = 0.85 - 0.2175
    ours = trajectory(SGD([Value(1.0)], lr=0.1, momentum=0.5, weight_decay=0.5), [1.0, 1.0])
    assert ours == pytest.approx([0.85, 0.6325], rel=1e-12)


def test_rmsprop_steps_by_hand() -> None:
    # alpha = 0.5, g = 4: v_1 = 0.5*16 = 8, v_2 = 0.5*8 + 0.5*16 = 12.
    ours = trajectory(RMSprop([Value(0.0)], lr=0.1, alpha=0.5, eps=1e-12), [4.0, 4.0])
    first = -0.1 * 4 / math.sqrt(8)
    assert ours == pytest.approx([first, first - 0.1 * 4 / math.sqrt(12)], rel=1e-10)


def test_rmsprop_momentum_accumulates_the_scaled_gradient() -> None:
    # The momentum buffer takes g / (sqrt(v) + eps), not g: with g = 4, alpha = 0.5, mu = 0.5,
    # b_1 = 4/sqrt(8), b_2 = 0.5*b_1 + 4/sqrt(12); p_t = p_(t-1) - lr * b_t.
    ours = trajectory(
        RMSprop([Value(0.0)], lr=0.1, alpha=0.5, eps=1e-12, momentum=0.5), [4.0, 4.0]
    )
    b1 = 4 / math.sqrt(8)
    b2 = 0.5 * b1 + 4 / math.sqrt(12)
    assert ours == pytest.approx([-0.1 * b1, -0.1 * b1 - 0.1 * b2], rel=1e-10)


def test_rmsprop_with_a_constant_gradient_closed_form() -> None:
    # v_t = (1 - alpha^t) g², so each step is lr * sign(g) / sqrt(1 - alpha^t).
    alpha, lr, g = 0.9, 0.01, -3.0
    ours = trajectory(RMSprop([Value(0.0)], lr=lr, alpha=alpha, eps=1e-14), [g] * STEPS)
    expected = [lr * sum(1 / math.sqrt(1 - alpha**s) for s in range(1, t + 1))
                for t in range(1, STEPS + 1)]
    assert ours == pytest.approx(expected, rel=1e-10)


def test_rmsprop_weight_decay_pulls_towards_zero() -> None:
    # p0 = 1, lam = 0.1, alpha = 0.75, no loss gradient: g = 0.1, v = 0.25*0.01, sqrt(v) =
    # 0.05, step = lr * 0.1/0.05 = 2 lr: p_1 = 1 - 0.02.
    ours = trajectory(RMSprop([Value(1.0)], lr=0.01, alpha=0.75, eps=1e-14, weight_decay=0.1),
                      [0.0])
    assert ours == pytest.approx([0.98], rel=1e-10)


def test_adam_bias_correction_makes_every_step_lr_for_a_constant_gradient() -> None:
    # m_t = (1 - b1^t) g and v_t = (1 - b2^t) g²: corrected, m̂ = g and v̂ = g², so every
    # step is lr * g/(|g| + eps). Without the corrections the first step would be
    # lr * (1 - b1)/sqrt(1 - b2) = 3.16 lr.
    lr, g, eps = 0.01, 2.5, 1e-8
    ours = trajectory(Adam([Value(1.0)], lr=lr, eps=eps), [g] * STEPS)
    expected = [1.0 - t * lr * g / (abs(g) + eps) for t in range(1, STEPS + 1)]
    assert ours == pytest.approx(expected, rel=1e-12)


def test_adam_steps_by_hand_with_changing_gradients() -> None:
    # betas (0.5, 0.75), gradients 1 then -3:
    # t=1: m = 0.5, v = 0.25; m̂ = 1, v̂ = 1: step lr.
    # t=2: m = 0.25 - 1.5 = -1.25, v = 0.1875 + 2.25 = 2.4375;
    #      m̂ = -1.25/0.75, v̂ = 2.4375/0.4375.
    lr = 0.1
    ours = trajectory(Adam([Value(0.0)], lr=lr, betas=(0.5, 0.75), eps=1e-12), [1.0, -3.0])
    second = -lr * (-1.25 / 0.75) / math.sqrt(2.4375 / 0.4375)
    assert ours == pytest.approx([-lr, -lr + second], rel=1e-10)


def test_adam_weight_decay_pulls_towards_zero() -> None:
    # No loss gradient: g = lam * p > 0 for p > 0, so the first step is -lr (bias-corrected).
    ours = trajectory(Adam([Value(2.0)], lr=0.1, weight_decay=0.3, eps=1e-12), [0.0])
    assert ours == pytest.approx([1.9], rel=1e-10)
    ours = trajectory(Adam([Value(-2.0)], lr=0.1, weight_decay=0.3, eps=1e-12), [0.0])
    assert ours == pytest.approx([-1.9], rel=1e-10)
