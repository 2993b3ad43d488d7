"""nn: neurons, layers, losses, optimizers and training, built on :mod:`autograd`.

A thin layer for learning how networks learn: every weight is an ``autograd.Value``,
so every gradient can be drawn and stepped through.

Example:
    >>> import nn
    >>> X, y = nn.make_moons(100, noise=0.1, seed=0)
    >>> model = nn.MLP(2, [16, 16, 1], seed=0)
    >>> history = nn.fit(model, X, y, loss="binary_cross_entropy_with_logits",
    ...                  optimizer=nn.Adam(model.parameters(), lr=0.05),
    ...                  epochs=2, progress=False)
    >>> len(history.history["loss"])
    2
"""

import importlib

from nn import functional, losses, metrics
from nn.activations import ACTIVATIONS
from nn.callbacks import Callback, EarlyStopping
from nn.datasets import (
    house_prices,
    load_digits,
    make_blobs,
    make_circles,
    make_moons,
    make_spiral,
    make_xor,
    scale_targets,
    standardize,
    train_test_split,
    unscale_targets,
)
from nn.draw_network import draw_network
from nn.functional import l1_penalty, l2_penalty, log_softmax, softmax
from nn.history import History, LRFindResult, SweepResult, SweepRun
from nn.metrics import accuracy, confusion_matrix, f1, format_confusion_matrix, precision, recall
from nn.module import MLP, Layer, Module, Neuron
from nn.optim import DEFAULTS, SGD, Adam, RMSprop, make_optimizer
from nn.optimizer import Optimizer
from nn.schedules import ExponentialDecay, LinearDecay, StepDecay
from nn.serialize import load, save
from nn.sweep import lr_find, lr_sweep
from nn.training import DivergenceError, DivergenceWarning, evaluate, fit, predict

__all__ = [
    "ACTIVATIONS",
    "DEFAULTS",
    "MLP",
    "SGD",
    "Adam",
    "Callback",
    "DivergenceError",
    "DivergenceWarning",
    "EarlyStopping",
    "ExponentialDecay",
    "History",
    "LRFindResult",
    "Layer",
    "LinearDecay",
    "Module",
    "Neuron",
    "Optimizer",
    "RMSprop",
    "StepDecay",
    "SweepResult",
    "SweepRun",
    "accuracy",
    "confusion_matrix",
    "draw_network",
    "evaluate",
    "f1",
    "fit",
    "format_confusion_matrix",
    "functional",
    "house_prices",
    "l1_penalty",
    "l2_penalty",
    "load",
    "load_digits",
    "log_softmax",
    "losses",
    "lr_find",
    "lr_sweep",
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_optimizer",
    "make_spiral",
    "make_xor",
    "metrics",
    "plots",
    "precision",
    "predict",
    "recall",
    "save",
    "scale_targets",
    "softmax",
    "standardize",
    "train_test_split",
    "unscale_targets",
]


def __getattr__(name: str) -> object:
    """``nn.plots`` is imported on first use: matplotlib takes a second to load."""
    if name == "plots":
        return importlib.import_module("nn.plots")
    raise AttributeError(f"module 'nn' has no attribute {name!r}")
