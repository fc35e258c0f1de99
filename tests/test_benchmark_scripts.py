"""The benchmark scripts run and write well-formed reports (their times are reported, never asserted)."""

from __future__ import annotations

import json
import math
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import backward_speed  # noqa: E402
import lstm_vs_gru  # noqa: E402


def numbers(value: object) -> list[float]:
    if isinstance(value, dict):
        return [n for v in value.values() for n in numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in numbers(v)]
    return [float(value)] if isinstance(value, int | float) and not isinstance(value, bool) else []


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("lstm_vs_gru")
    assert lstm_vs_gru.main(["--setting", "small", "--out", str(out), "--quiet"]) == 0
    return json.loads((out / "lstm_vs_gru.json").read_text(encoding="utf-8")), out


def test_the_small_experiment_writes_well_formed_results(small_run: tuple[dict, Path]) -> None:
    results, _ = small_run
    setting = lstm_vs_gru.SETTINGS["small"]
    H = setting["hidden_size"]
    assert all(math.isfinite(n) for n in numbers(results))
    names = [t["task"] for t in results["tasks"]]
    assert names == ["adding", "sine"] + [f"memory-{d}" for d in setting["memory"]["delays"]]
    for task in results["tasks"]:
        I = task["input_size"]
        assert list(task["cells"]) == list(lstm_vs_gru.CELLS)
        assert task["cells"]["LSTM"]["cell_parameters"] == 4 * H * (H + I) + 4 * H
        assert task["cells"]["LSTM b_f=1"]["cell_parameters"] == 4 * H * (H + I) + 4 * H
        assert task["cells"]["GRU"]["cell_parameters"] == 3 * H * (H + I) + 3 * H
        for cell in task["cells"].values():
            assert len(cell["runs"]) == len(setting["seeds"])
            assert [r["seed"] for r in cell["runs"]] == setting["seeds"]
            assert len(cell["mean_loss_curve"]) == task["epochs"]
            assert len(cell["timed_epochs"]) == setting["timing_repeats"]
            assert cell["seconds_per_epoch"] == min(cell["timed_epochs"]) > 0
            for key in ("final_train_loss", "test_loss", "test_accuracy"):
                stats = cell[key]
                assert stats["min"] <= stats["mean"] <= stats["max"] and stats["std"] >= 0
            assert 0.0 <= cell["test_accuracy"]["min"] <= cell["test_accuracy"]["max"] <= 1.0
        assert task["gru_over_lstm_seconds_per_epoch"] > 0


def test_the_report_and_the_plot(small_run: tuple[dict, Path]) -> None:
    results, out = small_run
    report = (out / "lstm_vs_gru.md").read_text(encoding="utf-8")
    assert report == lstm_vs_gru.markdown(results)
    rows = [line for line in report.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + len(lstm_vs_gru.CELLS) * len(results["tasks"])  # the header, then a row per cell and task
    for claim in ("Fewer parameters", "Faster training time", "Similar performance", "long sequences"):
        assert claim in report
    assert "![" in report and "lstm_vs_gru.svg" in report
    root = ET.fromstring((out / "lstm_vs_gru.svg").read_text(encoding="utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    tags = {element.tag.split("}")[1] for element in root.iter()}
    assert {"polyline", "circle", "rect", "text", "title"} <= tags


def test_the_report_can_be_rewritten_from_the_json(small_run: tuple[dict, Path], tmp_path: Path) -> None:
    _, out = small_run
    assert lstm_vs_gru.main(["--from-json", str(out / "lstm_vs_gru.json"), "--out", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "lstm_vs_gru.md").read_text(encoding="utf-8") == (out / "lstm_vs_gru.md").read_text(
        encoding="utf-8"
    )


def test_the_docs_results_are_generated_from_the_committed_json() -> None:
    """docs/_training_results.md is the script's output for the committed results, not a hand-edited copy."""
    saved = ROOT / "benchmarks" / "results" / "lstm_vs_gru.json"
    page = ROOT / "docs" / "_training_results.md"
    results = json.loads(saved.read_text(encoding="utf-8"))
    assert results["setting"] == "full"
    assert page.read_text(encoding="utf-8") == lstm_vs_gru.markdown(results, "_static/lstm_vs_gru.svg", docs=True)
    assert (ROOT / "docs" / "_static" / "lstm_vs_gru.svg").read_text(encoding="utf-8") == lstm_vs_gru.svg(results)


def test_the_speed_report_is_well_formed() -> None:
    results = backward_speed.measure(hidden_size=3, input_size=2, length=5, log=lambda *_: None, scale=0.01)
    assert [r["cell"] for r in results["rows"]] == list(backward_speed.KINDS)
    for row in results["rows"]:
        assert row["forward_s"] > 0 and row["backward_s"] > 0 and row["step_backward_over_forward"] > 0
        if results["torch"] is not None:
            assert row["ours_over_torch"] > 0
    report = backward_speed.markdown(results)
    assert report.count("| LSTM |") == 2 and "goal ≤ 0.5" in report and "goal ≤ 2.5" in report


def test_the_docs_speed_report_is_generated_from_the_committed_json() -> None:
    saved = json.loads((ROOT / "benchmarks" / "results" / "backward_speed.json").read_text(encoding="utf-8"))
    page = (ROOT / "docs" / "_backward_speed.md").read_text(encoding="utf-8")
    assert page == backward_speed.markdown(saved, docs=True)
    assert saved["hidden_size"] == 8 and saved["length"] == 100
