"""Switches that change how the engine runs: recording the graph, catching nan/inf,
and pausing the cyclic garbage collector while big graphs are built.

``no_grad()`` turns recording off (for evaluation and for optimizer updates: nothing
needs a gradient there, and not recording saves time and memory).
``detect_anomaly()`` stops at the first op whose result is ``nan`` or ``inf``.

Both are **per thread**, as PyTorch's grad mode is: a block changes the switches of the
thread that runs it and of no other, and a new thread starts with the defaults
(recording on, anomaly detection off). Two threads can enter and leave ``no_grad``
blocks in any interleaving and each keeps its own setting.

Reading a thread's own switches costs several times what reading a plain attribute does,
and every op needs them. So every op first reads one shared flag,
:data:`BLOCKS` ``.none_open``: while no thread is inside any of these blocks (the usual
case, and always the case while a graph is built for training), every thread has the
defaults and the op need not look further.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator


class ThreadModes(threading.local):
    """The switches of the thread that reads them (one instance, :data:`MODE`).

    The defaults are class attributes, so a thread that never set a switch reads them:
    every new thread starts recording, with anomaly detection off. Change them only
    through the blocks below: ops look at them only while some block is open (:data:`BLOCKS`).

    Attributes:
        recording: ops record their inputs (off inside ``no_grad``).
        detect_anomaly: ops and backprop raise at the first ``nan`` or ``inf``.
    """

    recording: bool = True
    detect_anomaly: bool = False


MODE = ThreadModes()


class OpenBlocks:
    """How many mode blocks are open in all threads together (one instance, :data:`BLOCKS`).

    Attributes:
        count: the number of ``no_grad`` / ``enable_grad`` / ``detect_anomaly`` blocks
            entered and not yet left, in every thread.
        none_open: ``count == 0``: every thread has the default switches, so an op
            records and checks nothing without reading its thread's :data:`MODE`.
    """

    __slots__ = ("count", "none_open", "_lock")

    def __init__(self) -> None:
        self.count = 0
        self.none_open = True
        self._lock = threading.Lock()

    def change(self, by: int) -> None:
        """Count a block entered (``by = 1``) or left (``by = -1``)."""
        with self._lock:
            self.count += by
            self.none_open = self.count == 0


BLOCKS = OpenBlocks()


@contextlib.contextmanager
def _switched(name: str, value: bool) -> Iterator[None]:
    """Set this thread's switch ``name`` to ``value`` for the block, then restore it.

    The block is counted in :data:`BLOCKS` *before* the switch changes and uncounted only
    after it is restored, so an op never skips the look-up while its thread's switches
    differ from the defaults.
    """
    BLOCKS.change(+1)
    previous = getattr(MODE, name)
    setattr(MODE, name, value)
    try:
        yield
    finally:
        setattr(MODE, name, previous)
        BLOCKS.change(-1)


def no_grad() -> contextlib.AbstractContextManager[None]:
    """Within this block, ops record no inputs: results are leaves with no graph behind them.

    Only the thread that enters the block stops recording.

    Example:
        >>> from autograd import Value, no_grad
        >>> w = Value(2.0)
        >>> with no_grad():
        ...     y = w * 3
        >>> y.inputs
        ()
    """
    return _switched("recording", False)


def enable_grad() -> contextlib.AbstractContextManager[None]:
    """Turn recording back on inside a ``no_grad`` block (in this thread)."""
    return _switched("recording", True)


def detect_anomaly() -> contextlib.AbstractContextManager[None]:
    """Within this block, an op that produces ``nan`` or ``inf`` raises ``FloatingPointError``.

    The message names the op and its inputs' values and labels, so you can see where a
    loss first blew up. Backprop is checked too: a gradient that becomes ``nan`` or
    ``inf`` raises, naming the op it passed through, and so does a ``nan`` or ``inf``
    gradient passed to ``backward()``. Only the thread that enters the block is checked.

    Example:
        >>> from autograd import Value, detect_anomaly
        >>> with detect_anomaly():
        ...     Value(0.0, label="p").log()
        Traceback (most recent call last):
        ...
        FloatingPointError: log produced -inf from p=0.0
    """
    return _switched("detect_anomaly", True)


def detecting_anomalies() -> bool:
    """Whether this thread is inside a ``detect_anomaly()`` block."""
    return not BLOCKS.none_open and MODE.detect_anomaly


@contextlib.contextmanager
def pause_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (it is restored after).

    Why this is safe and why it helps: a graph never contains a reference cycle (a node
    points only to its inputs, which already existed), so reference counting frees a
    whole graph the moment its output is dropped. The cyclic collector is never needed
    for it, yet it runs after every ~700 new objects, and each of its full collections
    walks every live node; with large graphs that walking costs as much as the arithmetic.
    The collector belongs to the whole process: it stays paused while any thread is
    inside such a block.
    ``nn.fit`` and ``nn.lr_find`` train inside this block. Garbage *you* create with
    cycles inside the block is collected once it ends.

    Example:
        >>> from autograd import Value, pause_gc
        >>> with pause_gc():
        ...     y = sum(Value(float(i)) * 2 for i in range(1000))
        >>> y.data
        999000.0
    """
    with _GC_PAUSE.lock:
        if _GC_PAUSE.blocks == 0:  # the first block in any thread pauses the collector
            _GC_PAUSE.was_enabled = gc.isenabled()
            gc.disable()
        _GC_PAUSE.blocks += 1
    try:
        yield
    finally:
        with _GC_PAUSE.lock:
            _GC_PAUSE.blocks -= 1
            if _GC_PAUSE.blocks == 0 and _GC_PAUSE.was_enabled:  # the last one restores it
                gc.enable()


class _GcPause:
    """The collector is one per process: the ``pause_gc`` blocks of every thread share it.

    The first block to open pauses it and the last to close restores it, so that blocks
    overlapping in several threads never leave it off (nor turn it on under another
    thread's open block).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.blocks = 0
        self.was_enabled = True


_GC_PAUSE = _GcPause()
