"""The benchmark scripts run and write well-formed reports (their times are reported, never asserted)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import backward_speed  # noqa: E402


def numbers(value: object) -> list[float]:
    if isinstance(value, dict):
        return [n for v in value.values() for n in numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in numbers(v)]
    return [float(value)] if isinstance(value, int | float) and not isinstance(value, bool) else []


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
