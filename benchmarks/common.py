"""What every benchmark shares: settings, the timer, the machine's description, tables and files.

Timing: each measured callable is run ``number`` times in a loop, ``number``
doubled until one loop lasts at least ``min_time`` seconds; the loop is
repeated ``repeat`` times and the *minimum* is kept (the least disturbed run;
``timeit``'s own advice), reported in microseconds per call. The clock is the
CPU time of this process (``time.process_time``), not the wall clock: on a
shared machine other processes' load then does not inflate the numbers, and
on an idle one the two agree for these single-threaded calls (PyTorch is set
to one thread, as it uses at batch 1 anyway). Nothing is ever asserted about
a time: the benchmarks report, the tests assert.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SIZES = (3, 8, 16, 32, 64, 128)
CLOCK = time.process_time


@dataclass(frozen=True)
class Settings:
    """How long and how often to measure, which sizes, where to write."""

    quick: bool = False
    sizes: tuple[int, ...] = SIZES
    min_time: float = 0.03
    repeat: int = 15
    out: Path = RESULTS
    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["out"] = str(self.out)
        return data


def parse_settings(argv: Sequence[str] | None = None, description: str = "") -> Settings:
    """The command line every benchmark script shares."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="short timings (the whole suite in under a minute)")
    parser.add_argument("--sizes", help="comma-separated H = I sizes (default: 3,8,16,32,64,128)")
    parser.add_argument("--repeat", type=int, help="timing repeats (the minimum is kept)")
    parser.add_argument("--min-time", type=float, help="seconds of one timing loop")
    parser.add_argument("--out", type=Path, default=RESULTS, help="directory for the JSON, Markdown and SVG results")
    args = parser.parse_args(argv)
    try:
        sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else SIZES
    except ValueError:
        parser.error(f"--sizes must be comma-separated integers, got {args.sizes!r}")
    if any(s < 1 for s in sizes):
        parser.error("--sizes must be positive")
    repeat = args.repeat or (5 if args.quick else 15)
    min_time = args.min_time if args.min_time is not None else (0.005 if args.quick else 0.03)
    return Settings(quick=args.quick, sizes=sizes, min_time=min_time, repeat=repeat, out=args.out)


def _calibrate(timer: timeit.Timer, min_time: float) -> int:
    """How many calls make one timing loop last at least ``min_time`` seconds."""
    number = 1
    while number < 1 << 22:
        elapsed = timer.timeit(number)
        if elapsed >= min_time:
            break
        number *= 2 if elapsed < min_time / 4 else 1 + int(min_time / max(elapsed, 1e-9))
    return number


def time_many(
    calls: dict[str, Callable[[], object]],
    settings: Settings,
    context: Callable[[str], AbstractContextManager[object]] | None = None,
) -> dict[str, float]:
    """Microseconds per call of each callable, measured in interleaved rounds.

    Round after round, every callable is timed once (in ``context(key)``, e.g.
    ``torch.no_grad()``); each keeps its fastest round. Interleaving makes a
    burst of load from other processes hit all the competitors alike, so the
    ratios of one run stay fair even when the absolute times wobble.
    """
    context = context or (lambda _key: nullcontext())
    timers = {key: timeit.Timer(call, timer=CLOCK) for key, call in calls.items()}
    numbers = {}
    for key, timer in timers.items():
        with context(key):
            numbers[key] = _calibrate(timer, settings.min_time)
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(settings.repeat):
        for key, timer in timers.items():
            with context(key):
                best[key] = min(best[key], timer.timeit(numbers[key]) / numbers[key])
    return {key: seconds * 1e6 for key, seconds in best.items()}


def time_us(function: Callable[[], object], settings: Settings) -> float:
    """Microseconds per call of one callable (the minimum over ``settings.repeat`` loops)."""
    return time_many({"call": function}, settings)["call"]


def optional(module: str) -> Any:
    """Import an optional competitor (``numpy``, ``torch``), or ``None`` when it is not installed."""
    try:
        imported = __import__(module)
    except ImportError:
        return None
    if module == "torch":
        imported.set_num_threads(1)  # batch 1: one thread, like the others (and CPU time = wall time)
    return imported


def machine() -> dict[str, Any]:
    """Where and when the numbers were measured."""
    import tinyrnn

    info: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": _cpu_name(),
        "cores": os.cpu_count(),
        "clock": "time.process_time (CPU time of the process)",
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "tinyrnn": tinyrnn.__version__,
        "commit": _git_commit(),
    }
    for name in ("numpy", "torch"):
        module = optional(name)
        info[name] = module.__version__ if module else None
    torch = optional("torch")
    if torch:
        info["torch_threads"] = torch.get_num_threads()
    return info


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git_commit() -> str | None:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True, timeout=10, check=False
        )
    except OSError:
        return None
    return result.stdout.strip() or None


def describe(info: dict[str, Any]) -> str:
    """One line for the top of a table: date, CPU, cores, Python, versions."""
    versions = ", ".join(f"{name} {info[name]}" for name in ("numpy", "torch") if info.get(name))
    return (
        f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores), {info['implementation']} "
        f"{info['python']}, tinyrnn {info['tinyrnn']}"
        + (f" ({info['commit']})" if info.get("commit") else "")
        + (f", {versions}" if versions else "")
        + "."
    )


def fmt(value: float | None, digits: int = 3) -> str:
    """A number for a table: 3 significant digits, or an em dash for a missing value."""
    if value is None:
        return "—"
    if value >= 10**digits:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write(name: str, settings: Settings, results: dict[str, Any], markdown: str) -> dict[str, Any]:
    """Write ``<name>.json`` and ``<name>.md`` into ``settings.out``, print the Markdown, return the data."""
    data = {"benchmark": name, "machine": machine(), "settings": settings.to_dict(), **results}
    settings.out.mkdir(parents=True, exist_ok=True)
    (settings.out / f"{name}.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    text = f"{markdown.rstrip()}\n\n_{describe(data['machine'])}_\n"
    (settings.out / f"{name}.md").write_text(text, encoding="utf-8")
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
    return data
