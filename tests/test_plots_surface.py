"""nn.plots surfaces and optimizer paths: the test surfaces, the paths each optimizer
takes (checked against closed forms and torch.optim), and the contour drawings."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from autograd.value import Value  # noqa: E402
from nn.optim import SGD, Adam  # noqa: E402
from nn.plots import (  # noqa: E402
    DEFAULT_OPTIMIZERS,
    elongated_bowl,
    loss_surface,
    loss_surfaces_side_by_side,
    optimizer_paths,
    rosenbrock,
)
from nn.plots.surface import round_ticks  # noqa: E402

START = (-1.8, 1.0)


def saved(fig: Figure, tmp_path) -> Figure:
    path = tmp_path / "surface.png"
    fig.savefig(path, dpi=40)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 1000
    return fig


def filled_contours(ax) -> ContourSet:
    (filled,) = [c for c in ax.collections if isinstance(c, ContourSet) and c.filled]
    return filled


# ---------------------------------------------------------------- test surfaces


def test_surfaces_have_their_documented_minimum_and_gradient():
    assert rosenbrock(1.0, 1.0) == 0.0 and rosenbrock(0.0, 0.0) == 1.0
    assert rosenbrock(2.0, 4.0, a=2.0) == 0.0
    w1, w2 = Value(0.5), Value(-1.0)
    loss = rosenbrock(w1, w2)
    loss.backward()
    # d/dw1 = -2(1 - w1) - 400 w1 (w2 - w1^2); d/dw2 = 200 (w2 - w1^2)
    assert w1.grad == pytest.approx(-1.0 + 250.0) and w2.grad == pytest.approx(-250.0)
    assert elongated_bowl(0.0, 0.0) == 0.0
    w1, w2 = Value(0.5), Value(-1.0)
    elongated_bowl(w1, w2).backward()
    assert (w1.grad, w2.grad) == pytest.approx((0.5, -18.0))


# ---------------------------------------------------------------- optimizer_paths


def test_sgd_path_matches_the_closed_form():
    lr = 0.1
    (path,) = optimizer_paths(elongated_bowl, START, {"SGD": (SGD, {"lr": lr})}, steps=20).values()
    # gradient (w1, 18 w2): each step multiplies w1 by 1 - lr and w2 by 1 - 18 lr
    assert len(path) == 21
    for k, (w1, w2) in enumerate(path):
        assert w1 == pytest.approx(START[0] * (1 - lr) ** k, abs=1e-12)
        assert w2 == pytest.approx(START[1] * (1 - 18 * lr) ** k, abs=1e-12)


def test_default_paths_match_torch_optim():
    torch = pytest.importorskip("torch")
    paths = optimizer_paths(elongated_bowl, START, steps=50)
    assert list(paths) == ["SGD", "momentum", "RMSprop", "Adam"] == list(DEFAULT_OPTIMIZERS)
    makers = {
        "SGD": lambda p: torch.optim.SGD(p, lr=0.1),
        "momentum": lambda p: torch.optim.SGD(p, lr=0.03, momentum=0.9),
        "RMSprop": lambda p: torch.optim.RMSprop(p, lr=0.05),
        "Adam": lambda p: torch.optim.Adam(p, lr=0.1),
    }
    for name, make in makers.items():
        w = torch.tensor(START, dtype=torch.float64, requires_grad=True)
        optimizer = make([w])
        expected = [START]
        for _ in range(50):
            optimizer.zero_grad()
            elongated_bowl(w[0], w[1]).backward()
            optimizer.step()
            expected.append(tuple(w.detach().tolist()))
        assert len(paths[name]) == 51
        for mine, theirs in zip(paths[name], expected):
            assert mine == pytest.approx(theirs, abs=1e-9), name


def test_specs_may_be_factories_and_paths_stop_at_the_first_nonfinite_point():
    wild = {"huge lr": lambda params: SGD(params, lr=1e10)}
    (path,) = optimizer_paths(lambda a, b: a * a + b * b, (1.0, 1.0), wild, steps=100).values()
    assert len(path) < 101
    assert not math.isfinite(path[-1][0]) and all(math.isfinite(v) for v in path[-2])


def test_optimizer_paths_rejects_bad_specs_and_losses():
    with pytest.raises(TypeError, match="'mine'.*42"):
        optimizer_paths(elongated_bowl, START, {"mine": 42})
    with pytest.raises(TypeError, match="no step"):
        optimizer_paths(elongated_bowl, START, {"mine": lambda params: object()})
    with pytest.raises(TypeError, match="return a Value.*float"):
        optimizer_paths(lambda a, b: 1.0, START, {"Adam": (Adam, {})})
    with pytest.raises(ValueError, match="start must be a pair"):
        optimizer_paths(elongated_bowl, (1.0,))
    with pytest.raises(ValueError, match="steps"):
        optimizer_paths(elongated_bowl, START, steps=-1)


# ---------------------------------------------------------------- drawings


def test_loss_surface_draws_contours_and_each_path(tmp_path):
    paths = {"SGD": [(-1.0, 1.0), (-0.5, -0.5), (0.0, 0.1)], "Adam": [(-1.0, 1.0), (0.0, 0.0)]}
    fig = saved(loss_surface(elongated_bowl, paths, resolution=30), tmp_path)
    ax, colorbar = fig.axes
    sgd, adam = [line for line in ax.get_lines() if line.get_label() in ("SGD", "Adam")]
    assert list(sgd.get_xdata()) == [-1.0, -0.5, 0.0] and sgd.get_marker() == "o"
    assert sgd.get_color() != adam.get_color()
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["SGD", "Adam", "lowest point", "start"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("w1", "w2") and ax.get_title()
    assert colorbar.get_ylabel() == "loss"
    assert ax.get_xlim() == (-2.0, 2.0)  # the paths do not move the view


def test_levels_are_geometric_above_the_minimum_or_linear():
    ax = loss_surface(elongated_bowl, resolution=21, levels=10).axes[0]
    levels = list(filled_contours(ax).levels)
    heights = [v - levels[0] for v in levels[1:]]
    ratios = [b / a for a, b in zip(heights, heights[1:])]
    assert len(levels) == 10 and max(ratios) == pytest.approx(min(ratios))
    ax = loss_surface(elongated_bowl, resolution=21, levels=10, log_levels=False).axes[0]
    steps = [b - a for a, b in zip(filled_contours(ax).levels, filled_contours(ax).levels[1:])]
    assert max(steps) == pytest.approx(min(steps))


def test_loss_surface_accepts_functions_of_values_and_marks_diverged_paths(tmp_path):
    needs_values = lambda a, b: (a * a + b * b).tanh()  # noqa: E731 floats have no .tanh()
    paths = {"blew up": [(0.5, 0.5), (1.5, -1.5), (math.inf, math.nan)]}
    fig = saved(loss_surface(needs_values, paths, resolution=20), tmp_path)
    ax = fig.axes[0]
    z = filled_contours(ax).levels
    assert z[0] == pytest.approx(math.tanh(2 * (2 / 19) ** 2), rel=1e-6)  # grid point nearest 0
    assert "blew up (diverged)" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert [line for line in ax.get_lines() if line.get_marker() == "X"]


def test_side_by_side_has_one_panel_per_optimizer(tmp_path):
    paths = optimizer_paths(elongated_bowl, START, steps=10)
    fig = saved(loss_surfaces_side_by_side(elongated_bowl, paths, resolution=20), tmp_path)
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["SGD", "momentum", "RMSprop", "Adam"]
    assert len(fig.axes) == 5  # four panels and the shared colour bar
    three = dict(list(paths.items())[:3])
    fig = loss_surfaces_side_by_side(elongated_bowl, three, resolution=10, ncols=2)
    assert sum(ax.get_visible() for ax in fig.axes) == 4  # 3 panels + colour bar, one hidden


def test_loss_surface_rejects_bad_input():
    with pytest.raises(ValueError, match="xlim.*low < high"):
        loss_surface(elongated_bowl, xlim=(1.0, -1.0))
    with pytest.raises(ValueError, match="point 1 of path 'SGD'"):
        loss_surface(elongated_bowl, {"SGD": [(0.0, 0.0), (1.0,)]}, resolution=5)
    with pytest.raises(TypeError, match="number or a Value.*str"):
        loss_surface(lambda a, b: "low", resolution=5)
    with pytest.raises(ValueError, match="nan or inf everywhere"):
        loss_surface(lambda a, b: math.nan, resolution=5)
    with pytest.raises(ValueError, match="levels"):
        loss_surface(elongated_bowl, levels=1, resolution=5)
    with pytest.raises(ValueError, match="no paths"):
        loss_surfaces_side_by_side(elongated_bowl, {})


def test_colour_bar_ticks_are_round_numbers_and_the_lowest_point_is_on_top():
    paths = optimizer_paths(elongated_bowl, (-1.8, 1.0), steps=50)
    fig = loss_surface(elongated_bowl, paths, xlim=(-2, 2), ylim=(-1.2, 1.2), resolution=40)
    bar = fig.axes[1]
    ticks = [t for t in bar.get_yticks() if bar.get_ylim()[0] <= t <= bar.get_ylim()[1]]
    assert len(ticks) >= 3
    assert all(f"{t:e}".split("e")[0] in ("1.000000", "2.000000", "5.000000") for t in ticks)
    star = next(line for line in fig.axes[0].lines if line.get_label() == "lowest point")
    assert star.get_zorder() > max(line.get_zorder() for line in fig.axes[0].lines
                                   if line is not star)


def test_round_ticks_on_both_scales():
    assert round_ticks(0.0024, 12.0, log=True) == [0.01, 0.1, 1.0, 10.0]
    assert round_ticks(0.3, 4.0, log=True) == [0.5, 1.0, 2.0]  # under three powers of ten
    assert round_ticks(1e-9, 1e3, log=True, most=4) == [1e-9, 1e-5, 0.1, 1000.0]  # thinned
    assert round_ticks(0.0, 7.5, log=False) == [0.0, 1.5, 3.0, 4.5, 6.0, 7.5]
