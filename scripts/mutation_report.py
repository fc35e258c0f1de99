"""Summarise mutmut's own results into ``tests/mutation/results.json`` (see ``tests/mutation/README.md``).

Usage, from the repository root::

    python scripts/mutation_report.py --run          # run mutmut (timed), then write the summary
    python scripts/mutation_report.py --duration-s N # only summarise the results already in mutants/

The counts come from the ``.meta`` files mutmut writes next to every mutated
file in ``mutants/`` (the same data ``mutmut results`` prints). Survivors
listed in ``tests/mutation/EQUIVALENT.md`` (judged equivalent: no test can
tell them from the original) are left out of the denominator of the score::

    score = (killed + timeout) / (total - equivalent)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "tests" / "mutation" / "results.json"
EQUIVALENT = ROOT / "tests" / "mutation" / "EQUIVALENT.md"
COMMAND = ["nice", "-n", "10", "mutmut", "run", "--max-children", "2"]
ENVIRONMENT = {"HYPOTHESIS_PROFILE": "mutation", "KERAS_BACKEND": "torch"}  # Keras's tests run on torch
SCORE_DEFINITION = (
    "(killed + timeout) / (total - equivalent), where total counts every mutant of the modules "
    "(no-tests, skipped and suspicious ones included, as not killed) and equivalent counts the "
    "survivors listed in tests/mutation/EQUIVALENT.md"
)

# mutmut's exit codes (mutmut/stats.py): 1 and 3 are kills; a CPU-time limit is a timeout.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no_tests", 33: "no_tests", 34: "skipped", 35: "suspicious"}
STATUS |= dict.fromkeys((36, -24, 24, 152, 255), "timeout")
MUTANT_NAME = re.compile(r"`(tinyrnn\.[^`\s]+__mutmut_\d+)`")


def status(exit_code: int | None) -> str:
    if exit_code is None:
        return "not_checked"
    return STATUS.get(exit_code, "suspicious")


def mutated_modules() -> list[str]:
    """The files listed in ``[tool.mutmut] only_mutate`` of pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    return list(config["only_mutate"])


def equivalent_names() -> set[str]:
    """Every mutant named (in backticks) in EQUIVALENT.md."""
    if not EQUIVALENT.exists():
        return set()
    return set(MUTANT_NAME.findall(EQUIVALENT.read_text("utf-8")))


def fraction(part: int, whole: int) -> float:
    """``part / whole`` to four decimals; 1.0 when there is nothing to count."""
    return round(part / whole, 4) if whole else 1.0


def score(killed: int, timeout: int, total: int, equivalent: int) -> float:
    return fraction(killed + timeout, total - equivalent)


def summarise(duration_s: float | None) -> dict[str, object]:
    listed = equivalent_names()
    modules: dict[str, dict[str, object]] = {}
    overall: Counter[str] = Counter()
    equivalent_survivors: set[str] = set()
    paths = mutated_modules()
    for path in paths:
        meta = ROOT / "mutants" / f"{path}.meta"
        if not meta.exists():
            raise SystemExit(f"{meta} is missing: run mutmut first (tests/mutation/README.md)")
        exit_codes: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        counts = Counter(status(code) for code in exit_codes.values())
        survivors = {name for name, code in exit_codes.items() if status(code) == "survived"}
        equivalent = survivors & listed
        equivalent_survivors |= equivalent
        counts["total"] = len(exit_codes)
        counts["equivalent"] = len(equivalent)
        overall.update(counts)
        modules[Path(path).stem] = {
            **{key: counts[key] for key in ("total", "killed", "survived", "timeout", "equivalent")},
            "score": score(counts["killed"], counts["timeout"], counts["total"], counts["equivalent"]),
            "raw_score": fraction(counts["killed"], counts["total"]),
        }
    stale = sorted(listed - equivalent_survivors)
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "mutmut_version": version("mutmut"),
        "python": sys.version.split()[0],
        "modules": [Path(path).stem for path in paths],
        "total": overall["total"],
        "killed": overall["killed"],
        "survived": overall["survived"],
        "timeout": overall["timeout"],
        "suspicious": overall["suspicious"],
        "skipped/no_tests": overall["skipped"] + overall["no_tests"],
        "not_checked": overall["not_checked"],
        "equivalent": overall["equivalent"],
        "listed_in_EQUIVALENT_md_but_not_surviving": stale,
        "score": score(overall["killed"], overall["timeout"], overall["total"], overall["equivalent"]),
        "raw_score": fraction(overall["killed"], overall["total"]),
        "score_definition": SCORE_DEFINITION,
        "raw_score_definition": "killed / total",
        "duration_s": duration_s,
        "command": " ".join(f"{k}={v}" for k, v in ENVIRONMENT.items()) + " " + " ".join(COMMAND),
        "per_module": modules,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", action="store_true", help="run mutmut first and time the run")
    parser.add_argument("--duration-s", type=float, help="the measured duration of the mutmut run, in seconds")
    args = parser.parse_args()
    duration = args.duration_s
    if args.run:
        start = time.monotonic()
        # mutmut under this Python (`python -m mutmut`), whose environment has tinyrnn installed (its entry point)
        command = [
            part for word in COMMAND for part in ([sys.executable, "-m", "mutmut"] if word == "mutmut" else [word])
        ]
        subprocess.run(command, cwd=ROOT, env={**os.environ, **ENVIRONMENT}, check=True)  # noqa: S603 - fixed command
        duration = round(time.monotonic() - start, 1)
    summary = summarise(duration)
    RESULTS.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"score {summary['score']:.2%} (raw {summary['raw_score']:.2%}); written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
