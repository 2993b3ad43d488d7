"""The progress bar of ``fit``: shown for long runs in a terminal or a notebook, else silent.

``tqdm.auto`` draws a widget in Jupyter and a text bar elsewhere. Short runs, runs whose
output goes to a file or a pipe (tests, CI logs), and ``progress=False`` show nothing.
"""

from __future__ import annotations

import sys
from typing import Any

#: ``progress=None`` shows a bar when a run makes more updates than this.
AUTO_PROGRESS_UPDATES = 50


def in_notebook() -> bool:
    """True inside a Jupyter kernel (IPython's ZMQ shell)."""
    ipython = sys.modules.get("IPython")  # never import IPython just to ask
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def stdout_is_terminal() -> bool:
    """True when standard output is an interactive terminal."""
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def wants_progress(progress: bool | None, updates: int) -> bool:
    """Whether to draw a bar.

    Args:
        progress: ``True`` always, ``False`` never, ``None`` when ``updates`` exceeds
            :data:`AUTO_PROGRESS_UPDATES` and the output is a terminal or a notebook.
        updates: how many optimizer steps the run will make at most.
    """
    if progress is not None and not isinstance(progress, bool):
        raise ValueError(f"progress must be True, False or None, got {progress!r}")
    if progress is not None:
        return progress
    return updates > AUTO_PROGRESS_UPDATES and (stdout_is_terminal() or in_notebook())


class _NoBar:
    """Stands in for a tqdm bar when none is wanted."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix(self, **values: Any) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(show: bool, total: int, desc: str, unit: str = "epoch") -> Any:
    """A ``tqdm.auto`` bar of ``total`` steps, or an object with the same methods that
    draws nothing when ``show`` is False."""
    if not show:
        return _NoBar()
    from tqdm.auto import tqdm  # imported only when a bar is drawn

    return tqdm(total=total, desc=desc, unit=unit, leave=True)
