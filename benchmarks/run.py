"""Run every benchmark in one process, then the scaling plot and the goals of issue 8.

    python benchmarks/run.py            # the full run (a few minutes): the numbers of docs/performance.md
    python benchmarks/run.py --quick    # short timings, under a minute
    python benchmarks/run.py --out DIR  # write somewhere else than benchmarks/results/
    python benchmarks/run.py --replot   # only redraw scaling.svg from the steps.json already there
    python benchmarks/run.py --explainer  # also measure the explainer in Chromium (see below)

Writes into the output directory, for each benchmark, ``<name>.json`` (every
number, the machine, the settings) and ``<name>.md`` (the tables printed):
``steps``, ``sequences``, ``import``, ``kernels``; then ``scaling.svg`` (time
against H, log-log, with the crossovers) and ``goals.json``/``goals.md`` (each
goal of issue 8 with the number measured in this run, met or not).

The explainer's recompute time (issue 6) is measured in Chromium by its
browser test, which saves ``test-artifacts/explainer/timing-<cell>.json``:

    python benchmarks/run.py --explainer   # first runs that test (needs the browser extra and chromium)

copies what that test measured (the latest files there, if any) into
``explainer.json`` and the goals table.

Nothing here asserts a time: the benchmarks report, the tests assert. Run
it on a quiet machine; every number is the fastest of several interleaved
rounds (``common.time_many``).
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

import bench_import
import bench_kernels
import bench_sequences
import bench_steps
import common
import svgplot

ROOT = common.HERE.parent
PLOTTED = {
    "lstm_traced": "tinyrnn LSTM step (traced)",
    "gru_colah": "tinyrnn GRU step (traced)",
    "naive_lstm": "plain Python LSTM, obvious",
    "fastest_lstm": "fastest plain Python LSTM",
    "numpy_lstm": "NumPy LSTM",
    "torch_lstm_nograd": "PyTorch LSTMCell no_grad",
    "torch_lstm_autograd": "PyTorch LSTMCell autograd",
}
OVERTAKERS = {"numpy_lstm": "NumPy", "torch_lstm_nograd": "PyTorch no_grad"}


def crossovers(steps: dict[str, Any]) -> dict[str, Any]:
    """Where NumPy and PyTorch become faster than a traced tinyrnn LSTM step."""
    mine = {int(H): us for H, us in steps["series"]["lstm_traced"].items()}
    found: dict[str, Any] = {}
    for key, name in OVERTAKERS.items():
        if key in steps["series"]:
            other = {int(H): us for H, us in steps["series"][key].items()}
            found[name] = svgplot.crossover(mine, other)
    return found


def plot(steps: dict[str, Any], found: dict[str, Any], *, narrow: bool = False) -> str:
    series = {
        label: {int(H): us for H, us in steps["series"][key].items()}
        for key, label in PLOTTED.items()
        if key in steps["series"]
    }
    marks = [(H, f"{name} faster from H ≈ {H:.0f}") for name, H in found.items() if H is not None]
    title = "One step against H = I"
    return svgplot.loglog(series, title=title, xlabel="H = I", ylabel="µs per step", marks=marks, narrow=narrow)


def goal(name: str, value: float | None, target: float, unit: str = "×", detail: str = "") -> dict[str, Any]:
    return {
        "goal": name,
        "measured": value,
        "target": target,
        "unit": unit,
        "met": value is not None and value <= target,
        "detail": detail,
    }


def goals(steps: dict[str, Any], imports: dict[str, Any]) -> list[dict[str, Any]]:
    """Every goal of issue 8, with the number measured in this run."""
    s, r = steps["series"], steps["ratios"]

    def at(key: str, H: int, table: dict[str, Any] = s) -> float | None:
        return table.get(key, {}).get(str(H))

    def over(a: str, b: str, H: int) -> float | None:
        x, y = at(a, H), at(b, H)
        return None if x is None or y is None else x / y

    out = [
        goal(
            "traced LSTM step at H = I = 3 (list inputs) / PyTorch no_grad",
            at("lstm_traced", 3, r),
            0.5,
            detail=f"Vector inputs: {common.fmt(at('lstm_traced_vectors', 3, r))}×",
        ),
        goal(
            "traced LSTM step at H = I = 3 (list inputs) / NumPy (array inputs)",
            over("lstm_traced", "numpy_lstm", 3),
            0.7,
            detail=f"Vector inputs / NumPy: {common.fmt(over('lstm_traced_vectors', 'numpy_lstm', 3))}×; "
            f"list inputs / NumPy given lists: {common.fmt(over('lstm_traced', 'numpy_lstm_lists', 3))}×",
        ),
        goal(
            "traced / untraced LSTM step at H = I = 3 (same arithmetic, same checks)",
            over("lstm_traced", "lstm_untraced", 3),
            1.3,
            detail=f"the kernels alone, without argument checks: "
            f"{common.fmt(over('lstm_kernel', 'lstm_kernel_untraced', 3))}×",
        ),
    ]
    for key in bench_steps.GRU_VARIANTS:
        ratios = steps["gru_over_lstm"][key]
        worst_H = max(ratios, key=lambda H: ratios[H])
        out.append(
            goal(
                f"GRU `{key[4:]}` / LSTM step time, worst over H",
                ratios[worst_H],
                0.8,
                detail=f"worst at H = {worst_H}; " + ", ".join(f"{H}: {v:.2f}" for H, v in ratios.items()),
            )
        )
    out.append(
        goal(
            "traced LSTM step at H = I = 64 / fastest plain-Python kernel",
            over("lstm_traced", "fastest_lstm", 64),
            1.5,
        )
    )
    out.append(
        goal(
            "`import tinyrnn` added to a bare interpreter start (CPU time)",
            imports["added_cpu_ms"],
            20.0,
            unit="ms",
            detail=f"wall clock: {common.fmt(imports['added_ms'])} ms; "
            f"`-X importtime`: {common.fmt(imports['importtime_ms'])} ms",
        )
    )
    return out


def goals_markdown(rows: Sequence[dict[str, Any]], found: dict[str, Any], explainer: dict[str, Any] | None) -> str:
    table = [
        [
            row["goal"],
            (common.fmt(row["measured"]) + " " + row["unit"]) if row["measured"] is not None else "not measured",
            f"≤ {common.fmt(row['target'])} {row['unit']}",
            "met" if row["met"] else "**not met**",
            row["detail"],
        ]
        for row in rows
    ]
    lines = [
        f"- {name} is faster than a traced tinyrnn LSTM step "
        + ("at no size measured" if H is None else f"from H ≈ {H:.0f} on (log-log interpolation)")
        for name, H in found.items()
    ]
    lines += explainer_lines(explainer)
    return (
        "### The goals of issue 8, measured in one run\n\n"
        + common.markdown_table(["goal", "measured", "target", "", "details"], table)
        + "\n"
        + "\n".join(lines)
        + "\n"
    )


def explainer_timings(measure: bool) -> dict[str, Any] | None:
    """The explainer's recompute time per cell, as its browser test saved it (after running it, if asked)."""
    if measure:
        test = ["tests/test_explainer_browser.py", "-q", "-k", "measure", "-p", "no:cacheprovider"]
        subprocess.run([sys.executable, "-m", "pytest", *test], cwd=ROOT, check=True)
    files = sorted((ROOT / "test-artifacts" / "explainer").glob("timing-*.json"))
    if not files:
        return None
    timings = {path.stem.removeprefix("timing-"): json.loads(path.read_text(encoding="utf-8")) for path in files}
    when = max(path.stat().st_mtime for path in files)
    return {
        "measured": datetime.datetime.fromtimestamp(when, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cells": timings,
    }


def explainer_lines(explainer: dict[str, Any] | None) -> list[str]:
    if not explainer:
        return [
            "- the explainer's recompute (issue 6, measured in Chromium by its browser test): not measured in this run"
        ]
    lines = []
    for cell, report in explainer["cells"].items():
        update = report["recompute_and_redraw"]
        lines.append(
            f"- the explainer's recompute and redraw after a slider move, `{cell}` at H = I = {report['H']}: "
            f"median {common.fmt(update['median_ms'])} ms, 95th percentile {common.fmt(update['p95_ms'])} ms "
            f"({report['moves']} moves, Chromium, measured {explainer['measured']})"
        )
        lines += explainer_change_lines(cell, report)
    return lines


def explainer_change_lines(cell: str, report: dict[str, Any]) -> list[str]:
    """Every kind of change until the next frame is out, against the one-frame budget (newer timing files only)."""
    changes = report.get("changes")
    if not changes:
        return []
    budget = report["frame_budget_ms"]

    def frame(kind: str) -> dict[str, float]:
        framed: dict[str, float] = changes[kind]["to_next_frame"]
        return framed

    slowest = max(changes, key=lambda kind: frame(kind)["median_ms"])
    worst = max(changes, key=lambda kind: frame(kind)["p95_ms"])
    at_median = all(frame(kind)["median_ms"] <= budget for kind in changes)
    at_p95 = all(frame(kind)["p95_ms"] <= budget for kind in changes)
    verdict = "met" if at_median and at_p95 else "met at the median only" if at_median else "**not met**"
    each = ", ".join(
        f"{kind.replace('_', ' ')} {common.fmt(frame(kind)['median_ms'])}/{common.fmt(frame(kind)['p95_ms'])}"
        for kind in changes
    )
    load = report["load_average_before"][0]
    line = (
        f"- every kind of change in the explainer, `{cell}` at H = I = {report['H']}, until the next frame is out "
        f"(recompute, redraw, style, layout, paint): slowest median {common.fmt(frame(slowest)['median_ms'])} ms "
        f"({slowest.replace('_', ' ')}), slowest 95th percentile {common.fmt(frame(worst)['p95_ms'])} ms "
        f"({worst.replace('_', ' ')}); one frame ({common.fmt(budget)} ms): {verdict} "
        f"(load average {load:.1f} on {report['cpus']} CPUs). Median/95th percentile in ms: {each}"
    )
    return [line]


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    replot, measure_explainer = "--replot" in arguments, "--explainer" in arguments
    rest = [a for a in arguments if a not in {"--replot", "--explainer"}]
    settings = common.parse_settings(rest, description=__doc__)
    if replot:
        steps = json.loads((settings.out / "steps.json").read_text(encoding="utf-8"))
        (settings.out / "scaling.svg").write_text(plot(steps, crossovers(steps)), encoding="utf-8")
        return 0
    print(f"tinyrnn benchmarks -> {settings.out}", file=sys.stderr)
    steps = bench_steps.run(settings)
    bench_sequences.run(settings)
    imports = bench_import.run(settings)
    bench_kernels.run(settings)
    found = crossovers(steps)
    (settings.out / "scaling.svg").write_text(plot(steps, found), encoding="utf-8")
    explainer = explainer_timings(measure_explainer)
    if explainer:
        (settings.out / "explainer.json").write_text(json.dumps(explainer, indent=1) + "\n", encoding="utf-8")
    rows = goals(steps, imports)
    common.write(
        "goals",
        settings,
        {"goals": rows, "crossovers": found, "explainer": explainer},
        goals_markdown(rows, found, explainer),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
