"""Saving a model to a JSON file and loading it back.

The file is plain JSON (never pickle, which can run arbitrary code when loaded): the
architecture and every parameter by name, readable in any text editor::

    {"format": "gradschool-model", "version": 1,
     "model": {"kind": "MLP", "nin": 2, "nouts": [16, 16, 1], "activation": "relu",
               "parameters": {"L1.N1.w1": 0.31, "L1.N1.w2": -0.57, "L1.N1.b": 0.12, ...}}}

Saving is atomic (:func:`nn.files.write_atomically`): the JSON goes to a temporary
file in the same directory, which then replaces the target in one step (``os.replace``). A
save that fails half-way (disk full, Ctrl-C) leaves the previous file as it was; saving
over a file keeps its permissions, and through a symlink replaces the file it points to. A
model whose parameters became ``nan`` or ``inf`` is refused: JSON has no such numbers.

A model file is untrusted input, like anything downloaded. Before :func:`load` builds a
model it checks that the file is at most :data:`MAX_FILE_BYTES` long, that the architecture
it declares has at most :data:`MAX_PARAMETERS` parameters (counted from ``nin`` and
``nouts``, without building anything), and that the file holds exactly that many numbers,
each finite. Any bad file, however it is bad, raises a ``ValueError`` naming it.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

from nn.activations import check_activation
from nn.checks import positive_int
from nn.files import checked_path, read_limited, write_atomically
from nn.module import MLP, Layer, Module, Neuron

FORMAT = "gradschool-model"
VERSION = 1

PathLike = str | os.PathLike[str]

#: The most parameters a model file may declare. A scalar engine keeps one Python object
#: per parameter and builds about two graph nodes per parameter for every example it sees:
#: a million parameters take over a second per example forward and backward, far beyond
#: anything a class trains (the course's models have tens to a few thousand).
MAX_PARAMETERS = 1_000_000

#: The largest model file :func:`load` reads: room for :data:`MAX_PARAMETERS` parameters
#: as :func:`save` writes them (under 60 bytes each: name, number, indentation).
MAX_FILE_BYTES = 64 * MAX_PARAMETERS + 1_000_000


def save(model: Module, path: PathLike) -> None:
    """Write ``model`` (architecture and parameters) to ``path`` as JSON, atomically.

    Raises:
        TypeError: ``model`` is not a Module.
        ValueError: ``path`` is empty; or a parameter is ``nan`` or ``inf`` (the model
            diverged): JSON has no such numbers, and a diverged model is not worth keeping.
            The message names the first such parameter; nothing is written and a file
            already at ``path`` stays.
        PermissionError: the file at ``path`` is read-only (it is not replaced).
        OSError: the file cannot be written; the message names ``path``.

    Example:
        >>> save(MLP(2, [4, 1], seed=0), "model.json")  # doctest: +SKIP
        >>> load("model.json")  # doctest: +SKIP
        MLP(2 -> 4 -> 1, relu, 17 parameters)
    """
    if not isinstance(model, Module):
        raise TypeError(f"save() expects a Module, got {type(model).__name__}: {model!r}")
    path = checked_path(path)
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
        ValueError: the file is not a valid gradschool model (the message names the path):
            not JSON, nested too deep, larger than :data:`MAX_FILE_BYTES`, an architecture
            of more than :data:`MAX_PARAMETERS` parameters, a parameter missing, extra, or
            not a finite number.
    """
    path = os.fspath(checked_path(path))
    try:
        content = read_limited(path, MAX_FILE_BYTES)
    except ValueError as error:
        raise ValueError(f"{path} is not a gradschool model file: {error}") from None
    try:
        document = json.loads(content)
    except ValueError as error:  # bad UTF-8, bad JSON, an integer of over 4300 digits
        raise ValueError(
            f"{path} is not a gradschool model file (not valid JSON: {error})"
        ) from error
    except RecursionError:  # [[[[...]]]] nested deeper than Python's stack
        raise ValueError(
            f"{path} is not a gradschool model file (its JSON is nested too deeply)"
        ) from None
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

    The architecture is checked before anything is built: its parameter count (from
    ``nin`` and ``nouts``) must be at most :data:`MAX_PARAMETERS` and equal to the number
    of values in ``state["parameters"]``.

    Raises:
        ValueError: the state is not a dict, describes no known architecture, one too
            large, or holds the wrong number of parameters (or a value that is not a finite
            number: see :meth:`~nn.module.Module.load_state_dict`).
        TypeError: ``nin`` or a layer size is not an integer.
    """
    if not isinstance(state, dict):
        raise ValueError(f"a state dict must be a dict, got {type(state).__name__}")
    kind: Any = state.get("kind")
    nouts = state.get("nouts")
    nin: Any = state.get("nin")  # checked by the constructors, like any user input
    activation: Any = state.get("activation")
    if not isinstance(nouts, list) or not nouts:
        raise ValueError(f"state['nouts'] must be a non-empty list, got {nouts!r:.80}")
    known = {"MLP": True, "Layer": len(nouts) == 1, "Neuron": nouts == [1]}
    if not (isinstance(kind, str) and known.get(kind, False)):
        raise ValueError(
            f"unknown module kind={kind!r:.40} with nouts={nouts!r:.80}; expected kind "
            "'MLP', 'Layer' (one layer size) or 'Neuron' (nouts [1])"
        )
    check_activation(activation)
    _check_size(nin, nouts, state.get("parameters"))
    model: Module
    if kind == "MLP":
        model = MLP(nin, nouts, activation)
    elif kind == "Layer":
        model = Layer(nin, nouts[0], activation)
    else:
        model = Neuron(nin, activation)
    model.load_state_dict(state)
    return model


def parameter_count(nin: object, nouts: list[Any]) -> int:
    """How many parameters an MLP from ``nin`` inputs through layers of ``nouts`` neurons
    has (each neuron: one weight per input and a bias), by arithmetic alone.

    Raises:
        TypeError, ValueError: ``nin`` or a layer size is not an integer >= 1.
    """
    count, fan_in = 0, positive_int(nin, "nin")
    for i, size in enumerate(nouts):
        size = positive_int(size, f"nouts[{i}]")
        count += (fan_in + 1) * size
        fan_in = size
    return count


def _check_size(nin: object, nouts: list[Any], parameters: object) -> None:
    """Refuse an architecture too large to build, or one the parameters do not fill."""
    if len(nouts) > MAX_PARAMETERS:  # every layer has parameters: no need to count
        raise ValueError(f"{len(nouts):,} layers is more than any model file may declare")
    count = parameter_count(nin, nouts)
    if count > MAX_PARAMETERS:
        raise ValueError(
            f"the architecture nin={nin}, nouts={nouts!r:.80} has {count:,} parameters; "
            f"the limit is {MAX_PARAMETERS:,} (a scalar engine cannot train more)"
        )
    if not isinstance(parameters, dict):
        raise ValueError(f"state['parameters'] must be a dict, got {type(parameters).__name__}")
    if len(parameters) != count:
        raise ValueError(
            f"the architecture has {count:,} parameters but the file holds "
            f"{len(parameters):,} values"
        )
