"""Checking a state dict before a model loads it: nothing is assigned until all is checked.

:meth:`nn.module.Module.load_state_dict` loads only what :func:`checked_parameter_values`
accepts: the same architecture, every parameter named once, each a finite number. So a
state for another model, or a file with a bad number in it, leaves the model as it was.
"""

from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING, Any

from nn.checks import number

if TYPE_CHECKING:
    from nn.module import Module


def checked_parameter_values(module: Module, state: object) -> dict[str, float]:
    """Every parameter's value in ``state``, by label, checked against ``module``.

    Raises:
        ValueError: ``state`` is not a dict, is for another architecture, misses or adds
            a parameter, or has a value that is not a number, too large for a float,
            ``nan`` or infinite; the message names what differs.
    """
    if not isinstance(state, dict):
        raise ValueError(f"a state dict must be a dict, got {type(state).__name__}")
    mine = module.architecture()
    theirs = {key: state.get(key) for key in mine}
    if theirs != mine:
        raise ValueError(
            f"cannot load a state for {_describe(theirs)} into {module!r}: "
            f"the architectures differ ({_differences(theirs, mine)})"
        )
    values = state.get("parameters")
    params = module.parameters()
    if not isinstance(values, dict):
        raise ValueError(f"state['parameters'] must be a dict, got {type(values).__name__}")
    names = [p.label for p in params]
    if set(values) != set(names):
        missing = [name for name in names if name not in values]
        extra = [key for key in values if key not in set(names)]
        raise ValueError(
            f"state['parameters'] does not match {module!r}: missing {missing}, "
            f"unexpected {extra}"
        )
    return {name: _parameter_value(name, v) for name, v in values.items()}


def _parameter_value(name: str, value: object) -> float:
    """A parameter's value from a state dict, as a float, or a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"parameter {name} must be a number, got {value!r:.80}")
    x = number(value, f"parameter {name}")  # a JSON int such as 10**400 is no float
    if not math.isfinite(x):  # NaN, Infinity or 1e400 in a file: Python's json reads them
        raise ValueError(f"parameter {name} is {x!r}: parameters must be finite numbers")
    return x


def _describe(arch: dict[str, Any]) -> str:
    nouts = arch.get("nouts") or []
    return f"{arch.get('kind')}({arch.get('nin')} -> {' -> '.join(map(str, nouts))}, " \
           f"{arch.get('activation')})"


def _differences(theirs: dict[str, Any], mine: dict[str, Any]) -> str:
    return "; ".join(
        f"{key}: state has {theirs[key]!r}, model has {mine[key]!r}"
        for key in mine
        if theirs[key] != mine[key]
    )
