"""Pictures of training: loss curves, learning-rate sweeps and finders, decision
boundaries, optimizers' paths across two-parameter loss surfaces, and grids of digits
with the model's guesses.

Every function returns a :class:`matplotlib.figure.Figure` (a notebook shows it; a script
calls ``fig.savefig("name.png")``) and takes ``ax=`` (two-panel plots: ``axes=``) to
draw into axes of your own, e.g. from ``plt.subplots()``. Figures are built without
pyplot, so importing ``nn`` never starts a GUI.
"""

from nn.plots.boundary import decision_boundary
from nn.plots.curves import loss_curve
from nn.plots.digits import digits
from nn.plots.paths import DEFAULT_OPTIMIZERS, elongated_bowl, optimizer_paths, rosenbrock
from nn.plots.rates import lr_find, lr_sweep
from nn.plots.surface import loss_surface, loss_surfaces_side_by_side

__all__ = [
    "DEFAULT_OPTIMIZERS",
    "decision_boundary",
    "digits",
    "elongated_bowl",
    "loss_curve",
    "loss_surface",
    "loss_surfaces_side_by_side",
    "lr_find",
    "lr_sweep",
    "optimizer_paths",
    "rosenbrock",
]
