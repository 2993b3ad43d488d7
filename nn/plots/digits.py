"""Small images in a grid, each with its label or the model's guess: the mistakes in red."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from autograd.value import Value
from nn.labels import _argmax
from nn.plots import _style

#: The most images one grid shows: past that the digits are too small to read.
MAX_IMAGES = 400
#: The colour of a wrong prediction: the palette's red (vermillion).
WRONG_COLOR = _style.COLORS[1]
_CELL_INCHES = 0.8  # the width of one image and its gap on a new figure


def digits(
    images: Sequence[Sequence[float]] | np.ndarray,
    labels: Sequence[int] | None = None,
    predictions: Sequence[Any] | None = None,
    *,
    columns: int = 10,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """A grid of square images (such as :func:`nn.datasets.load_digits`'), ink dark on white.

    Above each image stands its label, or the prediction when ``predictions`` are given.
    A wrong prediction is drawn in red, framed in red, with the true label in brackets:
    ``3 (5)`` is a 5 the model took for a 3. The title counts the mistakes.

    Args:
        images: one row of ``side * side`` pixels per image (64 for 8x8, read row by row),
            or an array of shape ``(n, side, side)``; 1 to :data:`MAX_IMAGES` images.
            Pixels from 0 (white) to 1 (black); larger values widen the scale.
        labels: the true class of each image (ints), or None.
        predictions: the model's class for each image: ints, or the model's outputs
            (lists of numbers or Values, such as :func:`nn.predict` returns), read as the
            index of the largest output.
        columns: images per row of the grid.
        ax: draw into this axes instead of a new figure.
        title: the title (by default it counts the mistakes, when there are predictions).

    Raises:
        ValueError: images that are not square or not finite, too many or no images,
            labels or predictions of the wrong length, ``columns`` not a whole number >= 1.

    Returns:
        The figure drawn into.

    Example::

        X, y = nn.datasets.load_digits()
        fig = nn.plots.digits(X[:50], y[:50], nn.predict(model, X[:50]))
        fig.savefig("mistakes.png")
    """
    pixels = _check_images(images)
    count, side = pixels.shape[0], pixels.shape[1]
    true = None if labels is None else _check_classes(labels, count, "labels")
    guessed = None if predictions is None else _check_predictions(predictions, count)
    if isinstance(columns, bool) or not isinstance(columns, numbers.Integral) or columns < 1:
        raise ValueError(f"columns must be a whole number >= 1, got {columns!r}")
    columns = min(int(columns), count)
    rows = math.ceil(count / columns)

    band = math.ceil(side / 2)  # room above each image for its label
    cell_w, cell_h = side + 1, side + band
    mosaic = np.full((rows * cell_h, columns * cell_w - 1), np.nan)
    for i, image in enumerate(pixels):
        top, left = (i // columns) * cell_h + band, (i % columns) * cell_w
        mosaic[top : top + side, left : left + side] = image

    figsize = (columns * _CELL_INCHES, rows * _CELL_INCHES * cell_h / cell_w + 0.6)
    figure, ax = _style.new_axes(ax, figsize=figsize)
    cmap = colormaps["gray_r"].with_extremes(bad="white")  # the gaps (nan) stay white
    ax.imshow(mosaic, cmap=cmap, vmin=min(0.0, float(pixels.min())),
              vmax=max(1.0, float(pixels.max())), interpolation="nearest")
    wrong = 0
    for i in range(count):
        top, left = (i // columns) * cell_h + band, (i % columns) * cell_w
        text, colour = _caption(true[i] if true else None, guessed[i] if guessed else None)
        if colour == WRONG_COLOR:
            wrong += 1
            ax.add_patch(Rectangle((left - 0.5, top - 0.5), side, side, fill=False,
                                   edgecolor=WRONG_COLOR, linewidth=2.5))
        ax.text(left + side / 2 - 0.5, top - 0.8, text, ha="center", va="bottom",
                fontsize=_style.TICK_SIZE, color=colour,
                fontweight="bold" if colour == WRONG_COLOR else "normal")
    ax.set_axis_off()
    ax.set_title(title or _default_title(count, true, guessed, wrong), fontsize=_style.TITLE_SIZE)
    return figure


def _caption(true: int | None, guessed: int | None) -> tuple[str, str]:
    """The text above one image and its colour: the guess, red with the truth if wrong."""
    if guessed is None:
        return ("" if true is None else str(true)), "black"
    if true is None or guessed == true:
        return str(guessed), "black"
    return f"{guessed} ({true})", WRONG_COLOR


def _default_title(count: int, true: list[int] | None, guessed: list[int] | None,
                   wrong: int) -> str:
    if guessed is None:
        return f"{count} images" + ("" if true is None else ", each with its label")
    if true is None:
        return f"Predictions for {count} images"
    return f"Predictions: {wrong} of {count} wrong (red: the guess, then the true label)"


def _check_images(images: object) -> np.ndarray:
    """``images`` as a float array of shape ``(n, side, side)``, or an error saying why not."""
    if isinstance(images, (str, bytes)) or not isinstance(images, (Sequence, np.ndarray)):
        raise TypeError(f"images must be a list of pixel rows, got {type(images).__name__}")
    count = len(images)
    if not 1 <= count <= MAX_IMAGES:
        raise ValueError(f"give 1 to {MAX_IMAGES} images (a slice such as X[:50]), got {count}")
    try:
        pixels = np.array(images, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("images must all have the same number of pixels, each a number") from None
    if pixels.ndim == 2:
        side = math.isqrt(pixels.shape[1])
        if side * side != pixels.shape[1] or side == 0:
            raise ValueError(f"each image must be square: {pixels.shape[1]} pixels is not "
                             f"a side times itself (8x8 digits have 64)")
        pixels = pixels.reshape(count, side, side)
    if pixels.ndim != 3 or pixels.shape[1] != pixels.shape[2]:
        raise ValueError(f"images must be rows of side*side pixels or (n, side, side) arrays, "
                         f"got shape {pixels.shape}")
    if not np.isfinite(pixels).all():
        raise ValueError("images must be finite numbers: found nan or inf")
    return pixels


def _check_classes(classes: object, count: int, name: str) -> list[int]:
    if isinstance(classes, (str, bytes)) or not isinstance(classes, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a list of class labels, got {type(classes).__name__}")
    if len(classes) != count:
        raise ValueError(f"{name} has {len(classes)} entries but there are {count} images")
    checked = []
    for i, c in enumerate(classes):
        if isinstance(c, bool) or not isinstance(c, numbers.Integral):
            raise ValueError(f"{name}[{i}] must be a whole-number class, got {c!r}")
        checked.append(int(c))
    return checked


def _check_predictions(predictions: object, count: int) -> list[int]:
    """Classes as given, or the index of the largest output for each image."""
    if isinstance(predictions, (Sequence, np.ndarray)) and not isinstance(predictions, str):
        outputs = [p for p in predictions if isinstance(p, (Sequence, np.ndarray))]
        if outputs and len(outputs) == len(predictions):
            scores = [[o.data if isinstance(o, Value) else float(o) for o in p] for p in outputs]
            if not all(scores):
                raise ValueError("predictions holds an empty list of outputs")
            predictions = [_argmax(s) for s in scores]
    return _check_classes(predictions, count, "predictions")
