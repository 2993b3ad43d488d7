"""Shared test set-up: headless matplotlib, and the Graphviz-binary marker."""

from __future__ import annotations

import shutil

import matplotlib
import pytest

from autograd.pictures.render import INSTALL_COMMANDS

matplotlib.use("Agg")  # no screen on CI: draw into memory

HAS_DOT = shutil.which("dot") is not None
DOT_MISSING = "the Graphviz binary `dot` is not installed; install it with: " + "; ".join(
    " ".join(line.split()) for line in INSTALL_COMMANDS.splitlines()
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests marked ``graphviz_binary`` where ``dot`` is missing, saying why."""
    if HAS_DOT:
        return
    skip = pytest.mark.skip(reason=DOT_MISSING)
    for item in items:
        if "graphviz_binary" in item.keywords:
            item.add_marker(skip)
