"""Shared test set-up: headless matplotlib, the markers for missing programs, and CI's rule.

* ``graphviz_binary``: needs Graphviz's ``dot``; ``browser``: needs Chromium, chromedriver
  and selenium. Where they are missing, those tests are skipped with the reason shown.
* With the environment variable ``CI=true`` nothing may skip: a test skipped for any reason
  (a missing oracle such as PyTorch, ``dot``, a browser, an ``importorskip``) is reported
  as a failure, with the skip's reason, because CI installs everything (``.ci/run``).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Generator

import matplotlib
import pytest

from autograd.pictures.render import INSTALL_COMMANDS

matplotlib.use("Agg")  # no screen on CI: draw into memory

CI = os.environ.get("CI") == "true"

HAS_DOT = shutil.which("dot") is not None
DOT_MISSING = "the Graphviz binary `dot` is not installed; install it with: " + "; ".join(
    " ".join(line.split()) for line in INSTALL_COMMANDS.splitlines()
)


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (what is missing), or None when they can."""
    missing = [
        name
        for name, found in (
            ("chromium", shutil.which("chromium") or shutil.which("chromium-browser")),
            ("chromedriver", shutil.which("chromedriver")),
            ("the Python package selenium", importlib.util.find_spec("selenium")),
        )
        if not found
    ]
    if not missing:
        return None
    return (
        f"{', '.join(missing)} not installed; install with: Debian/Ubuntu: sudo apt-get "
        "install chromium chromium-driver; pip install selenium"
    )


BROWSER_MISSING = browser_missing()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests whose program is missing (``graphviz_binary``, ``browser``), saying why."""
    missing = {"graphviz_binary": None if HAS_DOT else DOT_MISSING, "browser": BROWSER_MISSING}
    for item in items:
        for marker, reason in missing.items():
            if reason is not None and marker in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


def _skip_is_failure(report: pytest.TestReport | pytest.CollectReport) -> None:
    if CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, where nothing may skip: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator:
    """Under ``CI=true``, a skipped test is a failure (its reason shown)."""
    outcome = yield
    _skip_is_failure(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator:
    """Under ``CI=true``, a module skipped at import (``importorskip``) is a failure."""
    outcome = yield
    _skip_is_failure(outcome.get_result())
