"""The README's examples print what the README shows.

A ```python block followed directly by a ```text block is an example and its output: the
code is run and what it prints must be the text, line for line.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLE = re.compile(r"```python\n((?:(?!```).)*)```\s*```text\n(.*?)```", re.S)
EXAMPLES = EXAMPLE.findall(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_with_output() -> None:
    assert EXAMPLES


@pytest.mark.parametrize("code, shown", EXAMPLES, ids=[f"example{i}" for i in range(len(EXAMPLES))])
def test_example_prints_what_the_readme_shows(code: str, shown: str) -> None:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(README), "exec"), {})
    assert printed.getvalue() == shown
