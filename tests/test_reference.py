"""The exam reference code: stdlib only, short, the slides' notation, equal to tinyrnn, shipped in the wheel."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import gru_cases, lstm_cases
from tinyrnn import GRUCell, LSTMCell, examples
from tinyrnn.handouts import FILES, gru_step, lstm_step, source
from tinyrnn.render import format_number
from tinyrnn.rounding import hand_round

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "src" / "tinyrnn" / "handouts"
MODULES = {"lstm": lstm_step, "gru": gru_step}
STEP_COMMENTS = {"lstm": ("Step 1", "Step 2", "Step 3", "Step 4"), "gru": ("Step 1", "Step 2", "Step 3", "Step 4")}
TOLERANCE = 1e-15


def _assert_equal(ours: dict[str, list[float]], step: object) -> None:
    for name, values in ours.items():
        library = getattr(step, name)
        assert len(values) == len(library), name
        for k, (a, b) in enumerate(zip(values, library, strict=True)):
            assert abs(a - b) <= TOLERANCE, (name, k, a, b)


@given(lstm_cases())
def test_lstm_reference_equals_tinyrnn_on_random_inputs(case: tuple) -> None:
    cell, x, h, c = case
    _assert_equal(lstm_step.lstm_step(cell.params, x, h, c), cell.step(x, h, c))


@given(gru_cases(variant="colah"))
def test_gru_reference_equals_tinyrnn_on_random_inputs(case: tuple) -> None:
    cell, x, h = case
    _assert_equal(gru_step.gru_step(cell.params, x, h), cell.step(x, h))


def test_both_equal_tinyrnn_on_the_slide_examples_and_embed_the_slide_numbers() -> None:
    assert lstm_step.SLIDE_PARAMS == examples.SLIDE_LSTM_PARAMS
    assert gru_step.SLIDE_PARAMS == examples.SLIDE_GRU_PARAMS
    assert (tuple(lstm_step.X), tuple(lstm_step.H_PREV), tuple(lstm_step.C_PREV)) == (
        examples.X,
        examples.H_PREV,
        examples.C_PREV,
    )
    assert (tuple(gru_step.X), tuple(gru_step.H_PREV)) == (examples.X, examples.H_PREV)
    lstm = lstm_step.lstm_step(lstm_step.SLIDE_PARAMS, lstm_step.X, lstm_step.H_PREV, lstm_step.C_PREV)
    _assert_equal(lstm, examples.slide_lstm())
    gru = gru_step.gru_step(gru_step.SLIDE_PARAMS, gru_step.X, gru_step.H_PREV)
    _assert_equal(gru, examples.slide_gru())
    for name, printed in examples.SLIDE_NUMBERS["lstm"].items():
        assert tuple(round(v, 2) for v in lstm[name]) == printed
    assert tuple(round(v, 2) for v in gru["r"]) == examples.SLIDE_NUMBERS["gru"]["r"]


def test_wrong_lengths_raise_instead_of_truncating() -> None:
    with pytest.raises(ValueError, match="zip"):
        lstm_step.lstm_step(examples.SLIDE_LSTM_PARAMS, [0.5, -0.3], examples.H_PREV, examples.C_PREV)
    with pytest.raises(ValueError, match="zip"):
        gru_step.gru_step(examples.SLIDE_GRU_PARAMS, examples.X, [0.2, 0.4])


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_self_contained_short_and_in_the_slides_notation(cell: str) -> None:
    text = (REFERENCE / FILES[cell]).read_text(encoding="utf-8")
    tree = ast.parse(text)
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    modules = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name for node in imports for alias in node.names
    }
    assert modules == {"math", "decimal"}  # the standard library only: math, and decimal to print as a calculator
    assert all(len(line) <= 88 for line in text.splitlines()), max(text.splitlines(), key=len)  # fits a page
    assert (
        text.splitlines()[0]
        == f"# {FILES[cell]}: one {cell.upper()} step, standard library only. Needs Python 3.10 or later."
    )
    assert "sumprod" not in text and "hasattr" not in text  # one way to compute, on every Python
    assert not any(isinstance(node, ast.ClassDef) for node in ast.walk(tree))
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert [f.name for f in functions] == [f"{cell}_step", "shown"]
    function = functions[0]
    assert function.end_lineno is not None
    assert function.end_lineno - function.lineno + 1 <= 40
    body = ast.get_source_segment(text, function)
    assert body is not None
    for comment in STEP_COMMENTS[cell]:
        assert f"# {comment}:" in body
    for name in ("f", "i", "c_tilde", "c", "o", "h") if cell == "lstm" else ("r", "z", "h_tilde", "h"):
        assert f"\n    {name} = " in body, name
    formulas = ("f_t = σ(W_f · [h_{t-1}, x_t] + b_f)", "C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t", "h_t = o_t ⊙ tanh(C_t)")
    for formula in formulas if cell == "lstm" else ("r_t = σ(W_r · [h_{t-1}, x_t] + b_r)",):
        assert formula in body


def _expected_output(cell: str) -> str:
    if cell == "lstm":
        step, names = examples.slide_lstm(), ("f", "i", "c_tilde", "c", "o", "h")
        given = f"x_t = {list(examples.X)}, h_(t-1) = {list(examples.H_PREV)}, C_(t-1) = {list(examples.C_PREV)}"
    else:
        step, names = examples.slide_gru(), ("r", "z", "r_h_prev", "h_tilde", "h")
        given = f"x_t = {list(examples.X)}, h_(t-1) = {list(examples.H_PREV)}"
    lines = [given] + [
        f"{name} = [{', '.join(format_number(hand_round(v, 2), 2) for v in getattr(step, name))}]" for name in names
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_running_a_copy_prints_the_slide_example(cell: str, tmp_path: Path) -> None:
    copy = tmp_path / FILES[cell]
    shutil.copy(REFERENCE / FILES[cell], copy)  # alone, away from tinyrnn: as an examiner copies it
    result = subprocess.run(
        [sys.executable, "-I", str(copy)], capture_output=True, text=True, timeout=60, check=True, cwd=tmp_path
    )
    assert result.stdout == _expected_output(cell)
    assert "[0.65, 0.42, 0.78]" in result.stdout if cell == "lstm" else "[0.58, 0.73, 0.45]" in result.stdout


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_running_the_shipped_module_prints_the_slide_example(cell: str) -> None:
    """``python -m tinyrnn.handouts.lstm_step``: the installed file, run in place, prints what a copy prints."""
    module = f"tinyrnn.handouts.{FILES[cell].removesuffix('.py')}"
    result = subprocess.run([sys.executable, "-m", module], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout == _expected_output(cell)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_the_command_prints_the_file(cell: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tinyrnn", "reference", cell], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout == (REFERENCE / FILES[cell]).read_text(encoding="utf-8")
    assert source(cell) == result.stdout
    with pytest.raises(ValueError, match="cell must be one of 'lstm', 'gru', got the string 'rnn'"):
        source("rnn")


def test_the_files_ship_in_the_wheel(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    wheel = Path(next(iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name in FILES.values():
            assert f"tinyrnn/handouts/{name}" in names
            assert archive.read(f"tinyrnn/handouts/{name}") == (REFERENCE / name).read_bytes()
        assert "tinyrnn/exercises/__init__.py" in names


def test_reference_cells_reject_nothing_tinyrnn_accepts_on_the_slide_layout() -> None:
    # The reference takes cell.params as they are: plain nested lists.
    lstm, gru = LSTMCell(2, 3, seed=1), GRUCell(2, 3, seed=1)
    _assert_equal(lstm_step.lstm_step(lstm.params, [0.1, 0.2], [0, 0, 0], [0, 0, 0]), lstm.step([0.1, 0.2]))
    _assert_equal(gru_step.gru_step(gru.params, [0.1, 0.2], [0, 0, 0]), gru.step([0.1, 0.2]))


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(min_value=0, max_value=6))
def test_the_handout_prints_as_the_library_rounds_half_up(value: float, decimals: int) -> None:
    """`shown` is tinyrnn's hand_round, written with the standard library: 0.125 -> 0.13, never Python's 0.12."""
    for module in MODULES.values():
        assert module.shown(value, decimals) == format_number(hand_round(value, decimals), decimals)
    assert lstm_step.shown(0.125) == "0.13" and f"{0.125:.2f}" == "0.12"
    assert gru_step.shown(-0.001) == "0.00" and lstm_step.shown(2.675) == "2.68"


def _python_3_10() -> str | None:
    """A Python 3.10 that runs (a pyenv shim may exist without one), or None."""
    candidates = [
        shutil.which("python3.10"),
        *map(str, sorted(Path.home().glob(".pyenv/versions/3.10*/bin/python3.10"))),
    ]
    for found in filter(None, candidates):
        ok = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=60, check=False)
        if ok.returncode == 0 and ok.stdout.startswith("Python 3.10"):
            return found
    return None


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_a_copy_runs_on_the_oldest_python_it_names(cell: str, tmp_path: Path) -> None:
    python = _python_3_10()
    if python is None:
        pytest.skip("no Python 3.10 on this machine")
    copy = tmp_path / FILES[cell]
    shutil.copy(REFERENCE / FILES[cell], copy)
    result = subprocess.run([python, "-I", str(copy)], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout == _expected_output(cell)
