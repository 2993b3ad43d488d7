"""nn.plots.digits: a grid of images with labels or predictions, mistakes in red."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

import nn  # noqa: E402
from autograd.value import Value  # noqa: E402
from nn.plots import digits  # noqa: E402
from nn.plots.digits import MAX_IMAGES, WRONG_COLOR  # noqa: E402

X, Y = nn.datasets.load_digits()


def captions(fig: Figure) -> list[tuple[str, str]]:
    """Each caption's text and colour, in drawing order."""
    ax = fig.axes[0]
    return [(t.get_text(), matplotlib.colors.to_hex(t.get_color())) for t in ax.texts]


def red_frames(fig: Figure) -> list[Rectangle]:
    return [p for p in fig.axes[0].patches if isinstance(p, Rectangle)
            and matplotlib.colors.to_hex(p.get_edgecolor()) == WRONG_COLOR.lower()]


def test_wrong_predictions_are_red_framed_and_show_the_true_label(tmp_path):
    predicted = list(Y[:20])
    predicted[3], predicted[11] = 8, 0  # a 3 taken for an 8, a 1 taken for a 0
    fig = digits(X[:20], Y[:20], predicted, columns=5)
    texts = captions(fig)
    assert len(texts) == 20
    red = [text for text, colour in texts if colour == WRONG_COLOR.lower()]
    assert red == ["8 (3)", "0 (1)"]
    assert [text for text, colour in texts if colour == "#000000"] == [
        str(Y[i]) for i in range(20) if i not in (3, 11)]
    assert len(red_frames(fig)) == 2
    assert fig.axes[0].get_title() == "Predictions: 2 of 20 wrong (red: the guess, then the " \
                                      "true label)"
    path = tmp_path / "grid.png"
    fig.savefig(path, dpi=50)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_grid_shows_each_image_pixel_for_pixel_in_reading_order():
    fig = digits(X[:7], Y[:7], columns=3)
    mosaic = np.ma.filled(fig.axes[0].images[0].get_array(), np.nan)
    band = 4  # the label's room above an 8x8 image
    for i in range(7):
        top, left = (i // 3) * (8 + band) + band, (i % 3) * 9
        assert mosaic[top : top + 8, left : left + 8].tolist() == np.reshape(X[i], (8, 8)).tolist()
    assert mosaic.shape == (3 * 12, 3 * 9 - 1)
    assert np.isnan(mosaic[:band]).all()  # the gaps are blank (drawn white)


def test_model_outputs_are_read_by_their_largest_entry():
    outputs = [[0.1, 2.0, -1.0], [Value(3.0), Value(1.0), Value(0.0)], np.array([0.0, 0.0, 5.0])]
    fig = digits(X[:3], [1, 0, 1], outputs)
    assert [text for text, _ in captions(fig)] == ["1", "0", "2 (1)"]


def test_predictions_from_a_trained_model_and_labels_alone():
    model = nn.MLP(64, [10], seed=0)
    outputs = nn.predict(model, X[:12])
    guessed = [max(range(10), key=out.__getitem__) for out in outputs]
    fig = digits(X[:12], Y[:12], outputs)
    wrong = sum(g != t for g, t in zip(guessed, Y[:12]))
    assert len(red_frames(fig)) == wrong
    assert f"{wrong} of 12 wrong" in fig.axes[0].get_title()
    only_labels = digits(X[:12], Y[:12])
    assert [text for text, _ in captions(only_labels)] == [str(label) for label in Y[:12]]
    assert red_frames(only_labels) == []
    only_guesses = digits(X[:2], predictions=[4, 7])
    assert [text for text, _ in captions(only_guesses)] == ["4", "7"]


def test_square_arrays_other_sizes_and_given_axes():
    images = np.zeros((4, 5, 5))
    images[:, 2, :] = 1.0
    fig = Figure()
    ax = fig.add_subplot()
    assert digits(images, [0, 1, 2, 3], ax=ax, title="bars") is fig
    assert ax.get_title() == "bars"
    assert ax.images[0].get_array().shape == (1 * (5 + 3), 4 * 6 - 1)


@pytest.mark.parametrize(
    ("images", "kwargs", "error", "message"),
    [
        ([[0.0] * 63], {}, ValueError, "63 pixels is not a side times itself"),
        ([], {}, ValueError, "give 1 to 400 images"),
        (X[: MAX_IMAGES + 1], {}, ValueError, "got 401"),
        ([[0.0] * 64, [0.0] * 16], {}, ValueError, "the same number of pixels"),
        ([[float("nan")] * 64], {}, ValueError, "nan or inf"),
        ("abc", {}, TypeError, "images must be a list"),
        (X[:3], {"labels": [1, 2]}, ValueError, "labels has 2 entries but there are 3"),
        (X[:2], {"labels": [1, 2.5]}, ValueError, r"labels\[1\] must be a whole-number"),
        (X[:2], {"predictions": [1]}, ValueError, "predictions has 1 entries"),
        (X[:2], {"predictions": [[], []]}, ValueError, "empty list of outputs"),
        (X[:2], {"columns": 0}, ValueError, "columns must be a whole number >= 1, got 0"),
    ],
)
def test_bad_input_is_named(images, kwargs, error, message):
    with pytest.raises(error, match=message):
        digits(images, **kwargs)
