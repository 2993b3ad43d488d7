"""Every course notebook runs top to bottom in a fresh kernel of this interpreter.

The numbers a notebook states are asserted in its own cells, so running it is the test:
nbclient stops at the first cell that raises, and that error fails the test. The notebooks
are committed with their outputs (for readers browsing the repository);
`test_committed_outputs_are_complete_and_current` checks that those outputs were made from
the code cells as they are now.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from execute_notebooks import execute, recorded_hash, source_hash  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
# Notebooks that render graphs need the Graphviz binary; without it they are skipped
# (with the reason shown) by the graphviz_binary marker, like the other drawing tests.
DRAWING = ("draw(", "draw_network(", "step_widget(", "save_step")


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def needs_graphviz(notebook: nbformat.NotebookNode) -> bool:
    """Whether a code cell calls a drawing function (outputs and prose do not count)."""
    return any(call in cell.source for cell in code_cells(notebook) for call in DRAWING)


def require_expected_exceptions(notebook: nbformat.NotebookNode) -> int:
    """Make every ``try`` whose ``except`` block holds a check fail when nothing is raised.

    ``try: f() except E as e: assert ...`` passes silently if ``f()`` stops raising. For the
    test run (the notebook on disk is unchanged) such a ``try`` gets an ``else`` that raises.
    Cells that are not plain Python (IPython magics) run as written.

    Returns:
        How many ``try`` statements were changed.
    """
    changed = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        tries = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Try)
            and not node.orelse
            and any(isinstance(n, ast.Assert) for h in node.handlers for n in ast.walk(h))
        ]
        for node in tries:
            message = f"cell {index}: the exception its try/except checks was never raised"
            node.orelse = [ast.Raise(exc=ast.Call(
                func=ast.Name("AssertionError", ast.Load()), args=[ast.Constant(message)],
                keywords=[]))]
        if tries:
            cell.source = ast.unparse(ast.fix_missing_locations(tree))
            changed += len(tries)
    return changed


def _case(path: Path) -> object:
    notebook = nbformat.read(path, as_version=4)
    marks = [pytest.mark.graphviz_binary] if needs_graphviz(notebook) else []
    return pytest.param(path, id=path.stem, marks=marks)


def test_the_course_has_notebooks() -> None:
    assert len(NOTEBOOKS) >= 7, [p.name for p in NOTEBOOKS]


@pytest.mark.notebook
@pytest.mark.parametrize("path", [_case(p) for p in NOTEBOOKS])
def test_notebook_runs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    require_expected_exceptions(notebook)
    execute(path, notebook=notebook)  # raises CellExecutionError at the first failing cell
    skipped = [i for i, cell in enumerate(notebook.cells)
               if cell.cell_type == "code" and cell.source and cell.execution_count is None]
    assert not skipped, f"cells {skipped} of {path.name} did not run"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_outputs_are_complete_and_current(path: Path) -> None:
    """Committed notebooks were run in order, every code cell, with no error saved, from
    the code cells they hold now (``make notebooks`` records a hash of their sources)."""
    notebook = nbformat.read(path, as_version=4)
    counts = [c.execution_count for c in code_cells(notebook) if c.source]
    assert counts and None not in counts, f"{path.name} has cells that were never run"
    assert counts == sorted(counts), f"{path.name} was not run top to bottom"
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{path.name} was saved with an error"
    assert recorded_hash(notebook) == source_hash(notebook), (
        f"{path.name}: its code cells changed since its outputs were saved; "
        "run `make notebooks` (scripts/execute_notebooks.py) and commit the result"
    )


# ---------------------------------------------------------------- the helpers above


def _notebook(*sources: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return notebook


def test_a_check_in_an_except_block_fails_when_nothing_is_raised() -> None:
    notebook = _notebook(
        "try:\n    x = 1\nexcept ValueError as error:\n    assert 'bad' in str(error)",
        "try:\n    int('x')\nexcept ValueError as error:\n    assert 'x' in str(error)",
        "try:\n    import torch\nexcept ImportError:\n    torch = None",  # no check: as is
        "%matplotlib inline",
    )
    assert require_expected_exceptions(notebook) == 2
    with pytest.raises(AssertionError, match="cell 0: the exception"):
        exec(notebook.cells[0].source, {})
    exec(notebook.cells[1].source, {})  # raised as expected: the check ran and passed
    assert notebook.cells[2].source.endswith("torch = None")
    assert notebook.cells[3].source == "%matplotlib inline"


def test_graphviz_need_is_read_from_code_sources_only() -> None:
    notebook = _notebook("x = 1")
    notebook.cells.append(nbformat.v4.new_markdown_cell("Call `draw(x)` to see it."))
    notebook.cells[0].outputs = [nbformat.v4.new_output("stream", text="draw(x)")]
    assert not needs_graphviz(notebook)
    assert needs_graphviz(_notebook("from autograd import draw\ndraw(x)"))


def test_the_kernel_is_the_interpreter_running_the_tests(tmp_path: Path) -> None:
    notebook = _notebook("import sys\nprint(sys.executable)")
    execute(tmp_path / "probe.ipynb", notebook=notebook)
    assert notebook.cells[0].outputs[0]["text"].strip() == sys.executable


def test_the_source_hash_follows_code_not_outputs_or_prose() -> None:
    notebook = _notebook("x = 1", "print(x)")
    before = source_hash(notebook)
    notebook.cells[1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    notebook.cells.append(nbformat.v4.new_markdown_cell("Some prose."))
    assert source_hash(notebook) == before
    notebook.cells[0].source = "x = 2"
    assert source_hash(notebook) != before
