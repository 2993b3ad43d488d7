"""nn/plots/_ticks.py: round ticks with plain labels on log axes."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from nn.plots._ticks import readable_log_axis, round_log_ticks, tick_labels  # noqa: E402


@pytest.mark.parametrize(("low", "high", "ticks"), [
    (0.018, 0.8, [0.02, 0.05, 0.1, 0.2, 0.5]),   # under two decades: 1, 2, 5
    (0.2056, 2.73, [0.3, 0.5, 1.0, 2.0]),         # 1, 2, 5 gives only three: 3 joins
    (0.2, 0.9, [0.2, 0.3, 0.5]),                  # no power of ten in the range
    (0.616, 0.704, [0.62, 0.64, 0.66, 0.68, 0.7]),  # too narrow for those: even steps
    (0.01, 10.0, [0.01, 0.1, 1.0, 10.0]),         # three decades: powers of ten
    (3.5e-10, 2.8, [1e-8, 1e-6, 1e-4, 1e-2, 1.0]),  # many: every other power of ten
])
def test_ticks_are_round_and_inside_the_range(low, high, ticks):
    found = round_log_ticks(low, high)
    assert len(found) == len(ticks) and all(map(math.isclose, found, ticks)), found
    assert round_log_ticks(high, low) == found  # either order


def test_labels_are_plain_decimals_or_all_powers_of_ten():
    assert tick_labels([0.2, 0.3, 0.5, 1.0, 2.0]) == ["0.2", "0.3", "0.5", "1", "2"]
    assert tick_labels([0.62, 0.6599999999999999, 0.7]) == ["0.62", "0.66", "0.7"]
    assert tick_labels([1e-8, 1e-4, 1.0]) == ["$10^{-8}$", "$10^{-4}$", "$10^{0}$"]  # one style
    assert tick_labels([2e-5, 3.0000000000000004e-5]) == [r"$2\times10^{-5}$", r"$3\times10^{-5}$"]
    assert tick_labels([9.99999e-6]) == ["$10^{-5}$"]


def test_a_log_limit_at_or_below_zero_is_refused():
    with pytest.raises(ValueError, match="above 0, got 0.0"):
        round_log_ticks(0.0, 1.0)


def test_an_axis_without_a_decade_shows_its_round_ticks_only(tmp_path):
    figure = Figure()
    ax = figure.add_subplot()
    ax.plot([1, 2, 3], [0.25, 0.4, 0.85])
    ax.set_yscale("log")
    ax.set_ylim(0.25, 0.85)  # matplotlib alone labels 3×10⁻¹, 4×10⁻¹, 6×10⁻¹ here
    readable_log_axis(ax.yaxis)
    figure.savefig(tmp_path / "ticks.png", dpi=40)
    low, high = ax.get_ylim()
    shown = [t.label1.get_text() for t in ax.yaxis.get_major_ticks() + ax.yaxis.get_minor_ticks()
             if t.label1.get_text() and low <= t.get_loc() <= high]
    assert shown == ["0.4", "0.6", "0.8"]
