"""CI enforces branch coverage around the README's test command; scripts/coverage_report.py summarises a run."""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import coverage_report  # noqa: E402

FIELDS = {
    "date",
    "coverage_version",
    "branch",
    "percent_covered",
    "statements",
    "branches",
    "missing_lines",
    "missing_branches",
    "per_module",
    "command",
    "duration_s",
}


def test_ci_runs_the_readme_test_command_with_branch_coverage_of_at_least_95_percent() -> None:
    readme_command = re.search(r"^(pip install -e '\.\[test\]' && pytest)\s", (ROOT / "README.md").read_text(), re.M)
    assert readme_command is not None
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    run_at = ci.index(readme_command.group(1))
    export_at = next(k for k, line in enumerate(ci) if line.startswith("export PYTEST_ADDOPTS="))
    assert export_at < run_at
    options = coverage_report.ci_addopts()
    assert {"--cov=tinyrnn", "--cov-branch", "--cov-fail-under=95"} <= set(options)


def test_the_summary_takes_coverages_totals_and_names_modules() -> None:
    def file(percent: float) -> dict[str, object]:
        return {"summary": {"percent_covered": percent}}

    report = {
        "meta": {"version": "7.17.4", "branch_coverage": True},
        "totals": {
            "percent_covered": 97.123,
            "num_statements": 100,
            "num_branches": 40,
            "missing_lines": 3,
            "missing_branches": 1,
        },
        "files": {
            "src/tinyrnn/vector.py": file(100.0),
            "src/tinyrnn/explainer/page.py": file(95.555),
            "src/tinyrnn/explainer/__init__.py": file(100.0),
        },
    }
    summary = coverage_report.summary(report, "pytest", 12.345)
    assert set(summary) == FIELDS
    assert summary["per_module"] == {
        "tinyrnn.explainer": 100.0,
        "tinyrnn.explainer.page": 95.56,
        "tinyrnn.vector": 100.0,
    }
    assert (summary["percent_covered"], summary["statements"], summary["missing_branches"]) == (97.12, 100, 1)
    assert summary["duration_s"] == 12.3
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", summary["date"])


def test_the_committed_summary_is_consistent_and_above_the_threshold() -> None:
    summary = json.loads((ROOT / "tests" / "coverage" / "summary.json").read_text(encoding="utf-8"))
    assert set(summary) == FIELDS
    assert summary["branch"] is True
    covered = summary["statements"] - summary["missing_lines"] + summary["branches"] - summary["missing_branches"]
    assert math.isclose(
        summary["percent_covered"], 100 * covered / (summary["statements"] + summary["branches"]), abs_tol=0.01
    )
    assert summary["percent_covered"] >= 95
    assert all(name.startswith("tinyrnn") and 0 <= value <= 100 for name, value in summary["per_module"].items())
    assert "--cov-fail-under=95" in summary["command"]
