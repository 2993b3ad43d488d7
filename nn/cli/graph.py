"""``gradschool graph EXPR NAME=VALUE ...``: backprop through an expression and draw it."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import graphviz

from autograd.draw import draw
from autograd.graph import topological_order
from autograd.render import FORMATS, GraphvizNotFound, save
from autograd.value import Value
from nn.cli.common import UsageError, table
from nn.cli.expression import FUNCTIONS, ExpressionError, check_input_name, evaluate

NO_GRAPHVIZ = """\
note: {picture} needs the Graphviz program `dot`, which is not installed, so the drawing's
DOT source went to {source} instead (once Graphviz is installed:
dot -T{format} {source} -o {picture}). To install Graphviz:
  Debian/Ubuntu:  sudo apt-get install graphviz
  macOS:          brew install graphviz
  conda:          conda install -c conda-forge graphviz"""

#: The option strings of ``graph`` (see :func:`shield_leading_minus`).
OPTIONS = ("-h", "--help", "-o", "--output", "--local-grads")

#: Graphs with more Values than this are computed but not drawn (unreadable, slow).
MAX_DRAWN_NODES = 500

DESCRIPTION = f"""\
Compute an expression of named inputs, backpropagate, print each input's gradient,
and draw the computation graph (the format comes from the file's suffix:
{", ".join(FORMATS)}; .gv/.dot is the DOT source and needs no Graphviz).

Allowed: numbers, the input names, + - * / **, unary -, parentheses, and the
functions {", ".join(FUNCTIONS)}, called as tanh(x) or x.tanh()
(leaky_relu takes a slope: leaky_relu(x, 0.1)). Nothing else is accepted: the
expression is parsed, never run as Python.
"""

EXAMPLES = """\
examples:
  gradschool graph "x*y + tanh(x)" x=2 y=-3
  gradschool graph "(w1*x1 + w2*x2 + b).tanh()" x1=2 x2=0 w1=-3 w2=1 b=6.88 -o neuron.png
  gradschool graph "log(sigmoid(z))" z=-20 -o nll.gv
  gradschool graph "-x**2 + 1" x=3 -o parabola.pdf
"""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``graph`` subcommand."""
    parser = commands.add_parser(
        "graph",
        help="backprop through an expression, print gradients, draw the graph",
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("expression", metavar="EXPR", help='e.g. "x*y + tanh(x)" (quote it)')
    parser.add_argument("inputs", metavar="NAME=VALUE", nargs="*",
                        help="a value for every name EXPR uses, e.g. x=2 y=-3")
    parser.add_argument("-o", "--output", metavar="FILE", default="graph.svg",
                        help="where to draw the graph (default: graph.svg)")
    parser.add_argument("--local-grads", action="store_true",
                        help="label each edge with its local derivative")
    parser.set_defaults(run=run)


def shield_leading_minus(arguments: list[str]) -> list[str]:
    """The arguments after ``graph``, with a leading space before an expression that starts
    with ``-`` (such as ``-x**2``), so that argparse does not take it for an unknown option.

    Tokens that are options of ``graph`` (and the file name after ``-o``) are left alone;
    the expression parser ignores the space.
    """
    shielded: list[str] = []
    after_output = False
    for token in arguments:
        if token == "--":  # argparse reads everything after it as positional already
            return shielded + arguments[len(shielded):]
        is_option = token in OPTIONS or token.startswith("--output=")
        if token.startswith("-") and not is_option and not after_output:
            token = " " + token
        shielded.append(token)
        after_output = token in ("-o", "--output")
    return shielded


def parse_inputs(assignments: list[str]) -> dict[str, float]:
    """``["x=2", "y=-3"]`` as ``{"x": 2.0, "y": -3.0}``, or a one-line ExpressionError.

    Raises:
        ExpressionError: no ``=``, a bad name, a value that is not a number, or a name
            given twice.
    """
    inputs: dict[str, float] = {}
    for assignment in assignments:
        name, equals, text = assignment.partition("=")
        name, text = name.strip(), text.strip()
        if not equals:
            raise ExpressionError(f"expected NAME=VALUE, such as x=2, got {assignment!r}")
        check_input_name(name)
        try:
            value = float(text)
        except ValueError:
            raise ExpressionError(f"the value of {name} must be a number, got {text!r}") from None
        if name in inputs:
            raise ExpressionError(f"{name} is given twice ({name}={inputs[name]:g} and {text})")
        inputs[name] = value
    return inputs


def gradient_table(source: str, output: Value, leaves: dict[str, Value]) -> str:
    """The result line and one row per input: its value and d(output)/d(input)."""
    rows = [[name, _full(leaf.data), _full(leaf.grad)] for name, leaf in leaves.items()]
    result = f"{source.strip()} = {_full(output.data)}"
    if not rows:
        return result
    return result + "\n\n" + table(["input", "value", f"gradient d({_short(source)})/d(input)"],
                                   rows)


def run(args: argparse.Namespace) -> int:
    """Parse, compute, backprop, print the gradients, draw; the exit code."""
    path = Path(args.output)
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {args.output!r}: the folder {str(path.parent)!r} "
                         "does not exist")
    if path.suffix.lower() not in FORMATS:
        raise UsageError(
            f"cannot tell the drawing's format from {args.output!r}: "
            f"use a file name ending in one of {', '.join(FORMATS)}"
        )
    output, leaves = evaluate(args.expression, parse_inputs(args.inputs))
    output.backward()
    print(gradient_table(args.expression, output, leaves))
    nodes = len(topological_order(output))
    if nodes > MAX_DRAWN_NODES:
        raise UsageError(
            f"the graph has {nodes} Values, too many to draw (the limit is {MAX_DRAWN_NODES}); "
            "the numbers above are complete"
        )
    written = save_drawing(draw(output, show_local_grads=args.local_grads), path)
    print(f"\nwrote {written}")
    return 0


def save_drawing(drawing: graphviz.Digraph, path: Path) -> Path:
    """Save ``drawing`` to ``path``; without the Graphviz program, save its DOT source as
    ``.gv`` instead and print how to install Graphviz. Returns the path written."""
    try:
        return save(drawing, path)
    except GraphvizNotFound:
        source_path = save(drawing, path.with_suffix(".gv"))
        print(NO_GRAPHVIZ.format(picture=path, source=source_path,
                                 format=path.suffix.lstrip(".").lower()))
        return source_path


def _full(x: float) -> str:
    """Enough digits to check by hand (``repr`` for the rare ``inf``/``nan``)."""
    return f"{x:.10g}" if math.isfinite(x) else repr(x)


def _short(source: str, limit: int = 24) -> str:
    text = " ".join(source.split())
    return text if len(text) <= limit else "output"
