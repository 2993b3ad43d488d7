"""The divergence examples the README and ``gradschool --help`` offer do diverge, as a new
user would run them, and end with the library's message.

The examples are read from the texts themselves (a README command line whose comment says
it diverges, a help example marked "(watch it diverge)"), so an example edited into one
that no longer diverges fails here.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from nn.cli.main import main
from nn.cli.train import SWEEP_EXAMPLES, TRAIN_EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
GRADSCHOOL = Path(sys.executable).parent / "gradschool"  # the console script of this environment

#: The summary line ``gradschool train`` prints for a diverged run, holding the library's
#: message (whose wording may change; that it says "diverged" does not).
DIVERGED_LINE = re.compile(r"^diverged\s+\S.*diverged", re.MULTILINE)

#: ``gradschool <flags>`` then a ``# comment`` (README) or a ``(note)`` (help).
COMMAND_WITH_NOTE = re.compile(r"(?P<command>gradschool [^#(]*?)\s*[#(](?P<note>.*)$")


def diverging_commands(text: str) -> list[str]:
    """The ``gradschool ...`` command lines of ``text`` that say they diverge, without
    their comment or note."""
    commands = []
    for line in text.splitlines():
        match = COMMAND_WITH_NOTE.match(line.strip())
        if match is not None and "diverge" in match["note"]:
            commands.append(match["command"])
    return commands


README_EXAMPLES = diverging_commands((ROOT / "README.md").read_text(encoding="utf-8"))
HELP_EXAMPLES = diverging_commands(TRAIN_EXAMPLES + SWEEP_EXAMPLES)


def test_the_readme_and_the_help_each_offer_a_diverging_example() -> None:
    assert README_EXAMPLES, "the README's command lines show no run that diverges"
    assert HELP_EXAMPLES, "gradschool train --help shows no run that diverges"


@pytest.mark.parametrize("command", README_EXAMPLES)
def test_the_readmes_example_diverges_through_the_console_script(
    command: str, tmp_path: Path
) -> None:
    if not GRADSCHOOL.exists():
        pytest.fail(f"the console script is missing: {GRADSCHOOL} (pip install -e .)")
    argv = [str(GRADSCHOOL), *shlex.split(command)[1:], "--out", str(tmp_path)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False,
                          cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert DIVERGED_LINE.search(done.stdout), done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", HELP_EXAMPLES)
def test_the_helps_example_diverges(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([*shlex.split(command)[1:], "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert DIVERGED_LINE.search(out), out
    assert (tmp_path / "loss_curve.png").exists()
