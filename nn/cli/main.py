"""The ``gradschool`` command: parse the arguments, run one subcommand, return an exit code.

Every failure ends in one line on stderr, never a traceback:

* a bad flag, value or expression: ``gradschool: error: ...``, exit code 2 (this includes
  a ValueError or TypeError the library raises while checking the user's values, which
  names the bad value: see :func:`nn.cli.common.user_values`);
* a file that cannot be written: ``gradschool: error: ...``, exit 1;
* anything unexpected: one line and a request to report it, exit 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import metadata

from nn.cli import demo, graph, train
from nn.cli.common import PROG, ArgumentParser, UsageError
from nn.cli.expression import ExpressionError

EXAMPLES = """\
examples:
  gradschool demo                                  train a classifier, write 4 pictures
  gradschool graph "x*y + tanh(x)" x=2 y=-3        backprop through an expression
  gradschool train --dataset digits                ~97% of held-out handwritten digits, seconds
  gradschool train --dataset spiral --hidden 32,32 --optimizer adam --lr 0.01
  gradschool lr-sweep --dataset moons --lrs 1e-3,1e-2,1e-1,1,10

Run 'gradschool COMMAND --help' for the options of a command.
"""

BUG_HINT = "this is a bug in gradschool; please report it with the command you ran"


def version() -> str:
    """The installed distribution's version (``unknown`` when run from a bare checkout)."""
    try:
        return metadata.version("gradschool")
    except metadata.PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand, for ``main`` and for the docs."""
    parser = ArgumentParser(
        prog=PROG,
        description="gradschool: watch backprop and learning rates at work, one number at a time.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    demo.register(commands)
    graph.register(commands)
    train.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``gradschool`` with ``argv`` (default: the command line) and return the exit code.

    Example:
        >>> main(["graph", "x*y", "x=2", "y=3", "-o", "xy.svg"])  # doctest: +SKIP
        0
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["graph"]:
        arguments = ["graph", *graph.shield_leading_minus(arguments[1:])]
    parser = build_parser()
    try:
        args = parser.parse_args(arguments)
    except UsageError as error:
        return _fail(str(error), 2)
    except SystemExit as exit_:  # --help and --version print and exit 0
        return exit_.code if isinstance(exit_.code, int) else 0
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except (UsageError, ExpressionError) as error:
        return _fail(str(error), 2)
    except OSError as error:
        return _fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "), 1)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the last resort: one line, not a traceback
        # Any other error, a ValueError from deep inside training included, is a bug of ours.
        return _fail(f"unexpected {type(error).__name__}: {error} ({BUG_HINT})", 1)


def _fail(message: str, code: int) -> int:
    one_line = " ".join(message.split())
    print(f"{PROG}: error: {one_line}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
