"""Run the test suite with branch coverage, as CI does, and write tests/coverage/summary.json.

    python scripts/coverage_report.py

The coverage options are read from ``.ci/run`` (its ``export PYTEST_ADDOPTS=...`` line), so this measures
exactly what CI enforces; the test command is the README's, ``pytest``. The summary (total and per-module
branch-aware percentages, what is missing, how long the run took) is what the docs page "Reliability" shows.
The suite must pass: on a failing run (tests or the coverage threshold) nothing is written.
"""

from __future__ import annotations

import datetime
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = ROOT / "tests" / "coverage" / "summary.json"


def ci_addopts(ci_script: Path = ROOT / ".ci" / "run") -> list[str]:
    """The pytest options ``.ci/run`` exports in ``PYTEST_ADDOPTS``."""
    for line in ci_script.read_text(encoding="utf-8").splitlines():
        if line.startswith("export PYTEST_ADDOPTS="):
            return shlex.split(shlex.split(line.removeprefix("export PYTEST_ADDOPTS="))[0])
    raise ValueError(f"{ci_script} exports no PYTEST_ADDOPTS")


def _module(path: str) -> str:
    """``src/tinyrnn/explainer/page.py`` -> ``tinyrnn.explainer.page``; a package's ``__init__`` is the package."""
    parts = Path(path).with_suffix("").parts
    parts = parts[parts.index("tinyrnn") :]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def summary(report: dict[str, Any], command: str, duration_s: float) -> dict[str, Any]:
    """The fields of summary.json from coverage's JSON report."""
    totals = report["totals"]
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "coverage_version": report["meta"]["version"],
        "branch": report["meta"]["branch_coverage"],
        "percent_covered": round(totals["percent_covered"], 2),
        "statements": totals["num_statements"],
        "branches": totals["num_branches"],
        "missing_lines": totals["missing_lines"],
        "missing_branches": totals["missing_branches"],
        "per_module": {
            _module(path): round(data["summary"]["percent_covered"], 2)
            for path, data in sorted(report["files"].items(), key=lambda item: _module(item[0]))
        },
        "command": command,
        "duration_s": round(duration_s, 1),
    }


def main() -> int:
    addopts = ci_addopts()
    with tempfile.TemporaryDirectory() as tmp:
        report_path = Path(tmp) / "coverage.json"
        env = {**os.environ, "PYTEST_ADDOPTS": shlex.join([*addopts, f"--cov-report=json:{report_path}"])}
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "pytest"], cwd=ROOT, env=env, check=False)
        duration_s = time.perf_counter() - start
        if result.returncode != 0:
            print(f"pytest failed (exit status {result.returncode}): {SUMMARY} not written", file=sys.stderr)
            return result.returncode
        report = json.loads(report_path.read_text(encoding="utf-8"))
    command = f"PYTEST_ADDOPTS={shlex.quote(shlex.join(addopts))} pytest"
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(json.dumps(summary(report, command, duration_s), indent=2) + "\n", encoding="utf-8")
    print(f"{SUMMARY.relative_to(ROOT)}: {report['totals']['percent_covered']:.2f}% branch coverage")
    return 0


if __name__ == "__main__":
    sys.exit(main())
