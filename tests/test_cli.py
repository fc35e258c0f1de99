"""The command line, run as a user runs it: `python -m tinyrnn ...` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import assert_usage_error, tinyrnn
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
        (["lstm", "--x", "0.5,0.1"], "x has length 2 but input_size is 3"),
        (["lstm", "--h", "1"], "h_prev has length 1 but hidden_size is 3"),
        (["lstm", "--x", "nan,0,0"], r"x[0] is nan; expected a finite number"),
        (["gru", "--variant", "keras"], "argument --variant: invalid choice: 'keras'"),
        (["lstm", "--params", "/nonexistent/w.json"], "cannot read --params /nonexistent/w.json"),
        (["lstm", "--seed", "x"], "argument --seed: invalid int value: 'x'"),
        (["lstm", "--decimals", "99"], "decimals must be an int from 0 to 15, got 99"),
        (["lstm", "--format", "pdf"], "argument --format: invalid choice: 'pdf'"),
        (["lstm", "--seed", "1", "--params", "w.json"], "not allowed with argument"),
        (["lstm", "--seed", "1", "--hidden-size", "0"], "hidden_size must be a positive int, got 0"),
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
    assert "pass variant='pytorch'" in result.stderr
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
    assert_usage_error(args, f"--hidden-size is 4 but the weights have hidden_size {size}")


def test_a_params_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.json"
    path.write_text(json.dumps(examples.SLIDE_LSTM_PARAMS))
    monkeypatch.setattr(cli, "MAX_PARAMS_BYTES", path.stat().st_size - 1)
    assert cli.main(["lstm", "--params", str(path)]) == 2
    limit = path.stat().st_size - 1
    assert capsys.readouterr().err == (
        f"tinyrnn lstm: error: --params {path} is larger than {limit} bytes; a parameter file is far smaller\n"
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
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # the reader leaves before the first line
        stderr = process.stderr.read()
        assert process.wait(timeout=120) == 0
    assert stderr == b""
