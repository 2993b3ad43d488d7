"""The base of every optimizer (:class:`Optimizer`) and the check of its parameters.

An optimizer holds the parameters it updates and a learning rate; subclasses in
:mod:`nn.optim` (SGD, Adam, RMSprop) say how a gradient becomes an update.
"""

from __future__ import annotations

from collections.abc import Iterable

from autograd.value import Value
from nn.checks import non_negative


def check_params(params: Iterable[Value]) -> list[Value]:
    """The parameters as a list: non-empty, all Values, none twice."""
    if callable(getattr(params, "parameters", None)):
        raise TypeError(f"pass model.parameters(), not the model itself ({params!r})")
    try:
        params = list(params)
    except TypeError:
        raise TypeError(
            f"params must be a list of Values, got {type(params).__name__}: {params!r}"
        ) from None
    if not params:
        raise ValueError("params is empty: an optimizer needs at least one Value to update")
    seen: set[int] = set()
    for i, p in enumerate(params):
        if not isinstance(p, Value):
            raise TypeError(f"params[{i}] must be a Value, got {type(p).__name__}: {p!r}")
        if id(p) in seen:
            raise ValueError(f"params[{i}] ({p.label or p!r}) appears twice in params")
        seen.add(id(p))
    return params


class Optimizer:
    """The base of every optimizer: the parameters, the learning rate, and the step.

    Args:
        params: the Values to update, e.g. ``model.parameters()``.
        lr: the learning rate (``>= 0``).

    The learning rate can be read and changed at any moment as ``opt.lr`` or, Keras's
    name, ``opt.learning_rate`` (the same number); the next ``step()`` uses it.
    """

    def __init__(self, params: Iterable[Value], lr: float) -> None:
        self.params = check_params(params)
        self.lr = lr
        self.steps = 0  # updates made so far (Adam's bias correction needs the count)

    @property
    def lr(self) -> float:
        """The learning rate the next ``step()`` uses."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = non_negative(value, "learning rate lr")

    @property
    def learning_rate(self) -> float:
        """Another name for :attr:`lr` (Keras's)."""
        return self._lr

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self.lr = value

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (``backward()`` adds to what is there)."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """Update every parameter from its gradient."""
        raise NotImplementedError

    def _hyperparameters(self) -> dict[str, object]:
        return {"lr": self.lr}

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in self._hyperparameters().items())
        return f"{type(self).__name__}({settings}, {len(self.params)} parameters)"
