"""Small datasets as plain Python lists: ``X`` a list of points (each a list of floats), ``y``
a list of class labels (ints) or regression targets (floats).

The classification sets follow scikit-learn's ``make_moons``, ``make_circles``, ``make_blobs``
(same geometry and class split) and the TensorFlow Playground (spiral, XOR). Common arguments:
``n_samples``, the number of points (>= 1); ``noise``, the standard deviation of the Gaussian
noise added to every coordinate (>= 0); ``seed``: each call draws from its own
``random.Random(seed)``, never the global state, so a seed gives the same data every time and
``None`` fresh data. Each returns ``(X, y)``: points ``[x1, x2, ...]`` and int labels 0, 1, ...
Points come shuffled, as in scikit-learn. Bad arguments raise a TypeError (not a number, or
not an int for a count) or a ValueError (out of range) naming the value: see :mod:`nn.checks`.

``house_prices`` is a regression set in dollars, deliberately badly scaled: it shows why inputs
and targets are standardized before training (:func:`standardize`, :func:`scale_targets`;
these and :func:`train_test_split` live in :mod:`nn.preprocessing`, importable from here).

``load_digits`` is real data shipped with the package: 1,797 handwritten digits, 8x8 pixels
each (UCI's "Optical Recognition of Handwritten Digits", CC BY 4.0; see :mod:`nn.digits`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from random import Random

from nn.checks import fraction, int_at_least, non_negative, positive_int
from nn.digits import load_digits
from nn.preprocessing import scale_targets, standardize, train_test_split, unscale_targets

__all__ = [
    "house_prices",
    "load_digits",
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_spiral",
    "make_xor",
    "scale_targets",
    "standardize",
    "train_test_split",
    "unscale_targets",
]

Points = list[list[float]]
Dataset = tuple[Points, list[int]]
Rows = Sequence[Sequence[float]]
QUADRANT_SIGNS = ((1, 1), (-1, 1), (-1, -1), (1, -1))  # make_xor fills the quadrants in turn


def _linspace(start: float, stop: float, num: int, endpoint: bool = True) -> list[float]:
    """``num`` evenly spaced numbers from ``start``, computed as ``numpy.linspace`` does."""
    if num <= 1:
        return [start][:num]
    step = (stop - start) / (num - 1 if endpoint else num)
    values = [start + i * step for i in range(num)]
    if endpoint:
        values[-1] = stop
    return values


def _split_evenly(n_samples: int, n_groups: int) -> list[int]:
    """Group sizes differing by at most one, the larger first (as ``make_blobs``)."""
    return [n_samples // n_groups + (i < n_samples % n_groups) for i in range(n_groups)]


def _shuffle_and_add_noise(points: Points, labels: list[int], noise: float, rng: Random) -> Dataset:
    """Shuffle points and labels together, then add the noise: scikit-learn's order."""
    order = list(range(len(points)))
    rng.shuffle(order)
    X = [[c + rng.gauss(0.0, noise) if noise else c for c in points[i]] for i in order]
    return X, [labels[i] for i in order]


def _two_classes(class0: Points, class1: Points, noise: float, seed: int | None) -> Dataset:
    labels = [0] * len(class0) + [1] * len(class1)
    return _shuffle_and_add_noise(class0 + class1, labels, noise, Random(seed))


def make_moons(n_samples: int = 100, noise: float = 0.0, seed: int | None = None) -> Dataset:
    """Two interleaving half circles, a classic set no straight line separates.

    Class 0 is the upper half of the unit circle around (0, 0), class 1 the lower half of the
    unit circle around (1, 0.5): ``n_samples // 2`` points of class 0, the rest class 1.
    Arguments and result: see the module docstring.
    """
    n_samples = positive_int(n_samples, "n_samples")
    noise = non_negative(noise, "noise")
    n_outer, n_inner = n_samples // 2, n_samples - n_samples // 2
    outer = [[math.cos(t), math.sin(t)] for t in _linspace(0.0, math.pi, n_outer)]
    inner = [[1 - math.cos(t), 1 - math.sin(t) - 0.5] for t in _linspace(0.0, math.pi, n_inner)]
    return _two_classes(outer, inner, noise, seed)


def make_circles(
    n_samples: int = 100, noise: float = 0.0, factor: float = 0.5, seed: int | None = None
) -> Dataset:
    """A small circle (class 1) inside a large one (class 0), both centred on the origin.

    Points are evenly spaced on the unit circle (class 0) and on the circle of radius
    ``factor`` (class 1), split as in :func:`make_moons`.

    Args:
        n_samples, noise, seed: see the module docstring.
        factor: the inner radius over the outer one, in [0, 1) (scikit-learn's default: 0.8).
    """
    n_samples = positive_int(n_samples, "n_samples")
    noise = non_negative(noise, "noise")
    factor = fraction(factor, "factor")  # inner radius / outer radius
    n_outer, n_inner = n_samples // 2, n_samples - n_samples // 2
    outer = [[math.cos(t), math.sin(t)] for t in _linspace(0.0, math.tau, n_outer, False)]
    ring = [[math.cos(t), math.sin(t)] for t in _linspace(0.0, math.tau, n_inner, False)]
    inner = [[factor * x, factor * y] for x, y in ring]
    return _two_classes(outer, inner, noise, seed)


def make_blobs(
    n_samples: int = 100,
    centers: int | Rows = 3,
    cluster_std: float = 1.0,
    seed: int | None = None,
    n_features: int = 2,
) -> Dataset:
    """Gaussian clusters, one class per centre, the label being the centre's index.

    Points are shared out as evenly as possible, the first centres taking one more.

    Args:
        n_samples, seed: see the module docstring.
        centers: how many centres to draw uniformly in [-10, 10] per coordinate, or the
            centre points themselves (then ``n_features`` is ignored, as in scikit-learn).
        cluster_std: the standard deviation of every cluster, >= 0.
        n_features: the dimension of the points when ``centers`` is a number.
    """
    n_samples = positive_int(n_samples, "n_samples")
    std = non_negative(cluster_std, "cluster_std")
    rng = Random(seed)
    if isinstance(centers, numbers.Integral) and not isinstance(centers, bool):
        dims = positive_int(n_features, "n_features")
        n_centers = positive_int(centers, "centers")
        points = [[rng.uniform(-10.0, 10.0) for _ in range(dims)] for _ in range(n_centers)]
    else:
        points = [list(map(float, p)) for p in centers] if isinstance(centers, Sequence) else []
        if not points or len({len(p) for p in points}) != 1 or not points[0]:
            raise ValueError(f"centers must be a count or same-length points, got {centers!r}")
    X: Points = []
    labels: list[int] = []
    sizes = _split_evenly(n_samples, len(points))
    for label, (size, centre) in enumerate(zip(sizes, points, strict=True)):
        X.extend([[rng.gauss(c, std) for c in centre] for _ in range(size)])
        labels.extend([label] * size)
    return _shuffle_and_add_noise(X, labels, 0.0, rng)


def make_spiral(
    n_samples: int = 100, n_classes: int = 2, noise: float = 0.0, seed: int | None = None
) -> Dataset:
    """Interleaved spiral arms, one per class, like the TensorFlow Playground's spiral.

    Point ``i`` of an arm of ``m`` points has radius ``r = i / m`` (inside the unit disc; the
    Playground uses 5 times that) and angle ``a = 1.75 * 2π * r + 2π * k / n_classes`` for arm
    ``k``; it sits at ``(r sin a, r cos a)``. Points are shared out as in :func:`make_blobs`.

    Args:
        n_samples, noise, seed: see the module docstring.
        n_classes: the number of arms (and of labels), >= 2.
    """
    n_samples = positive_int(n_samples, "n_samples")
    n_classes = int_at_least(n_classes, "n_classes", 2)
    noise = non_negative(noise, "noise")
    points: Points = []
    labels: list[int] = []
    for label, size in enumerate(_split_evenly(n_samples, n_classes)):
        for i in range(size):
            radius = i / size
            angle = 1.75 * 2 * math.pi * radius + 2 * math.pi * label / n_classes
            points.append([radius * math.sin(angle), radius * math.cos(angle)])
        labels.extend([label] * size)
    return _shuffle_and_add_noise(points, labels, noise, Random(seed))


def make_xor(n_samples: int = 100, noise: float = 0.0, seed: int | None = None) -> Dataset:
    """Points in the four quadrants, labelled by the XOR of their signs.

    The label is 1 where ``x1 * x2 < 0`` (exactly one coordinate negative), else 0. Each
    coordinate's size is uniform in [0.1, 1], a margin around the axes; the quadrants take
    turns, so the classes are balanced. Labels come from the clean point and the noise is
    added afterwards, so noisy points may cross into the wrong quadrant. Arguments and
    result: see the module docstring.
    """
    n_samples = positive_int(n_samples, "n_samples")
    noise = non_negative(noise, "noise")
    rng = Random(seed)
    signs = [QUADRANT_SIGNS[i % 4] for i in range(n_samples)]
    points = [[s1 * rng.uniform(0.1, 1.0), s2 * rng.uniform(0.1, 1.0)] for s1, s2 in signs]
    labels = [1 if s1 * s2 < 0 else 0 for s1, s2 in signs]
    return _shuffle_and_add_noise(points, labels, noise, rng)


def house_prices(n_samples: int = 50, seed: int | None = None) -> tuple[Points, list[float]]:
    """House prices in dollars from size and number of bedrooms: a small regression set.

    Sizes are uniform in 600-3500 sq ft, bedrooms grow with size (1 to 6), and the price is
    ``50,000 + 180,000 * size_in_1000_sqft + 12,000 * bedrooms`` plus Gaussian noise of std
    $20,000, rounded to $100: about $150k to $850k. Arguments: see the module docstring.

    Scale before training: a price of 500,000 makes the squared error about 1e11, and the
    gradients as large, so usual learning rates diverge at once. Scale inputs with
    :func:`standardize`, targets with :func:`scale_targets`; :func:`unscale_targets` gives dollars.

    Returns:
        ``(X, y)``: rows ``[size_sqft / 1000, bedrooms]`` and prices in dollars.
    """
    n_samples = positive_int(n_samples, "n_samples")
    rng = Random(seed)
    X: Points = []
    prices: list[float] = []
    for _ in range(n_samples):
        size = round(rng.uniform(600, 3500)) / 1000
        bedrooms = min(6, max(1, round(1.3 * size + rng.gauss(0.0, 0.5))))
        price = 50_000 + 180_000 * size + 12_000 * bedrooms + rng.gauss(0.0, 20_000)
        X.append([size, float(bedrooms)])
        prices.append(float(round(price, -2)))
    return X, prices
