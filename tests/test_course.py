"""The course as a whole: lessons that read as lessons, and a table of contents that holds.

These read the committed notebooks (no kernel needed); tests/test_notebooks.py runs them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
CONTENTS = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
# the whole course may show this many `assert` lines (indented ones, in loops and blocks, count
# too); the other checks sit in collapsed cells
VISIBLE_ASSERTS = 36


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _hidden(cell: dict) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def _visible_asserts(cells: list[dict]) -> int:
    """The `assert` lines a reader sees: in code cells not collapsed, at any indentation."""
    return sum(
        line.lstrip().startswith("assert ")
        for cell in cells
        if cell["cell_type"] == "code" and not _hidden(cell)
        for line in _source(cell).splitlines()
    )


def test_visible_asserts_are_counted_at_any_indentation() -> None:
    source = ["for x in xs:\n", "    assert x > 0\n", "assert xs\n", "# assert in a comment\n"]
    loop = {"cell_type": "code", "metadata": {}, "source": source}
    hidden = {"cell_type": "code", "metadata": {"jupyter": {"source_hidden": True}},
              "source": ["assert xs"]}
    prose = {"cell_type": "markdown", "metadata": {}, "source": ["assert nothing"]}
    assert _visible_asserts([loop, hidden, prose]) == 2


def test_the_checks_stay_out_of_the_lessons_way() -> None:
    visible = {path.name: _visible_asserts(_cells(path)) for path in NOTEBOOKS}
    assert sum(visible.values()) <= VISIBLE_ASSERTS, visible
    # ...and the collapsed cells do check: every notebook has some
    for path in NOTEBOOKS:
        assert any(_hidden(c) and "assert " in _source(c) for c in _cells(path)), path.name


def test_every_notebook_is_in_the_table_of_contents_under_its_own_number() -> None:
    listed = dict(re.findall(r"\[(\d\d) · [^\]]+\]\((\d\d_\w+\.ipynb)\)", CONTENTS))
    for path in NOTEBOOKS:
        number = path.name[:2]
        assert listed.get(number) == path.name, f"{path.name} is not listed as {number}"
        title = _source(_cells(path)[0]).splitlines()[0]
        assert title.startswith(f"# {number} · "), f"{path.name} is titled {title!r}"


def test_cross_references_name_notebooks_of_the_course() -> None:
    numbers = set(re.findall(r"\[(\d\d) · ", CONTENTS))
    for path in NOTEBOOKS:
        text = "\n".join(_source(c) for c in _cells(path))
        for number in re.findall(r"[Nn]otebooks? (\d\d)\b", text):
            assert number in numbers, f"{path.name} refers to notebook {number}"
