"""What ``import tinyrnn`` adds to the start of a bare interpreter.

    python benchmarks/bench_import.py [--quick] [--out DIR]

Two measurements, each the minimum over many fresh interpreters
(``sys.executable``, as a student starts it):

* wall clock: ``python -c "import tinyrnn"`` minus ``python -c "pass"``;
* ``python -X importtime -c "import tinyrnn"``: the cumulative import time the
  interpreter itself reports for the ``tinyrnn`` package.

tinyrnn's bytecode is written first (:func:`write_bytecode`), as an installed
package has it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from typing import Any

import common


def start_ms(code: str) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds (user + system of the child) of one fresh interpreter running ``code``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    wall = (time.perf_counter() - begin) * 1e3
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3
    return wall, cpu


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


def write_bytecode() -> None:
    """Import tinyrnn once with bytecode caching on, as ``pip install`` leaves a package: compiled.

    Without it, an environment with ``PYTHONDONTWRITEBYTECODE`` set (CI
    machines often have it) and a source tree edited since its ``.pyc`` files
    were written would measure compiling tinyrnn, not importing it.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", "import tinyrnn"], check=True, capture_output=True, env=env)


def run(settings: common.Settings) -> dict[str, Any]:
    runs = 5 if settings.quick else 20
    write_bytecode()
    bare, with_tinyrnn, reported = [], [], []
    for _ in range(runs):  # interleaved, so that a burst of load hits both alike
        bare.append(start_ms("pass"))
        with_tinyrnn.append(start_ms("import tinyrnn"))
        reported.append(importtime_ms())
    bare_wall, bare_cpu = min(wall for wall, _ in bare), min(cpu for _, cpu in bare)
    with_wall, with_cpu = min(wall for wall, _ in with_tinyrnn), min(cpu for _, cpu in with_tinyrnn)
    results = {
        "runs": runs,
        "bare_ms": bare_wall,
        "with_tinyrnn_ms": with_wall,
        "added_ms": with_wall - bare_wall,
        "bare_cpu_ms": bare_cpu,
        "with_tinyrnn_cpu_ms": with_cpu,
        "added_cpu_ms": with_cpu - bare_cpu,
        "importtime_ms": min(reported),
    }
    rows = [
        ["bare interpreter, `python -c pass`", common.fmt(bare_wall), common.fmt(bare_cpu)],
        ["`python -c 'import tinyrnn'`", common.fmt(with_wall), common.fmt(with_cpu)],
        ["**added by `import tinyrnn`**", common.fmt(results["added_ms"]), common.fmt(results["added_cpu_ms"])],
        ["`tinyrnn` cumulative, `python -X importtime`", common.fmt(results["importtime_ms"]), ""],
    ]
    headers = ["", "ms, wall clock", "ms, CPU"]
    text = f"### `import tinyrnn` (minimum of {runs} fresh interpreters)\n\n" + common.markdown_table(headers, rows)
    return common.write("import", settings, results, text)


if __name__ == "__main__":
    run(common.parse_settings(description=__doc__))
