"""The tape: a scalar graph traced once, read as straight-line code, replayed over a batch.

* :func:`trace` checks a graph and builds a :class:`Program` (:mod:`~autograd.tape.tracing`);
* :mod:`~autograd.tape.schedule` lays it out level by level, one NumPy call per op per level;
* :mod:`~autograd.tape.program` replays it forward and backward on whole batches;
* :mod:`~autograd.tape.display` writes it as text (the forward and reverse sweeps);
* :mod:`~autograd.tape.numpy_kit` is the number kit the op table's formulas run on.
"""

from autograd.tape.program import Program
from autograd.tape.tracing import trace, trace_outputs

__all__ = ["Program", "trace", "trace_outputs"]
