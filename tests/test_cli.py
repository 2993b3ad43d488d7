"""The ``gradschool`` command line, run in-process through ``main([...])``."""

from __future__ import annotations

import argparse
import math
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from autograd.graph import leaves
from autograd.pictures.render import INSTALL_COMMANDS
from nn.cli import graph, pictures
from nn.cli.demo import neuron_graph
from nn.cli.main import build_parser, main
from nn.cli.runs import verdict
from nn.history import History, SweepRun
from nn.plots import decision_boundary

# The console script pip installed beside the interpreter running the tests (any venv).
GRADSCHOOL = Path(sys.executable).parent / "gradschool"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("gradschool: error: ")
    assert "Traceback" not in err


def gradients(out: str) -> dict[str, float]:
    """The input table of ``graph``: name -> gradient."""
    rows = out.split("-----", 1)[1].splitlines()[1:]
    table = {}
    for row in rows:
        cells = row.split()
        if len(cells) == 3:
            table[cells[0]] = float(cells[2])
    return table


# ---------------------------------------------------------------- help and version


@pytest.mark.parametrize("command", [[], ["demo"], ["graph"], ["train"], ["lr-sweep"]])
def test_help_everywhere_with_examples(capsys: Capture, command: list[str]) -> None:
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert "examples:" in out and "gradschool" in out


def test_version(capsys: Capture) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"gradschool {metadata.version('gradschool')}"


def test_installed_entry_point_runs() -> None:
    if not GRADSCHOOL.exists():
        pytest.fail(f"the console script is missing: {GRADSCHOOL} (pip install -e .)")
    done = subprocess.run([str(GRADSCHOOL), "--help"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    for command in ("demo", "graph", "train", "lr-sweep"):
        assert command in done.stdout


# ---------------------------------------------------------------- graph


def test_graph_prints_the_hand_computed_gradients(
    capsys: Capture, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "graph", "x*y + tanh(x)", "x=2", "y=-3", "-o", tmp_path / "g.gv")
    assert code == 0, err
    t = math.tanh(2.0)
    assert f"= {-6.0 + t:.8g}"[:10] in out
    grads = gradients(out)
    assert grads["x"] == pytest.approx(-3.0 + 1.0 - t * t, abs=1e-8)  # y + 1 - tanh²(x)
    assert grads["y"] == pytest.approx(2.0, abs=1e-8)  # x
    source = (tmp_path / "g.gv").read_text()
    assert source.startswith("digraph") and ">x<" in source and ">y<" in source


def test_graph_method_form_and_leading_minus(capsys: Capture, tmp_path: Path) -> None:
    code, out, err = run(capsys, "graph", "-x**2 + x.tanh()", "x=3", "-o", tmp_path / "m.gv")
    assert code == 0, err
    assert gradients(out)["x"] == pytest.approx(-6.0 + 1.0 - math.tanh(3.0) ** 2)


@pytest.mark.parametrize(
    "spelling",
    [
        ["-o", "{file}"],
        ["-o{file}"],
        ["-o={file}"],
        ["--output", "{file}"],
        ["--output={file}"],
        ["--out", "{file}"],  # argparse takes an unambiguous prefix of a long option
        ["--out={file}"],
    ],
)
@pytest.mark.parametrize("first", [True, False], ids=["options-first", "options-last"])
def test_graph_accepts_every_spelling_of_its_options(
    capsys: Capture, tmp_path: Path, spelling: list[str], first: bool
) -> None:
    picture = tmp_path / "g.gv"
    options = [token.format(file=picture) for token in spelling] + ["--local"]
    rest = ["-x*2", "x=1"]
    code, out, err = run(capsys, "graph", *(options + rest if first else rest + options))
    assert code == 0, err
    assert gradients(out)["x"] == pytest.approx(-2.0)
    assert picture.read_text().startswith("digraph")


@pytest.mark.parametrize(
    ("argv", "gradient"),
    [
        (["--x", "x=3"], 1.0),  # -(-x): starts like a long option, but spells none
        (["-1 * x", "x=3"], -1.0),
        (["--", "-o*2", "o=1"], -2.0),  # -o*2 alone would read as -o FILE
        (["-h*2", "h=1"], -2.0),  # only -h alone is the help option
    ],
)
def test_graph_expressions_that_start_with_a_minus(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    argv: list[str], gradient: float,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "graph", "--output=g.gv", *argv)
    assert code == 0, err
    assert list(gradients(out).values()) == [pytest.approx(gradient)]


def test_graph_only_shields_the_expression(capsys: Capture, tmp_path: Path) -> None:
    assert graph.shield_leading_minus(["-o", "-a.gv", "-x", "y=-1", "-z"]) == \
        ["-o", "-a.gv", " -x", "y=-1", "-z"]
    code, _, err = run(capsys, "graph", "-x", "x=1", "-z", "-o", tmp_path / "g.gv")
    assert code == 2
    assert_one_line_error(err)
    assert "unrecognized arguments: -z" in err


def test_graph_long_options_are_the_parsers() -> None:
    commands = next(a for a in build_parser()._actions
                    if isinstance(a, argparse._SubParsersAction))
    strings = {s for action in commands.choices["graph"]._actions for s in action.option_strings}
    assert {s for s in strings if s.startswith("--")} == set(graph.LONG_OPTIONS)
    assert {s for s in strings if not s.startswith("--")} == {"-o", "-h"}


@pytest.mark.graphviz_binary
def test_graph_renders_svg_and_png(capsys: Capture, tmp_path: Path) -> None:
    assert run(capsys, "graph", "x*y", "x=2", "y=3", "-o", tmp_path / "g.svg")[0] == 0
    assert "<svg" in (tmp_path / "g.svg").read_text()
    assert run(capsys, "graph", "relu(x)", "x=1", "--local-grads", "-o", tmp_path / "g.png")[0] == 0
    assert (tmp_path / "g.png").read_bytes().startswith(PNG_MAGIC)


def test_graph_without_graphviz_writes_the_dot_source(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` on this PATH
    code, out, _ = run(capsys, "graph", "x*y", "x=2", "y=3", "-o", tmp_path / "g.svg")
    assert code == 0
    assert not (tmp_path / "g.svg").exists()
    assert (tmp_path / "g.gv").read_text().startswith("digraph")
    assert "apt-get install graphviz" in out and "brew install graphviz" in out
    assert all(line in out.splitlines() for line in INSTALL_COMMANDS.splitlines())


INJECTIONS = [
    "__import__('os').system('echo INJECTED')",
    "().__class__.__bases__",
    "x.__class__",
    "open('f')",
    "[x for x in y]",
    "lambda: 1",
    "x[0]",
    "import os",
    "exec('print(1)')",
    "eval('1')",
    "x.tanh.__globals__",
    "f'{x}'",
    "x if x else x",
    "-" * 5000 + "x",
    "(" * 300 + "x" + ")" * 300,
    "x+" * 6000 + "x",
]


@pytest.mark.parametrize("source", INJECTIONS)
def test_graph_refuses_injections_with_exit_2_and_no_side_effect(
    capfd: Capture, tmp_path: Path, source: str
) -> None:
    picture = tmp_path / "g.gv"
    code = main(["graph", source, "x=1", "y=2", "-o", str(picture)])
    out, err = capfd.readouterr()
    assert code == 2
    assert_one_line_error(err)
    assert "INJECTED" not in out + err.replace(source, "")
    assert not picture.exists()


def test_a_refused_expression_runs_nothing(capsys: Capture, tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    code, _, err = run(capsys, "graph", f"__import__('os').system('touch {target}')")
    assert code == 2
    assert_one_line_error(err)
    assert not target.exists()


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (["x"], "expected NAME=VALUE"),
        (["x=abc"], "must be a number, got 'abc'"),
        (["x=1", "x=2"], "x is given twice"),
        (["__class__=1"], "may not start with '_'"),
        (["tanh=1"], "name of a function"),
        ([], "no value given for x"),
        (["x=1", "z=2"], "does not use the input(s) z"),
    ],
)
def test_graph_bad_inputs(capsys: Capture, tmp_path: Path,
                          inputs: list[str], message: str) -> None:
    code, _, err = run(capsys, "graph", "x + 1", *inputs, "-o", tmp_path / "g.gv")
    assert code == 2
    assert_one_line_error(err)
    assert message in err


def test_graph_bad_output_file(capsys: Capture, tmp_path: Path) -> None:
    code, _, err = run(capsys, "graph", "x", "x=1", "-o", tmp_path / "g.txt")
    assert code == 2 and ".svg" in err
    code, _, err = run(capsys, "graph", "x", "x=1", "-o", tmp_path / "missing" / "g.svg")
    assert code == 2 and "does not exist" in err


def test_graph_too_big_to_draw_still_prints_the_numbers(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nn.cli.graph.MAX_NODES", 2)
    code, out, err = run(capsys, "graph", "x*x + x", "x=3", "-o", tmp_path / "g.gv")
    assert code == 2
    assert gradients(out)["x"] == pytest.approx(7.0)
    assert_one_line_error(err)
    assert "too many to draw" in err and not (tmp_path / "g.gv").exists()


# ---------------------------------------------------------------- errors everywhere


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nonsense"], "invalid choice: 'nonsense'"),
        (["train", "--bogus"], "unrecognized arguments: --bogus"),
        (["train", "--lr", "-1"], "expected a number > 0, got '-1'"),
        (["train", "--lr", "fast"], "expected a number, got 'fast'"),
        (["train", "--hidden", "16,x"], "comma-separated layer sizes"),
        (["train", "--dataset", "iris"], "invalid choice: 'iris'"),
        (["train", "--optimizer", "lbfgs"], "invalid choice: 'lbfgs'"),
        (["train", "--epochs", "0"], "expected a whole number >= 1"),
        (["train", "--dataset", "blobs", "--loss", "hinge"], "choose one of: cross_entropy"),
        (["lr-sweep", "--lrs", "0.1,0.1"], "repeated"),
        (["lr-sweep", "--lrs", "1e-3,nan"], "finite"),
        (["graph"], "required: EXPR"),
    ],
)
def test_bad_flags_and_values_give_one_line_and_exit_2(
    capsys: Capture, tmp_path: Path, argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, *argv, "--out", tmp_path) if argv[0] in ("train", "lr-sweep") \
        else run(capsys, *argv)
    assert code == 2
    assert_one_line_error(err)
    assert message in err


def test_out_that_is_a_file(capsys: Capture, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    code, _, err = run(capsys, "train", "--out", tmp_path / "file")
    assert code == 2 and "is a file, not a directory" in err


def test_unexpected_errors_are_one_line_with_a_hint(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("something broke")

    monkeypatch.setattr("nn.cli.graph.evaluate", broken)
    code, _, err = run(capsys, "graph", "x", "x=1")
    assert code == 1
    assert "unexpected RuntimeError: something broke" in err and "report" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("error", [ValueError, TypeError])
def test_a_library_error_outside_the_users_values_is_unexpected(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise error("an internal mistake")

    monkeypatch.setattr("nn.cli.runs.fit", broken)
    code, _, err = run(capsys, "train", "--samples", "12", "--epochs", "1", "--hidden", "2",
                       "--out", tmp_path)
    assert code == 1
    assert_one_line_error(err)
    assert f"unexpected {error.__name__}: an internal mistake" in err and "report" in err

    monkeypatch.setattr("nn.cli.graph.gradient_table", broken)
    code, _, err = run(capsys, "graph", "x", "x=1", "-o", tmp_path / "g.gv")
    assert code == 1 and f"unexpected {error.__name__}" in err


def test_a_library_error_about_the_users_values_is_a_usage_error(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise ValueError("n_samples must be >= 4, got 3")

    monkeypatch.setattr("nn.cli.train.load_task", refuse)
    code, _, err = run(capsys, "train", "--out", tmp_path)
    assert code == 2
    assert_one_line_error(err)
    assert "n_samples must be >= 4, got 3" in err and "report" not in err


# ---------------------------------------------------------------- demo, train, lr-sweep


def test_demo_writes_its_four_pictures(capsys: Capture, tmp_path: Path) -> None:
    code, out, err = run(capsys, "demo", "--quick", "--out", tmp_path)
    assert code == 0, err
    for name in ("loss_curve.png", "decision_boundary.png", "lr_sweep.png"):
        assert (tmp_path / name).read_bytes().startswith(PNG_MAGIC), name
        assert name in out
    if shutil.which("dot"):
        assert "<svg" in (tmp_path / "neuron.svg").read_text()
    else:  # the DOT source instead, and how to install Graphviz
        assert (tmp_path / "neuron.gv").read_text().startswith("digraph")
    assert "accuracy" in out and "before training" in out and "verdict" in out


def test_demo_loss_curve_starts_at_the_loss_the_console_prints(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figures: dict[str, Figure] = {}
    real_save = pictures.save_figure

    def kept(figure: Figure, path: Path) -> Path:
        figures[path.name] = figure
        return real_save(figure, path)

    monkeypatch.setattr(pictures, "save_figure", kept)
    code, out, err = run(capsys, "demo", "--quick", "--out", tmp_path)
    assert code == 0, err
    printed = re.search(r"loss\s+(\S+) before training", out)
    assert printed is not None, out
    curve = figures["loss_curve.png"].axes[0].get_lines()[0]
    assert curve.get_xdata()[0] == 0  # epoch 0: before any update
    assert f"{curve.get_ydata()[0]:.4g}" == printed[1]
    assert len(curve.get_xdata()) == 1 + 5  # and one point per epoch of --quick


def test_demo_neuron_graph_has_micrograds_gradients() -> None:
    o = neuron_graph()
    by_name = {v.label: v for v in leaves(o)}
    assert o.data == pytest.approx(math.sqrt(0.5), abs=1e-12)
    # do/dn = 1 - o² = 0.5, so dx1 = w1 * 0.5, dw1 = x1 * 0.5, ...
    assert by_name["x1"].grad == pytest.approx(-1.5)
    assert by_name["w1"].grad == pytest.approx(1.0)
    assert by_name["x2"].grad == pytest.approx(0.5)
    assert by_name["w2"].grad == pytest.approx(0.0)
    assert by_name["b"].grad == pytest.approx(0.5)


def test_train_binary_writes_pictures_and_summary(
    capsys: Capture, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "train", "--dataset", "moons", "--samples", "40", "--epochs",
                         "8", "--hidden", "4", "--lr", "0.05", "--out", tmp_path)
    assert code == 0, err
    assert "binary_cross_entropy_with_logits" in out and "accuracy" in out
    for name in ("loss_curve.png", "decision_boundary.png"):
        assert (tmp_path / name).read_bytes().startswith(PNG_MAGIC)


def test_train_multiclass_uses_one_output_per_class(
    capsys: Capture, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "train", "--dataset", "blobs", "--samples", "30", "--epochs",
                         "3", "--hidden", "4", "--out", tmp_path)
    assert code == 0, err
    assert "-> 3," in out and "cross_entropy" in out and "3 classes" in out


@pytest.mark.parametrize("loss", ["hinge", "mse"])
def test_train_binary_losses_draw_the_boundary_where_the_loss_splits_classes(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loss: str
) -> None:
    calls: list[dict[str, object]] = []

    def recorded(*args: object, **kwargs: object) -> object:
        calls.append(kwargs)
        return decision_boundary(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("nn.cli.pictures.decision_boundary", recorded)
    code, out, err = run(capsys, "train", "--dataset", "xor", "--loss", loss, "--samples",
                         "20", "--epochs", "2", "--hidden", "4", "--out", tmp_path)
    assert code == 0, err
    assert f"({loss})" in out
    (kwargs,) = calls
    assert kwargs["loss"] == loss and kwargs.get("threshold") is None


def test_too_high_lr_ends_with_the_library_message(
    capsys: Capture, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "train", "--optimizer", "sgd", "--lr", "1e300", "--samples",
                         "12", "--epochs", "10", "--hidden", "4,4", "--out", tmp_path)
    assert code == 1
    assert "training diverged: the loss of batch" in out and "ten times smaller" in out
    assert "Traceback" not in err and "Warning" not in err


def test_lr_sweep_prints_every_rate_and_writes_the_plot(
    capsys: Capture, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "lr-sweep", "--dataset", "circles", "--samples", "30",
                         "--epochs", "2", "--batch-size", "4", "--hidden", "4",
                         "--lrs", "1e-4,0.1,1e100",
                         "--optimizer", "sgd", "--out", tmp_path)
    assert code == 0, err
    rows = {line.split()[0]: line for line in out.splitlines() if line[:1].isdigit()}
    assert set(rows) == {"0.0001", "0.1", "1e+100"}
    assert "too low" in rows["0.0001"]
    assert "diverged" in rows["1e+100"]  # the loss grew a millionfold after one update
    assert (tmp_path / "lr_sweep.png").read_bytes().startswith(PNG_MAGIC)


def test_sweep_verdicts() -> None:
    def run_with(lr: float, losses: list[float], stop: str | None = None,
                 updates: int = 20) -> SweepRun:
        history = History(history={"loss": losses}, diverged=stop is not None, stop_reason=stop,
                          batch_losses=[0.7] * (updates + (stop is not None)))
        return SweepRun(lr=lr, history=history)

    # verdict(run, loss before training, loss after its last update, best rate)
    message = "training diverged: the loss of batch 7 (epoch 2/5, step 1/6) ..."
    assert verdict(run_with(10.0, [5.0], message), 0.7, 9.0, None) == f"diverged: {message}"
    assert verdict(run_with(1.0, [3.0, 0.5], None), 0.7, 0.5, None).startswith("too high")
    assert verdict(run_with(1.0, [0.6, 0.6], None), 0.7, 0.8, None).startswith("too high")
    assert verdict(run_with(1e-4, [0.69, 0.68], None), 0.7, 0.68, None).startswith("too low")
    assert verdict(run_with(0.1, [0.5, 0.2], None), 0.7, 0.2, 0.1) == "best"
    assert verdict(run_with(0.01, [0.5, 0.3], None), 0.7, 0.3, 0.1) == ""
    # The losses of the epochs are measured while training; the one that counts is after.
    assert verdict(run_with(1.0, [0.69], None), 0.7, 0.2, 1.0) == "best"
    for updates in (1, 9):
        few = verdict(run_with(1.0, [5.0], None, updates=updates), 0.7, 9.0, None)
        assert few.startswith(f"too few updates to judge the learning rate ({updates},")

def test_graph_normalises_the_names_of_name_value_as_the_expressions(
    capsys: Capture, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "graph", "𝑥*𝑦", "𝑥=2", "𝑦=3", "-o", tmp_path / "g.gv")
    assert code == 0, err
    assert "𝑥*𝑦 = 6" in out
    code, _, err = run(capsys, "graph", "x*y", "𝑥=2", "x=3", "y=1", "-o", tmp_path / "g.gv")
    assert code == 2 and "x is given twice" in err


def test_graph_syntax_error_says_where(capsys: Capture, tmp_path: Path) -> None:
    code, _, err = run(capsys, "graph", "x*y +", "x=2", "y=3", "-o", tmp_path / "g.gv")
    assert code == 2
    assert_one_line_error(err)
    assert "invalid syntax at column 6" in err and "invalid syntax: invalid syntax" not in err
