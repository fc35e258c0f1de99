"""One traced step of every cell of the family, against the standard LSTM's, H = I ∈ {3, 8}.

    python benchmarks/bench_family.py [--quick] [--out DIR]

The cells of the family (the plain RNN, the LSTM with peepholes, coupled
gates or no forget gate) run kernels written from their descriptions
(``tinyrnn.fast``), like the LSTM and the GRU. The goal: a new cell's
traced step at H = I = 3 stays within 2× of the standard LSTM's. Each row is
the best of ``repeat`` timing loops of ``cell.step`` with list inputs (every
check), the cells timed in turn, so that a busy machine slows them alike; the
ratio is to the standard LSTM of the same size in the same run.
"""

from __future__ import annotations

import os
import sys

import common
from tinyrnn import family
from tinyrnn.specs import KEYS, spec_of_key

SIZES = (3, 8)
GOAL = 2.0  # a new cell's step within 2× of the standard LSTM's at H = I = 3


def run(settings: common.Settings) -> dict[str, object]:
    load = os.getloadavg()[0]
    rows = []
    for H in SIZES:
        cells = {key: family.build(key, H, H, seed=0) for key in KEYS}
        inputs = {key: [[0.1 * (k % 5) for k in range(H)] for _ in cell.spec.given] for key, cell in cells.items()}
        calls = {key: (lambda cell=cell, args=inputs[key]: cell.step(*args)) for key, cell in cells.items()}
        best = common.time_many(calls, settings)  # interleaved rounds: a busy machine slows every cell alike
        rows.extend(
            {
                "cell": key,
                "name": spec_of_key(key).name,
                "H": H,
                "us": best[key],
                "ratio_to_lstm": best[key] / best["lstm"],
                "parameters": cells[key].num_parameters,
            }
            for key in KEYS
        )
        print(f"  family: H = {H} done", file=sys.stderr)
    worst = max(r["ratio_to_lstm"] for r in rows if r["H"] == 3)
    results = {"goal": GOAL, "worst_ratio_at_3": worst, "met": worst <= GOAL, "load": [load, os.getloadavg()[0]]}
    text = (
        "### One traced step of every cell of the family (× the standard LSTM's)\n\n"
        "| cell | parameters at H = I = 3 | H = I = 3 | H = I = 8 |\n| --- | --: | --: | --: |\n"
        + "".join(
            f"| {spec_of_key(key).name} (`{key}`) | {_row(rows, key, 3)['parameters']} | "
            f"{_row(rows, key, 3)['us']:.3g} µs ({_row(rows, key, 3)['ratio_to_lstm']:.2f}×) | "
            f"{_row(rows, key, 8)['us']:.3g} µs ({_row(rows, key, 8)['ratio_to_lstm']:.2f}×) |\n"
            for key in KEYS
        )
        + f"\nGoal: every cell within {GOAL:g}× of the standard LSTM at H = I = 3: "
        f"{'met' if worst <= GOAL else 'NOT met'} (slowest {worst:.2f}×). "
        f"1-minute load average {results['load'][0]:.1f} at the start, {results['load'][1]:.1f} at the end.\n"
    )
    common.write("family", settings, {**results, "rows": rows}, text)
    return results


def _row(rows: list[dict[str, object]], key: str, H: int) -> dict[str, object]:
    return next(r for r in rows if r["cell"] == key and r["H"] == H)


if __name__ == "__main__":
    run(common.parse_settings(description=__doc__))
