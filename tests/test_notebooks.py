"""Every course notebook runs top to bottom in a fresh kernel.

The numbers a notebook states are asserted in its own cells, so running it is the test.
The notebooks are committed with their outputs (for readers browsing the repository);
`test_committed_outputs_are_complete` keeps that consistent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from execute_notebooks import execute  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
# Notebooks that render graphs need the Graphviz binary; without it they are skipped
# (with the reason shown) by the graphviz_binary marker, like the other drawing tests.
DRAWING = ("draw(", "draw_network(", "step_widget(", "save_step")


def _case(path: Path) -> object:
    source = path.read_text(encoding="utf-8")
    marks = [pytest.mark.graphviz_binary] if any(call in source for call in DRAWING) else []
    return pytest.param(path, id=path.stem, marks=marks)


def test_the_course_has_notebooks() -> None:
    assert len(NOTEBOOKS) >= 7, [p.name for p in NOTEBOOKS]


@pytest.mark.notebook
@pytest.mark.parametrize("path", [_case(p) for p in NOTEBOOKS])
def test_notebook_runs(path: Path) -> None:
    notebook = execute(path)
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_outputs_are_complete(path: Path) -> None:
    """Committed notebooks were run in order, every code cell, with no error saved."""
    notebook = nbformat.read(path, as_version=4)
    counts = [c.execution_count for c in notebook.cells if c.cell_type == "code" and c.source]
    assert counts and None not in counts, f"{path.name} has cells that were never run"
    assert counts == sorted(counts), f"{path.name} was not run top to bottom"
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{path.name} was saved with an error"
