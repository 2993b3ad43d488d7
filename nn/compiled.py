"""Training on the tape: what ``fit``, ``predict`` and ``evaluate`` do with ``compile=True``.

The model is traced once, on the first example (:func:`autograd.tape.trace_outputs`), and
the program replays it on every batch: one NumPy step per op per level of the network
instead of one Python call per scalar node. A trace fixes the model's structure: a model
whose code branches on ``.data`` takes the first example's branch for every example.

The loss is not traced: it is computed by the scalar engine, as with ``compile=False``,
on one leaf Value per model output per example (a few nodes per example, against the
thousands of the network). So every loss behaves exactly as without compile, a custom
``loss(predictions, targets)`` and an L1/L2 penalty on the weights included: ``backward``
fills the leaves' gradients (and the penalty's, straight into the weights), and those
leaves' gradients seed the program's backward, which adds the network's share into every
parameter's ``.grad``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.mode import enable_grad
from autograd.tape import Program, trace_outputs
from autograd.value import Value

#: Examples replayed at once by ``predict`` (the buffer holds one row per node per example).
CHUNK = 512


class CompiledModel:
    """A model traced on one example, replayed on batches of examples.

    Args:
        model: a callable on a list of Values (an ``nn.MLP``) returning a Value or a list
            of Values.
        X: the examples it will be replayed on (each a list of numbers); the first one is
            traced.

    Raises:
        ValueError: the examples are not all lists of the same length.
        TypeError: the model's output is not a Value or a list of Values.
    """

    def __init__(self, model: Callable[[Any], Any], X: Sequence[Any]) -> None:
        self.model = model
        self.X = examples_array(X)
        inputs = [Value(float(v), label=f"x{i + 1}") for i, v in enumerate(self.X[0])]
        with enable_grad():  # the trace needs the graph, even inside no_grad
            out = model(inputs)
        self.single = isinstance(out, Value)
        outputs = [out] if self.single else list(out) if isinstance(out, (list, tuple)) else None
        if outputs is None or not all(isinstance(o, Value) for o in outputs):
            raise TypeError(f"compile=True needs a model that returns a Value or a list of "
                            f"Values, got {type(out).__name__}: {out!r:.80}")
        self.program: Program = trace_outputs(outputs, inputs, what="model output")
        self._leaves: list[Any] = []

    def outputs(self, X: np.ndarray, chunk: int | None = None) -> np.ndarray:
        """The model's outputs on the examples ``X`` (rows), one row per output; replayed
        ``chunk`` examples at a time when given (then there is nothing to backprop)."""
        if chunk is not None and len(X) > chunk:
            parts = [self.outputs(X[i:i + chunk]) for i in range(0, len(X), chunk)]
            return np.concatenate(parts, axis=1)
        values = self.program.forward(X.T)
        return values.reshape(len(self.program.outputs), len(X))

    def predictions(self, indices: Sequence[int] | None = None, X: np.ndarray | None = None,
                    ) -> list[Any]:
        """The outputs as leaf Values, per example as the model returns them: a Value, or a
        list of Values. ``indices`` picks training examples; ``X`` gives other examples."""
        if X is None:
            values = self.outputs(self.X[list(indices or ())]).T.tolist()
        else:
            values = self.outputs(X, chunk=CHUNK).T.tolist()
        if self.single:
            self._leaves = [Value(v[0]) for v in values]
        else:
            self._leaves = [[Value(v) for v in example] for example in values]
        return self._leaves

    def backward(self) -> None:
        """Backprop the loss from the leaves of the last :meth:`predictions` through the
        network: each leaf's ``.grad`` (filled by the loss's ``backward()``) is its seed."""
        if self.single:
            seed = np.array([[leaf.grad for leaf in self._leaves]])
        else:
            seed = np.array([[leaf.grad for leaf in example] for example in self._leaves]).T
        self.program.backward(seed, input_gradients=False)


def examples_array(X: Sequence[Any]) -> np.ndarray:
    """The examples as a 2-D float array, one row each, or a ValueError saying why not."""
    try:
        array = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    if array is None or array.ndim != 2 or len(array) == 0:
        raise ValueError("compile=True needs the examples as equal-length lists of numbers "
                         f"(one list per example); got {X[:1]!r:.80}...")
    return array


def predict(model: Callable[[Any], Any], X: Sequence[Any]) -> list[Any]:
    """:func:`nn.training.predict` on the tape: floats per example, lists for several outputs."""
    if len(X) == 0:
        return []
    compiled = CompiledModel(model, X)
    rows = compiled.outputs(compiled.X, chunk=CHUNK).T.tolist()
    return [row[0] for row in rows] if compiled.single else rows
