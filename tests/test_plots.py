"""nn.plots: loss curves, learning-rate sweeps and learning-rate finders.

Histories are built by hand (nn.history), so these tests do not train anything; every
figure is saved as a PNG, which runs the whole drawing code."""

from __future__ import annotations

import math
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from nn.history import History, LRFindResult, SweepResult, SweepRun  # noqa: E402
from nn.plots import loss_curve, lr_find, lr_sweep  # noqa: E402

INF, NAN = math.inf, math.nan


def saved(fig: Figure, tmp_path, name: str = "plot.png") -> Figure:
    """Save ``fig`` (this draws every artist) and check a real PNG came out."""
    assert isinstance(fig, Figure)
    path = tmp_path / name
    fig.savefig(path, dpi=40)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 1000
    return fig


def legend_texts(ax) -> list[str]:
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


def marker_lines(ax, marker: str) -> list:
    return [line for line in ax.get_lines() if line.get_marker() == marker]


def history(loss, val=None, batches=(), steps=2, diverged=False) -> History:
    logs = {"loss": list(loss)}
    if val is not None:
        logs["val_loss"] = list(val)
    return History(history=logs, batch_losses=list(batches), epoch=list(range(len(loss))),
                   diverged=diverged, params={"steps": steps})


GOOD = history([1.0, 0.5, 0.25], val=[1.1, 0.6, 0.4], batches=[1.2, 0.9, 0.6, 0.5, 0.3, 0.2])
BLOWN = history([1.0, 3.0], batches=[1.0, 1.1, 2.0, 4.0, NAN], diverged=True)


# ---------------------------------------------------------------- loss_curve


def test_loss_curve_draws_training_and_dashed_validation_loss(tmp_path):
    fig = saved(loss_curve(GOOD), tmp_path)
    (ax,) = fig.axes
    train, val = ax.get_lines()
    assert list(train.get_ydata()) == [1.0, 0.5, 0.25] and list(train.get_xdata()) == [1, 2, 3]
    assert val.get_linestyle() == "--"
    assert legend_texts(ax) == ["training loss", "validation loss"]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss" and ax.get_title()


def test_per_batch_losses_sit_on_the_epoch_axis(tmp_path):
    ax = saved(loss_curve(GOOD, per_batch=True), tmp_path).axes[0]
    assert len(ax.get_lines()) == 3
    batch = ax.get_lines()[2]
    # 6 updates, 2 per epoch: update i ends at epoch i/2, the last at epoch 3
    assert list(batch.get_xdata()) == [0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    assert batch.get_linewidth() < ax.get_lines()[0].get_linewidth()
    assert "update" in ax.get_xlabel() and "loss of each update" in legend_texts(ax)


def test_several_runs_share_one_axes_and_a_diverged_run_is_marked(tmp_path):
    fig = saved(loss_curve({"lr=0.1": GOOD, "lr=10": BLOWN}, per_batch=True), tmp_path)
    (ax,) = fig.axes
    # one entry per run, then what solid and dashed lines mean
    assert legend_texts(ax) == ["lr=0.1", "lr=10 (diverged)", "training loss", "validation loss"]
    (cross,) = marker_lines(ax, "X")
    # the last finite loss of the diverged run: update 4 (epoch 2.0), loss 4.0
    assert list(cross.get_xdata()) == [2.0] and list(cross.get_ydata()) == [4.0]
    assert any(t.get_text() == "diverged" for t in ax.texts)
    assert ax.get_lines()[0].get_color() != ax.get_lines()[3].get_color()


def test_a_single_named_run_still_explains_the_dashed_line():
    ax = loss_curve({"adam": GOOD}).axes[0]
    assert legend_texts(ax) == ["adam", "training loss", "validation loss"]


def test_diverged_marker_uses_the_epoch_curve_without_per_batch(tmp_path):
    ax = saved(loss_curve({"a": BLOWN}), tmp_path).axes[0]
    (cross,) = marker_lines(ax, "X")
    assert list(cross.get_xdata()) == [2] and list(cross.get_ydata()) == [3.0]


def test_log_scale_hides_nonpositive_and_nonfinite_losses(tmp_path):
    odd = history([1.0, 0.0, -1.0, NAN, INF, 0.5], batches=[2.0, 0.0, -3.0, INF])
    ax = saved(loss_curve(odd, log_scale=True, per_batch=True), tmp_path).axes[0]
    assert ax.get_yscale() == "log" and "log" in ax.get_ylabel()
    y = list(ax.get_lines()[0].get_ydata())
    assert y[0] == 1.0 and y[-1] == 0.5 and all(math.isnan(v) for v in y[1:5])
    low, high = ax.get_ylim()
    assert 0 < low < 0.5 and 2.0 < high < 100


@pytest.mark.parametrize("log_scale", [False, True])
def test_an_exploding_run_leaves_through_the_top_without_squashing_the_others(
    tmp_path, log_scale
):
    exploding = history([0.9, 1e30, 1e300], batches=[1.0, 50.0, 1e20, 1e40, 1e100, 1e300])
    fig = loss_curve({"ok": GOOD, "boom": exploding}, log_scale=log_scale)
    ax = saved(fig, tmp_path).axes[0]
    assert ax.get_ylim()[1] < 10  # fitted to the losses of the run that did not explode
    (arrow,) = marker_lines(ax, "^")
    assert list(arrow.get_xdata()) == [2]  # where "boom" left the chart
    assert legend_texts(ax) == ["ok", "boom (off the chart)", "training loss", "validation loss"]


def test_a_run_with_no_finite_loss_at_all_does_not_crash(tmp_path):
    nothing = History(batch_losses=[NAN], diverged=True, params={"steps": 1})
    ax = saved(loss_curve(nothing, per_batch=True), tmp_path).axes[0]
    assert len(marker_lines(ax, "X")) == 1  # on the top edge
    assert any("no finite loss" in t.get_text() for t in ax.texts)


def test_loss_curve_draws_into_a_given_axes(tmp_path):
    fig, (left, right) = plt.subplots(1, 2)
    try:
        assert loss_curve(GOOD, ax=right, title="mine") is fig
        assert right.get_title() == "mine" and not left.get_lines()
        saved(fig, tmp_path)
    finally:
        plt.close(fig)


def test_loss_curve_rejects_what_is_not_a_history():
    with pytest.raises(TypeError, match="list"):
        loss_curve([1.0, 0.5])
    with pytest.raises(TypeError, match="'b'.*dict"):
        loss_curve({"a": GOOD, "b": {"loss": [1.0]}})
    with pytest.raises(ValueError, match="empty"):
        loss_curve({})
    with pytest.raises(TypeError, match="Axes"):
        loss_curve(GOOD, ax="left")


def test_importing_plots_starts_no_pyplot():
    code = "import sys, nn.plots, nn.draw_network; print('matplotlib.pyplot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# A run that jumped to 1.6e16 in its first epoch and then sat near 12 (SGD at lr=100 on the
# moons): on a linear axis the spike flattens everything after it to "0".
SPIKE = history([1.6e16, 13.0, 12.5, 11.97])


def test_losses_spanning_orders_of_magnitude_get_a_log_axis_by_themselves(tmp_path):
    ax = saved(loss_curve(SPIKE, initial_loss=0.68), tmp_path).axes[0]
    assert ax.get_yscale() == "log" and "log" in ax.get_ylabel()
    low, high = ax.get_ylim()
    assert low < 0.68 and high > 1.6e16  # the start, the spike and the plateau all in view
    assert loss_curve(GOOD).axes[0].get_yscale() == "linear"
    assert loss_curve(SPIKE, log_scale=False).axes[0].get_yscale() == "linear"


def test_the_curve_starts_at_epoch_0_with_the_loss_before_training():
    line = loss_curve(GOOD, initial_loss=1.5).axes[0].get_lines()[0]
    assert list(line.get_xdata()) == [0, 1, 2, 3]
    assert list(line.get_ydata()) == [1.5, 1.0, 0.5, 0.25]
    two = loss_curve({"a": GOOD, "b": BLOWN}, initial_loss={"b": 0.9}).axes[0]
    assert [list(line.get_xdata())[0] for line in two.get_lines()[:3:2]] == [1, 0]
    with pytest.raises(ValueError, match="'c'"):
        loss_curve({"a": GOOD}, initial_loss={"c": 1.0})
    with pytest.raises(ValueError, match="several runs"):
        loss_curve({"a": GOOD, "b": BLOWN}, initial_loss=1.0)
    with pytest.raises(TypeError, match="number"):
        loss_curve(GOOD, initial_loss="1.0")  # type: ignore[arg-type]


def test_a_run_that_climbs_beyond_a_log_axis_leaves_it_marked_diverged(tmp_path):
    # SGD at lr=10 with MSE on the moons: 1e124 after one epoch, inf in the twelfth
    climbing = history([1.5e124, 1e160, 1e195, 1e230, 1.6e303], steps=1, diverged=True)
    ax = saved(loss_curve(climbing, initial_loss=0.65), tmp_path).axes[0]
    assert ax.get_yscale() == "log" and ax.get_ylim()[1] <= 1e200
    low = ax.get_ylim()[0]
    assert low < 0.65
    (arrow,) = marker_lines(ax, "^")
    assert list(arrow.get_xdata()) == [4]  # the first epoch above 1e200
    assert len(marker_lines(ax, "X")) == 1 and any(t.get_text() == "diverged" for t in ax.texts)
    assert legend_texts(ax) == ["training loss (off the chart, diverged)"]


# ---------------------------------------------------------------- lr_sweep


def sweep() -> SweepResult:
    runs = [
        SweepRun(0.001, history([1.0, 0.95, 0.9])),
        SweepRun(0.01, history([1.0, 0.6, 0.4])),
        SweepRun(0.1, history([1.0, 0.3, 0.1])),
        SweepRun(1.0, history([1.0, 2.0, 0.8])),
        SweepRun(10.0, history([1.0, 1e12], diverged=True)),
    ]
    return SweepResult(runs)


@pytest.mark.parametrize("log_scale", [True, False])
def test_lr_sweep_has_final_loss_and_curve_panels(tmp_path, log_scale):
    fig = lr_sweep(sweep(), log_scale=log_scale)
    if log_scale:  # (drawing to PNG is slow-ish: once is enough)
        saved(fig, tmp_path)
    left, right, colorbar = fig.axes
    assert left.get_xscale() == "log" and left.get_xlim()[1] > 10.0
    assert left.get_yscale() == right.get_yscale() == ("log" if log_scale else "linear")
    finals = [c for c in left.collections if c.get_label() == "final loss"][0]
    assert [tuple(p) for p in finals.get_offsets()] == [(0.001, 0.9), (0.01, 0.4), (0.1, 0.1),
                                                        (1.0, 0.8)]
    (blown,) = [c for c in left.collections if c.get_label() == "diverged"]
    assert [p[0] for p in blown.get_offsets()] == [10.0]
    assert "best: lr = 0.1" in legend_texts(left)
    curves = [line for line in right.get_lines() if len(line.get_xdata()) > 1]
    assert len(curves) == 5
    assert len({str(line.get_color()) for line in curves}) == 5  # coloured by rate
    assert "diverged" in legend_texts(right) and marker_lines(right, "X")
    assert colorbar.get_ylabel() == "learning rate"
    assert right.get_ylim()[1] < 10  # the 1e12 loss does not squash the other curves
    assert all(ax.get_title() and ax.get_xlabel() and ax.get_ylabel() for ax in (left, right))


def test_lr_sweep_can_show_the_losses_measured_after_each_run():
    """gradschool lr-sweep measures each run's loss on the whole training set after it; the
    picture then circles the rate its table calls best (here 1.0, not the epochs' 0.1)."""
    fig = lr_sweep(sweep(), final_losses=[0.9, 0.5, 0.3, 0.2, math.inf])
    left = fig.axes[0]
    finals = [c for c in left.collections if c.get_label() == "final loss"][0]
    assert [tuple(p) for p in finals.get_offsets()] == [(0.001, 0.9), (0.01, 0.5), (0.1, 0.3),
                                                        (1.0, 0.2)]
    assert "best: lr = 1" in legend_texts(left)
    with pytest.raises(ValueError, match="final_losses has 2 numbers for 5 runs"):
        lr_sweep(sweep(), final_losses=[0.1, 0.2])


def shown_labels(axis) -> list[str]:
    """The tick labels a reader sees on ``axis`` (major and minor, inside the view)."""
    low, high = sorted(axis.get_view_interval())
    ticks = axis.get_major_ticks() + axis.get_minor_ticks()
    return [label.get_text() for t in ticks if low <= t.get_loc() <= high
            for label in (t.label1, t.label2) if label.get_visible() and label.get_text()]


def test_lr_sweep_log_axes_without_a_power_of_ten_read_plainly(tmp_path):
    """Losses from 0.5 to 0.9 and rates 0.05 to 0.2: no power of ten in range, where
    matplotlib alone labels 6×10⁻¹, 7×10⁻¹, 8×10⁻¹ in small type."""
    runs = [SweepRun(lr, history([0.9, 0.9 - lr, 0.9 - 2 * lr])) for lr in (0.05, 0.1, 0.2)]
    fig = saved(lr_sweep(SweepResult(runs)), tmp_path)
    left, right, colorbar = fig.axes
    for axis in (left.yaxis, right.yaxis, left.xaxis, colorbar.yaxis):
        labels = shown_labels(axis)
        assert 2 <= len(labels) <= 6, labels
        assert all(float(text) > 0 for text in labels), labels  # plain decimals
    assert shown_labels(left.xaxis) == ["0.03", "0.05", "0.1", "0.2", "0.3"]
    assert shown_labels(colorbar.yaxis) == ["0.05", "0.1", "0.2"]


def test_lr_sweep_with_one_rate_and_everything_diverged(tmp_path):
    only = SweepResult([SweepRun(3.0, history([], batches=[NAN], diverged=True))])
    left = saved(lr_sweep(only, title="all bad"), tmp_path).axes[0]
    assert "diverged" in legend_texts(left)


def test_lr_sweep_rejects_bad_input():
    with pytest.raises(TypeError, match="SweepResult"):
        lr_sweep([SweepRun(0.1, GOOD)])
    with pytest.raises(ValueError, match="no runs"):
        lr_sweep(SweepResult([]))
    with pytest.raises(ValueError, match="run 1's learning rate.*0.0"):
        lr_sweep(SweepResult([SweepRun(0.1, GOOD), SweepRun(0.0, GOOD)]))
    with pytest.raises(TypeError, match="run 0's learning rate must be a number, got str"):
        lr_sweep(SweepResult([SweepRun("0.1", GOOD)]))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="2 matplotlib Axes"):
        lr_sweep(sweep(), axes=[])


# ---------------------------------------------------------------- lr_find


def finder(suggested: float = 1e-2) -> LRFindResult:
    lrs = [10 ** (-5 + 5 * i / 39) for i in range(40)]
    smooth = [1.0 - 0.02 * i if i < 30 else 0.42 + 3.0 * (i - 29) ** 2 for i in range(40)]
    raw = [v * (1.1 if i % 2 else 0.9) for i, v in enumerate(smooth)]
    return LRFindResult(lrs=lrs, losses=smooth, raw_losses=raw, suggested_lr=suggested)


def test_lr_find_marks_the_suggested_rate(tmp_path):
    ax = saved(lr_find(finder()), tmp_path).axes[0]
    assert ax.get_xscale() == "log" and "learning rate" in ax.get_xlabel()
    raw, smooth = ax.get_lines()[:2]
    assert raw.get_alpha() < 0.5 and smooth.get_linewidth() > raw.get_linewidth()
    (vline,) = [line for line in ax.get_lines() if list(line.get_xdata()) == [0.01, 0.01]]
    assert "suggested lr ≈ 0.01" in legend_texts(ax)
    assert any("0.01" in t.get_text() for t in ax.texts)
    assert ax.get_ylim()[1] < 2.0  # capped near the start: the explosion at the end is cut


def test_lr_find_with_no_suggestion_or_no_data(tmp_path):
    saved(lr_find(finder(suggested=NAN)), tmp_path)
    empty = LRFindResult(lrs=[], losses=[], raw_losses=[], suggested_lr=NAN)
    ax = saved(lr_find(empty), tmp_path, "empty.png").axes[0]
    assert any("no loss" in t.get_text() for t in ax.texts)


def test_lr_find_rejects_bad_input():
    with pytest.raises(TypeError, match="LRFindResult"):
        lr_find(sweep())
    with pytest.raises(ValueError, match="lengths 2, 1 and 2"):
        lr_find(LRFindResult([0.1, 1.0], [1.0], [1.0, 2.0], 0.1))
    with pytest.raises(ValueError, match=r"lrs\[1\].*-1.0"):
        lr_find(LRFindResult([0.1, -1.0], [1.0, 1.0], [1.0, 1.0], 0.1))


def test_lr_sweep_refuses_rates_too_large_for_a_log_axis() -> None:
    """Matplotlib's log ticks overflow near 1e300: a clear ValueError, not an OverflowError."""
    good = History(history={"loss": [1.0, 0.5]}, batch_losses=[1.0, 0.5], epoch=[0, 1])
    too_large = r"run 1's learning rate must be at most 1e\+200 .* got 1e\+300"
    with pytest.raises(ValueError, match=too_large):
        lr_sweep(SweepResult([SweepRun(0.1, good), SweepRun(1e300, good)]))
