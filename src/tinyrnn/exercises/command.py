"""The exam commands of ``python -m tinyrnn``: ``exercise`` and ``handout``.

``tinyrnn exercise lstm|gru [--seed N] [--kind K] [--format F] [--answers] [--count N] [--table]``
    prints a question (and its answer key), or a numbered sheet of N distinct exercises;
    one ``exercise`` subcommand per cell kind, with the options of its descriptions (``--variant``);
``tinyrnn handout lstm|gru`` (also spelt ``reference``, its first name)
    prints the stdlib-only step function to copy into an exam.
"""

from __future__ import annotations

import argparse
from typing import Any

from tinyrnn.checks import positive_int
from tinyrnn.render import latex_document

__all__ = ["add_exam_commands", "latex_document"]

_KINDS_HELP = "full step, single gate, which gate is saturated, or find the error (default: full)"


class _OptionError(ValueError):
    """A bad combination of options, already in the command line's words."""


def _check_gate(args: argparse.Namespace) -> None:
    """``--gate`` names a gate of this cell; a gate of another cell kind is named as such."""
    from tinyrnn.exercises import GATES

    gates = GATES[args.exercise_cell]
    if args.gate is None or args.gate in gates:
        return
    cell = args.exercise_cell.upper()
    others = [kind for kind, names in GATES.items() if args.gate in names]
    hint = ""
    if others:
        owners = " and ".join(_article(other.upper()) for other in others)
        hint = f"; {args.gate} is a gate of {owners}: use `tinyrnn exercise {others[0]} --gate {args.gate}`"
    raise _OptionError(f"--gate must be one of {', '.join(gates)} for {_article(cell)} exercise, got {args.gate}{hint}")


def _article(name: str) -> str:
    from tinyrnn.checks import article

    return article(name)


def _run_exercise(args: argparse.Namespace) -> str:
    from tinyrnn import exercises
    from tinyrnn.cli import description_options

    kind = args.kind
    if args.gate is not None:
        if kind is None:
            kind = "gate"  # --gate f asks for the gate f
        elif kind != "gate":
            raise _OptionError(f"--gate is only for --kind gate, got --kind {kind}")
    _check_gate(args)
    if args.standalone and args.format != "latex":
        raise _OptionError("--standalone is only for --format latex")
    if args.format in ("moodle", "gift") and (kind == "saturation" or args.table or args.answers):
        what = (
            "--kind saturation (it asks which gate, not a number)"
            if kind == "saturation"
            else ("--table" if args.table else "--answers (the worked solution is each question's general feedback)")
        )
        raise _OptionError(f"--format {args.format} writes numerical questions: leave out {what}")
    options: dict[str, Any] = {
        "hidden_size": args.hidden_size,
        "input_size": args.input_size,
        "decimals": args.decimals,
        "kind": kind or "full",
        "gate": args.gate,
        "grid": args.grid,
        "rounding": args.rounding,
        **description_options(args, args.exercise_cell),
    }
    sheet = exercises.sheet(args.exercise_cell, args.count, args.seed, **options)
    if args.format in ("moodle", "gift"):
        from tinyrnn.exercises import lms

        return lms.moodle(sheet) if args.format == "moodle" else lms.gift(sheet)
    numbered = args.count > 1
    parts = [ex.question(args.format, number=k if numbered else None) for k, ex in enumerate(sheet, 1)]
    if args.table:  # one table for the whole sheet, over the range every exercise needs
        from tinyrnn.exercises.text import table_blocks

        parts.append(sheet[0]._write(table_blocks(sheet), args.format))
    separator = {"text": "\n\n\n", "markdown": "\n\n---\n\n", "latex": "\n\n"}[args.format]
    body = separator.join(parts)
    if args.answers:
        keys = separator.join(
            ex.answer_key(args.format, number=k if numbered else None) for k, ex in enumerate(sheet, 1)
        )
        new_page = {"latex": "\n\n\\clearpage\n\n"}.get(args.format, separator)  # the key starts on a page of its own
        body += new_page + keys
    return latex_document(body) if args.standalone else body


def _run_handout(args: argparse.Namespace) -> str:
    from tinyrnn.handouts import source

    return source(args.handout_cell).rstrip("\n")


def _add_exercise_command(cells: Any, kind: str) -> None:
    from tinyrnn.cli import set_foreign_options
    from tinyrnn.exercises import GATES
    from tinyrnn.family import add_option_arguments

    cell = kind.upper()
    parser = cells.add_parser(
        kind,
        help=f"{_article(cell)} exercise",
        description=f"Print {_article(cell)} exercise drawn from a grid of easy numbers, to solve by hand; --answers "
        "adds the answer key (every step term by term, by hand and exact side by side); --count N prints a "
        "numbered sheet of N distinct exercises (seeds S, S+1, ... for --seed S).",
    )
    parser.add_argument("--seed", type=int, default=7, help="the same seed gives the same exercise (default: 7)")
    parser.add_argument("--kind", choices=("full", "gate", "saturation", "find-error"), help=_KINDS_HELP)
    gates = ", ".join(GATES[kind])
    parser.add_argument("--gate", help=f"ask for one gate: {gates} (implies --kind gate; default: drawn)")
    add_option_arguments(parser, [kind])
    set_foreign_options(parser, kind, "exercises")
    parser.add_argument(
        "--format",
        default="text",
        choices=("text", "markdown", "latex", "moodle", "gift"),
        help="text, markdown, latex, or a quiz for an LMS: moodle (Moodle XML) or gift (default: text)",
    )
    parser.add_argument("--answers", action="store_true", help="add the answer key(s)")
    parser.add_argument("--count", type=positive_int, default=1, help="a numbered sheet of N distinct exercises")
    parser.add_argument(
        "--table",
        action="store_true",
        help="add a table of σ(a) and tanh(a), a ≥ 0 in steps of 0.01 (exams without calculators)",
    )
    parser.add_argument("--standalone", action="store_true", help="with --format latex: a whole document for pdflatex")
    parser.add_argument(
        "--rounding",
        choices=("per-line", "per-product"),
        default="per-line",
        help="round each line's result, not each product (per-line, the default), or each product too (per-product)",
    )
    parser.add_argument("--hidden-size", type=positive_int, default=2, help="H (default: 2)")
    parser.add_argument("--input-size", type=positive_int, default=2, help="I (default: 2)")
    parser.add_argument("--decimals", type=int, default=2, help="decimals kept by hand (default: 2)")
    parser.add_argument("--grid", type=float, default=0.1, help="step of the number grid in [-1, 1] (default: 0.1)")
    words = {name: f"--{name.replace('_', '-')}" for name in ("input_size", "count", "grid", "seed", "kind", "gate")}
    parser.set_defaults(run=_run_exercise, exercise_cell=kind, prog=parser.prog, words=words)


def add_exam_commands(subparsers: Any) -> None:
    """Register ``exercise`` (one subcommand per cell kind) and ``handout`` on the subparsers of ``build_parser()``."""
    from tinyrnn.family import CELLS
    from tinyrnn.handouts import FILES

    names = "|".join(CELLS)
    exercise = subparsers.add_parser(
        "exercise",
        help=f"print a hand-computable {' or '.join(kind.upper() for kind in CELLS)} exercise (and its answer key)",
        description="Print an exercise drawn from a grid of easy numbers, to solve by hand, and its answer key. "
        f"Choose the cell: tinyrnn exercise {names} [options]; tinyrnn exercise lstm --help lists the options.",
    )
    exercise.set_defaults(prog=exercise.prog)
    exercise.lead = tuple(CELLS)  # the cell may come after the options: `exercise --seed 3 lstm`
    cells = exercise.add_subparsers(title="cells", metavar="CELL", dest="exercise_cell", required=True)
    for kind in CELLS:
        _add_exercise_command(cells, kind)

    handout = subparsers.add_parser(
        "handout",
        aliases=["reference"],
        help="print the stdlib-only code of one step, to copy into an exam",
        description="Print lstm_step.py or gru_step.py: one step with only the math module, the slides' notation "
        "and step numbers; `python lstm_step.py` prints the slide example.",
    )
    handout.add_argument("handout_cell", choices=tuple(FILES), metavar="{" + ",".join(FILES) + "}", help="the cell")
    handout.set_defaults(run=_run_handout, prog=handout.prog)
