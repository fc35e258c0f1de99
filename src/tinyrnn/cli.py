"""The command line: ``python -m tinyrnn`` (or ``tinyrnn``).

``tinyrnn``                 the walkthrough of both slide examples
``tinyrnn lstm [options]``  one LSTM step, every intermediate shown
``tinyrnn gru [options]``   one GRU step (``--variant colah|cho2014|pytorch``)
``tinyrnn exercise lstm|gru``  a hand-computable exercise and its answer key (see :mod:`tinyrnn.exercises.command`)
``tinyrnn handout lstm|gru``  the stdlib-only step function to copy into an exam

Weights come from ``--params FILE.json`` (the ``cell.params`` format),
``--seed N`` (seeded random weights), or, by default, the slide example.
Bad arguments exit with status 2 and a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

__all__ = ["build_parser", "main"]

MAX_PARAMS_BYTES = 10_000_000  # a parameter file larger than this is refused, not read


class UsageError(Exception):
    """A bad command-line argument: reported in one line, exit status 2."""


def _one_line(text: str) -> str:
    """``text`` on one printable line: a newline, a carriage return or another control character is escaped."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {_one_line(message)} (see {self.prog} --help)\n")


def _numbers(option: str) -> Callable[[str], list[float]]:
    def parse(text: str) -> list[float]:
        values = []
        for item in text.split(","):
            try:
                value = float(item)
            except ValueError:  # a loop of a few numbers, and it reports which one
                raise argparse.ArgumentTypeError(
                    f"{option} must be comma-separated numbers such as 0.5,-0.3,0.8; {item.strip()!r} is not a number"
                ) from None
            if math.isinf(value) and "inf" not in item.lower():  # 1e400 became inf
                raise argparse.ArgumentTypeError(
                    f"{option} must be comma-separated numbers such as 0.5,-0.3,0.8; {item.strip()!r} is too large "
                    "for a float (largest is about 1.8e308)"
                )
            values.append(value)
        return values

    parse.__name__ = option  # argparse names the type in its messages
    return parse


def _load_params(path: str) -> Any:
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_PARAMS_BYTES + 1)
    except OSError as error:
        raise UsageError(f"cannot read --params {path}: {error.strerror or error}") from None
    if len(data) > MAX_PARAMS_BYTES:
        raise UsageError(f"--params {path} is larger than {MAX_PARAMS_BYTES} bytes; a parameter file is far smaller")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--params {path} is not UTF-8 text") from None
    try:
        return json.loads(
            text,
            parse_int=_json_number(path, int),
            parse_float=_json_number(path, float),
            object_pairs_hook=_json_object(path),
        )
    except json.JSONDecodeError as error:
        raise UsageError(
            f"--params {path} is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise UsageError(f"--params {path} is nested too deeply to be a parameter file") from None


def _json_number(path: str, kind: type[float] | type[int]) -> Callable[[str], Any]:
    """Parse a JSON number, refusing one too large for a float (JSON's 1e999 would become inf)."""

    def parse(text: str) -> Any:
        too_long = kind is int and len(text.lstrip("-")) > 309  # 10**309 > 1.8e308; Python refuses 4300+ digits
        if too_long or (kind is float and math.isinf(float(text))):
            shown = text if len(text) <= 20 else f"{text[:17]}... ({len(text)} characters)"
            raise UsageError(
                f"--params {path} has the number {shown}, too large for a float (largest is about 1.8e308)"
            )
        return kind(text)

    return parse


def _json_object(path: str) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """Build a JSON object, refusing a key given twice (JSON would silently keep the last value)."""

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise UsageError(f"--params {path} gives the key {key!r} twice; each key must appear once")
            seen.add(key)
        return dict(pairs)

    return build


def _render(step: Any, args: argparse.Namespace) -> str:
    if args.format == "json":
        return json.dumps(step.to_dict(), indent=2, allow_nan=False)
    return str(step.render(args.format, args.decimals))


def _run_cell(args: argparse.Namespace) -> str:
    from tinyrnn import examples, family
    from tinyrnn.specs import family as descriptions
    from tinyrnn.specs import spec

    options = {name: getattr(args, name) for name, _ in descriptions(args.cell)[0].options}
    described = spec(args.cell, **options)
    x = examples.X if args.x is None else args.x
    if args.params is not None:
        cell = family.from_params(described.key, _load_params(args.params))
    elif args.seed is not None:
        if args.hidden_size is not None:
            hidden_size = args.hidden_size
        else:
            hidden_size = len(args.h) if args.h is not None else len(x)
        cell = family.build(described.key, len(x), hidden_size, seed=args.seed)
    else:  # the slide example
        cell = examples.slide_cell(described.key)
    if args.hidden_size is not None and args.hidden_size != cell.hidden_size:
        raise UsageError(f"--hidden-size is {args.hidden_size} but the weights have hidden_size {cell.hidden_size}")
    use_slide_states = args.params is None and args.seed is None
    slide_states = {"h": examples.H_PREV, "c": examples.C_PREV}
    states = [
        getattr(args, state)
        if getattr(args, state) is not None
        else (slide_states[state] if use_slide_states else None)
        for state in described.states
    ]
    step = cell.step(x, *states, round_to=args.round_to)
    return _render(step, args)


def _run_walkthrough(args: argparse.Namespace) -> str:  # noqa: ARG001 - every command takes args
    from tinyrnn.examples import walkthrough

    return walkthrough()


def _add_cell_command(subparsers: Any, name: str) -> None:
    from tinyrnn.specs import family

    kinds = family(name)  # the descriptions of this kind of cell: one per option value
    cell = name.upper()
    parser = subparsers.add_parser(
        name,
        help=f"compute one {cell} step and show every intermediate",
        description=f"Compute one {cell} step and show every pre-activation, gate, candidate and state. "
        "Weights: --params FILE, --seed N, or (default) the slide example; states default to the slide's "
        "with the slide weights and to zeros otherwise.",
    )
    parser.add_argument(
        "--x", type=_numbers("--x"), help="input x_t, comma-separated (default: the slide's 0.5,-0.3,0.8)"
    )
    parser.add_argument("--h", type=_numbers("--h"), help="previous hidden state h_{t-1}, comma-separated")
    if "c" in kinds[0].states:
        parser.add_argument("--c", type=_numbers("--c"), help="previous cell state C_{t-1}, comma-separated")
    for option, default in kinds[0].options:
        values = tuple(dict.fromkeys(dict(each.options)[option] for each in kinds))
        parser.add_argument(
            f"--{option}",
            default=default,
            choices=values,
            help=f"the {cell}'s {option} (default: {default}, {kinds[0].name})",
        )
    weights = parser.add_mutually_exclusive_group()
    weights.add_argument("--params", metavar="FILE", help="weights as JSON, in the cell.params format")
    weights.add_argument("--seed", type=int, help="seeded random weights (uniform in ±1/√hidden_size)")
    parser.add_argument("--hidden-size", type=int, help="hidden size for --seed (default: length of --h, else of --x)")
    parser.add_argument(
        "--format",
        default="text",
        choices=("text", "markdown", "latex", "json", "html"),
        help="output format (default: text)",
    )
    parser.add_argument("--decimals", type=int, default=2, help="decimals shown (default: 2; values stay exact)")
    parser.add_argument(
        "--round-to",
        type=int,
        metavar="D",
        help="hand-rounding mode: round every intermediate to D decimals before using it",
    )
    parser.set_defaults(run=_run_cell, cell=name)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m tinyrnn``."""
    from tinyrnn import __version__

    parser = _Parser(
        prog="tinyrnn",
        description="LSTM and GRU cells computed step by step, every intermediate shown. "
        "With no command: the walkthrough of the slide examples.",
    )
    parser.add_argument("--version", action="version", version=f"tinyrnn {__version__}")
    parser.set_defaults(run=_run_walkthrough)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    walk = subparsers.add_parser("walkthrough", help="the slide examples, step by step (the default)")
    walk.set_defaults(run=_run_walkthrough)
    from tinyrnn.family import CELLS

    for kind in CELLS:
        _add_cell_command(subparsers, kind)
    from tinyrnn.exercises.command import add_exam_commands

    add_exam_commands(subparsers)  # exercise, handout
    from tinyrnn.explainer.command import add_command as add_explainer_command

    add_explainer_command(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0, or 2 for bad arguments).

    A bad value (a vector of the wrong length, a hostile ``--params`` file...) is reported in one
    line on stderr and the status 2 is returned; no other exception escapes.

    Raises:
        SystemExit: from the argument parser: status 0 after ``--help`` or ``--version``, status 2
            (and one line on stderr) for an unknown command or option, or an option value of the wrong form.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        output = args.run(args)
    except (UsageError, ValueError, TypeError) as error:
        prog = f"tinyrnn {args.cell}" if hasattr(args, "cell") else "tinyrnn"
        message = _one_line(str(error))
        print(f"{prog}: error: {message}", file=sys.stderr)
        return 2
    try:
        print(output)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `python -m tinyrnn | head`: the reader left, not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
