"""Switches that change how the engine runs: recording the graph, catching nan/inf,
and pausing the cyclic garbage collector while big graphs are built.

``no_grad()`` turns recording off (for evaluation and for optimizer updates: nothing
needs a gradient there, and not recording saves time and memory).
``detect_anomaly()`` stops at the first op whose result is ``nan`` or ``inf``.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


class GradMode:
    """The engine's global switches (one instance, :data:`MODE`)."""

    __slots__ = ("recording", "detect_anomaly")

    def __init__(self) -> None:
        self.recording = True
        self.detect_anomaly = False


MODE = GradMode()


@contextlib.contextmanager
def no_grad() -> Iterator[None]:
    """Within this block, ops record no inputs: results are leaves with no graph behind them.

    Example:
        >>> from autograd import Value, no_grad
        >>> w = Value(2.0)
        >>> with no_grad():
        ...     y = w * 3
        >>> y.inputs
        ()
    """
    previous = MODE.recording
    MODE.recording = False
    try:
        yield
    finally:
        MODE.recording = previous


@contextlib.contextmanager
def enable_grad() -> Iterator[None]:
    """Turn recording back on inside a ``no_grad`` block."""
    previous = MODE.recording
    MODE.recording = True
    try:
        yield
    finally:
        MODE.recording = previous


@contextlib.contextmanager
def detect_anomaly() -> Iterator[None]:
    """Within this block, an op that produces ``nan`` or ``inf`` raises ``FloatingPointError``.

    The message names the op and its inputs' values and labels, so you can see where a
    loss first blew up. Backprop is checked too: a gradient that becomes ``nan`` or
    ``inf`` raises, naming the op it passed through.

    Example:
        >>> from autograd import Value, detect_anomaly
        >>> with detect_anomaly():
        ...     Value(0.0, label="p").log()
        Traceback (most recent call last):
        ...
        FloatingPointError: log produced -inf from p=0.0
    """
    previous = MODE.detect_anomaly
    MODE.detect_anomaly = True
    try:
        yield
    finally:
        MODE.detect_anomaly = previous


@contextlib.contextmanager
def pause_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (it is restored after).

    Why this is safe and why it helps: a graph never contains a reference cycle (a node
    points only to its inputs, which already existed), so reference counting frees a
    whole graph the moment its output is dropped. The cyclic collector is never needed
    for it, yet it runs after every ~700 new objects, and each of its full collections
    walks every live node; with large graphs that walking costs as much as the arithmetic.
    ``nn.fit`` and ``nn.lr_find`` train inside this block. Garbage *you* create with
    cycles inside the block is collected once it ends.

    Example:
        >>> from autograd import Value, pause_gc
        >>> with pause_gc():
        ...     y = sum(Value(float(i)) * 2 for i in range(1000))
        >>> y.data
        999000.0
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
