"""Saving a model to a JSON file and loading it back.

The file is plain JSON (never pickle, which can run arbitrary code when loaded): the
architecture and every parameter by name, readable in any text editor::

    {"format": "gradschool-model", "version": 1,
     "model": {"kind": "MLP", "nin": 2, "nouts": [16, 16, 1], "activation": "relu",
               "parameters": {"L1.N1.w1": 0.31, "L1.N1.w2": -0.57, "L1.N1.b": 0.12, ...}}}

Saving is atomic (:func:`autograd.pictures.render.write_atomically`): the JSON goes to a temporary
file in the same directory, which then replaces the target in one step (``os.replace``). A
save that fails half-way (disk full, Ctrl-C) leaves the previous file as it was. A model
whose parameters became ``nan`` or ``inf`` is refused: JSON has no such numbers.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

from autograd.pictures.render import write_atomically
from nn.module import MLP, Layer, Module, Neuron

FORMAT = "gradschool-model"
VERSION = 1

PathLike = str | os.PathLike[str]


def save(model: Module, path: PathLike) -> None:
    """Write ``model`` (architecture and parameters) to ``path`` as JSON, atomically.

    Raises:
        TypeError: ``model`` is not a Module.
        ValueError: a parameter is ``nan`` or ``inf`` (the model diverged): JSON has no
            such numbers, and a diverged model is not worth keeping. The message names the
            first such parameter; nothing is written and a file already at ``path`` stays.

    Example:
        >>> save(MLP(2, [4, 1], seed=0), "model.json")  # doctest: +SKIP
        >>> load("model.json")  # doctest: +SKIP
        MLP(2 -> 4 -> 1, relu, 17 parameters)
    """
    if not isinstance(model, Module):
        raise TypeError(f"save() expects a Module, got {type(model).__name__}: {model!r}")
    state = model.state_dict()
    for name, value in state["parameters"].items():
        if not math.isfinite(value):
            raise ValueError(
                f"cannot save {model!r}: parameter {name} is {value!r} (the model diverged); "
                "only finite numbers can be written to a JSON model file"
            )
    document = {"format": FORMAT, "version": VERSION, "model": state}
    # allow_nan=False: Python's json would otherwise write NaN and Infinity, which are
    # not JSON and which other programs refuse to read.
    text = json.dumps(document, indent=1, allow_nan=False)
    write_atomically(path, text.encode("utf-8"))


def load(path: PathLike) -> Module:
    """Read a model written by :func:`save`.

    Raises:
        FileNotFoundError: there is no file at ``path``.
        ValueError: the file is not a valid gradschool model (the message names the path).
    """
    path = os.fspath(path)
    with open(path, encoding="utf-8") as f:
        try:
            document = json.load(f)
        except ValueError as error:  # bad UTF-8, bad JSON, an integer of over 4300 digits
            raise ValueError(
                f"{path} is not a gradschool model file (not valid JSON: {error})"
            ) from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(
            f"{path} is not a gradschool model file (no \"format\": \"{FORMAT}\" marker)"
        )
    if document.get("version") != VERSION:
        raise ValueError(
            f"{path}: unsupported model file version {document.get('version')!r} "
            f"(this gradschool reads version {VERSION})"
        )
    try:
        return from_state_dict(document.get("model"))
    except (ValueError, TypeError, OverflowError) as error:
        raise ValueError(f"{path} holds an invalid model: {error}") from error


def from_state_dict(state: Any) -> Module:
    """Build the module a :meth:`~nn.module.Module.state_dict` describes, with its values.

    Raises:
        ValueError: the state is not a dict or describes no known architecture.
    """
    if not isinstance(state, dict):
        raise ValueError(f"a state dict must be a dict, got {type(state).__name__}")
    kind, nouts = state.get("kind"), state.get("nouts")
    nin: Any = state.get("nin")  # checked by the constructors, like any user input
    activation: Any = state.get("activation")
    if not isinstance(nouts, list) or not nouts:
        raise ValueError(f"state['nouts'] must be a non-empty list, got {nouts!r}")
    model: Module
    if kind == "MLP":
        model = MLP(nin, nouts, activation)
    elif kind == "Layer" and len(nouts) == 1:
        model = Layer(nin, nouts[0], activation)
    elif kind == "Neuron" and nouts == [1]:
        model = Neuron(nin, activation)
    else:
        raise ValueError(
            f"unknown module kind={kind!r} with nouts={nouts!r}; expected kind "
            "'MLP', 'Layer' (one layer size) or 'Neuron' (nouts [1])"
        )
    model.load_state_dict(state)
    return model
