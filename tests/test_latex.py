"""Every LaTeX document the command line can write compiles with pdflatex as given: no error, no overfull line.

The commands are generated from the cell descriptions (every cell kind, every option value), so a new
cell or option is compiled here without a new line of test. A standalone document may use only the
packages of Debian's ``texlive-latex-base``, the smallest TeX installation a teacher may have.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import needs_pdflatex
from tinyrnn.cli import main, spec_flags
from tinyrnn.family import CELLS
from tinyrnn.specs import family

#: What Debian's texlive-latex-base has (and the issue allows); needspace, booktabs, xcolor, enumitem are not.
MINIMAL_PACKAGES = {"amsmath", "amssymb", "geometry", "array", "longtable", "fancyhdr", "graphicx"}


def _flags(key_flags: str) -> list[str]:
    """``"gru --variant pytorch"`` → ``["gru", "--variant", "pytorch"]``."""
    return key_flags.split()


def _step_commands() -> list[list[str]]:
    """One step of every cell description, plain and with every option that changes what LaTeX shows."""
    commands = []
    for kind in CELLS:
        for described in family(kind):
            base = _flags(spec_flags(described))
            commands += [
                base,
                [*base, "--show-weights", "--round-to", "2", "--decimals", "3"],
                [
                    *base,
                    "--seed",
                    "3",
                    "--hidden-size",
                    "8",
                    "--x",
                    "-1,0,1,0.5,-0.5,0.25,0.75,-0.25",
                    "--show-weights",
                ],
                [*base, "--seed", "5", "--hidden-size", "20", "--decimals", "4"],
            ]
    return commands


def _exercise_commands() -> list[list[str]]:
    """Exercises of every cell description and every kind, with and without answers; sheets with tables."""
    commands = []
    for kind in CELLS:
        for described in family(kind):
            flags = _flags(spec_flags(described))[1:]
            questions = ("full", "gate", "saturation", "find-error") if described.gates else ("full", "find-error")
            for question in questions:
                base = ["exercise", kind, *flags, "--kind", question]
                commands += [base, [*base, "--answers", "--table"]]
            commands.append(["exercise", kind, *flags, "--count", "3", "--answers", "--table"])
            commands.append(
                ["exercise", kind, *flags, "--hidden-size", "4", "--input-size", "4", "--decimals", "3", "--answers"]
            )
    commands.append(["exercise", "gru", "--kind", "find-error", "--count", "5", "--answers"])  # the sheet
    commands.append(["exercise", "gru", "--rounding", "per-product", "--answers", "--table"])
    commands.append(["exercise", "lstm", "--decimals", "3", "--table", "--answers"])
    return commands


COMMANDS = [[*c, "--format", "latex", "--standalone"] for c in _step_commands() + _exercise_commands()]


def _run(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0, argv
    return out.getvalue()


def _compile(source: str, directory: Path) -> str:
    (directory / "doc.tex").write_text(source, encoding="utf-8")
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    log = (directory / "doc.log").read_text(encoding="latin-1")
    assert result.returncode == 0, result.stdout[-3000:]
    return log


@needs_pdflatex
@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c[:-3]) for c in COMMANDS])
def test_every_latex_output_compiles_without_an_overfull_line(argv: list[str], tmp_path: Path) -> None:
    source = _run(argv)
    packages = {p for group in re.findall(r"\\usepackage(?:\[[^]]*\])?\{([^}]*)\}", source) for p in group.split(",")}
    assert packages <= MINIMAL_PACKAGES, packages - MINIMAL_PACKAGES
    log = _compile(source, tmp_path)
    assert not re.search(r"^! ", log, re.MULTILINE), log[-3000:]
    overfull = re.findall(r"^Overfull \\hbox.*$", log, re.MULTILINE)
    assert overfull == [], overfull


def test_every_cell_description_and_question_kind_is_compiled() -> None:
    """The list above follows the descriptions: each cell kind and option value, each kind of question."""
    from tinyrnn.exercises import KINDS
    from tinyrnn.specs import KEYS, spec_of_key

    steps = {" ".join(c[:-3]) for c in COMMANDS if c[0] != "exercise"}
    for key in KEYS:
        assert spec_flags(spec_of_key(key)) in steps, key
    questions = {(c[1], c[c.index("--kind") + 1]) for c in COMMANDS if "--kind" in c}
    asked = {(kind, q) for kind in CELLS for q in KINDS if family(kind)[0].gates or q in ("full", "find-error")}
    assert questions == asked


@needs_pdflatex
@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext is not installed (.ci/run installs poppler-utils)"
)
def test_the_exam_sheet_puts_the_key_on_a_new_page_and_keeps_each_step_together(tmp_path: Path) -> None:
    source = _run(
        ["exercise", "gru", "--kind", "find-error", "--count", "5", "--answers", "--format", "latex", "--standalone"]
    )
    questions, keys = source.split("\\clearpage", 1)
    assert "Answer key" not in questions and keys.count("Answer key to exercise") == 5
    # Every step of every solution is a minipage: no page break inside it.
    assert source.count(r"\begin{minipage}") == source.count(r"\end{minipage}") >= 5 * 9
    assert r"\textbf{}" not in source  # every table header filled
    _compile(source, tmp_path)
    pages = subprocess.run(
        ["pdftotext", str(tmp_path / "doc.pdf"), "-"], capture_output=True, text=True, check=False
    ).stdout.split("\f")
    first_key = next(k for k, page in enumerate(pages) if "Answer key to exercise 1" in page)
    assert "Exercise 5" not in pages[first_key]
    assert any("Exercise 5" in page for page in pages[:first_key])
