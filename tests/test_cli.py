"""The command line, run as a user runs it: `python -m tinyrnn ...` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import assert_usage_error, import_path, tinyrnn
from tinyrnn import GRUCell, GRUStep, LSTMCell, LSTMStep, cli, examples


def test_no_arguments_prints_the_walkthrough() -> None:
    result = tinyrnn()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == examples.walkthrough()
    for number in (
        "[0.65, 0.42, 0.78]",
        "[0.53, 0.71, 0.48]",
        "[0.32, -0.54, 0.67]",
        "[0.56, -0.47, 0.55]",
        "[0.58, 0.73, 0.45]",
    ):
        assert number in result.stdout
    assert "0.5556 → 0.56" in result.stdout
    assert tinyrnn("walkthrough").stdout == result.stdout


@pytest.mark.parametrize("command", [[], ["lstm"], ["gru"], ["walkthrough"]])
def test_help_for_every_command(command: list[str]) -> None:
    result = tinyrnn(*command, "--help")
    assert result.returncode == 0
    assert "usage: tinyrnn" in result.stdout


def test_lstm_defaults_to_the_slide_example() -> None:
    result = tinyrnn("lstm")
    assert result.returncode == 0
    assert result.stdout.strip() == examples.slide_lstm().render("text", 2)


def test_lstm_with_a_params_file_and_json_output(tmp_path: Path) -> None:
    cell = LSTMCell(2, 3, seed=9)
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(cell.params))
    result = tinyrnn(
        "lstm", "--params", str(path), "--x", "0.5,-1", "--h", "0,0.1,0.2", "--c", "1,2,3", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    assert LSTMStep.from_dict(json.loads(result.stdout)) == cell.step([0.5, -1], [0, 0.1, 0.2], [1, 2, 3])


def test_gru_with_a_seed_variant_and_every_format() -> None:
    cell = GRUCell(2, 4, variant="pytorch", seed=3)
    for fmt in ("text", "markdown", "latex", "html"):
        result = tinyrnn(
            "gru",
            "--seed",
            "3",
            "--hidden-size",
            "4",
            "--x",
            "0.5,0.1",
            "--variant",
            "pytorch",
            "--format",
            fmt,
            "--decimals",
            "3",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == cell.step([0.5, 0.1]).render(fmt, 3)


def test_hand_rounding_option() -> None:
    result = tinyrnn("lstm", "--round-to", "2")
    assert "C_t = [0.56, -0.47, 0.56]" in result.stdout
    assert "hand-rounding mode" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["lstm", "--x", "0.5,abc"], "--x must be comma-separated numbers such as 0.5,-0.3,0.8; 'abc' is not a number"),
        (["lstm", "--x", "0.5,0.1"], "--x has 2 numbers but the cell's input size is 3"),
        (["lstm", "--h", "1"], "--h has 1 number but the cell's hidden size is 3"),
        (["lstm", "--x", "nan,0,0"], "--x must be comma-separated numbers such as 0.5,-0.3,0.8; 'nan' is not a finite"),
        (["gru", "--variant", "keras"], "argument --variant: invalid choice: 'keras'"),
        (["lstm", "--params", "/nonexistent/w.json"], "cannot read --params /nonexistent/w.json"),
        (["lstm", "--seed", "x"], "argument --seed: invalid int value: 'x'"),
        (["lstm", "--decimals", "99"], "--decimals must be an int from 0 to 15, got 99"),
        (["lstm", "--format", "pdf"], "argument --format: invalid choice: 'pdf'"),
        (["lstm", "--seed", "1", "--params", "w.json"], "not allowed with argument"),
        (["lstm", "--seed", "1", "--hidden-size", "0"], "--hidden-size must be a positive int, got 0"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], words: str) -> None:
    assert_usage_error(args, words)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "is not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
        ('{"W_f": [[0.1, 0.2]', "is not valid JSON"),
        ("[1, 2, 3]", "params must be a mapping of W_f, b_f"),
        ('{"W_f": [[NaN]]}', "params is missing 'b_f'"),
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
        ("\xff\xfe", "is not UTF-8 text"),
    ],
)
def test_bad_params_files_exit_2(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "w.json"
    path.write_bytes(content.encode("latin-1"))
    result = tinyrnn("lstm", "--params", str(path))
    assert result.returncode == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_nan_in_a_params_file_names_the_entry(tmp_path: Path) -> None:
    params = examples.SLIDE_LSTM_PARAMS | {"b_o": [0.0, float("nan"), 0.0]}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(params))
    result = tinyrnn("lstm", "--params", str(path))
    assert result.returncode == 2
    assert "params['b_o'][1] is nan; expected a finite number" in result.stderr


def test_gru_params_file_of_another_variant(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text(json.dumps(GRUCell(3, 3, variant="pytorch", seed=0).params))
    result = tinyrnn("gru", "--params", str(path))
    assert result.returncode == 2
    assert "holds the weights of another GRU: use `tinyrnn gru --variant pytorch --params" in result.stderr
    assert tinyrnn("gru", "--params", str(path), "--variant", "pytorch").returncode == 0


def test_console_script_entry_point_is_declared() -> None:
    from importlib.metadata import entry_points

    scripts = {entry.name: entry.value for entry in entry_points(group="console_scripts")}
    assert scripts.get("tinyrnn") == "tinyrnn.cli:main"


def test_seeded_weights_take_the_hidden_size_from_h_else_from_x() -> None:
    """With --seed and no --hidden-size, H is the length of --h, or else of --x (a square cell)."""
    result = tinyrnn("lstm", "--seed", "5", "--h", "0.1,0.2", "--format", "json")
    assert result.returncode == 0, result.stderr
    expected = LSTMCell(3, 2, seed=5).step(examples.X, [0.1, 0.2], None)
    assert LSTMStep.from_dict(json.loads(result.stdout)) == expected
    result = tinyrnn("gru", "--seed", "5", "--x", "1,2", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert GRUStep.from_dict(json.loads(result.stdout)) == GRUCell(2, 2, seed=5).step([1.0, 2.0])


@pytest.mark.parametrize("weights", [[], ["--params", "PARAMS"]])
def test_a_hidden_size_the_weights_do_not_have_is_a_usage_error(weights: list[str], tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text(json.dumps(LSTMCell(3, 2, seed=0).params))
    size = 2 if weights else 3  # the slide's cell has H = 3
    args = ["lstm", *(str(path) if arg == "PARAMS" else arg for arg in weights), "--hidden-size", "4"]
    assert_usage_error(args, f"--hidden-size is 4 but the weights have hidden size {size}")


def test_a_params_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.json"
    path.write_text(json.dumps(examples.SLIDE_LSTM_PARAMS))
    monkeypatch.setattr(cli, "MAX_PARAMS_BYTES", path.stat().st_size - 1)
    assert cli.main(["lstm", "--params", str(path)]) == 2
    limit = path.stat().st_size - 1
    assert capsys.readouterr().err == (
        f"tinyrnn lstm: error: --params {path} is larger than {limit} bytes; a parameter file is far smaller "
        "(see tinyrnn lstm --help)\n"
    )
    monkeypatch.setattr(cli, "MAX_PARAMS_BYTES", path.stat().st_size)  # exactly at the limit: read
    assert cli.main(["lstm", "--params", str(path)]) == 0
    assert capsys.readouterr().out.strip() == examples.slide_lstm_cell().step(examples.X).render("text", 2)


def test_a_reader_that_leaves_early_is_not_an_error() -> None:
    """`python -m tinyrnn | head -1`: the pipe closes before the walkthrough is printed; exit 0, nothing on stderr."""
    with subprocess.Popen(
        [sys.executable, "-m", "tinyrnn"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": import_path(), "PYTHONIOENCODING": "utf-8"},
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # the reader leaves before the first line
        stderr = process.stderr.read()
        assert process.wait(timeout=120) == 0
    assert stderr == b""


# Issue 16, point 1: the command line as a student types it, mistakes included. ------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["lstm", "--x", "-1,0,1"],
        ["lstm", "--x", "-1,0,1", "--h", "-0.1,0.2,0.3", "--c", "-.5,0,1e-1"],
        ["gru", "--h", "-0.1,0.2,0.3", "--x", "-1,0,1"],
        ["gru", "--x", "-1,-2,-3", "--variant", "pytorch"],
    ],
)
def test_negative_numbers_go_as_written(args: list[str]) -> None:
    """`--x -1,0,1` is the same as `--x=-1,0,1`: argparse no longer takes the numbers for an option."""
    result = tinyrnn(*args)
    assert result.returncode == 0, result.stderr
    explicit: list[str] = []
    for arg in args:
        if explicit and explicit[-1] in {"--x", "--h", "--c"}:
            explicit[-1] += f"={arg}"
        else:
            explicit.append(arg)
    assert tinyrnn(*explicit).stdout == result.stdout


def test_a_negative_vector_is_the_step_of_those_numbers() -> None:
    result = tinyrnn("lstm", "--x", "-1,0,1", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert LSTMStep.from_dict(json.loads(result.stdout)) == examples.slide_lstm_cell().step(
        [-1.0, 0.0, 1.0], examples.H_PREV, examples.C_PREV
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["lstm", "--sed", "3"], "unrecognized arguments: --sed 3 (did you mean --seed?)"),
        (["gru", "--varaint", "pytorch"], "(did you mean --variant?)"),
        (["lstm", "--formt", "latex"], "(did you mean --format?)"),
        (["exercise", "lstm", "--answres"], "(did you mean --answers?)"),
        (["gru", "--variant", "pytroch"], "invalid choice: 'pytroch'"),
        (["lsmt"], "(did you mean lstm?)"),
        (["exercise", "lstm", "--kind", "find-eror"], "(did you mean find-error?)"),
    ],
)
def test_a_mistyped_option_gets_did_you_mean(args: list[str], words: str) -> None:
    assert_usage_error(args, words)


@pytest.mark.parametrize(
    ("args", "prog"),
    [
        (["lstm", "--sed", "3"], "tinyrnn lstm"),
        (["lstm", "--x", "1,2"], "tinyrnn lstm"),
        (["gru", "--h", "1,2"], "tinyrnn gru"),
        (["lstm", "--decimals", "20"], "tinyrnn lstm"),
        (["exercise", "gru", "--count", "0"], "tinyrnn exercise gru"),
        (["exercise", "lstm", "--gate", "z"], "tinyrnn exercise lstm"),
        (["exercise", "lstm", "--hidden-size", "9"], "tinyrnn exercise lstm"),
        (["handout", "rnn"], "tinyrnn handout"),
        (["explainer", "--port", "99999"], "tinyrnn explainer"),
        (["frobnicate"], "tinyrnn"),
    ],
)
def test_every_error_ends_with_its_subcommands_help_hint(args: list[str], prog: str) -> None:
    result = tinyrnn(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{prog}: error: ")
    assert result.stderr.rstrip().endswith(f"(see {prog} --help)")


@pytest.mark.parametrize(
    ("args", "words", "python_words"),
    [
        (["exercise", "lstm", "--gate", "z"], "--gate must be one of f, i, c_tilde, o", "kind='gate'"),
        (["exercise", "lstm", "--kind", "saturation", "--gate", "f"], "--gate is only for --kind gate", "gate="),
        (["exercise", "lstm", "--hidden-size", "9"], "--hidden-size must be at most 8", "hidden_size"),
        (["exercise", "lstm", "--decimals", "16"], "--decimals must be an int from 0 to 15", "decimals="),
        (["exercise", "lstm", "--grid", "0.3"], "--grid must be 1/n", "grid="),
        (["lstm", "--round-to", "16"], "--round-to must be an int from 0 to 15", "round_to"),
        (["lstm", "--x", "1,2"], "--x has 2 numbers but the cell's input size is 3", "input_size"),
        (["lstm", "--c", "1,2"], "--c has 2 numbers but the cell's hidden size is 3", "c_prev"),
    ],
)
def test_errors_use_the_command_lines_words(args: list[str], words: str, python_words: str) -> None:
    result = tinyrnn(*args)
    assert words in result.stderr
    assert python_words not in result.stderr


def test_a_gate_given_alone_asks_for_that_gate() -> None:
    result = tinyrnn("exercise", "lstm", "--gate", "o")
    assert result.returncode == 0, result.stderr
    from tinyrnn import exercises

    assert result.stdout == exercises.lstm(kind="gate", gate="o").question("text") + "\n"


def test_the_cell_may_follow_the_exercise_options() -> None:
    assert tinyrnn("exercise", "--seed", "3", "gru").stdout == tinyrnn("exercise", "gru", "--seed", "3").stdout


@pytest.mark.parametrize(
    ("command", "weights", "words"),
    [
        ("lstm", "gru-colah", "holds GRU weights, not LSTM weights: use `tinyrnn gru --params"),
        ("gru", "lstm", "holds LSTM weights, not GRU weights: use `tinyrnn lstm --params"),
        ("gru", "gru-pytorch", "holds the weights of another GRU: use `tinyrnn gru --variant pytorch --params"),
    ],
)
def test_weights_of_another_cell_kind_are_named_as_such(command: str, weights: str, words: str, tmp_path: Path) -> None:
    from tinyrnn import family

    path = tmp_path / "w.json"
    path.write_text(json.dumps(family.build(weights, 3, 3, seed=0).params))
    result = tinyrnn(command, "--params", str(path))
    assert result.returncode == 2
    assert words in result.stderr
    assert "did you mean" not in result.stderr  # not "W_z (did you mean 'W_o'?)"
    ours = result.stderr.split("`")[1]  # the command it suggests works
    assert tinyrnn(*ours.split()[1:]).returncode == 0


def _subparsers(parser: object) -> list[object]:
    """Every parser below ``parser`` (subcommands, and the exercise's cells), each once."""
    import argparse

    found: list[object] = []
    for action in parser._actions:  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += [sub, *_subparsers(sub)]
    return found


def test_every_subcommand_has_a_description() -> None:
    parsers = _subparsers(cli.build_parser())
    progs = {p.prog for p in parsers}  # type: ignore[attr-defined]
    assert {"tinyrnn walkthrough", "tinyrnn lstm", "tinyrnn gru", "tinyrnn exercise", "tinyrnn exercise lstm"} <= progs
    for parser in parsers:
        assert parser.description and len(parser.description) > 40, parser.prog  # type: ignore[attr-defined]
    assert "Print both slide examples" in tinyrnn("walkthrough", "--help").stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "html", "json"])
def test_show_weights_prints_the_seeded_weights_in_the_chosen_format(fmt: str) -> None:
    result = tinyrnn("gru", "--seed", "3", "--x", "0.5,-0.1", "--show-weights", "--format", fmt)
    assert result.returncode == 0, result.stderr
    cell = GRUCell(2, 2, seed=3)
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["params"] == cell.params
        assert GRUStep.from_dict(data["step"]) == cell.step([0.5, -0.1])
        return
    from tinyrnn.render import format_number

    for name, value in cell.params.items():
        numbers = [v for row in value for v in row] if isinstance(value[0], list) else value
        for v in numbers:  # every weight, to 4 decimals
            assert format_number(v, 4) in result.stdout, (name, v)
    assert result.stdout.rstrip().endswith(cell.step([0.5, -0.1]).render(fmt, 2).rstrip())


def test_show_weights_shows_the_slide_weights_exactly() -> None:
    result = tinyrnn("lstm", "--show-weights")
    assert "Shown to 1 decimal." in result.stdout
    assert "W_f = [  0.1  0.5  0.5 |  0.4  0.5  0.1 ]   b_f = [0.3, 0.5, 0.3]" in result.stdout


def test_without_show_weights_no_weights_are_printed() -> None:
    assert "Weights of" not in tinyrnn("lstm", "--seed", "3").stdout


# The cell options, read from the descriptions (tinyrnn.family.add_option_arguments) --------------------------


@pytest.mark.parametrize(
    ("command", "lines"),
    [
        ("lstm", ["--peepholes an LSTM with peepholes", "--no-forget-gate an LSTM without a forget gate"]),
        ("gru", ["--variant {colah,cho2014,pytorch} the GRU's variant (default: colah)"]),
        ("rnn", ["--nonlinearity {tanh,relu} the RNN's nonlinearity (default: tanh)"]),
    ],
)
def test_every_cell_option_is_in_the_help_with_what_it_selects(command: str, lines: list[str]) -> None:
    result = tinyrnn(command, "--help")
    assert result.returncode == 0, result.stderr
    shown = " ".join(result.stdout.split())  # argparse wraps to the terminal's width
    for line in lines:
        assert line in shown


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["lstm", "--peepholes", "--no-forget-gate"], "lstm-peepholes-no-forget-gate"),
        (["lstm", "--coupled"], "lstm-coupled"),
        (["rnn", "--nonlinearity", "relu"], "rnn-relu"),
    ],
)
def test_the_option_flags_select_the_cell(args: list[str], key: str) -> None:
    result = tinyrnn(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    cell = examples.slide_cell(key)
    states = [examples.H_PREV, examples.C_PREV][: len(cell.spec.states)]
    expected = cell.step(examples.X, *states)
    assert type(expected).from_dict(json.loads(result.stdout)) == expected


def test_option_arguments_for_several_kinds_can_default_to_none() -> None:
    """``defaults=False``: a command serving several kinds tells which options were given."""
    import argparse

    from tinyrnn import family

    parser = argparse.ArgumentParser()
    family.add_option_arguments(parser, [*family.CELLS, "lstm"], defaults=False)  # a kind named twice: once
    nothing = dict.fromkeys(["peepholes", "coupled", "forget_gate", "variant", "nonlinearity"])
    assert vars(parser.parse_args([])) == nothing
    given = parser.parse_args(["--no-forget-gate", "--peepholes", "--variant", "pytorch"])
    assert vars(given) == {**nothing, "forget_gate": False, "peepholes": True, "variant": "pytorch"}
