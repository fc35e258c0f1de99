"""How fast is the hand-derived backward pass? Measured against PyTorch autograd in the same run.

    python benchmarks/backward_speed.py            # prints a table, writes backward_speed.{json,md}
    python benchmarks/backward_speed.py --docs     # ... and docs/_backward_speed.md

Two questions from issue 5, with their goals:

1. Forward + backward of a sequence of length 100 at hidden size 8 (input
   size 8, batch 1, float64), against PyTorch autograd doing the same
   (``nn.LSTMCell``/``nn.GRUCell`` in a loop, then ``loss.backward()``).
   Goal: at most 0.5× PyTorch's time.
2. The backward of one step against its forward. Goal: at most 2.5×. Measured
   two ways: through the public API (``tinyrnn.backward(cell, step, dh)``
   against ``cell.step(x, h, c)``, argument checks included), and per step
   inside the length-100 sequence (backward time / forward time).

Every time is the best of several repeats (the least disturbed by other
programs on the machine). Nothing here is asserted: the numbers are reported.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tinyrnn
from lstm_vs_gru import machine
from study_report import table
from tinyrnn.bptt import backward_reference

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("LSTM", "GRU colah", "GRU pytorch")


def best(function: Callable[[], object], number: int, repeat: int = 15) -> float:
    """The smallest mean time of ``number`` calls, over ``repeat`` repeats, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def make_cell(kind: str, input_size: int, hidden_size: int) -> Any:
    if kind == "LSTM":
        return tinyrnn.LSTMCell(input_size, hidden_size, seed=0)
    return tinyrnn.GRUCell(input_size, hidden_size, variant=kind.split()[1], seed=0)


def torch_sequence(kind: str, xs: list[list[float]], hidden_size: int) -> Callable[[], None] | None:
    """One forward + backward pass of PyTorch autograd over the sequence (None without PyTorch)."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    module = (torch.nn.LSTMCell if kind == "LSTM" else torch.nn.GRUCell)(len(xs[0]), hidden_size, dtype=torch.float64)
    inputs = torch.tensor(xs, dtype=torch.float64).unsqueeze(1)
    dh = torch.ones(1, hidden_size, dtype=torch.float64)

    def run() -> None:
        x = inputs.clone().requires_grad_(True)
        h = torch.zeros(1, hidden_size, dtype=torch.float64, requires_grad=True)
        c = torch.zeros(1, hidden_size, dtype=torch.float64, requires_grad=True)
        for t in range(len(xs)):
            if kind == "LSTM":
                h, c = module(x[t], (h, c))
            else:
                h = module(x[t], h)
        (h * dh).sum().backward()

    return run


def measure(
    hidden_size: int = 8, input_size: int = 8, length: int = 100, log: Any = print, scale: float = 1.0
) -> dict[str, Any]:
    """Every time of the report; ``scale`` < 1 runs fewer repetitions (for the test that checks the output)."""

    def calls(n: int) -> int:
        return max(1, round(n * scale))

    rng = random.Random(0)
    xs = [[rng.uniform(-1, 1) for _ in range(input_size)] for _ in range(length)]
    dh = [1.0] * hidden_size
    rows = []
    for kind in KINDS:
        cell = make_cell(kind, input_size, hidden_size)
        steps = cell.run(xs)
        forward = best(lambda cell=cell: cell.run(xs), calls(10))
        backward = best(lambda cell=cell, steps=steps: tinyrnn.backward(cell, steps, dh), calls(10))
        reference = best(lambda cell=cell, steps=steps: backward_reference(cell, steps, dh), 1, 3)
        theirs = torch_sequence(kind, xs, hidden_size)
        torch_time = best(theirs, calls(10)) if theirs is not None else None
        x, h, c = xs[0], [0.1] * hidden_size, [0.2] * hidden_size
        if kind == "LSTM":
            step = cell.step(x, h, c)
            step_forward = best(lambda cell=cell, x=x, h=h, c=c: cell.step(x, h, c), calls(2000))
        else:
            step = cell.step(x, h)
            step_forward = best(lambda cell=cell, x=x, h=h: cell.step(x, h), calls(2000))
        step_backward = best(lambda cell=cell, step=step: tinyrnn.backward(cell, step, dh), calls(2000))
        params = cell.params
        rebuild = best(lambda cell=cell, params=params: type(cell).from_params(params, **_variant(cell)), calls(500))
        row = {
            "cell": kind,
            "forward_s": forward,
            "backward_s": backward,
            "reference_backward_s": reference,
            "torch_autograd_s": torch_time,
            "ours_over_torch": (forward + backward) / torch_time if torch_time else None,
            "step_forward_s": step_forward,
            "step_backward_s": step_backward,
            "step_backward_over_forward": step_backward / step_forward,
            "sequence_backward_over_forward": backward / forward,
            "from_params_s": rebuild,
        }
        rows.append(row)
        vs_torch = f"{row['ours_over_torch']:.2f}× PyTorch" if torch_time else "PyTorch not installed"
        log(
            f"{kind:12} T={length}: forward {1e3 * forward:.2f} ms + backward {1e3 * backward:.2f} ms "
            f"= {vs_torch}; one step: backward/forward {row['step_backward_over_forward']:.2f}"
        )
    return {
        "hidden_size": hidden_size,
        "input_size": input_size,
        "length": length,
        "torch": _torch_version(),
        "machine": machine(),
        "rows": rows,
    }


def _variant(cell: Any) -> dict[str, str]:
    return {"variant": cell.variant} if isinstance(cell, tinyrnn.GRUCell) else {}


def _torch_version() -> str | None:
    try:
        import torch
    except ImportError:
        return None
    return str(torch.__version__)


def markdown(results: dict[str, Any], docs: bool = False) -> str:
    """The report as Markdown, from the measured results only (``docs``: MyST tables for the docs)."""
    m = results["machine"]
    torch = results["torch"]
    out = [
        f"Hidden size {results['hidden_size']}, input size {results['input_size']}, a sequence of "
        f"{results['length']} steps, batch 1, float64; {m['implementation']} {m['python']} on {m['platform']}; "
        + (f"PyTorch {torch} (one thread, autograd)." if torch else "PyTorch not installed.")
        + " Times are the best of several repeats.",
        "",
    ]
    sequence_rows = [
        [
            r["cell"],
            f"{1e3 * r['forward_s']:.2f} ms",
            f"{1e3 * r['backward_s']:.2f} ms",
            f"{1e3 * r['reference_backward_s']:.1f} ms",
            f"{1e3 * r['torch_autograd_s']:.2f} ms" if r["torch_autograd_s"] else "—",
            f"{r['ours_over_torch']:.2f}" if r["ours_over_torch"] else "—",
        ]
        for r in results["rows"]
    ]
    header = ["cell", "forward", "backward", "readable reference backward", "PyTorch forward + backward"]
    out += table([*header, "tinyrnn / PyTorch (goal ≤ 0.5)"], "lrrrrr", sequence_rows, docs)
    step_rows = [
        [
            r["cell"],
            f"{1e6 * r['step_forward_s']:.1f} µs",
            f"{1e6 * r['step_backward_s']:.1f} µs",
            f"{r['step_backward_over_forward']:.2f}",
            f"{r['sequence_backward_over_forward']:.2f}",
            f"{1e6 * r['from_params_s']:.0f} µs",
        ]
        for r in results["rows"]
    ]
    header = ["cell", "one step: forward", "one step: backward", "ratio (goal ≤ 2.5)"]
    header += ["per step in the sequence: backward / forward", "rebuilding the cell (`from_params`)"]
    out += ["", *table(header, "lrrrrr", step_rows, docs), ""]
    return "\n".join(out)


def add_report_arguments(parser: argparse.ArgumentParser, docs_files: str) -> None:
    """``--out``, ``--docs``, ``--from-json`` and ``--quiet``."""
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results", help="directory for the results")
    parser.add_argument("--docs", action="store_true", help=f"also write {docs_files}")
    parser.add_argument("--from-json", type=Path, help="do not measure: rewrite the report from saved results")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the backward pass against its forward and PyTorch autograd.")
    add_report_arguments(parser, "docs/_backward_speed.md")
    args = parser.parse_args(argv)
    log = (lambda *_: None) if args.quiet else print
    results = json.loads(args.from_json.read_text(encoding="utf-8")) if args.from_json else measure(log=log)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "backward_speed.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (args.out / "backward_speed.md").write_text(markdown(results), encoding="utf-8")
    if args.docs:
        (ROOT / "docs" / "_backward_speed.md").write_text(markdown(results, docs=True), encoding="utf-8")
    log(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
