"""What ``import tinyrnn`` adds to the start of a bare interpreter.

    python benchmarks/bench_import.py [--quick] [--out DIR]

Two measurements, each the minimum over many fresh interpreters
(``sys.executable``, as a student starts it):

* wall clock: ``python -c "import tinyrnn"`` minus ``python -c "pass"``;
* ``python -X importtime -c "import tinyrnn"``: the cumulative import time the
  interpreter itself reports for the ``tinyrnn`` package.
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

import common


def start_ms(code: str) -> float:
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return (time.perf_counter() - begin) * 1e3


def importtime_ms() -> float:
    """The ``cumulative`` column of ``-X importtime`` for the top-level ``tinyrnn`` line, in ms."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import tinyrnn"], check=True, capture_output=True, text=True
    )
    for line in result.stderr.splitlines():
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 3 and parts[2] == "tinyrnn":
            return int(parts[1]) / 1e3
    raise RuntimeError("python -X importtime did not report tinyrnn")


def run(settings: common.Settings) -> dict[str, Any]:
    runs = 5 if settings.quick else 20
    bare, with_tinyrnn, reported = [], [], []
    for _ in range(runs):  # interleaved, so that a burst of load hits both alike
        bare.append(start_ms("pass"))
        with_tinyrnn.append(start_ms("import tinyrnn"))
        reported.append(importtime_ms())
    results = {
        "runs": runs,
        "bare_ms": min(bare),
        "with_tinyrnn_ms": min(with_tinyrnn),
        "added_ms": min(with_tinyrnn) - min(bare),
        "importtime_ms": min(reported),
    }
    rows = [
        ["bare interpreter, `python -c pass`", common.fmt(results["bare_ms"])],
        ["`python -c 'import tinyrnn'`", common.fmt(results["with_tinyrnn_ms"])],
        ["added by `import tinyrnn` (wall clock)", common.fmt(results["added_ms"])],
        ["`tinyrnn` cumulative, `python -X importtime`", common.fmt(results["importtime_ms"])],
    ]
    text = f"### `import tinyrnn` (minimum of {runs} fresh interpreters)\n\n" + common.markdown_table(["", "ms"], rows)
    return common.write("import", settings, results, text)


if __name__ == "__main__":
    run(common.parse_settings(description=__doc__))
