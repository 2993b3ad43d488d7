"""Tests for nn.datasets: shapes, labels, seeding, geometry, scaling and splitting."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np
import pytest

from nn.datasets import (
    house_prices,
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


def _mean_and_std(values):
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


GENERATORS = {
    "moons": (make_moons, {0, 1}),
    "circles": (make_circles, {0, 1}),
    "blobs": (make_blobs, {0, 1, 2}),
    "spiral": (make_spiral, {0, 1}),
    "xor": (make_xor, {0, 1}),
}


@pytest.mark.parametrize("name", GENERATORS)
def test_shapes_label_sets_and_shuffling(name):
    generate, labels = GENERATORS[name]
    X, y = generate(n_samples=60, seed=0)
    assert len(X) == len(y) == 60
    assert all(isinstance(row, list) and len(row) == 2 for row in X)
    assert all(isinstance(v, float) for row in X for v in row)
    assert all(type(label) is int for label in y)
    assert set(y) == labels
    assert y != sorted(y)  # the classes come interleaved


@pytest.mark.parametrize("name", GENERATORS)
def test_seeding_reproduces_differs_and_leaves_the_global_state_alone(name):
    generate, _ = GENERATORS[name]
    kwargs = {} if name == "blobs" else {"noise": 0.1}
    assert generate(n_samples=50, seed=3, **kwargs) == generate(n_samples=50, seed=3, **kwargs)
    assert generate(n_samples=50, seed=3, **kwargs) != generate(n_samples=50, seed=4, **kwargs)
    random.seed(123)
    expected = random.random()
    random.seed(123)
    generate(n_samples=30, seed=None)
    generate(n_samples=30, seed=5)
    assert random.random() == expected


@pytest.mark.parametrize("n_samples", [1, 2, 7, 100, 101])
def test_moons_noise_free_points_lie_on_the_two_circles(n_samples):
    X, y = make_moons(n_samples, seed=1)
    assert Counter(y) == Counter({0: n_samples // 2, 1: n_samples - n_samples // 2})
    for (x1, x2), label in zip(X, y):
        if label == 0:  # upper half of the unit circle around (0, 0)
            assert math.hypot(x1, x2) == pytest.approx(1.0, abs=1e-12)
            assert x2 >= -1e-12
        else:  # lower half of the unit circle around (1, 0.5)
            assert math.hypot(x1 - 1, x2 - 0.5) == pytest.approx(1.0, abs=1e-12)
            assert x2 <= 0.5 + 1e-12


def test_moons_exact_points_by_hand_and_noise_spread():
    # n=5: 2 outer points at angles 0 and pi, 3 inner points at 0, pi/2, pi.
    got = sorted(zip(*make_moons(5, seed=0)))
    expected = [([-1, 0], 0), ([0, 0.5], 1), ([1, -0.5], 1), ([1, 0], 0), ([2, 0.5], 1)]
    assert [label for _, label in got] == [label for _, label in expected]
    flat = [c for point, _ in got for c in point]
    assert flat == pytest.approx([c for point, _ in expected for c in point], abs=1e-12)
    X, _ = make_moons(4000, noise=0.1, seed=0)
    clean, _ = make_moons(4000, seed=0)
    # Same shuffle, then noise: the offsets from the clean points have std 0.1 per coordinate.
    offsets = [a - b for row, clean_row in zip(X, clean) for a, b in zip(row, clean_row)]
    mean, std = _mean_and_std(offsets)
    assert abs(mean) < 0.01
    assert std == pytest.approx(0.1, rel=0.05)


@pytest.mark.parametrize("factor", [0.0, 0.3, 0.5, 0.99])
def test_circles_radii_and_even_spacing(factor):
    X, y = make_circles(41, factor=factor, seed=2)
    assert Counter(y) == Counter({0: 20, 1: 21})
    for label, radius, count in ((0, 1.0, 20), (1, factor, 21)):
        points = [p for p, lab in zip(X, y) if lab == label]
        assert all(math.hypot(*p) == pytest.approx(radius, abs=1e-12) for p in points)
        if factor > 0 or label == 0:
            angles = sorted(math.atan2(b, a) % (2 * math.pi) for a, b in points)
            gaps = [later - earlier for earlier, later in zip(angles, angles[1:])]
            assert gaps == pytest.approx([2 * math.pi / count] * (count - 1))


def _point_set(X, y):
    """Points with their labels, rounded and sorted: comparable whatever the shuffle."""
    return sorted((round(a, 12), round(b, 12), int(label)) for (a, b), label in zip(X, y))


@pytest.mark.parametrize("n_samples", [1, 2, 5, 7, 10, 11, 97, 100, 101])
def test_point_sets_class_and_split_sizes_match_sklearn(n_samples):
    sk_datasets = pytest.importorskip("sklearn.datasets")
    from sklearn import model_selection as sk_model_selection

    X_sk, y_sk = sk_datasets.make_moons(n_samples, random_state=0)
    assert _point_set(*make_moons(n_samples, seed=0)) == _point_set(X_sk.tolist(), y_sk)
    X_sk, y_sk = sk_datasets.make_circles(n_samples, factor=0.3, random_state=0)
    ours = make_circles(n_samples, factor=0.3, seed=0)
    assert _point_set(*ours) == _point_set(X_sk.tolist(), y_sk)
    for centers in (1, 3, 4):
        _, y_sk = sk_datasets.make_blobs(n_samples, centers=centers, random_state=0)
        _, y = make_blobs(n_samples, centers=centers, seed=0)
        assert [y.count(k) for k in range(centers)] == [list(y_sk).count(k) for k in range(centers)]
    data = list(range(n_samples))
    for test_size in (0.1, 0.25, 0.3, 0.33, 0.5, 0.9):
        try:
            theirs = sk_model_selection.train_test_split(data, test_size=test_size)
        except ValueError:  # sklearn refuses to leave an empty set: so must we
            with pytest.raises(ValueError):
                train_test_split([[v] for v in data], data, test_size=test_size)
            continue
        ours = train_test_split([[v] for v in data], data, test_size=test_size, seed=0)
        assert [len(part) for part in ours[:2]] == [len(part) for part in theirs]


def test_blobs_given_centers_class_sizes_and_means():
    centers = [[0.0, 0.0], [5.0, 5.0], [-5.0, 3.0]]
    X, y = make_blobs(601, centers=centers, cluster_std=0.5, seed=0)
    assert [y.count(k) for k in range(3)] == [201, 200, 200]  # the first centre takes one more
    for k, centre in enumerate(centers):
        points = [p for p, label in zip(X, y) if label == k]
        for dim in range(2):
            mean, std = _mean_and_std([p[dim] for p in points])
            assert mean == pytest.approx(centre[dim], abs=0.1)
            assert std == pytest.approx(0.5, rel=0.15)


def test_blobs_random_centers_dimensions_and_zero_spread():
    X, y = make_blobs(40, centers=4, cluster_std=0.0, seed=1, n_features=3)
    assert all(len(row) == 3 for row in X)
    assert set(y) == {0, 1, 2, 3}
    # With no spread each class is one point, inside the [-10, 10] box.
    for k in range(4):
        (point,) = {tuple(p) for p, label in zip(X, y) if label == k}
        assert all(-10 <= v <= 10 for v in point)
    # Points given as centres set the dimension; n_features is ignored as in sklearn.
    X, _ = make_blobs(5, centers=[[1.0, 2.0, 3.0, 4.0]], seed=0)
    assert all(len(row) == 4 for row in X)


def test_spiral_arms_radius_and_symmetry():
    X, y = make_spiral(100, n_classes=2, seed=0)
    assert Counter(y) == Counter({0: 50, 1: 50})
    arms = [sorted(map(tuple, (p for p, label in zip(X, y) if label == k))) for k in (0, 1)]
    radii = sorted(math.hypot(*p) for p in arms[0])
    assert radii == pytest.approx([i / 50 for i in range(50)], abs=1e-12)
    # The second arm is the first turned by half a turn: (x, y) -> (-x, -y).
    mirrored = sorted((-a, -b) for a, b in arms[0])
    flat = [c for point in arms[1] for c in point]
    assert flat == pytest.approx([c for point in mirrored for c in point], abs=1e-12)
    _, y = make_spiral(301, n_classes=3, noise=0.05, seed=0)
    assert [y.count(k) for k in range(3)] == [101, 100, 100]


def test_xor_labels_quadrants_margin_balance_and_noise():
    X, y = make_xor(101, seed=0)
    assert Counter(y) == Counter({0: 51, 1: 50})
    for (a, b), label in zip(X, y):
        assert label == (1 if a * b < 0 else 0)
        assert 0.1 <= abs(a) <= 1.0 and 0.1 <= abs(b) <= 1.0
    assert sorted(Counter((a > 0, b > 0) for a, b in X).values()) == [25, 25, 25, 26]
    _, y_clean = make_xor(400, seed=0)
    noisy, y_noisy = make_xor(400, noise=0.3, seed=0)
    assert y_noisy == y_clean  # labels come from the clean points
    crossed = sum(1 for (a, b), label in zip(noisy, y_noisy) if (a * b < 0) != label)
    assert crossed == 71  # seeded: noise 0.3 pushes 71 of 400 points across an axis


def test_house_prices_ranges_trend_and_seeding():
    X, y = house_prices(400, seed=0)
    assert all(0.6 <= size <= 3.5 for size, _ in X)
    assert all(bedrooms in {1.0, 2.0, 3.0, 4.0, 5.0, 6.0} for _, bedrooms in X)
    assert all(100_000 <= price <= 900_000 for price in y)
    assert all(price == round(price, -2) for price in y)
    # Least squares on [1, size, bedrooms] recovers the generating formula (180,000 per
    # 1,000 sq ft, 12,000 per bedroom) up to this seed's noise.
    design = np.array([[1.0, size, bedrooms] for size, bedrooms in X])
    coefficients, *_ = np.linalg.lstsq(design, np.array(y), rcond=None)
    assert coefficients[1:] == pytest.approx([179_374.93, 12_430.26], rel=1e-6)
    assert house_prices(20, seed=1) == house_prices(20, seed=1)
    assert house_prices(20, seed=1) != house_prices(20, seed=2)


def test_standardize_gives_mean_zero_std_one_and_reuses_statistics():
    X, _ = house_prices(100, seed=0)
    scaled, means, stds = standardize(X)
    for column in zip(*scaled):
        assert _mean_and_std(column) == pytest.approx((0.0, 1.0), abs=1e-12)
    new_points = [[2.0, 3.0], [1.0, 1.0]]
    again, means2, stds2 = standardize(new_points, means, stds)
    assert (means2, stds2) == (means, stds)
    assert again[0] == pytest.approx([(2.0 - means[0]) / stds[0], (3.0 - means[1]) / stds[1]])
    scaled, means, stds = standardize([[1.0, 5.0], [3.0, 5.0]])
    assert means == [2.0, 5.0]
    assert stds == [1.0, 1.0]  # population std of (1, 3) is 1; a constant column gets 1
    assert scaled == [[-1.0, 0.0], [1.0, 0.0]]


def test_scale_targets_round_trip():
    _, prices = house_prices(30, seed=0)
    scaled, mean, std = scale_targets(prices)
    assert sum(scaled) / len(scaled) == pytest.approx(0.0, abs=1e-12)
    assert max(abs(v) for v in scaled) < 5
    assert unscale_targets(scaled, mean, std) == pytest.approx(prices)
    again, mean2, std2 = scale_targets([mean + std], mean, std)
    assert again == pytest.approx([1.0]) and (mean2, std2) == (mean, std)


def test_standardize_bad_input():
    with pytest.raises(ValueError, match="non-empty"):
        standardize([])
    with pytest.raises(ValueError, match="equal-length"):
        standardize([[1.0, 2.0], [3.0]])
    with pytest.raises(ValueError, match="need 2 means"):
        standardize([[1.0, 2.0]], means=[0.0])
    with pytest.raises(ValueError, match=r"stds > 0.*\[1.0, 0.0\]"):
        standardize([[1.0, 2.0]], means=[0.0, 0.0], stds=[1.0, 0.0])
    with pytest.raises(ValueError, match="non-empty"):
        scale_targets([])


def test_train_test_split_sizes_disjoint_and_aligned():
    X = [[float(i), float(i) * 10] for i in range(10)]
    y = list(range(10))
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, seed=0)
    assert (len(X_train), len(X_test), len(y_train), len(y_test)) == (7, 3, 7, 3)  # ceil(2.5)
    assert sorted(y_train + y_test) == y
    assert not set(y_train) & set(y_test)
    assert all(row == [float(label), float(label) * 10] for row, label in zip(X_train, y_train))
    assert all(row == [float(label), float(label) * 10] for row, label in zip(X_test, y_test))
    assert y_train != sorted(y_train) or y_test != sorted(y_test)  # shuffled


def test_train_test_split_seeding_and_no_shuffle():
    X = [[float(i)] for i in range(20)]
    y = list(range(20))
    assert train_test_split(X, y, seed=1) == train_test_split(X, y, seed=1)
    assert train_test_split(X, y, seed=1) != train_test_split(X, y, seed=2)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, shuffle=False)
    assert y_train == list(range(14)) and y_test == list(range(14, 20))
    assert X_test == [[float(i)] for i in range(14, 20)]
    X_train[0][0] = 99.0  # rows are copies
    assert X[0] == [0.0]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: make_moons(0), "n_samples must be an integer >= 1, got 0"),
        (lambda: house_prices(0), "n_samples .* got 0"),
        (lambda: make_blobs(0), "n_samples .* got 0"),
        (lambda: make_moons(10, noise=-0.1), "noise must be a finite number >= 0, got -0.1"),
        (lambda: make_circles(10, noise=float("nan")), "noise .* got nan"),
        (lambda: make_spiral(10, noise=float("inf")), "noise .* got inf"),
        (lambda: make_spiral(10, noise=float("-inf")), "noise .* got -inf"),
        (lambda: make_circles(10, factor=1.0), r"factor must be in \[0, 1\).* got 1.0"),
        (lambda: make_circles(10, factor=-0.5), "factor .* got -0.5"),
        (lambda: make_spiral(10, n_classes=1), "n_classes must be an integer >= 2, got 1"),
        (lambda: make_blobs(10, centers=0), "centers must be an integer >= 1, got 0"),
        (lambda: make_blobs(10, centers=[]), r"centers .* got \[\]"),
        (lambda: make_blobs(10, centers=[[1, 2], [3]]), r"centers .* \[\[1, 2\], \[3\]\]"),
        (lambda: make_blobs(10, cluster_std=-1.0), "cluster_std .* got -1.0"),
        (lambda: make_blobs(10, n_features=0), "n_features .* got 0"),
        (lambda: train_test_split([[1]], [1, 2]), "X has 1 samples but y has 2"),
        (lambda: train_test_split([[1], [2]], [1, 2], test_size=0), "test_size .* got 0"),
        (lambda: train_test_split([[1], [2]], [1, 2], test_size=1.0), "test_size .* got 1.0"),
        (lambda: train_test_split([[1], [2]], [1, 2], test_size=-0.2), "got -0.2"),
        (lambda: train_test_split([[1]], [1], test_size=0.5), "1 samples .* no training set"),
        (lambda: train_test_split([], [], test_size=0.5), "0 samples .* no training set"),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_value(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: make_xor(2.5), "n_samples must be an integer >= 1, got float: 2.5"),
        (lambda: make_spiral(True), "n_samples must be an integer >= 1, got bool: True"),
        (lambda: make_moons("10"), "n_samples .* got str: '10'"),
        (lambda: make_xor(10, noise="0.1"), "noise must be a number, got str: '0.1'"),
        (lambda: make_circles(10, factor=None), "factor must be a number, got NoneType"),
        (lambda: make_blobs(10, cluster_std=[1.0]), r"cluster_std .* got list: \[1.0\]"),
        (lambda: train_test_split([[1], [2]], [1, 2], test_size="0.5"), "test_size .* str"),
    ],
)
def test_arguments_of_the_wrong_type_raise_type_error_naming_the_value(call, message):
    with pytest.raises(TypeError, match=message):
        call()
