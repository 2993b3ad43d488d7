"""Without PyTorch the bridge says how to install it (torch is hidden here, not uninstalled)."""

from __future__ import annotations

import sys

import pytest

import nn


@pytest.fixture
def no_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "torch" or m.startswith("torch.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "torch", None)  # "import torch" now raises ImportError


def test_to_torch_names_the_install_command(no_torch):
    with pytest.raises(ImportError, match=r"to_torch\(\) needs PyTorch, which is not installed: "
                                          r"pip install torch"):
        nn.MLP(2, [3, 1], seed=0).to_torch()


def test_from_torch_names_the_install_command(no_torch):
    for cls in (nn.MLP, nn.Layer, nn.Neuron):
        with pytest.raises(ImportError, match=rf"{cls.__name__}.from_torch\(\) needs PyTorch"):
            cls.from_torch(object())


def test_a_wrong_module_is_named_before_torch_is_needed(no_torch):
    with pytest.raises(TypeError, match="to_torch knows MLP, Layer and Neuron"):
        nn.Module().to_torch()
