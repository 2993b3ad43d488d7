"""Run the course notebooks top to bottom and save them with their outputs.

The notebooks are committed *with* outputs, so that someone browsing the repository sees
the pictures; this script is how those outputs are made (`make notebooks`). The test
suite runs every notebook again from scratch (tests/test_notebooks.py).

Usage: python scripts/execute_notebooks.py [NOTEBOOK ...]   (default: all of notebooks/)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute one notebook in a fresh kernel, from the notebooks folder."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def save_atomically(notebook: nbformat.NotebookNode, path: Path) -> None:
    """Write the notebook whole or not at all."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".ipynb.tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            nbformat.write(notebook, handle)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a notebook is for everyone to read
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
    for path in paths:
        start = time.perf_counter()
        notebook = execute(path)
        save_atomically(notebook, path)
        print(f"{path.name}: ran in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
