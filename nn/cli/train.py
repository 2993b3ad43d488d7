"""``gradschool train`` and ``gradschool lr-sweep``: training runs for a classroom without
notebooks, each printing a summary and writing its pictures."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from nn.activations import ACTIVATIONS
from nn.cli.common import (
    DATASETS,
    Task,
    float_list,
    fraction,
    int_list,
    load_task,
    output_dir,
    positive_float,
    positive_int,
    split_task,
    user_values,
)
from nn.cli.pictures import write_plots, write_sweep_plot
from nn.cli.runs import (
    BINARY_LOSSES,
    MULTICLASS_LOSSES,
    check_model_size,
    loss_for,
    make_model,
    sweep_runs,
    sweep_table,
    train_run,
)
from nn.optim import OPTIMIZERS


@dataclass(frozen=True)
class Defaults:
    """What the flags left out mean for a kind of dataset (``lr`` and ``epochs``: ``train``'s)."""

    samples: int
    hidden: list[int]
    lr: float
    epochs: int


#: The 2-D toys: 200 points train in about a second.
TOYS = Defaults(samples=200, hidden=[16, 16], lr=0.05, epochs=30)
#: All 1,797 digits: their 64 pixels and 10 classes want one wider layer, a smaller step and
#: fewer passes (MLP 64-32-10, Adam 0.01, batches of 32, 15 epochs: about 97% of the
#: held-out images right, in about five seconds on the tape).
DIGITS = Defaults(samples=1797, hidden=[32], lr=0.01, epochs=15)
#: ``lr-sweep`` trains once per rate: a few epochs each.
SWEEP_EPOCHS = 5

TRAIN_EXAMPLES = """\
examples:
  gradschool train --dataset digits                  about 97% of the held-out digits right
  gradschool train --dataset moons
  gradschool train --dataset spiral --hidden 32,32 --optimizer adam --lr 0.01 --epochs 200
  gradschool train --dataset moons --test-fraction 0  train on all 200 points, test on none
  gradschool train --dataset xor --optimizer sgd --lr 0.5 --batch-size 16 --loss hinge
  gradschool train --dataset moons --optimizer sgd --loss mse --lr 10   (watch it diverge)
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
        "train", help="train an MLP on a toy dataset or the digits; test it on held-out data",
        description="Train an MLP on a toy 2-D dataset (or the 8x8 digits) with part of the "
        "data held out (--test-fraction), print the training loss before and after and the "
        "accuracy on the held-out test set, and write loss_curve.png and "
        "decision_boundary.png (for digits: predictions.png, test images) into --out. "
        "A learning rate that is too high stops with the library's divergence message; "
        "the exit code is 1 when the training loss ended higher than it started (or "
        "became nan/inf).",
        epilog=TRAIN_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(train, default_out="gradschool-train",
                epochs_help=f"{TOYS.epochs}; for digits {DIGITS.epochs}")
    train.add_argument("--lr", type=positive_float, default=None,
                       help=f"learning rate (default: {TOYS.lr:g}; for digits {DIGITS.lr:g})")
    train.set_defaults(run=run_train)

    sweep = commands.add_parser(
        "lr-sweep", help="train once per learning rate; compare the runs",
        description="Train the same model (same initial weights, same data) once per "
        "learning rate, print each run's final training loss, its accuracy on the held-out "
        "test set and whether it diverged, and write lr_sweep.png into --out.",
        epilog=SWEEP_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(sweep, default_out="gradschool-lr-sweep", epochs_help=str(SWEEP_EPOCHS))
    sweep.add_argument("--lrs", type=float_list, default=[1e-4, 1e-3, 1e-2, 1e-1, 1.0],
                       help="comma-separated learning rates (default: 1e-4,1e-3,1e-2,1e-1,1)")
    sweep.set_defaults(run=run_sweep)


def _add_common(parser: argparse.ArgumentParser, default_out: str, epochs_help: str) -> None:
    parser.add_argument("--dataset", choices=list(DATASETS), default="moons",
                        help="a toy 2-D dataset, or 8x8 handwritten digits (default: moons)")
    parser.add_argument("--samples", type=positive_int, default=None,
                        help=f"how many points or digits (default: {TOYS.samples}; for digits "
                        f"all {DIGITS.samples})")
    parser.add_argument("--test-fraction", type=fraction, default=0.25,
                        help="the share of the samples held out to test on, never trained on "
                        "(default: 0.25; 0 holds nothing out)")
    parser.add_argument("--hidden", type=int_list, default=None,
                        help="hidden layer sizes, comma-separated (default: "
                        f"{','.join(map(str, TOYS.hidden))}; for digits "
                        f"{','.join(map(str, DIGITS.hidden))})")
    parser.add_argument("--activation", choices=[a for a in ACTIVATIONS if a != "linear"],
                        default="relu", help="hidden activation (default: relu)")
    parser.add_argument("--optimizer", choices=list(OPTIMIZERS), default="adam",
                        help="the optimizer (default: adam; momentum = SGD with momentum 0.9)")
    parser.add_argument("--epochs", type=positive_int, default=None,
                        help=f"passes over the training data (default: {epochs_help})")
    parser.add_argument("--batch-size", type=positive_int, default=32,
                        help="examples per update (default: 32; a batch as large as the "
                        "training set is full-batch gradient descent)")
    parser.add_argument("--loss", default=None, help=LOSS_HELP)
    parser.add_argument("--seed", type=int, default=0,
                        help="seeds the data, the test split, the initial weights and the "
                        "shuffling (default: 0)")
    parser.add_argument("--out", metavar="DIR", default=default_out,
                        help=f"where to write the pictures (default: {default_out}/)")


def fill_defaults(args: argparse.Namespace, epochs: int | None = None) -> None:
    """Give every flag left out (None) its value for ``args.dataset`` (see :class:`Defaults`);
    ``epochs`` overrides the default epochs (``lr-sweep``'s)."""
    if epochs is not None and args.epochs is None:
        args.epochs = epochs
    defaults = DIGITS if args.dataset == "digits" else TOYS
    for name in ("samples", "hidden", "lr", "epochs"):
        if getattr(args, name, 0) is None:  # lr-sweep has no --lr
            setattr(args, name, getattr(defaults, name))


def load_split(args: argparse.Namespace) -> tuple[Task, Task | None, str]:
    """The task of the flags, split into training and test sets, and its loss.

    Raises:
        ValueError: a bad dataset, sample count, split or loss (one line naming it).
    """
    task = load_task(args.dataset, args.samples, args.seed)
    loss = loss_for(task, args.loss)
    trained, test = split_task(task, args.test_fraction, args.seed)
    return trained, test, loss


def sizes(trained: Task, test: Task | None) -> str:
    """How many examples train and test, and how many classes, for the commands' first line."""
    held_out = "none held out" if test is None else f"{len(test.X)} held out for testing"
    return f"{len(trained.X)} for training, {held_out}, {trained.n_classes} classes"


def run_train(args: argparse.Namespace) -> int:
    """Train once; print the summary; write the pictures. Exit 1 if training diverged or
    ended with a higher training loss than it started with."""
    fill_defaults(args)
    with user_values():
        task, test, loss = load_split(args)
        model = make_model(task, args.hidden, args.activation, args.seed)
    out = output_dir(args.out)
    print(f"training {model!r} on {task.name} ({sizes(task, test)}) with {args.optimizer}, "
          f"lr={args.lr:g}")
    run = train_run(task, model, test=test, loss=loss, optimizer=args.optimizer, lr=args.lr,
                    epochs=args.epochs, batch_size=args.batch_size, seed=args.seed)
    print(run.summary())
    title = f"{task.name}, {args.optimizer} lr={args.lr:g}"
    for path in write_plots(out, task, run, test=test, title=title):
        print(f"wrote {path}")
    return 1 if run.failed else 0


def run_sweep(args: argparse.Namespace) -> int:
    """Train once per rate; print one row per rate; write the sweep plot."""
    fill_defaults(args, epochs=SWEEP_EPOCHS)
    with user_values():
        task, test, loss = load_split(args)
        check_model_size(task, args.hidden)
    out = output_dir(args.out)
    rates = ", ".join(f"{lr:g}" for lr in args.lrs)
    print(f"sweeping lr over {rates} on {task.name} ({sizes(task, test)}) with "
          f"{args.optimizer}, {args.epochs} epochs each")
    result = sweep_runs(task, args.lrs, test=test, hidden=args.hidden,
                        activation=args.activation, loss=loss, optimizer=args.optimizer,
                        epochs=args.epochs, batch_size=args.batch_size, seed=args.seed)
    print(sweep_table(result))
    title = f"Learning-rate sweep: {task.name}, {args.optimizer}, {args.epochs} epochs"
    print(f"wrote {write_sweep_plot(out, result, title)}")
    return 0
