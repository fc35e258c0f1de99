"""The exam commands of ``python -m tinyrnn``: ``exercise`` and ``handout``.

``tinyrnn exercise lstm|gru [--seed N] [--kind K] [--format F] [--answers] [--count N] [--table]``
    prints a question (and its answer key), or a numbered sheet of N distinct exercises;
``tinyrnn handout lstm|gru`` (also spelt ``reference``, its first name)
    prints the stdlib-only step function to copy into an exam.
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_exam_commands", "latex_document"]


def latex_document(body: str) -> str:
    """``body`` in the smallest preamble it needs: ``article`` and ``amsmath``."""
    return "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n" + body + "\n\\end{document}"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid positive int value: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive int, got {value}")
    return value


def _run_exercise(args: argparse.Namespace) -> str:
    from tinyrnn import exercises

    options: dict[str, Any] = {
        "hidden_size": args.hidden_size,
        "input_size": args.input_size,
        "decimals": args.decimals,
        "kind": args.kind,
        "gate": args.gate,
        "grid": args.grid,
    }
    from tinyrnn.family import CELLS, options_of

    for kind in CELLS:
        for name in options_of(kind):
            given = getattr(args, name)
            if kind == args.exercise_cell and given is not None:
                options[name] = given
            elif kind != args.exercise_cell and given is not None and name not in options_of(args.exercise_cell):
                dashed = name.replace("_", "-")
                flag = f"--no-{dashed}" if given is False else f"--{dashed}"
                raise ValueError(f"{flag} is only for {kind} exercises")
    if args.standalone and args.format != "latex":
        raise ValueError("--standalone is only for --format latex")
    sheet = exercises.sheet(args.exercise_cell, args.count, args.seed, **options)
    numbered = args.count > 1
    parts = [
        ex.question(args.format, number=k if numbered else None, table=args.table) for k, ex in enumerate(sheet, 1)
    ]
    if args.answers:
        parts += [ex.answer_key(args.format, number=k if numbered else None) for k, ex in enumerate(sheet, 1)]
    separator = {"text": "\n\n\n", "markdown": "\n\n---\n\n", "latex": "\n\n"}[args.format]
    body = separator.join(parts)
    return latex_document(body) if args.standalone else body


def _run_handout(args: argparse.Namespace) -> str:
    from tinyrnn.handouts import source

    return source(args.handout_cell).rstrip("\n")


def add_exam_commands(subparsers: Any) -> None:
    """Register ``exercise`` and ``handout`` on the subparsers of ``build_parser()``."""
    exercise = subparsers.add_parser(
        "exercise",
        help="print a hand-computable exercise on one step of a cell (and its answer key)",
        description="Print an exercise drawn from a grid of easy numbers, to solve by hand; --answers adds the "
        "answer key (every step term by term, by hand and exact side by side); --count N prints a numbered sheet "
        "of N distinct exercises (seeds S, S+1, ... for --seed S).",
    )
    from tinyrnn.family import CELLS, add_option_arguments

    kinds = tuple(CELLS)
    exercise.add_argument("exercise_cell", choices=kinds, metavar="{" + ",".join(kinds) + "}", help="the cell")
    exercise.add_argument("--seed", type=int, default=7, help="the same seed gives the same exercise (default: 7)")
    exercise.add_argument(
        "--kind",
        default="full",
        choices=("full", "gate", "saturation", "find-error"),
        help="full step, single gate, which gate is saturated, or find the error (default: full)",
    )
    exercise.add_argument("--gate", help="for --kind gate: f, i, c_tilde, o (lstm) or r, z (gru); default: drawn")
    add_option_arguments(exercise, kinds, defaults=False)
    exercise.add_argument("--format", default="text", choices=("text", "markdown", "latex"), help="default: text")
    exercise.add_argument("--answers", action="store_true", help="add the answer key(s)")
    exercise.add_argument("--count", type=_positive, default=1, help="a numbered sheet of N distinct exercises")
    exercise.add_argument("--table", action="store_true", help="add a table of σ and tanh (exams without calculators)")
    exercise.add_argument("--standalone", action="store_true", help="with --format latex: a whole document")
    exercise.add_argument("--hidden-size", type=_positive, default=2, help="H (default: 2)")
    exercise.add_argument("--input-size", type=_positive, default=2, help="I (default: 2)")
    exercise.add_argument("--decimals", type=int, default=2, help="decimals kept by hand (default: 2)")
    exercise.add_argument("--grid", type=float, default=0.1, help="step of the number grid in [-1, 1] (default: 0.1)")
    exercise.set_defaults(run=_run_exercise, cell="exercise")

    handout = subparsers.add_parser(
        "handout",
        aliases=["reference"],
        help="print the stdlib-only code of one step, to copy into an exam",
        description="Print lstm_step.py or gru_step.py: one step with only the math module, the slides' notation "
        "and step numbers; `python lstm_step.py` prints the slide example.",
    )
    handout.add_argument("handout_cell", choices=("lstm", "gru"), metavar="{lstm,gru}", help="the cell")
    handout.set_defaults(run=_run_handout, cell="handout")
