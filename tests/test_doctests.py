"""The examples in the docstrings run and print what they say.

Only modules that have examples are tested, and each test checks that examples ran: a
module without any would pass ``failed == 0`` whatever it contained.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import autograd
import nn

ALL_MODULES = sorted(
    info.name
    for package in (autograd, nn)
    for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + ".")
) + ["autograd", "nn"]


def example_count(name: str) -> int:
    """How many docstring examples module ``name`` runs (its own, not those it imports;
    an example marked ``# doctest: +SKIP`` does not run)."""
    module = importlib.import_module(name)
    return sum(
        not example.options.get(doctest.SKIP, False)
        for test in doctest.DocTestFinder().find(module)
        for example in test.examples
    )


MODULES = [name for name in ALL_MODULES if example_count(name) > 0]


def test_the_modules_with_examples_are_found() -> None:
    # These are known to carry examples: if they drop out, the finder above is broken.
    assert {"autograd.value", "autograd.reference", "nn.losses"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted == example_count(name) > 0, f"no examples ran in {name}"
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
