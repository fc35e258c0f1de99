"""The slides' LSTM-vs-GRU claims, measured: train both cells on the toy tasks and compare.

    python benchmarks/lstm_vs_gru.py                       # the small setting (CI: well under 2 minutes)
    python benchmarks/lstm_vs_gru.py --setting full        # the fuller setting (several minutes)
    python benchmarks/lstm_vs_gru.py --setting full --docs # ... and write the docs' results page

For each task an LSTMCell and a GRUCell (variant "colah", the slides' notation)
of the same hidden size, each with a linear read-out, are trained with the same
optimiser, data and seeds by ``tinyrnn.train`` (hand-derived BPTT, no autograd).
The two cells are trained alternately, seed by seed, so that both see the same
machine conditions. Reported per task and cell: parameter count, wall time per
epoch (the fastest epoch of each run; and the GRU/LSTM ratio of this run), final training loss, test loss and
test accuracy over the seeds (mean ± sample standard deviation, and min–max),
and the memory task's accuracy as the delay grows.

Writes ``lstm_vs_gru.json`` (everything measured), ``lstm_vs_gru.md`` (tables and
a reading of the claims, generated from the JSON by rules stated in the code) and
``lstm_vs_gru.svg`` (accuracy vs delay; loss curves) to ``--out``; with ``--docs``
also ``docs/_training_results.md`` and ``docs/_static/lstm_vs_gru.svg``.
No plotting library is needed: the SVG is written by hand.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import tinyrnn
from tinyrnn.optim import Adam
from tinyrnn.tasks import Task, adding_problem, memory_task, noisy_sine
from tinyrnn.training import train

ROOT = Path(__file__).resolve().parents[1]
CELLS = ("LSTM", "GRU", "LSTM b_f=1")  # the last: the common trick of a forget-gate bias of 1 (see make_cell)

SETTINGS: dict[str, dict[str, Any]] = {
    "small": {
        "hidden_size": 6,
        "seeds": [0, 1],
        "timing_repeats": 2,
        "lr": 0.03,
        "batch_size": 5,
        "adding": {"length": 6, "n_train": 40, "n_test": 40, "epochs": 4},
        "sine": {"length": 8, "n_train": 30, "n_test": 20, "epochs": 4},
        "memory": {"delays": [1, 4], "n_train": 60, "n_test": 60, "epochs": 6},
    },
    "full": {
        "hidden_size": 8,
        "seeds": [0, 1, 2, 3, 4],
        "timing_repeats": 5,
        "lr": 0.03,
        "batch_size": 10,
        "adding": {"length": 10, "n_train": 200, "n_test": 200, "epochs": 20},
        "sine": {"length": 20, "n_train": 100, "n_test": 100, "epochs": 15},
        "memory": {"delays": [1, 2, 4, 8, 16], "n_train": 200, "n_test": 200, "epochs": 30},
    },
}


def make_cell(kind: str, input_size: int, hidden_size: int, seed: int) -> Any:
    """Both cells start from tinyrnn's default (PyTorch's): every weight and bias uniform in ±1/√H.

    ``"LSTM b_f=1"`` is the same LSTM with the forget gate's bias set to 1, so that
    f_t starts near σ(1) ≈ 0.73 and the cell state is kept by default (Gers et al.
    2000; Jozefowicz et al. 2015): the usual practice, and a fairer LSTM for long delays.
    """
    if kind == "GRU":
        return tinyrnn.GRUCell(input_size, hidden_size, variant="colah", seed=seed)
    cell = tinyrnn.LSTMCell(input_size, hidden_size, seed=seed)
    if kind == "LSTM":
        return cell
    params = cell.params
    params["b_f"] = [1.0] * hidden_size
    return tinyrnn.LSTMCell.from_params(params)


def summary(values: list[float]) -> dict[str, float]:
    """Mean, sample standard deviation (0 for one value), min and max."""
    return {
        "mean": statistics.fmean(values),
        "std": statistics.stdev(values) if len(values) > 1 else 0.0,
        "min": min(values),
        "max": max(values),
    }


def run_task(
    name: str, task_of_seed: Callable[[int], Task], epochs: int, setting: dict[str, Any], log: Any
) -> dict[str, Any]:
    """Train both cells on one task for every seed; the raw runs and their summaries."""
    H = setting["hidden_size"]
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in CELLS}
    task = task_of_seed(0)
    for seed in setting["seeds"]:
        task = task_of_seed(seed)
        for kind in CELLS:  # alternate LSTM and GRU so both see the same machine conditions
            cell = make_cell(kind, task.input_size, H, seed)
            result = train(
                cell,
                task,
                epochs=epochs,
                optimizer=Adam(lr=setting["lr"]),
                batch_size=setting["batch_size"],
                seed=seed,
                verbose=False,
            )
            runs[kind].append(
                {
                    "seed": seed,
                    "losses": result.losses,
                    "epoch_seconds": result.epoch_seconds,
                    "test_loss": result.test_loss,
                    "test_accuracy": result.test_accuracy,
                }
            )
            log(
                f"  {name:8} {kind:4} seed {seed}: train loss {result.losses[-1]:.4f}  test loss "
                f"{result.test_loss:.4f}  accuracy {result.test_accuracy:.1%}  "
                f"fastest epoch {min(result.epoch_seconds):.2f} s"
            )
    timing = time_epochs(task, H, setting)
    entry = {
        "task": name,
        "description": task.description,
        "loss": task.loss,
        "tolerance": task.tolerance,
        "input_size": task.input_size,
        "output_size": task.output_size,
        "epochs": epochs,
        "cells": {
            kind: {
                "cell_parameters": make_cell(kind, task.input_size, H, 0).num_parameters,
                "runs": runs[kind],
                "timed_epochs": timing[kind],
            }
            for kind in CELLS
        },
    }
    return summarise(entry, H)


def time_epochs(task: Task, hidden_size: int, setting: dict[str, Any]) -> dict[str, list[float]]:
    """Seconds of single training epochs, the cells interleaved, ``timing_repeats`` times each.

    Every epoch does the same work, so the fastest of the repeats is the one least disturbed by
    other programs; timing the cells in turn, one epoch each, exposes them to the same conditions.
    """
    times: dict[str, list[float]] = {kind: [] for kind in CELLS}
    for _ in range(setting["timing_repeats"]):
        for kind in CELLS:
            cell = make_cell(kind, task.input_size, hidden_size, 0)
            optimizer = Adam(lr=setting["lr"])
            result = train(cell, task, epochs=1, optimizer=optimizer, batch_size=setting["batch_size"], verbose=False)
            times[kind].append(result.epoch_seconds[0])
    return times


def summarise(entry: dict[str, Any], hidden_size: int) -> dict[str, Any]:
    """Every summary of a task's entry, computed from its raw runs (so a saved JSON can be re-summarised).

    Time per epoch: the fastest of the interleaved timed epochs (see :func:`time_epochs`), and the
    GRU/LSTM ratio of those; the training epochs' times are kept in the runs, for reference.
    """
    for cell in entry["cells"].values():
        runs = cell["runs"]
        outputs = hidden_size * entry["output_size"] + entry["output_size"]
        cell["total_parameters"] = cell["cell_parameters"] + outputs
        cell["seconds_per_epoch"] = min(cell["timed_epochs"])
        cell["final_train_loss"] = summary([r["losses"][-1] for r in runs])
        cell["test_loss"] = summary([r["test_loss"] for r in runs])
        cell["test_accuracy"] = summary([r["test_accuracy"] for r in runs])
        cell["mean_loss_curve"] = [statistics.fmean(r["losses"][e] for r in runs) for e in range(entry["epochs"])]
    lstm, gru = entry["cells"]["LSTM"], entry["cells"]["GRU"]
    entry["gru_over_lstm_seconds_per_epoch"] = gru["seconds_per_epoch"] / lstm["seconds_per_epoch"]
    return entry


def run_experiment(setting_name: str, log: Any = print) -> dict[str, Any]:
    setting = SETTINGS[setting_name]
    started = time.perf_counter()
    machine_at_start = machine()
    tasks: list[dict[str, Any]] = []
    adding, sine, memory = setting["adding"], setting["sine"], setting["memory"]
    log(f"LSTM vs GRU, setting {setting_name!r}: hidden size {setting['hidden_size']}, seeds {setting['seeds']}")
    tasks.append(
        run_task(
            "adding",
            lambda seed: adding_problem(adding["length"], adding["n_train"], adding["n_test"], seed=seed),
            adding["epochs"],
            setting,
            log,
        )
    )
    tasks.append(
        run_task(
            "sine",
            lambda seed: noisy_sine(sine["length"], 0.1, sine["n_train"], sine["n_test"], seed=seed),
            sine["epochs"],
            setting,
            log,
        )
    )
    for delay in memory["delays"]:
        entry = run_task(
            f"memory-{delay}",
            lambda seed, delay=delay: memory_task(delay, 3, 1, memory["n_train"], memory["n_test"], seed=seed),
            memory["epochs"],
            setting,
            log,
        )
        entry["delay"] = delay
        tasks.append(entry)
    return {
        "setting": setting_name,
        "parameters": setting,
        "gru_variant": "colah",
        "optimizer": f"Adam(lr={setting['lr']}), batch size {setting['batch_size']}, gradients clipped to norm 1",
        "machine": machine_at_start,
        "load_average_at_end": machine()["load_average"],
        "tinyrnn": tinyrnn.__version__,
        "total_seconds": time.perf_counter() - started,
        "tasks": tasks,
    }


def machine() -> dict[str, Any]:
    """What the times were measured on."""
    return {
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cpus": os.cpu_count() or 1,
    }


# The report ------------------------------------------------------------------------


def _pm(stats: dict[str, float], digits: int = 3, percent: bool = False) -> str:
    if percent:
        spread = f"({100 * stats['min']:.0f}–{100 * stats['max']:.0f})"
        return f"{100 * stats['mean']:.1f} ± {100 * stats['std']:.1f} % {spread}"
    return f"{stats['mean']:.{digits}f} ± {stats['std']:.{digits}f}"


def _separated(a: dict[str, float], b: dict[str, float]) -> bool:
    """Rule for "one cell did better": the means differ by more than the larger seed spread (std)."""
    return abs(a["mean"] - b["mean"]) > max(a["std"], b["std"])


def _score(task: dict[str, Any], kind: str) -> tuple[dict[str, float], float]:
    """The test metric that decides a task (accuracy for classification, loss for regression) and its sign."""
    if task["loss"] == "cross_entropy":
        return task["cells"][kind]["test_accuracy"], 1.0
    return task["cells"][kind]["test_loss"], -1.0


def _compare(tasks: list[dict[str, Any]], a: str, b: str) -> tuple[list[str], list[str], list[str]]:
    """Tasks where ``a`` and ``b`` are similar, where ``a`` is better, where ``b`` is better."""
    similar: list[str] = []
    a_better: list[str] = []
    b_better: list[str] = []
    for task in tasks:
        (first, sign), (second, _) = _score(task, a), _score(task, b)
        if not _separated(first, second):
            similar.append(task["task"])
        elif sign * (first["mean"] - second["mean"]) > 0:
            a_better.append(task["task"])
        else:
            b_better.append(task["task"])
    return similar, a_better, b_better


def _solved(memory: list[dict[str, Any]], kind: str) -> str:
    """The longest delay up to which the mean test accuracy stayed at 90 % or more."""
    longest = None
    for task in memory:
        if task["cells"][kind]["test_accuracy"]["mean"] < 0.9:
            break
        longest = task["delay"]
    return "none" if longest is None else str(longest)


def reading(results: dict[str, Any]) -> list[str]:
    """The claims of the slides, each held against the numbers by a rule stated in the text."""
    tasks = results["tasks"]
    first = tasks[0]["cells"]
    lstm_params, gru_params = first["LSTM"]["cell_parameters"], first["GRU"]["cell_parameters"]
    fewer = 1 - gru_params / lstm_params
    lines = [
        (
            f'- **"Fewer parameters (~25-30% less)"** — supported at its low end: the GRU cell has {gru_params} '
            f"parameters against the LSTM's {lstm_params}, {100 * fewer:.0f}% fewer (three gate-sized blocks instead "
            "of four, so exactly a quarter fewer at any size in the slides' layout)."
        ),
    ]
    ratios = [t["gru_over_lstm_seconds_per_epoch"] for t in tasks]
    faster = sum(r < 1 for r in ratios)
    verdict = "supported" if faster == len(ratios) else "mixed" if faster else "not supported"
    lines.append(
        f'- **"Faster training time"** — {verdict} per epoch: the GRU\'s epoch took {min(ratios):.2f}–'
        f"{max(ratios):.2f}× the LSTM's time across the tasks (faster on {faster} of {len(ratios)}). "
        f"Each time is the fastest of {results['parameters']['timing_repeats']} single epochs timed in turn "
        "(LSTM, GRU, LSTM, …), in tinyrnn's pure-Python code on this machine; how many epochs each cell needs "
        "to learn is in the loss curves and the accuracies, not in this ratio."
    )
    for lstm in ("LSTM", "LSTM b_f=1"):
        similar, lstm_better, gru_better = _compare(tasks, lstm, "GRU")
        lines.append(
            f'- **"Similar performance on many tasks"** ({lstm} against GRU) — similar on {len(similar)} of '
            f"{len(tasks)} tasks ({', '.join(similar) or 'none'}); {lstm} better on "
            f"{', '.join(lstm_better) or 'none'}; GRU better on {', '.join(gru_better) or 'none'}. Rule: a "
            "difference counts only if the two means (test accuracy; test loss for adding and sine) differ by "
            "more than the larger standard deviation over the seeds."
        )
    memory = sorted((t for t in tasks if "delay" in t), key=lambda t: t["delay"])
    if memory:
        longest = memory[-1]
        gru = longest["cells"]["GRU"]["test_accuracy"]
        verdicts = []
        for lstm_kind in ("LSTM", "LSTM b_f=1"):
            lstm = longest["cells"][lstm_kind]["test_accuracy"]
            if _separated(lstm, gru):
                verdicts.append(f"{lstm_kind} {'better' if lstm['mean'] > gru['mean'] else 'worse'} than GRU")
            else:
                verdicts.append(f"{lstm_kind} and GRU not different beyond the seed spread")
        supported = any(v.endswith("better than GRU") for v in verdicts)
        contradicted = all(v.endswith("worse than GRU") for v in verdicts)
        verdict = (
            "supported in this setting"
            if supported
            else "contradicted in this setting"
            if contradicted
            else "not supported by this data"
        )
        accuracies = ", ".join(f"{kind} {_pm(longest['cells'][kind]['test_accuracy'], percent=True)}" for kind in CELLS)
        solved = ", ".join(f"{kind} {_solved(memory, kind)}" for kind in CELLS)
        lines.append(
            f'- **"LSTM: better for complex, long sequences"** — {verdict} ({"; ".join(verdicts)}). At the '
            f"longest delay ({longest['delay']} steps) the test accuracy was {accuracies} (chance: "
            f"{100 / longest['output_size']:.0f} %). Longest delay with a mean accuracy of 90 % or more: {solved}."
        )
    lines.append(
        '- **"GRU: better for smaller datasets"** and **"easier to implement and tune"** — not measured here: '
        "every run uses the same data size and the same hyperparameters for all cells."
    )
    n = len(results["parameters"]["seeds"])
    lines.append(
        f"- **Spread over seeds.** {n} seeds per cell and task; ± is the sample standard deviation and the "
        "parentheses give min–max. With so few seeds, small differences are noise: read the table with the spread."
    )
    return lines


def _load(results: dict[str, Any]) -> str:
    """How busy the machine was (other programs slow the timings down, unevenly)."""
    start, end = results["machine"].get("load_average"), results.get("load_average_at_end")
    if not start or not end:
        return ""
    return f" (1-minute load average {start[0]:.1f} at the start, {end[0]:.1f} at the end)"


def table(header: list[str], align: str, rows: list[list[str]], docs: bool) -> list[str]:
    """A Markdown pipe table; for the docs, in a MyST ``table`` of class ``tinyrnn-numbers``.

    ``align`` has one letter per column, ``l`` or ``r``. The docs' class keeps each number on one
    line, and a table too wide for the page scrolls sideways (``docs/_static/tinyrnn.css``).
    """
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(":--" if a == "l" else "--:" for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return ["```{table}", ":class: tinyrnn-numbers", "", *lines, "```"] if docs else lines


def markdown(results: dict[str, Any], svg_path: str = "lstm_vs_gru.svg", docs: bool = False) -> str:
    """The report as Markdown, generated from the JSON results only (``docs``: MyST tables for the docs)."""
    p = results["parameters"]
    m = results["machine"]
    out = [
        (
            f"Setting `{results['setting']}`: hidden size {p['hidden_size']} for every cell (GRU variant "
            f"`{results['gru_variant']}`; `LSTM b_f=1` is the LSTM with its forget-gate bias set to 1), a linear "
            f"read-out, {results['optimizer']}, seeds {p['seeds']}. Measured with tinyrnn {results['tinyrnn']} on "
            f"{m['implementation']} {m['python']}, {m['platform']} ({m['cpus']} CPUs); the whole experiment "
            f"took {results['total_seconds']:.0f} s{_load(results)}."
        ),
        "",
    ]
    rows = []
    for t in results["tasks"]:
        for kind in CELLS:
            c = t["cells"][kind]
            rows.append(
                [
                    t["task"],
                    kind,
                    f"{c['cell_parameters']} + {c['total_parameters'] - c['cell_parameters']}",
                    f"{c['seconds_per_epoch']:.3f}",
                    f"{t['gru_over_lstm_seconds_per_epoch']:.2f}" if kind == "GRU" else "",
                    _pm(c["final_train_loss"]),
                    _pm(c["test_loss"]),
                    _pm(c["test_accuracy"], percent=True),
                ]
            )
    header = ["task", "cell", "parameters (cell + read-out)", "s per epoch (best of timed)", "GRU/LSTM time"]
    header += ["final train loss", "test loss", "test accuracy"]
    out += table(header, "llrrrrrr", rows, docs)
    out += ["", "Tasks:", ""]
    for t in results["tasks"]:
        correct = (
            "largest logit is the target symbol"
            if t["loss"] == "cross_entropy"
            else f"within {t['tolerance']:g} of the target"
        )
        out.append(f"- `{t['task']}`: {t['description']}; {t['epochs']} epochs; correct = {correct}.")
    out += [
        "",
        f"![Test accuracy of the memory task against the delay, and training loss per epoch]({svg_path})",
        "",
        "What the numbers say about the slides' claims (generated from the results by the rules stated):",
        "",
        *reading(results),
        "",
    ]
    return "\n".join(out)


# The plot ----------------------------------------------------------------------------

COLOURS = {"LSTM": "#1f77b4", "GRU": "#d95f02", "LSTM b_f=1": "#7570b3"}


class Panel:
    """One chart area: data coordinates to SVG pixels, axes with ticks and labels."""

    def __init__(
        self,
        left: float,
        top: float,
        width: float,
        height: float,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        log_y: bool = False,
    ) -> None:
        self.left, self.top, self.width, self.height = left, top, width, height
        self.x_range, self.y_range, self.log_y = x_range, y_range, log_y

    def x(self, value: float) -> float:
        low, high = self.x_range
        return self.left + (value - low) / (high - low) * self.width

    def y(self, value: float) -> float:
        low, high = self.y_range
        if self.log_y:
            value, low, high = math.log10(max(value, 1e-300)), math.log10(low), math.log10(high)
        return self.top + self.height - (value - low) / (high - low) * self.height

    def axes(
        self,
        x_ticks: list[float],
        y_ticks: list[float],
        x_label: str,
        y_label: str,
        title: str,
        y_format: Callable[[float], str],
    ) -> list[str]:
        bottom = self.top + self.height
        middle = self.left + self.width / 2
        parts = [
            (
                f'<rect x="{self.left}" y="{self.top}" width="{self.width}" height="{self.height}" '
                'fill="none" stroke="#888"/>'
            ),
            f'<text x="{middle}" y="{self.top - 10}" text-anchor="middle" font-weight="bold">{escape(title)}</text>',
            f'<text x="{middle}" y="{bottom + 36}" text-anchor="middle">{escape(x_label)}</text>',
            (
                f'<text transform="translate({self.left - 44},{self.top + self.height / 2}) rotate(-90)" '
                f'text-anchor="middle">{escape(y_label)}</text>'
            ),
        ]
        for tick in x_ticks:
            px = self.x(tick)
            parts.append(f'<line x1="{px:.1f}" y1="{bottom}" x2="{px:.1f}" y2="{bottom + 4}" stroke="#888"/>')
            parts.append(f'<text x="{px:.1f}" y="{bottom + 17}" text-anchor="middle">{tick:g}</text>')
        for tick in y_ticks:
            py = self.y(tick)
            parts.append(
                f'<line x1="{self.left - 4}" y1="{py:.1f}" x2="{self.left + self.width}" y2="{py:.1f}" stroke="#eee"/>'
            )
            parts.append(f'<text x="{self.left - 7}" y="{py + 4:.1f}" text-anchor="end">{y_format(tick)}</text>')
        return parts

    def line(self, points: list[tuple[float, float]], colour: str, dashed: bool = False, width: float = 2) -> str:
        path = " ".join(f"{self.x(a):.1f},{self.y(b):.1f}" for a, b in points)
        dash = ' stroke-dasharray="5,4"' if dashed else ""
        return f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}"{dash}/>'


def svg(results: dict[str, Any]) -> str:
    """Three panels: memory-task accuracy against the delay; seconds per epoch; the longest delay's loss curves."""
    memory = sorted((t for t in results["tasks"] if "delay" in t), key=lambda t: t["delay"])
    width, height = 1000, 390
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            'font-family="sans-serif" font-size="12" role="img">'
        ),
        "<title>LSTM vs GRU: memory-task accuracy against the delay, time per epoch, training loss</title>",
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    parts += _accuracy_panel(Panel(65, 40, 255, 270, (0, 1), (0, 1)), memory)
    parts += _time_panel(results["tasks"], left=395, top=40, width=255, height=270)
    if memory:
        parts += _loss_panel(memory[-1], left=725, top=40, width=255, height=270)
    legend_y = height - 20
    for k, kind in enumerate(CELLS):
        x = 65 + 100 * k
        parts.append(f'<rect x="{x}" y="{legend_y - 6}" width="24" height="12" fill="{COLOURS[kind]}"/>')
        parts.append(f'<text x="{x + 30}" y="{legend_y + 4}">{kind}</text>')
    parts.append(
        f'<text x="380" y="{legend_y + 4}">points and thick lines: mean over seeds · '
        "vertical bars: min–max · thin lines: each seed</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _accuracy_panel(panel: Panel, memory: list[dict[str, Any]]) -> list[str]:
    delays = [t["delay"] for t in memory] or [1]
    panel.x_range = (0, max(delays) * 1.05)
    step = 10 if max(delays) > 20 else 5 if max(delays) > 5 else 1
    parts = panel.axes(
        [float(d) for d in range(0, max(delays) + 1, step)],
        [0, 0.25, 0.5, 0.75, 1.0],
        "delay (steps between store and recall)",
        "test accuracy",
        "Memory task: accuracy vs delay",
        lambda v: f"{100 * v:.0f}%",
    )
    if memory:
        chance = 1 / memory[0]["output_size"]
        parts.append(panel.line([(0, chance), (panel.x_range[1], chance)], "#999", dashed=True))
        parts.append(
            f'<text x="{panel.x(panel.x_range[1]) - 4:.1f}" y="{panel.y(chance) - 5:.1f}" text-anchor="end" '
            'fill="#777">chance</text>'
        )
    nudge = 0.012 * panel.x_range[1]  # side by side, so that the bars do not hide each other
    for offset, kind in zip((-nudge, 0.0, nudge), CELLS, strict=True):
        colour = COLOURS[kind]
        points = [(t["delay"] + offset, t["cells"][kind]["test_accuracy"]["mean"]) for t in memory]
        parts.append(panel.line(points, colour))
        for t, (x, mean) in zip(memory, points, strict=True):
            acc = t["cells"][kind]["test_accuracy"]
            parts.append(
                f'<line x1="{panel.x(x):.1f}" y1="{panel.y(acc["min"]):.1f}" x2="{panel.x(x):.1f}" '
                f'y2="{panel.y(acc["max"]):.1f}" stroke="{colour}" stroke-width="1.5"/>'
            )
            parts.append(f'<circle cx="{panel.x(x):.1f}" cy="{panel.y(mean):.1f}" r="3.5" fill="{colour}"/>')
    return parts


def _time_panel(tasks: list[dict[str, Any]], left: float, top: float, width: float, height: float) -> list[str]:
    longest = max(t["cells"][kind]["seconds_per_epoch"] for t in tasks for kind in CELLS)
    ticks = _nice_ticks(longest)
    panel = Panel(left, top, width, height, (0, len(tasks)), (0, ticks[-1]))
    parts = panel.axes([], ticks, "", "seconds per epoch (best of timed)", "Wall time per epoch", lambda v: f"{v:g}")
    bar = 0.8 / len(CELLS)
    for k, t in enumerate(tasks):
        for j, kind in enumerate(CELLS):
            seconds = t["cells"][kind]["seconds_per_epoch"]
            x0 = panel.x(k + 0.1 + j * bar)
            parts.append(
                f'<rect x="{x0:.1f}" y="{panel.y(seconds):.1f}" width="{panel.x(bar) - panel.x(0):.1f}" '
                f'height="{panel.y(0) - panel.y(seconds):.1f}" fill="{COLOURS[kind]}"/>'
            )
        label_x, label_y = panel.x(k + 0.5), top + height + 12
        parts.append(
            f'<text transform="translate({label_x:.1f},{label_y}) rotate(35)" font-size="11">{escape(t["task"])}</text>'
        )
    return parts


def _loss_panel(task: dict[str, Any], left: float, top: float, width: float, height: float) -> list[str]:
    curves = [(kind, run["losses"]) for kind in CELLS for run in task["cells"][kind]["runs"]]
    values = [v for _, curve in curves for v in curve if v > 0]
    low, high = 10 ** math.floor(math.log10(min(values))), 10 ** math.ceil(math.log10(max(values)))
    epochs = max(len(curve) for _, curve in curves)
    panel = Panel(left, top, width, height, (1, max(epochs, 2)), (low, high), log_y=True)
    parts = panel.axes(
        [float(e) for e in range(1, epochs + 1, max(1, epochs // 5))],
        [10.0**k for k in range(round(math.log10(low)), round(math.log10(high)) + 1)],
        "epoch",
        "training loss (log scale)",
        f"Memory task, delay {task['delay']}: training loss",
        lambda v: f"{v:g}",
    )
    for kind, curve in curves:
        parts.append(panel.line([(e + 1, v) for e, v in enumerate(curve)], COLOURS[kind], width=0.8))
    for kind in CELLS:
        mean = task["cells"][kind]["mean_loss_curve"]
        parts.append(panel.line([(e + 1, v) for e, v in enumerate(mean)], COLOURS[kind], width=2.5))
    return parts


def _nice_ticks(top: float) -> list[float]:
    """0 and a few round steps up to at least ``top``."""
    raw = top / 4 if top > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [round(k * step, 10) for k in range(math.ceil(top / step) + 1)]


def write(results: dict[str, Any], out: Path, docs: bool) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        ("lstm_vs_gru.json", json.dumps(results, indent=1, allow_nan=False) + "\n"),
        ("lstm_vs_gru.md", markdown(results)),
        ("lstm_vs_gru.svg", svg(results)),
    ):
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    if docs:
        (ROOT / "docs" / "_static").mkdir(exist_ok=True)
        (ROOT / "docs" / "_static" / "lstm_vs_gru.svg").write_text(svg(results), encoding="utf-8")
        (ROOT / "docs" / "_training_results.md").write_text(
            markdown(results, "_static/lstm_vs_gru.svg", docs=True), encoding="utf-8"
        )
        written += [ROOT / "docs" / "_static" / "lstm_vs_gru.svg", ROOT / "docs" / "_training_results.md"]
    return written


def add_report_arguments(parser: argparse.ArgumentParser, docs_files: str) -> None:
    """``--out``, ``--docs``, ``--from-json`` and ``--quiet``, shared by the scripts that write reports."""
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results", help="directory for the results")
    parser.add_argument("--docs", action="store_true", help=f"also write {docs_files}")
    parser.add_argument("--from-json", type=Path, help="do not measure: rewrite the report from saved results")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train LSTM and GRU cells on the toy tasks and compare them.")
    parser.add_argument("--setting", choices=sorted(SETTINGS), default="small", help="small (CI, fast) or full")
    add_report_arguments(parser, "docs/_training_results.md and its SVG")
    args = parser.parse_args(argv)
    log = (lambda *_: None) if args.quiet else print
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
        for entry in results["tasks"]:
            summarise(entry, results["parameters"]["hidden_size"])
    else:
        results = run_experiment(args.setting, log)
    for path in write(results, args.out, args.docs):
        log(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
