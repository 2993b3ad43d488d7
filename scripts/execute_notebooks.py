"""Run the course notebooks top to bottom and save them with their outputs.

The notebooks are committed *with* outputs, so that someone browsing the repository sees
the pictures; this script is how those outputs are made (`make notebooks`). It records a
hash of the code cells' sources in the notebook's metadata, so that the tests can tell
when the saved outputs are stale (a code cell changed since). The test suite runs every
notebook again from scratch (tests/test_notebooks.py).

The kernel is always the interpreter running this script (a kernelspec made for it in a
temporary folder), never whatever `python3` kernel happens to be installed.

Usage: python scripts/execute_notebooks.py [NOTEBOOK ...]   (default: all of notebooks/)
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL_NAME = "gradschool-this-python"


def source_hash(notebook: nbformat.NotebookNode) -> str:
    """A hash of the notebook's code cells' sources, in order (outputs left out)."""
    sources = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    return hashlib.sha256(json.dumps(sources).encode("utf-8")).hexdigest()


def recorded_hash(notebook: nbformat.NotebookNode) -> str | None:
    """The source hash saved when the notebook was last executed by :func:`main`."""
    return notebook.metadata.get("gradschool", {}).get("source_hash")


def execute(
    path: Path, timeout: int = 600, notebook: nbformat.NotebookNode | None = None
) -> nbformat.NotebookNode:
    """Execute one notebook (``notebook``, or the one read from ``path``) in a fresh
    kernel run by this very interpreter, from the notebooks folder."""
    if notebook is None:
        notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as kernels:
        spec = Path(kernels) / KERNEL_NAME
        spec.mkdir()
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        kernel_json = {"argv": argv, "display_name": "gradschool", "language": "python"}
        (spec / "kernel.json").write_text(json.dumps(kernel_json), encoding="utf-8")
        manager = AsyncKernelManager(
            kernel_name=KERNEL_NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels])
        )
        client = NotebookClient(
            notebook,
            km=manager,
            timeout=timeout,
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
        notebook.metadata.setdefault("gradschool", {})["source_hash"] = source_hash(notebook)
        save_atomically(notebook, path)
        print(f"{path.name}: ran in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
