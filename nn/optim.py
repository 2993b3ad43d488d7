"""Optimizers: rules that turn gradients into parameter updates.

Each optimizer follows ``torch.optim``'s update rule operation for operation, so that with
the same hyperparameters every step equals PyTorch's (the tests compare whole trajectories
against ``torch.optim`` in float64). The usual loop::

    optimizer = Adam(model.parameters(), lr=0.01)
    for step in range(100):
        loss = loss_fn([model(x) for x in X], y)
        optimizer.zero_grad()   # gradients accumulate: clear last step's
        loss.backward()         # fill in p.grad for every parameter
        optimizer.step()        # p.data moves against p.grad

Updates write ``p.data`` directly: an update is not part of any graph.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd.value import Value
from nn.checks import fraction, non_negative, positive
from nn.optimizer import Optimizer

#: The names :func:`make_optimizer` understands.
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")

#: Default hyperparameters of gradschool, PyTorch (2.x) and Keras (3) for each optimizer,
#: for the course to display. ``lr`` is the learning rate (Keras calls it ``learning_rate``;
#: its RMSprop decay ``rho`` is PyTorch's ``alpha``; its ``epsilon`` is ``eps``).
#: Note how the libraries disagree: the same name does not mean the same first step.
DEFAULTS: dict[str, dict[str, dict[str, float]]] = {
    "sgd": {
        "gradschool": {"lr": 0.01, "momentum": 0.0},
        "pytorch": {"lr": 0.001, "momentum": 0.0},
        "keras": {"lr": 0.01, "momentum": 0.0},
    },
    "momentum": {
        "gradschool": {"lr": 0.01, "momentum": 0.9},
        "pytorch": {"lr": 0.001, "momentum": 0.0},  # torch has no default momentum: you pass 0.9
        "keras": {"lr": 0.01, "momentum": 0.0},  # likewise in Keras
    },
    "rmsprop": {
        "gradschool": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8},
        "pytorch": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8},
        "keras": {"lr": 0.001, "alpha": 0.9, "eps": 1e-7},
    },
    "adam": {
        "gradschool": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
        "pytorch": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
        "keras": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-7},
    },
}


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum (``torch.optim.SGD``).

    Per parameter ``p`` with gradient ``g`` (plus ``weight_decay * p`` when set)::

        b = momentum * b + g        (b = g on the first step)
        g = g + momentum * b        if nesterov, else g = b   (only with momentum)
        p = p - lr * g

    Args:
        params: the Values to update.
        lr: the learning rate.
        momentum: in [0, 1); 0 is plain gradient descent.
        nesterov: look ahead along the momentum (needs ``momentum > 0``).
        weight_decay: L2 penalty factor ``λ``: adds ``λ * p`` to each gradient.
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.momentum = fraction(momentum, "momentum")
        if not isinstance(nesterov, bool):
            raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
        if nesterov and self.momentum == 0.0:
            raise ValueError("nesterov=True needs a momentum > 0, got momentum=0.0")
        self.nesterov = nesterov
        self.weight_decay = non_negative(weight_decay, "weight_decay")
        self.buffers: list[float | None] = [None] * len(self.params)  # momentum, per parameter

    def step(self) -> None:
        lr, mu, decay = self.lr, self.momentum, self.weight_decay
        for i, p in enumerate(self.params):
            g = p.grad
            if decay != 0.0:
                g = g + decay * p.data
            if mu != 0.0:
                previous = self.buffers[i]
                b = g if previous is None else previous * mu + g
                self.buffers[i] = b
                g = g + mu * b if self.nesterov else b
            p.data = p.data - lr * g
        self.steps += 1

    def _hyperparameters(self) -> dict[str, object]:
        return {"lr": self.lr, "momentum": self.momentum, "nesterov": self.nesterov,
                "weight_decay": self.weight_decay}


class Adam(Optimizer):
    """Adam: momentum on the gradient, scaled by a running size of the gradient
    (``torch.optim.Adam``).

    Per parameter, at step ``t = 1, 2, ...``::

        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        p = p - lr * (m / (1 - beta1**t)) / (sqrt(v / (1 - beta2**t)) + eps)

    The divisions by ``1 - beta**t`` undo the pull towards 0 of ``m`` and ``v`` starting
    at 0 (bias correction), so the first step moves each parameter by about ``lr``.

    Args:
        params: the Values to update.
        lr: the learning rate.
        betas: ``(beta1, beta2)``, each in [0, 1).
        eps: added to the denominator so that it is never 0; must be ``> 0``. (PyTorch
            accepts ``eps=0``, and then a zero gradient gives ``0/0 = nan``; gradschool
            refuses it with a ValueError instead.)
        weight_decay: adds ``λ * p`` to each gradient (L2, not AdamW's decoupled decay).
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (fraction(betas[0], "betas[0]"), fraction(betas[1], "betas[1]"))
        self.eps = positive(eps, "eps")
        self.weight_decay = non_negative(weight_decay, "weight_decay")
        self.m = [0.0] * len(self.params)  # running mean of the gradient
        self.v = [0.0] * len(self.params)  # running mean of the squared gradient

    def step(self) -> None:
        self.steps += 1
        beta1, beta2 = self.betas
        # The same operations in the same order as torch's single-tensor Adam, so that
        # results agree to the last bits, not only mathematically.
        step_size = self.lr / (1 - beta1**self.steps)
        correction2_sqrt = (1 - beta2**self.steps) ** 0.5
        for i, p in enumerate(self.params):
            g = p.grad
            if self.weight_decay != 0.0:
                g = g + self.weight_decay * p.data
            self.m[i] += (1 - beta1) * (g - self.m[i])  # = beta1*m + (1-beta1)*g (torch's lerp)
            self.v[i] = self.v[i] * beta2 + (1 - beta2) * g * g
            denominator = math.sqrt(self.v[i]) / correction2_sqrt + self.eps
            p.data = p.data - step_size * (self.m[i] / denominator)

    def _hyperparameters(self) -> dict[str, object]:
        return {"lr": self.lr, "betas": self.betas, "eps": self.eps,
                "weight_decay": self.weight_decay}


class RMSprop(Optimizer):
    """RMSprop: each step divided by a running size of the gradient (``torch.optim.RMSprop``).

    Per parameter::

        v = alpha * v + (1 - alpha) * g**2
        p = p - lr * g / (sqrt(v) + eps)

    and with momentum ``b = momentum * b + g / (sqrt(v) + eps)``, ``p = p - lr * b``.

    Args:
        params: the Values to update.
        lr: the learning rate.
        alpha: decay of the running mean of ``g**2``, in [0, 1) (Keras's ``rho``).
        eps: added to the denominator so that it is never 0; must be ``> 0`` (PyTorch
            accepts 0 and gives ``nan`` on a zero gradient; gradschool raises instead).
        momentum: in [0, 1).
        weight_decay: adds ``λ * p`` to each gradient.
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 0.01,
        alpha: float = 0.99,
        eps: float = 1e-8,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.alpha = fraction(alpha, "alpha")
        self.eps = positive(eps, "eps")
        self.momentum = fraction(momentum, "momentum")
        self.weight_decay = non_negative(weight_decay, "weight_decay")
        self.v = [0.0] * len(self.params)  # running mean of the squared gradient
        self.buffers = [0.0] * len(self.params)  # momentum

    def step(self) -> None:
        lr, alpha = self.lr, self.alpha
        for i, p in enumerate(self.params):
            g = p.grad
            if self.weight_decay != 0.0:
                g = g + self.weight_decay * p.data
            self.v[i] = self.v[i] * alpha + (1 - alpha) * g * g
            denominator = math.sqrt(self.v[i]) + self.eps
            if self.momentum > 0.0:
                self.buffers[i] = self.buffers[i] * self.momentum + g / denominator
                p.data = p.data - lr * self.buffers[i]
            else:
                p.data = p.data - lr * (g / denominator)
        self.steps += 1

    def _hyperparameters(self) -> dict[str, object]:
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps,
                "momentum": self.momentum, "weight_decay": self.weight_decay}


def make_optimizer(name: str, params: Iterable[Value], lr: float | None = None) -> Optimizer:
    """An optimizer by name, with gradschool's defaults for everything but ``lr``.

    Args:
        name: ``"sgd"``, ``"momentum"`` (SGD with momentum 0.9), ``"rmsprop"`` or ``"adam"``
            (any case).
        params: the Values to update.
        lr: the learning rate; ``None`` uses the optimizer's default (see :data:`DEFAULTS`).

    Raises:
        ValueError: an unknown name (the message lists the choices).
    """
    key = name.lower() if isinstance(name, str) else name
    if key not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(OPTIMIZERS)}")
    rate = DEFAULTS[key]["gradschool"]["lr"] if lr is None else lr
    if key == "sgd":
        return SGD(params, lr=rate)
    if key == "momentum":
        return SGD(params, lr=rate, momentum=0.9)
    if key == "rmsprop":
        return RMSprop(params, lr=rate)
    return Adam(params, lr=rate)
