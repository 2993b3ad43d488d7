"""Graphs shared by the picture tests: Karpathy's tanh neuron, and the issue's MLP loss."""

from __future__ import annotations

from autograd.value import Value
from nn import MLP


def neuron() -> Value:
    """``o = tanh(x1*w1 + x2*w2 + b)``, every node labelled."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2, b = Value(-3.0, label="w1"), Value(1.0, label="w2"), Value(6.8814, label="b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def mlp_loss() -> Value:
    """``nn.MLP(2, [4, 4, 1])`` on one input with an MSE loss (108 nodes)."""
    model = MLP(2, [4, 4, 1], seed=0)
    return (model([0.5, -1.0]) - 1.0) ** 2
