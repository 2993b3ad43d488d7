"""``gradschool train`` and ``gradschool lr-sweep``: training runs for a classroom without
notebooks, each printing a summary and writing its pictures."""

from __future__ import annotations

import argparse

from nn.activations import ACTIVATIONS
from nn.cli.common import (
    DATASETS,
    float_list,
    int_list,
    load_task,
    output_dir,
    positive_float,
    positive_int,
    user_values,
)
from nn.cli.runs import (
    BINARY_LOSSES,
    MULTICLASS_LOSSES,
    loss_for,
    make_model,
    sweep_runs,
    sweep_table,
    train_run,
    write_plots,
    write_sweep_plot,
)
from nn.optim import OPTIMIZERS

TRAIN_EXAMPLES = """\
examples:
  gradschool train --dataset moons
  gradschool train --dataset spiral --hidden 32,32 --optimizer adam --lr 0.01 --epochs 200
  gradschool train --dataset digits --hidden 32 --epochs 10
  gradschool train --dataset xor --optimizer sgd --lr 0.5 --batch-size 16 --loss hinge
  gradschool train --dataset moons --optimizer sgd --lr 100     (watch it diverge)
"""

SWEEP_EXAMPLES = """\
examples:
  gradschool lr-sweep --dataset moons
  gradschool lr-sweep --dataset circles --optimizer adam --lrs 1e-4,1e-3,1e-2,1e-1,1 --epochs 30
"""

LOSS_HELP = (
    f"the loss; two-class datasets (moons, circles, xor): {', '.join(BINARY_LOSSES)} "
    f"(default {BINARY_LOSSES[0]}); blobs, spiral (3 classes) and digits (10): "
    f"{', '.join(MULTICLASS_LOSSES)}"
)


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``train`` and ``lr-sweep`` subcommands."""
    train = commands.add_parser(
        "train", help="train an MLP on a toy dataset; write loss curve and decision boundary",
        description="Train an MLP on a toy 2-D dataset (or the 8x8 digits) and write "
        "loss_curve.png and decision_boundary.png (for digits: predictions.png) into --out. "
        "A learning rate that is too high stops with the library's divergence message; "
        "the exit code is 1 when the loss ended higher than it started (or became nan/inf).",
        epilog=TRAIN_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(train, default_out="gradschool-train", default_epochs=30)
    train.add_argument("--lr", type=positive_float, default=0.05,
                       help="learning rate (default: 0.05)")
    train.set_defaults(run=run_train)

    sweep = commands.add_parser(
        "lr-sweep", help="train once per learning rate; compare the runs",
        description="Train the same model (same initial weights, same data) once per "
        "learning rate, print each run's final loss and whether it diverged, and write "
        "lr_sweep.png into --out.",
        epilog=SWEEP_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(sweep, default_out="gradschool-lr-sweep", default_epochs=5)
    sweep.add_argument("--lrs", type=float_list, default=[1e-4, 1e-3, 1e-2, 1e-1, 1.0],
                       help="comma-separated learning rates (default: 1e-4,1e-3,1e-2,1e-1,1)")
    sweep.set_defaults(run=run_sweep)


def _add_common(parser: argparse.ArgumentParser, default_out: str, default_epochs: int) -> None:
    parser.add_argument("--dataset", choices=list(DATASETS), default="moons",
                        help="a toy 2-D dataset, or 8x8 handwritten digits (default: moons)")
    parser.add_argument("--samples", type=positive_int, default=200,
                        help="how many points or digits (default: 200)")
    parser.add_argument("--hidden", type=int_list, default=[16, 16],
                        help="hidden layer sizes, comma-separated (default: 16,16)")
    parser.add_argument("--activation", choices=[a for a in ACTIVATIONS if a != "linear"],
                        default="relu", help="hidden activation (default: relu)")
    parser.add_argument("--optimizer", choices=list(OPTIMIZERS), default="adam",
                        help="the optimizer (default: adam; momentum = SGD with momentum 0.9)")
    parser.add_argument("--epochs", type=positive_int, default=default_epochs,
                        help=f"passes over the data (default: {default_epochs})")
    parser.add_argument("--batch-size", type=positive_int, default=32,
                        help="examples per update (default: 32; --batch-size as large as "
                        "--samples is full-batch gradient descent)")
    parser.add_argument("--loss", default=None, help=LOSS_HELP)
    parser.add_argument("--seed", type=int, default=0,
                        help="seeds the data, the initial weights and the shuffling (default: 0)")
    parser.add_argument("--out", metavar="DIR", default=default_out,
                        help=f"where to write the pictures (default: {default_out}/)")


def run_train(args: argparse.Namespace) -> int:
    """Train once; print the summary; write the pictures. Exit 1 if training diverged."""
    with user_values():
        task = load_task(args.dataset, args.samples, args.seed)
        loss = loss_for(task, args.loss)
        model = make_model(task, args.hidden, args.activation, args.seed)
    out = output_dir(args.out)
    print(f"training {model!r} on {task.name} ({len(task.X)} points, {task.n_classes} classes) "
          f"with {args.optimizer}, lr={args.lr:g}")
    run = train_run(task, model, loss=loss, optimizer=args.optimizer, lr=args.lr,
                    epochs=args.epochs, batch_size=args.batch_size, seed=args.seed)
    print(run.summary())
    title = f"{task.name}, {args.optimizer} lr={args.lr:g}"
    for path in write_plots(out, task, run, title=title):
        print(f"wrote {path}")
    return 1 if run.failed else 0


def run_sweep(args: argparse.Namespace) -> int:
    """Train once per rate; print one row per rate; write the sweep plot."""
    with user_values():
        task = load_task(args.dataset, args.samples, args.seed)
        loss = loss_for(task, args.loss)
    out = output_dir(args.out)
    rates = ", ".join(f"{lr:g}" for lr in args.lrs)
    print(f"sweeping lr over {rates} on {task.name} with {args.optimizer}, "
          f"{args.epochs} epochs each")
    result = sweep_runs(task, args.lrs, hidden=args.hidden, activation=args.activation,
                        loss=loss, optimizer=args.optimizer, epochs=args.epochs,
                        batch_size=args.batch_size, seed=args.seed)
    print(sweep_table(result))
    title = f"Learning-rate sweep: {task.name}, {args.optimizer}, {args.epochs} epochs"
    print(f"wrote {write_sweep_plot(out, result, title)}")
    return 0
