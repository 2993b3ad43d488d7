"""What a two-input classifier decides at every point of the plane."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from autograd.mode import no_grad
from autograd.value import Value
from nn import checks
from nn.labels import label_threshold
from nn.plots import _style

#: Point markers by class, so that classes differ in shape as well as colour.
_MARKERS = ("o", "s", "^", "D", "v", "P", "*", "h")


def decision_boundary(
    model: Callable[[list[float]], Any],
    X: Sequence[Sequence[float]],
    y: Sequence[float],
    *,
    resolution: int = 50,
    threshold: float | None = None,
    loss: str | Callable[..., Any] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """The regions a two-input classifier assigns to each class, with the data on top.

    The model is evaluated (under ``no_grad``) on a ``resolution x resolution`` grid
    covering the data with a margin. Each evaluation is a full forward pass of scalar
    Values, about 1 ms for a 2-16-16-1 MLP: the default 50 x 50 grid takes 2-3 seconds,
    100 x 100 about 10.

    * One output (binary): a point is class 1 where the output is above a threshold,
      chosen in this order:

      1. ``threshold``, if given;
      2. else, if ``loss`` is given, the loss's threshold from
         :func:`nn.labels.label_threshold`, the rule ``fit`` uses for accuracy: 0 for a
         logits or hinge loss, 0.5 for the others (such as mse on 0/1 targets);
      3. else a guess from the outputs: 0.5 if every output on the grid lies in [0, 1]
         (the model ends in a sigmoid: outputs are probabilities), 0 otherwise (logits,
         or scores for a hinge loss). Pass ``loss`` or ``threshold`` to be sure.

      The boundary (where the output equals the threshold) is drawn as a black line.
    * Several outputs: the predicted class is the index of the largest output (argmax).

    Args:
        model: a two-input model (``MLP(2, [...])``) or any callable taking ``[x1, x2]``
            and returning a Value, a number, or a list of them.
        X: the points, each ``[x1, x2]``.
        y: their classes: ``0``/``1`` (or ``-1``/``1``) for one output, ``0 .. k-1`` for
            ``k`` outputs.
        resolution: grid points along each axis (at least 2).
        threshold: the output value separating the two classes of a one-output model.
        loss: the loss the model was trained with (a name such as ``"hinge"``, or the
            function): it sets the threshold when ``threshold`` is not given.
        ax: draw into this axes instead of a new figure.
        title: the title (a sensible one by default).

    Raises:
        TypeError: ``model`` is not callable, or ``threshold`` is not a number.
        ValueError: ``X`` does not hold points with two coordinates (the message names the
            dimension found), ``y`` does not match ``X``, the labels do not fit the
            model's outputs, or ``threshold`` is ``nan`` or infinite.

    Returns:
        The figure drawn into.
    """
    points = _check_points(X)
    labels = _check_labels(y, len(points))
    if not callable(model):
        raise TypeError(f"model must be callable on [x1, x2], got {type(model).__name__}")
    nin = getattr(model, "nin", 2)
    if nin != 2:
        raise ValueError(f"decision_boundary needs a model with 2 inputs; this one takes {nin}")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"resolution must be an int >= 2, got {resolution!r}")
    if threshold is not None:  # checked as fit checks it, before any drawing
        threshold = checks.number(threshold, "threshold")
        if not math.isfinite(threshold):
            raise ValueError(f"threshold must be a finite number, got {threshold!r}")

    xs = _axis_range([p[0] for p in points], resolution)
    ys = _axis_range([p[1] for p in points], resolution)
    scores = _evaluate(model, xs, ys)  # shape (len(ys), len(xs), outputs)
    classes = sorted(set(labels))
    figure, ax = _style.new_axes(ax, figsize=(7.0, 6.0))

    if scores.shape[2] == 1:
        if len(classes) > 2:
            raise ValueError(
                f"a model with one output separates two classes, but y has {len(classes)}: "
                f"{classes}; give the model one output per class"
            )
        score = scores[:, :, 0]
        if threshold is None and loss is not None:
            threshold = label_threshold(loss)
        if threshold is None:
            seen = score[np.isfinite(score)]
            threshold = 0.5 if seen.size and seen.min() >= 0 and seen.max() <= 1 else 0.0
        colour_of = _binary_colours(classes)
        low = np.nanmin(score) if np.isfinite(score).any() else threshold
        high = np.nanmax(score) if np.isfinite(score).any() else threshold
        bounds = [min(low, threshold) - 1.0, threshold, max(high, threshold) + 1.0]
        ax.contourf(xs, ys, score, levels=bounds, colors=[_style.color(0), _style.color(1)],
                    alpha=0.25)
        if low < threshold < high:
            ax.contour(xs, ys, score, levels=[threshold], colors="black", linewidths=2)
            ax.plot([], [], color="black", lw=2, label=f"boundary (output = {threshold:g})")
    else:
        count = scores.shape[2]
        strange = [c for c in classes if c not in range(count)]
        if strange:
            raise ValueError(
                f"a model with {count} outputs predicts classes 0..{count - 1}, "
                f"but y contains {strange}"
            )
        winner = np.argmax(np.nan_to_num(scores, nan=-np.inf), axis=2).astype(float)
        winner[~np.isfinite(scores).all(axis=2)] = np.nan  # no prediction where outputs are nan
        ax.contourf(xs, ys, winner, levels=np.arange(count + 1) - 0.5,
                    colors=[_style.color(k) for k in range(count)], alpha=0.25)
        colour_of = {c: int(c) for c in classes}

    for c in classes:
        members = [p for p, label in zip(points, labels) if label == c]
        k = colour_of[c]
        ax.scatter([p[0] for p in members], [p[1] for p in members], s=36,
                   color=_style.color(k), marker=_MARKERS[k % len(_MARKERS)],
                   edgecolors="black", linewidths=0.6, label=f"class {c:g}", zorder=3)
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    _style.label(ax, title or "Decision boundary", "x1", "x2")
    _style.legend(ax, loc="best")
    return figure


def _check_points(X: object) -> list[tuple[float, float]]:
    """``X`` as a list of (x1, x2) floats, or an error naming what is wrong."""
    if isinstance(X, (str, bytes)) or not isinstance(X, (Sequence, np.ndarray)):
        raise TypeError(f"X must be a list of [x1, x2] points, got {type(X).__name__}")
    if len(X) == 0:
        raise ValueError("X is empty: there are no points to draw")
    points = []
    for i, row in enumerate(X):
        if isinstance(row, (str, bytes)) or not isinstance(row, (Sequence, np.ndarray)):
            raise ValueError(
                f"decision_boundary needs 2-dimensional inputs: each point must be [x1, x2], "
                f"but X[{i}] is {row!r}"
            )
        if len(row) != 2:
            raise ValueError(
                f"decision_boundary needs 2-dimensional inputs, but X[{i}] has dimension "
                f"{len(row)}: {list(row)!r}"
            )
        pair = (_number(row[0], f"X[{i}][0]"), _number(row[1], f"X[{i}][1]"))
        points.append(pair)
    return points


def _check_labels(y: object, count: int) -> list[float]:
    if isinstance(y, (str, bytes)) or not isinstance(y, (Sequence, np.ndarray)):
        raise TypeError(f"y must be a list of class labels, got {type(y).__name__}")
    if len(y) != count:
        raise ValueError(f"y has {len(y)} labels but X has {count} points")
    return [_number(label, f"y[{i}]") for i, label in enumerate(y)]


def _number(x: object, what: str) -> float:
    if isinstance(x, Value):
        x = x.data
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(x):
        raise ValueError(f"{what} must be a finite number, got {x!r}")
    return float(x)


def _axis_range(values: list[float], resolution: int) -> np.ndarray:
    """Grid positions covering ``values`` with a 10% margin on each side."""
    low, high = min(values), max(values)
    margin = 0.1 * (high - low) if high > low else 1.0
    return np.linspace(low - margin, high + margin, resolution)


def _evaluate(model: Callable[[list[float]], Any], xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The model's outputs at every grid point, shape ``(len(ys), len(xs), outputs)``."""
    rows: list[list[list[float]]] = []
    with no_grad():  # no graph to record: nothing here needs a gradient
        for y_ in ys:
            rows.append([_outputs(model([float(x_), float(y_)])) for x_ in xs])
    widths = {len(out) for row in rows for out in row}
    if len(widths) != 1:
        raise ValueError(f"the model returned outputs of different lengths: {sorted(widths)}")
    return np.array(rows, dtype=float)


def _outputs(out: object) -> list[float]:
    """A model's output as a list of floats (``nan`` and ``inf`` kept as they are)."""
    items = out if isinstance(out, (list, tuple)) else [out]
    result = []
    for item in items:
        if isinstance(item, Value):
            result.append(item.data)
        elif isinstance(item, numbers.Real) and not isinstance(item, bool):
            result.append(float(item))
        else:
            raise TypeError(
                f"the model must return a Value, a number or a list of them, got "
                f"{type(item).__name__}: {item!r}"
            )
    if not result:
        raise ValueError("the model returned no outputs")
    return result


def _binary_colours(classes: list[float]) -> dict[float, int]:
    """Colour index of each label for one output: the larger label is the "above" side."""
    if len(classes) == 2:
        return {classes[0]: 0, classes[1]: 1}
    (only,) = classes
    return {only: 1 if only > 0 else 0}
