"""The benchmark suite runs and writes well-formed results (nothing here looks at a time).

``benchmarks/run.py --quick`` in a reduced mode (two tiny sizes, one short
round): every output file is written, parses, and has the rows the docs
page reads. Whether a number is big or small is never checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("steps", "sequences", "import", "kernels", "goals")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench")
    command = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--sizes", "3,4"]
    command += ["--repeat", "1", "--min-time", "0.0002", "--out", str(out)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "| tinyrnn LSTM `cell.step` (traced, list inputs) |" in completed.stdout
    return out


def load(results: Path, name: str) -> dict:
    return json.loads((results / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_every_benchmark_writes_json_and_a_markdown_table(results: Path, name: str) -> None:
    data = load(results, name)
    assert data["benchmark"] == name
    assert data["machine"]["python"] == ".".join(map(str, sys.version_info[:3]))
    assert data["settings"]["quick"] is True
    table = (results / f"{name}.md").read_text(encoding="utf-8")
    assert "| --- |" in table
    assert data["machine"]["date"] in table


def test_steps_measure_every_cell_at_every_size(results: Path) -> None:
    steps = load(results, "steps")
    for key in (
        "lstm_traced",
        "lstm_untraced",
        "gru_colah",
        "gru_cho2014",
        "gru_pytorch",
        "naive_lstm",
        "fastest_lstm",
    ):
        assert set(steps["series"][key]) == {"3", "4"}, key
        assert all(us > 0 for us in steps["series"][key].values())
    assert set(steps["gru_over_lstm"]) == {"gru_colah", "gru_cho2014", "gru_pytorch"}
    assert all(d <= 1e-9 for by_key in steps["agreement"].values() for d in by_key.values())


@pytest.mark.parametrize(("module", "key"), [("numpy", "numpy_lstm"), ("torch", "torch_lstm_nograd")])
def test_competitors_are_measured_when_installed(results: Path, module: str, key: str) -> None:
    steps = load(results, "steps")
    try:
        __import__(module)
    except ImportError:
        assert key not in steps["series"]
        return
    assert set(steps["series"][key]) == {"3", "4"}
    if module == "torch":
        assert set(steps["ratios"]["lstm_traced"]) == {"3", "4"}


def test_goals_list_every_goal_of_issue_8(results: Path) -> None:
    goals = load(results, "goals")["goals"]
    assert len(goals) == 8
    assert all(isinstance(goal["met"], bool) and goal["target"] > 0 for goal in goals)
    text = (results / "goals.md").read_text(encoding="utf-8")
    assert "`import tinyrnn`" in text


def test_the_scaling_plot_is_well_formed_svg(results: Path) -> None:
    root = ET.fromstring((results / "scaling.svg").read_text(encoding="utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    lines = root.findall("{http://www.w3.org/2000/svg}polyline")
    assert len(lines) >= 4
    assert "script" not in (results / "scaling.svg").read_text(encoding="utf-8")


def test_bad_arguments_exit_with_status_2() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "three"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "--sizes" in completed.stderr
