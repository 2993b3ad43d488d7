"""``gradschool graph EXPR NAME=VALUE ...``: backprop through an expression and draw it."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import graphviz

from autograd.graph import topological_order
from autograd.pictures.draw import MAX_NODES, draw
from autograd.pictures.render import FORMATS, INSTALL_COMMANDS, GraphvizNotFound, save
from autograd.value import Value
from nn.cli.common import UsageError, table
from nn.cli.expression import (
    FUNCTIONS,
    ExpressionError,
    check_input_name,
    evaluate,
    normal_name,
)

NO_GRAPHVIZ = """\
note: {picture} needs the Graphviz program `dot`, which is not installed, so the drawing's
DOT source went to {source} instead (once Graphviz is installed:
dot -T{format} {source} -o {picture}). To install Graphviz:
""" + INSTALL_COMMANDS

#: The long options of ``graph`` (its short ones are -o and -h), for
#: :func:`shield_leading_minus`.
LONG_OPTIONS = ("--output", "--local-grads", "--help")

DESCRIPTION = f"""\
Compute an expression of named inputs, backpropagate, print each input's gradient,
and draw the computation graph (the format comes from the file's suffix:
{", ".join(FORMATS)}; .gv/.dot is the DOT source and needs no Graphviz).

Allowed: numbers, the input names, + - * / **, unary -, parentheses, and the
functions {", ".join(FUNCTIONS)}, called as tanh(x) or x.tanh()
(leaky_relu takes a slope: leaky_relu(x, 0.1)). Nothing else is accepted: the
expression is parsed, never run as Python. An expression may start with a minus
(-x**2); one that starts with -o reads as the option -o: put -- before it.
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
    """The arguments after ``graph``, with a leading space before the expression when it
    starts with ``-`` (such as ``-x**2``), so that argparse does not take it for an option.

    The expression is the first token that is neither an option nor the file name after
    ``-o``; options are recognised as argparse recognises them (``-o FILE``, ``-oFILE``,
    ``--output=FILE``, an abbreviation such as ``--out FILE``, ``--local-grads``, ``-h``).
    Only the expression is shielded; the expression parser ignores the space. (So an
    expression that starts with ``-o``, as in ``-o*2``, reads as ``-o FILE``: put it
    after ``--``, or write ``-(o*2)``.)
    """
    shielded = list(arguments)
    takes_file = False
    for position, token in enumerate(arguments):
        if token == "--":  # argparse reads everything after it as positional already
            break
        if takes_file:  # the file name after -o or --output
            takes_file = False
            continue
        option = _option_of(token)
        if option is None:  # the first positional token: the expression
            if token.startswith("-"):
                shielded[position] = " " + token
            break
        takes_file = token == "-o" or (option == "--output" and "=" not in token)
    return shielded


def _option_of(token: str) -> str | None:
    """The option of ``graph`` that ``token`` spells, or None if it spells none."""
    if token.startswith("--"):
        name = token.partition("=")[0]
        # argparse also takes an unambiguous prefix of a long option, such as --out.
        matches = [option for option in LONG_OPTIONS if len(name) > 2 and option.startswith(name)]
        return matches[0] if len(matches) == 1 else None
    if token.startswith("-o"):  # -o FILE, -oFILE and -o=FILE
        return "-o"
    return "-h" if token == "-h" else None


def parse_inputs(assignments: list[str]) -> dict[str, float]:
    """``["x=2", "y=-3"]`` as ``{"x": 2.0, "y": -3.0}``, or a one-line ExpressionError.

    Raises:
        ExpressionError: no ``=``, a bad name, a value that is not a number, or a name
            given twice.
    """
    inputs: dict[str, float] = {}
    for assignment in assignments:
        name, equals, text = assignment.partition("=")
        name, text = normal_name(name.strip()), text.strip()  # 𝑥=2 names x, as in Python
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
    if nodes > MAX_NODES:
        raise UsageError(
            f"the graph has {nodes} Values, too many to draw (the limit is {MAX_NODES}); "
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
