"""nn.plots.decision_boundary: regions by predicted class, the boundary line, the data.

Boundaries of models with known answers (a score of x1 is 0 on the line x1 = 0) check
where the line is drawn; a recording wrapper checks nothing is recorded for backprop."""

from __future__ import annotations

import math
import re

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from autograd.value import Value  # noqa: E402
from nn.labels import label_threshold  # noqa: E402
from nn.losses import binary_cross_entropy_with_logits, mse  # noqa: E402
from nn.module import MLP  # noqa: E402
from nn.plots import decision_boundary  # noqa: E402

NAN = math.nan


def saved(fig: Figure, tmp_path) -> Figure:
    path = tmp_path / "boundary.png"
    fig.savefig(path, dpi=40)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 1000
    return fig


def legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


POINTS = [[-1.0, -1.0], [-0.5, 0.5], [-0.8, 0.2], [0.5, -0.5], [1.0, 1.0], [0.7, 0.1]]
LABELS = [0, 0, 0, 1, 1, 1]


def boundary_xs(ax) -> list[float]:
    """The x of every vertex of the drawn boundary line."""
    (lines,) = [c for c in ax.collections if isinstance(c, ContourSet) and not c.filled]
    return [x for path in lines.get_paths() for x, _ in path.vertices]


def test_logit_model_boundary_at_output_zero(tmp_path):
    ax = saved(decision_boundary(lambda p: Value(p[0]), POINTS, LABELS), tmp_path).axes[0]
    assert max(abs(x) for x in boundary_xs(ax)) < 1e-9
    assert legend_texts(ax) == ["boundary (output = 0)", "class 0", "class 1"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x1", "x2") and ax.get_title()


def test_probability_model_boundary_at_one_half_or_the_given_threshold(tmp_path):
    model = lambda p: Value(p[0]).sigmoid()  # noqa: E731
    ax = saved(decision_boundary(model, POINTS, LABELS, resolution=21), tmp_path).axes[0]
    assert "boundary (output = 0.5)" in legend_texts(ax)
    assert max(abs(x) for x in boundary_xs(ax)) < 1e-9
    ax = decision_boundary(model, POINTS, LABELS, threshold=0.7).axes[0]
    # sigmoid(x) = 0.7 at x = ln(7/3); the grid interpolates linearly between its points
    assert all(abs(x - math.log(7 / 3)) < 0.01 for x in boundary_xs(ax))


def region_threshold(ax) -> float:
    """The output value where the two filled regions of a one-output model meet."""
    (regions,) = [c for c in ax.collections if isinstance(c, ContourSet) and c.filled]
    return float(regions.levels[1])


@pytest.mark.parametrize(
    ("loss", "threshold"),
    [("binary_cross_entropy_with_logits", 0.0), ("hinge", 0.0), ("mse", 0.5),
     ("binary_cross_entropy", 0.5)],
)
def test_the_loss_sets_the_threshold_as_fit_does(loss, threshold):
    assert label_threshold(loss) == threshold  # the rule fit's accuracy uses
    # A logit model (outputs around 0) and a probability model (outputs in [0, 1]): the
    # loss decides, not the range of the outputs.
    for model in (lambda p: Value(p[0]), lambda p: Value(p[0]).sigmoid()):
        ax = decision_boundary(model, POINTS, LABELS, resolution=11, loss=loss).axes[0]
        assert region_threshold(ax) == threshold


def test_the_loss_as_a_function_and_the_threshold_first(tmp_path):
    probability = lambda p: Value(p[0]).sigmoid()  # noqa: E731
    by_function = decision_boundary(probability, POINTS, LABELS, resolution=11,
                                    loss=binary_cross_entropy_with_logits)
    assert region_threshold(by_function.axes[0]) == 0.0
    logit = lambda p: Value(p[0])  # noqa: E731
    ax = saved(decision_boundary(logit, POINTS, LABELS, resolution=21, loss=mse),
               tmp_path).axes[0]
    assert region_threshold(ax) == 0.5
    assert all(abs(x - 0.5) < 1e-9 for x in boundary_xs(ax))  # the line at output = 0.5
    given = decision_boundary(logit, POINTS, LABELS, resolution=11, loss="mse", threshold=0.2)
    assert region_threshold(given.axes[0]) == 0.2


def test_mlp_is_evaluated_without_recording_a_graph(tmp_path):
    model, outputs = MLP(2, [4, 1], seed=0), []

    def recorded(p):
        outputs.append(model(p))
        return outputs[-1]

    saved(decision_boundary(recorded, POINTS, LABELS, resolution=8), tmp_path)
    assert len(outputs) == 64 and all(out.inputs == () for out in outputs)


def test_several_outputs_mean_argmax_classes(tmp_path):
    three = lambda p: [Value(-p[0]), Value(p[0]), Value(3 * p[1])]  # noqa: E731
    ax = saved(decision_boundary(three, POINTS, [0, 0, 2, 1, 1, 2], resolution=15),
               tmp_path).axes[0]
    assert legend_texts(ax) == ["class 0", "class 1", "class 2"]
    (regions,) = [c for c in ax.collections if isinstance(c, ContourSet)]
    assert list(regions.levels) == [-0.5, 0.5, 1.5, 2.5]


def _filled_xs(ax) -> list[float]:
    """The x of every vertex of the filled regions."""
    (regions,) = [c for c in ax.collections if isinstance(c, ContourSet) and c.filled]
    return [x for path in regions.get_paths() for x, _ in path.vertices]


@pytest.mark.parametrize(
    ("model", "labels"),
    [(lambda p: Value(NAN if p[0] > 0 else p[1]), LABELS),
     (lambda p: [Value(NAN if p[0] > 0 else p[1]), Value(0.0), Value(-p[1])], [0, 1, 2] * 2)],
    ids=["one output", "three outputs"],
)
def test_nan_outputs_leave_gaps_not_errors(tmp_path, model, labels):
    """Where the model gives nan (x1 > 0) nothing is filled; the rest is, edge to edge."""
    ax = saved(decision_boundary(model, POINTS, labels, resolution=10), tmp_path).axes[0]
    left, right = ax.get_xlim()
    step = (right - left) / 9  # the grid's spacing
    xs = _filled_xs(ax)
    assert min(xs) == pytest.approx(left) and max(xs) < step / 2 < right


def test_decision_boundary_names_bad_dimensions_and_labels():
    with pytest.raises(ValueError, match="X\\[1\\] has dimension 3"):
        decision_boundary(lambda p: Value(0.0), [[0.0, 1.0], [1.0, 2.0, 3.0]], [0, 1])
    with pytest.raises(ValueError, match="model with 2 inputs; this one takes 3"):
        decision_boundary(MLP(3, [1]), POINTS, LABELS)
    with pytest.raises(ValueError, match="y has 5 labels but X has 6"):
        decision_boundary(lambda p: Value(0.0), POINTS, LABELS[:5])
    with pytest.raises(ValueError, match="one output separates two classes.*3"):
        decision_boundary(lambda p: Value(0.0), POINTS, [0, 1, 2, 0, 1, 2], resolution=4)
    with pytest.raises(ValueError, match="2 outputs.*\\[2.0\\]"):
        decision_boundary(lambda p: [Value(0.0)] * 2, POINTS, [0, 1, 2, 0, 1, 0], resolution=4)
    with pytest.raises(ValueError, match="resolution"):
        decision_boundary(lambda p: Value(0.0), POINTS, LABELS, resolution=1)
    with pytest.raises(TypeError, match="str"):
        decision_boundary(lambda p: "yes", POINTS, LABELS, resolution=4)


@pytest.mark.parametrize(("threshold", "error", "message"), [
    ("x", TypeError, "threshold must be a number, got str: 'x'"),
    ([0.5], TypeError, "threshold must be a number, got list"),
    (True, TypeError, "threshold must be a number, got bool"),
    (math.nan, ValueError, "threshold must be a finite number, got nan"),
    (math.inf, ValueError, "threshold must be a finite number, got inf"),
])
def test_a_bad_threshold_is_named_before_anything_is_drawn(threshold, error, message):
    model = MLP(2, [3, 1], seed=0)
    with pytest.raises(error, match=re.escape(message)):
        decision_boundary(model, [[0.0, 0.0], [1.0, 1.0]], [0, 1], threshold=threshold)
