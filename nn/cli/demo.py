"""``gradschool demo``: the main job. Train a small MLP on the two moons and write the four
pictures of the course: a neuron's graph with its gradients, the loss curve, the decision
boundary and a learning-rate sweep."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from autograd.pictures.draw import draw
from autograd.value import Value
from nn.cli.common import load_task, output_dir, positive_int, split_task, user_values
from nn.cli.graph import save_drawing
from nn.cli.pictures import write_plots, write_sweep_plot
from nn.cli.runs import make_model, sweep_runs, sweep_table, train_run

# The run the course starts from: Adam on 200 noisy moons, a quarter of them held out to
# test on, in mini-batches (more updates per pass over the data: with seed 0 it gets all
# 150 training points right in 16 epochs, and 96% of the 50 test points in 20).
SAMPLES, TEST_FRACTION = 200, 0.25
HIDDEN = (16, 16)
ACTIVATION = "relu"
LOSS = "binary_cross_entropy_with_logits"
OPTIMIZER, LR, EPOCHS, BATCH_SIZE = "adam", 0.05, 20, 32
# The sweep: SGD with momentum on the same task, from a rate that crawls to one that
# throws the loss up and down. A few epochs per rate keep the demo fast.
SWEEP_OPTIMIZER, SWEEP_EPOCHS = "momentum", 3
SWEEP_LRS = (1e-3, 1e-2, 1e-1, 1.0, 10.0)

EXAMPLES = """\
examples:
  gradschool demo                      writes into gradschool-demo/
  gradschool demo --out pictures
"""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``demo`` subcommand."""
    parser = commands.add_parser(
        "demo",
        help="train a classifier on the two moons and write the course's pictures",
        description=(
            f"Train an MLP(2, [{HIDDEN[0]}, {HIDDEN[1]}, 1]) on {SAMPLES} noisy moons, "
            f"{TEST_FRACTION:.0%} of them held out to test on, with {OPTIMIZER} "
            f"(lr={LR:g}, batches of {BATCH_SIZE}, {EPOCHS} epochs), then write into DIR: "
            "neuron.svg (one neuron's graph with its gradients), loss_curve.png, "
            "decision_boundary.png and lr_sweep.png "
            f"({SWEEP_OPTIMIZER} at {', '.join(f'{lr:g}' for lr in SWEEP_LRS)})."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", metavar="DIR", default="gradschool-demo",
                        help="where to write the pictures (default: gradschool-demo/)")
    parser.add_argument("--epochs", type=positive_int, default=EPOCHS,
                        help=f"training epochs (default: {EPOCHS})")
    parser.add_argument("--seed", type=int, default=0,
                        help="seeds the data, the weights and the shuffling (default: 0)")
    # For the test suite: fewer points and epochs, same files.
    parser.add_argument("--quick", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def neuron_graph() -> Value:
    """One tanh neuron, ``o = tanh(x1*w1 + x2*w2 + b)``, backpropagated, every node named.

    The numbers are micrograd's: the bias makes ``n = 0.8814`` so that ``o = 0.7071``,
    where tanh's local derivative ``do/dn`` (see ``autograd.ops.Tanh``) is exactly 0.5:
    the gradients are easy to check by hand.
    """
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    x2w2 = x2 * w2
    x2w2.label = "x2*w2"
    weighted_sum = x1w1 + x2w2
    weighted_sum.label = "x1*w1 + x2*w2"
    n = weighted_sum + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    o.backward()
    return o


def run(args: argparse.Namespace) -> int:
    """Train, summarise, and write the four pictures."""
    start = time.perf_counter()
    out = output_dir(args.out)
    samples, epochs, sweep_epochs, resolution = (
        (60, 5, 5, 15) if args.quick else (SAMPLES, args.epochs, SWEEP_EPOCHS, 50)
    )
    with user_values():  # --seed
        task, test = split_task(load_task("moons", samples, args.seed), TEST_FRACTION,
                                args.seed)
        model = make_model(task, HIDDEN, ACTIVATION, args.seed)
    held_out = 0 if test is None else len(test.X)
    print(f"gradschool demo: {model!r} learns to separate {len(task.X)} noisy moons "
          f"and is tested on {held_out} more it never sees while training")
    print(f"loss {LOSS}, optimizer {OPTIMIZER} (lr={LR:g}), {epochs} epochs, "
          f"batches of {BATCH_SIZE}\n")
    result = train_run(task, model, test=test, loss=LOSS, optimizer=OPTIMIZER, lr=LR,
                       epochs=epochs, batch_size=BATCH_SIZE, seed=args.seed)
    print(result.summary())

    written: list[Path] = [save_drawing(draw(neuron_graph()), out / "neuron.svg")]
    written += write_plots(out, task, result, test=test,
                           title=f"moons, {OPTIMIZER} lr={LR:g}", resolution=resolution)

    print(f"\nlearning-rate sweep: {SWEEP_OPTIMIZER}, {sweep_epochs} epochs per rate, "
          "same data and starting weights")
    sweep = sweep_runs(task, SWEEP_LRS, test=test, hidden=HIDDEN, activation=ACTIVATION, loss=LOSS,
                       optimizer=SWEEP_OPTIMIZER, epochs=sweep_epochs, batch_size=BATCH_SIZE,
                       seed=args.seed)
    print(sweep_table(sweep))
    title = f"Learning-rate sweep on the moons: {SWEEP_OPTIMIZER}, {sweep_epochs} epochs per rate"
    written.append(write_sweep_plot(out, sweep, title))

    print(f"\nwrote {len(written)} files in {out}/ ({time.perf_counter() - start:.1f} s in all):")
    for path in written:
        print(f"  {path.name}")
    return 0
