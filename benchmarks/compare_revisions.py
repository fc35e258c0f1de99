"""Two revisions of tinyrnn side by side: is a refactor as fast as what it replaced?

    python benchmarks/compare_revisions.py BASE [NEW] [--rounds 7] [--out DIR]

``BASE`` and ``NEW`` (default: the working tree) are git revisions. Each is
checked out into a temporary folder; then a small timing probe (this file,
run with ``--probe``) is started for BASE and NEW in turn, ``--rounds``
times each (A B A B ...), so that a machine whose speed drifts slows both
alike. Each probe times, with ``timeit`` (best of 5 repeats): the traced
step of an LSTM and of the GRU in each convention at H = I = 3, 8, 16 and 64
(list inputs, every check), backpropagation through time over 10 steps at
H = I = 8 and 32 (``tinyrnn.backward``), a cell built from its weights (what
training does at every update), and one training epoch of a small task.
The table reports, per row, the median over rounds of NEW/BASE: above 1.05 is
more than 5% slower. ``load`` is the 1-minute load average at start and end.

Writes ``compare_revisions.json`` and ``.md`` into ``--out`` (default
``benchmarks/results``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import timeit
from pathlib import Path
from typing import Any

import common

ROOT = Path(__file__).resolve().parents[1]
SIZES = (3, 8, 16, 64)


def workloads() -> dict[str, tuple[Any, int]]:
    """Every row: a function to time and how many calls make one timing loop (tinyrnn from ``sys.path``)."""
    import tinyrnn
    from tinyrnn.tasks import memory_task

    rows: dict[str, tuple[Any, int]] = {}
    for H in SIZES:
        x, h, c = [0.1 * k for k in range(H)], [0.05] * H, [0.2] * H
        number = max(20, 20_000 // (H * H))
        lstm = tinyrnn.LSTMCell(H, H, seed=0)
        rows[f"LSTM step, H = I = {H}"] = (lambda lstm=lstm, x=x, h=h, c=c: lstm.step(x, h, c), number)
        for variant in ("colah", "cho2014", "pytorch"):
            gru = tinyrnn.GRUCell(H, H, variant=variant, seed=0)
            rows[f"GRU {variant} step, H = I = {H}"] = (lambda gru=gru, x=x, h=h: gru.step(x, h), number)
    for H in (8, 32):
        xs = [[0.1 * ((k + t) % 5) for k in range(H)] for t in range(10)]
        for cell in (tinyrnn.LSTMCell(H, H, seed=1), tinyrnn.GRUCell(H, H, seed=1)):
            steps = cell.run(xs)
            name = f"{type(cell).__name__[:-4]} backward, 10 steps, H = I = {H}"
            dh = [1.0] * H
            rows[name] = (lambda cell=cell, steps=steps, dh=dh: tinyrnn.backward(cell, steps, dh), 20 if H == 8 else 3)
    for cls in (tinyrnn.LSTMCell, tinyrnn.GRUCell):
        params = cls(8, 8, seed=2).params
        rows[f"{cls.__name__} from_params, H = I = 8"] = (lambda cls=cls, params=params: cls.from_params(params), 200)
    task = memory_task(delay=2, n_train=20, n_test=5, seed=0)
    for cls in (tinyrnn.LSTMCell, tinyrnn.GRUCell):
        cell = cls(task.input_size, 8, seed=0)
        train = (lambda cell=cell: tinyrnn.train(cell, task, epochs=1, verbose=False), 1)
        rows[f"{cls.__name__} training epoch (memory task, 20 sequences)"] = train
    return rows


def probe() -> dict[str, float]:
    """µs per call of every row, in this process: the best of 5 timing loops."""
    return {
        name: min(timeit.repeat(function, number=number, repeat=5)) / number * 1e6
        for name, (function, number) in workloads().items()
    }


def run_row(name: str, calls: int) -> None:
    """Call one row's function ``calls`` times (what valgrind counts), the cyclic garbage collector off.

    With it on, a full collection falls into the 2·n run or not depending on what
    was allocated before, and one collection is worth many steps at small n: the
    counts of the two revisions would differ by where the collector ran.
    """
    function, _ = workloads()[name]
    function()  # the first call builds and caches the cell's kernels: in both runs, so it cancels out anyway
    gc.collect()
    gc.disable()
    for _ in range(calls):
        function()


def _instructions(src: Path, name: str, calls: int) -> int:
    """Instructions valgrind counts for the whole process (start-up, set-up and ``calls`` calls of one row)."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__]
    result = subprocess.run(
        [*command, "--row", name, "--calls", str(calls)], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    )
    collected = [line for line in result.stderr.splitlines() if "Collected :" in line]
    return int(collected[-1].rsplit(":", 1)[1])


def count(src: Path, name: str, number: int) -> float:
    """Instructions per call of one row: the difference between 2·n calls and n calls, over n (no start-up in it)."""
    return (_instructions(src, name, 2 * number) - _instructions(src, name, number)) / number


def _checkout(revision: str, folder: Path) -> Path:
    if revision == "WORKTREE":
        return ROOT / "src"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(folder), revision], check=True)
    return folder / "src"


def _run(src: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    result = subprocess.run(
        [sys.executable, __file__, "--probe"], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    )
    rows: dict[str, float] = json.loads(result.stdout)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", nargs="?", help="the revision before the change (e.g. a98f7d0)")
    parser.add_argument("new", nargs="?", default="WORKTREE", help="the revision after it (default: the working tree)")
    parser.add_argument("--rounds", type=int, default=7, help="A/B pairs (default: 7)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions with valgrind instead of timing (exact and repeatable on a busy machine)",
    )
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--row", help=argparse.SUPPRESS)
    parser.add_argument("--calls", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(probe()))
        return 0
    if args.row is not None:
        run_row(args.row, args.calls)
        return 0
    if args.base is None:
        parser.error("the base revision is required (e.g. a98f7d0)")
    if args.rounds < 1:
        parser.error(f"--rounds must be at least 1, got {args.rounds}")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        base_src = _checkout(args.base, Path(tmp) / "base")
        new_src = _checkout(args.new, Path(tmp) / "new")
        try:
            ratios: dict[str, list[float]] = {}
            times: dict[str, tuple[list[float], list[float]]] = {}
            rounds = 1 if args.instructions else args.rounds  # instruction counts repeat exactly
            for k in range(rounds):
                if args.instructions:
                    sizes = {name: max(1, number // 4) for name, (_, number) in workloads().items()}
                    base = {name: count(base_src, name, n) for name, n in sizes.items()}
                    new = {name: count(new_src, name, n) for name, n in sizes.items()}
                else:
                    base, new = _run(base_src), _run(new_src)
                for name in base:
                    ratios.setdefault(name, []).append(new[name] / base[name])
                    times.setdefault(name, ([], []))[0].append(base[name])
                    times[name][1].append(new[name])
                print(f"  round {k + 1}/{rounds} done", file=sys.stderr)
        finally:
            for folder in (Path(tmp) / "base", Path(tmp) / "new"):
                if folder.exists():
                    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], check=False)
    load_after = os.getloadavg()[0]
    rows = [
        {
            "row": name,
            "base": statistics.median(times[name][0]),
            "new": statistics.median(times[name][1]),
            "ratio": statistics.median(values),
            "ratio_min": min(values),
            "ratio_max": max(values),
        }
        for name, values in ratios.items()
    ]
    unit = "instructions" if args.instructions else "µs"
    results = {
        "base": args.base,
        "new": args.new,
        "unit": unit,
        "rounds": rounds,
        "load": [load_before, load_after],
        "rows": rows,
    }
    how = "valgrind's count, exact" if args.instructions else f"median of {rounds} alternating rounds"
    name = "compare_revisions_instructions" if args.instructions else "compare_revisions"
    text = (
        f"### {args.new} against {args.base}: {unit} per call ({how})\n\n"
        f"| row | base {unit} | new {unit} | new / base (min–max) |\n| --- | --: | --: | --: |\n"
        + "".join(
            f"| {r['row']} | {r['base']:,.4g} | {r['new']:,.4g} | **{r['ratio']:.3f}** "
            f"({r['ratio_min']:.2f}–{r['ratio_max']:.2f}) |\n"
            for r in rows
        )
        + f"\n1-minute load average {load_before:.1f} at the start, {load_after:.1f} at the end.\n"
    )
    common.write(name, common.Settings(out=args.out), results, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
