"""The command line: ``python -m tinyrnn`` (or ``tinyrnn``).

``tinyrnn``                 the walkthrough of both slide examples
``tinyrnn lstm [options]``  one LSTM step, every intermediate shown
``tinyrnn gru [options]``   one GRU step (``--variant colah|cho2014|pytorch``)
``tinyrnn exercise lstm|gru``  a hand-computable exercise and its answer key (see :mod:`tinyrnn.exercises.command`)
``tinyrnn handout lstm|gru``  the stdlib-only step function to copy into an exam

One subcommand per cell kind, each built from the kind's descriptions
(:mod:`tinyrnn.specs`): an option of the descriptions with text values
becomes ``--name VALUE`` with its values as choices, a yes/no option a flag
(``--peepholes`` when it is off by default, ``--no-forget-gate`` when it is
on), dashes for underscores.

Weights come from ``--params FILE.json`` (the ``cell.params`` format),
``--seed N`` (seeded random weights), or, by default, the slide example;
``--show-weights`` prints them. Vector options take negative numbers as
written (``--x -1,0,1``). Bad arguments exit with status 2 and one line in the
command line's words (options, not Python names), ending with the
subcommand's help hint; a mistyped option gets a "did you mean".
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from tinyrnn.specs import CellSpec

__all__ = ["build_parser", "main"]

MAX_PARAMS_BYTES = 10_000_000  # a parameter file larger than this is refused, not read
FORMATS = ("text", "markdown", "latex", "json", "html")


class UsageError(Exception):
    """A bad command-line argument: reported in one line, exit status 2."""


def _one_line(text: str) -> str:
    """``text`` on one printable line: a newline, a carriage return or another control character is escaped."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


# The parser: negative numbers as written, "did you mean", the subcommand's help hint ----------------


_NUMBERS = re.compile(r"-(?:\d|\.\d|inf|nan)[^\s]*", re.IGNORECASE)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors teach: one line, a "did you mean", the help hint of its own command."""

    def error(self, message: str) -> NoReturn:
        message = re.sub(r"^argument (\S+): (?=\1 )", "", message)  # "argument --x: --x must be …"
        self.exit(2, f"{self.prog}: error: {_one_line(self._suggest(message))} (see {self.prog} --help)\n")

    def _suggest(self, message: str) -> str:
        """Add "did you mean …?" to a message about a mistyped option or choice."""
        unknown = re.match(r"unrecognized arguments: (.*)", message)
        if unknown:
            options = [option for option in self._option_string_actions if option.startswith("--")]
            foreign: dict[str, str] = getattr(self, "foreign", {})  # options of the other cell kinds
            for word in unknown.group(1).split():
                flag = word.split("=", 1)[0]
                if flag in foreign:
                    command = self.prog.rsplit(" ", 1)[0] + " " + foreign[flag]
                    given = unknown.group(1)
                    what = getattr(self, "what", "commands")
                    return f"{message} ({flag} is only for {foreign[flag]} {what}: use `{command} {given}`)"
            for word in unknown.group(1).split():
                guess = difflib.get_close_matches(word.split("=", 1)[0], options, n=1, cutoff=0.6)
                if word.startswith("-") and guess:
                    return f"{message} (did you mean {guess[0]}?)"
            return message
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)$", message)
        if choice:
            choices = re.findall(r"'?([^,' ]+)'?", choice.group(2))
            guess = difflib.get_close_matches(choice.group(1), choices, n=1, cutoff=0.6)
            if guess:
                return f"{message} (did you mean {guess[0]}?)"
        return message

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> Any:
        """Parse, taking ``--x -1,0,1`` as ``--x=-1,0,1``; an argument nobody knows is an error of this command."""
        arguments = list(sys.argv[1:] if args is None else args)
        vectors = {
            option
            for action in self._actions
            if getattr(action.type, "vector", False)
            for option in action.option_strings
        }
        joined: list[str] = []
        for word in arguments:
            if joined and joined[-1] in vectors and _NUMBERS.fullmatch(word):
                joined[-1] = f"{joined[-1]}={word}"  # argparse would take "-1,0,1" for an option
            else:
                joined.append(word)
        lead: tuple[str, ...] = getattr(self, "lead", ())  # `exercise --seed 3 lstm`: the cell goes first
        if lead and not {"-h", "--help"} & set(joined):
            first = next((k for k, word in enumerate(joined) if word in lead), None)
            if first is not None:
                joined.insert(0, joined.pop(first))
            elif not any(word[:1].isalpha() for word in joined):  # a mistyped cell is argparse's invalid choice
                self.error(f"the cell is missing: {self.prog} {'|'.join(lead)} [options]")
        namespace, extras = super().parse_known_args(joined, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras


def _numbers(option: str) -> Callable[[str], list[float]]:
    """The type of a vector option: comma-separated finite numbers, ``0.5,-0.3,0.8``."""

    def parse(text: str) -> list[float]:
        values = []
        for item in text.split(","):
            example = f"{option} must be comma-separated numbers such as 0.5,-0.3,0.8"
            try:
                value = float(item)
            except ValueError:  # a loop of a few numbers, and it reports which one
                raise argparse.ArgumentTypeError(f"{example}; {item.strip()!r} is not a number") from None
            if math.isinf(value) and "inf" not in item.lower():  # 1e400 became inf
                raise argparse.ArgumentTypeError(
                    f"{example}; {item.strip()!r} is too large for a float (largest is about 1.8e308)"
                )
            if not math.isfinite(value):
                raise argparse.ArgumentTypeError(f"{example}; {item.strip()!r} is not a finite number")
            values.append(value)
        return values

    parse.__name__ = option  # argparse names the type in its messages
    parse.vector = True  # type: ignore[attr-defined]  # the parser joins "--x -1,0,1"
    return parse


# Options read from the cell descriptions -------------------------------------------------------------


def spec_flags(described: CellSpec) -> str:
    """The options that select ``described`` on the command line, after its kind: ``"gru --variant pytorch"``."""
    from tinyrnn.specs import option_flags

    return " ".join([described.kind, *option_flags(described)])


def set_foreign_options(parser: argparse.ArgumentParser, kind: str, what: str) -> None:
    """Let ``parser`` (the command of one cell kind) name the options of the other kinds as theirs."""
    from tinyrnn.family import CELLS, options_of
    from tinyrnn.specs import option_flag

    ours = set(options_of(kind))
    foreign: dict[str, str] = {}
    for other in CELLS:
        for name, default in options_of(other).items():
            if name not in ours:
                foreign.setdefault(option_flag(name, not default if isinstance(default, bool) else default), other)
    parser.foreign, parser.what = foreign, what  # type: ignore[attr-defined]


def description_options(args: argparse.Namespace, kind: str) -> dict[str, Any]:
    """The values of the description options given to a subcommand of the cell ``kind``."""
    from tinyrnn.family import options_of

    return {name: getattr(args, name) for name in options_of(kind)}


# Parameter files ----------------------------------------------------------------------------------


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


def _check_kind_of_weights(params: object, described: CellSpec, path: str) -> None:
    """Weights of another cell kind (or variant) are named as such, with the command that takes them."""
    from tinyrnn.specs import KEYS, spec_of_key

    if not isinstance(params, Mapping) or set(params) == set(described.layout):
        return
    others = [spec_of_key(key) for key in KEYS if set(spec_of_key(key).layout) == set(params)]
    if not others:
        return
    commands = " or ".join(f"`tinyrnn {spec_flags(other)} --params {path}`" for other in others)
    if others[0].kind == described.kind:
        raise UsageError(f"--params {path} holds the weights of another {described.kind.upper()}: use {commands}")
    raise UsageError(
        f"--params {path} holds {others[0].kind.upper()} weights, not {described.kind.upper()} weights: use {commands}"
    )


# One step of a cell ----------------------------------------------------------------------------------


def _check_length(option: str, values: Sequence[float], size: int, what: str) -> None:
    if len(values) != size:
        numbers = f"{len(values)} number{'s' if len(values) != 1 else ''}"
        raise UsageError(f"{option} has {numbers} but the cell's {what} is {size}")


def weights_blocks(cell: Any, decimals: int) -> list[Any]:
    """The weights of ``cell`` as exercise-document blocks: one line per pre-activation's weights."""
    from tinyrnn.render import weight_groups

    described = cell.spec
    H = cell.hidden_size
    shapes = {weight.name: weight for weight in described.weights}
    params = cell.params
    lines = [
        [(shapes[name].latex, params[name], H if shapes[name].shape == "hx" else None) for name in group]
        for group in weight_groups(described)
    ]
    options = "".join(f", {name} {value}" for name, value in described.options)
    title = f"Weights of the {described.kind.upper()} (input size {cell.input_size}, hidden size {H}{options})"
    if any(weight.shape == "hx" for weight in described.weights):
        acts = (
            "Each matrix acts on $[h_{t-1}, x_t]$, hidden state first; the bar separates the columns of $h_{t-1}$ "
            "from those of $x_t$."
        )
    else:
        acts = r"Each $W_{i\cdot}$ acts on $x_t$, each $W_{h\cdot}$ on $h_{t-1}$."
    return [
        ("heading", title),
        ("paragraph", f"{acts} Shown to {decimals} decimal{'s' if decimals != 1 else ''}."),
        ("weights", lines),
    ]


def _weight_decimals(cell: Any, decimals: int) -> int:
    """Decimals that show every weight exactly (the slide's, a file's), else ``decimals + 2``."""
    from tinyrnn.rounding import hand_round

    values = [v for value in cell.params.values() for row in value for v in (row if isinstance(row, list) else [row])]
    for shown in range(7):
        if all(hand_round(v, shown) == v for v in values):
            return max(shown, 1)
    return min(decimals + 2, 15)


def _render(step: Any, cell: Any, args: argparse.Namespace) -> str:
    if args.format == "json":
        data = step.to_dict()
        if args.show_weights:
            data = {"params": cell.params, "step": data}
        return json.dumps(data, indent=2, allow_nan=False)
    text = str(step.render(args.format, args.decimals))
    if args.show_weights:
        from tinyrnn.exercises import document
        from tinyrnn.render import format_number

        decimals = _weight_decimals(cell, args.decimals)
        blocks = weights_blocks(cell, decimals)
        weights = document.write(blocks, args.format, lambda v: format_number(v, decimals))
        text = weights + "\n\n" + text
    if args.standalone:
        from tinyrnn.render import latex_document

        text = latex_document(text)
    return text


def _run_cell(args: argparse.Namespace) -> str:
    from tinyrnn import examples, family

    if args.standalone and args.format != "latex":
        raise UsageError("--standalone is only for --format latex")
    described = family.described(args.cell, **description_options(args, args.cell))
    x = examples.X if args.x is None else args.x
    if args.params is not None:
        params = _load_params(args.params)
        _check_kind_of_weights(params, described, args.params)
        cell = family.from_params(described.key, params)
    elif args.seed is not None:
        if args.hidden_size is not None:
            hidden_size = args.hidden_size
        else:
            hidden_size = len(args.h) if args.h is not None else len(x)
        cell = family.build(described.key, len(x), hidden_size, seed=args.seed)
    else:  # the slide example
        cell = examples.slide_cell(described.key)
    if args.hidden_size is not None and args.hidden_size != cell.hidden_size:
        raise UsageError(f"--hidden-size is {args.hidden_size} but the weights have hidden size {cell.hidden_size}")
    _check_length("--x", x, cell.input_size, "input size")
    use_slide_states = args.params is None and args.seed is None
    slide_states = {"h": examples.H_PREV, "c": examples.C_PREV}
    states = []
    for state in described.states:
        given = getattr(args, state)
        if given is not None:
            _check_length(f"--{state}", given, cell.hidden_size, "hidden size")
        states.append(given if given is not None else (slide_states[state] if use_slide_states else None))
    step = cell.step(x, *states, round_to=args.round_to)
    return _render(step, cell, args)


def _run_walkthrough(args: argparse.Namespace) -> str:  # noqa: ARG001 - every command takes args
    from tinyrnn.examples import walkthrough

    return walkthrough()


def _add_cell_command(subparsers: Any, name: str) -> None:
    from tinyrnn.family import add_option_arguments
    from tinyrnn.specs import family

    kinds = family(name)  # the descriptions of this kind of cell: one per option value
    cell = name.upper()
    parser = subparsers.add_parser(
        name,
        help=f"compute one {cell} step and show every intermediate",
        description=f"Compute one {cell} step and show every pre-activation, gate, candidate and state. "
        "Weights: --params FILE, --seed N, or (default) the slide example; states default to the slide's "
        "with the slide weights and to zeros otherwise. Negative numbers go as written: --x -1,0,1.",
    )
    parser.add_argument(
        "--x", type=_numbers("--x"), help="input x_t, comma-separated (default: the slide's 0.5,-0.3,0.8)"
    )
    for state in kinds[0].states:
        label = next(field.latex for field in kinds[0].given if field.name == f"{state}_prev")
        meaning = next(field.meaning for field in kinds[0].given if field.name == f"{state}_prev")
        parser.add_argument(f"--{state}", type=_numbers(f"--{state}"), help=f"{meaning} {label}, comma-separated")
    add_option_arguments(parser, [name])
    set_foreign_options(parser, name, "cells")
    weights = parser.add_mutually_exclusive_group()
    weights.add_argument("--params", metavar="FILE", help="weights as JSON, in the cell.params format")
    weights.add_argument("--seed", type=int, help="seeded random weights (uniform in ±1/√hidden_size)")
    parser.add_argument("--hidden-size", type=int, help="hidden size for --seed (default: length of --h, else of --x)")
    parser.add_argument("--show-weights", action="store_true", help="print the weights used, in the chosen format")
    parser.add_argument("--format", default="text", choices=FORMATS, help="output format (default: text)")
    parser.add_argument("--standalone", action="store_true", help="with --format latex: a whole document for pdflatex")
    parser.add_argument("--decimals", type=int, default=2, help="decimals shown (default: 2; values stay exact)")
    parser.add_argument(
        "--round-to",
        type=int,
        metavar="D",
        help="hand-rounding mode: round every intermediate to D decimals before using it",
    )
    parser.set_defaults(run=_run_cell, cell=name, prog=parser.prog)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m tinyrnn``."""
    from tinyrnn import __version__

    parser = _Parser(
        prog="tinyrnn",
        description="LSTM and GRU cells computed step by step, every intermediate shown. "
        "With no command: the walkthrough of the slide examples.",
    )
    parser.add_argument("--version", action="version", version=f"tinyrnn {__version__}")
    parser.set_defaults(run=_run_walkthrough, prog="tinyrnn")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    walk = subparsers.add_parser(
        "walkthrough",
        help="the slide examples, step by step (the default)",
        description="Print both slide examples step by step, with the weights that reproduce them, every "
        "pre-activation term by term, and why the slide's C_t[2] is 0.55 but 0.56 by hand.",
    )
    walk.set_defaults(run=_run_walkthrough, prog=walk.prog)
    from tinyrnn.family import CELLS

    for kind in CELLS:
        _add_cell_command(subparsers, kind)
    from tinyrnn.exercises.command import add_exam_commands

    add_exam_commands(subparsers)  # exercise, handout
    from tinyrnn.explainer.command import add_command as add_explainer_command

    add_explainer_command(subparsers)
    return parser


# Errors in the command line's words ------------------------------------------------------------------


def cli_words(message: str, options: Mapping[str, str]) -> str:
    """A library message in the command line's words: ``hidden_size must be …`` → ``--hidden-size must be …``.

    ``options`` maps the library's names to the options that set them; ``kind='gate'`` becomes ``--kind gate``.

    >>> cli_words("gate is only used with kind='gate', got gate='z'", {"gate": "--gate", "kind": "--kind"})
    '--gate is only used with --kind gate, got --gate z'
    """
    for name, option in options.items():
        choices = rf"(?<![\w'\[-]){name}='([^']*)'((?: or '[^']*')*)"  # variant='colah' or 'cho2014'
        message = re.sub(choices, _spelled_choices(option), message)
        message = re.sub(rf"(?<![\w'\[-]){name}=([^\s,;)]+)", rf"{option} \1", message)
        message = re.sub(rf"(?<![\w'\[-]){name}(?= must| is | has | -?[\d.]+ )", option, message)
    return message


def _spelled_choices(option: str) -> Callable[[re.Match[str]], str]:
    """``variant='colah' or 'cho2014'`` → ``--variant colah or cho2014``."""
    return lambda match: f"{option} {match[1]}{match[2].replace(chr(39), '')}"


def flag_words(message: str) -> str:
    """The cell options of a library message as the command line spells them (see ``family.add_option_arguments``).

    A flag set is the flag; a flag at its default is the flag left out.

    >>> flag_words("pass forget_gate=True, or coupled=False for the LSTM without a forget gate")
    'drop --no-forget-gate, or drop --coupled for the LSTM without a forget gate'
    >>> flag_words("the keys of an LSTM with peepholes=True, coupled=True")
    'the keys of an LSTM with --peepholes --coupled'
    """
    from tinyrnn.family import CELLS, options_of
    from tinyrnn.specs import option_flag

    for kind in CELLS:
        for name, default in options_of(kind).items():
            if isinstance(default, bool):
                flag = option_flag(name, not default)
                message = re.sub(rf"\b(?:pass |(or )){name}={default}\b", rf"\1drop {flag}", message)
                message = re.sub(rf"(?<![\w-]){name}={default}\b", f"without {flag}", message)
                message = re.sub(rf"(?<![\w-]){name}={not default}\b(,(?= --| \w+=))?", flag, message)
    return message


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0, or 2 for bad arguments).

    A bad value (a vector of the wrong length, a hostile ``--params`` file...) is reported in one
    line on stderr, in the command line's words, with the subcommand's help hint, and the status 2
    is returned; no other exception escapes.

    Raises:
        SystemExit: from the argument parser: status 0 after ``--help`` or ``--version``, status 2
            (and one line on stderr) for an unknown command or option, or an option value of the wrong form.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        output = args.run(args)
    except (UsageError, ValueError, TypeError) as error:
        prog = args.prog
        options = getattr(args, "words", {}) | {
            "hidden_size": "--hidden-size",
            "round_to": "--round-to",
            "decimals": "--decimals",
            "variant": "--variant",
            "nonlinearity": "--nonlinearity",
        }
        message = _one_line(flag_words(cli_words(str(error), options)))
        print(f"{prog}: error: {message} (see {prog} --help)", file=sys.stderr)
        return 2
    try:
        print(output)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `python -m tinyrnn | head`: the reader left, not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
