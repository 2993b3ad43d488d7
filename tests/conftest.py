"""Shared test set-up: headless matplotlib, and the Graphviz-binary and browser markers."""

from __future__ import annotations

import importlib.util
import shutil

import matplotlib
import pytest

from autograd.pictures.render import INSTALL_COMMANDS

matplotlib.use("Agg")  # no screen on CI: draw into memory

HAS_DOT = shutil.which("dot") is not None
DOT_MISSING = "the Graphviz binary `dot` is not installed; install it with: " + "; ".join(
    " ".join(line.split()) for line in INSTALL_COMMANDS.splitlines()
)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
BROWSER_MISSING = ", ".join(
    what for what, there in [
        ("chromium (apt-get install chromium)", CHROMIUM),
        ("chromedriver (apt-get install chromium-driver)", CHROMEDRIVER),
        ("selenium (pip install selenium)", importlib.util.find_spec("selenium")),
    ] if not there
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests marked ``graphviz_binary`` where ``dot`` is missing, and tests marked
    ``browser`` where Chromium, its driver or selenium is missing, saying why."""
    skips = {}
    if not HAS_DOT:
        skips["graphviz_binary"] = pytest.mark.skip(reason=DOT_MISSING)
    if BROWSER_MISSING:
        skips["browser"] = pytest.mark.skip(reason=f"needs a browser: {BROWSER_MISSING} missing")
    for item in items:
        for marker, skip in skips.items():
            if marker in item.keywords:
                item.add_marker(skip)
