"""Saving a model to a JSON file and loading it back.

The file is plain JSON (never pickle, which can run arbitrary code when loaded): the
architecture and every parameter by name, readable in any text editor::

    {"format": "gradschool-model", "version": 1,
     "model": {"kind": "MLP", "nin": 2, "nouts": [16, 16, 1], "activation": "relu",
               "parameters": {"L1.N1.w1": 0.31, "L1.N1.w2": -0.57, "L1.N1.b": 0.12, ...}}}

Saving is atomic: the JSON goes to a temporary file in the same directory, which then
replaces the target in one step (``os.replace``). A save that fails half-way (disk full,
Ctrl-C) leaves the previous file as it was.
"""

from __future__ import annotations

import json
import os
import secrets
from typing import Any

from nn.module import MLP, Layer, Module, Neuron

FORMAT = "gradschool-model"
VERSION = 1

PathLike = str | os.PathLike[str]


def save(model: Module, path: PathLike) -> None:
    """Write ``model`` (architecture and parameters) to ``path`` as JSON, atomically.

    Example:
        >>> save(MLP(2, [4, 1], seed=0), "model.json")  # doctest: +SKIP
        >>> load("model.json")  # doctest: +SKIP
        MLP(2 -> 4 -> 1, relu, 17 parameters)
    """
    if not isinstance(model, Module):
        raise TypeError(f"save() expects a Module, got {type(model).__name__}: {model!r}")
    document = {"format": FORMAT, "version": VERSION, "model": model.state_dict()}
    path = os.fspath(path)
    # Same directory as the target, so os.replace is a rename within one file system.
    temporary = f"{path}.{secrets.token_hex(4)}.tmp"
    created = False
    try:
        with open(temporary, "x", encoding="utf-8") as f:  # "x": never clobber a file
            created = True
            json.dump(document, f, indent=1)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename makes it the real file
        os.replace(temporary, path)
    except BaseException:
        if created:
            os.remove(temporary)
        raise


def load(path: PathLike) -> Module:
    """Read a model written by :func:`save`.

    Raises:
        FileNotFoundError: there is no file at ``path``.
        ValueError: the file is not a valid gradschool model (the message names the path).
    """
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path} is not a gradschool model file (not valid JSON: {error})") \
            from error
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
    except (ValueError, TypeError) as error:
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
