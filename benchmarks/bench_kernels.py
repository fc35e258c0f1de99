"""Generated kernels against stacked kernels, by size: the evidence for ``GENERATED_LIMIT``.

    python benchmarks/bench_kernels.py [--quick] [--out DIR]

For each kind and H = I: µs per step of the generated kernel and of the
stacked kernel (both traced, called with Vectors, no argument checks), their
ratio, the milliseconds to generate and compile the generated code once (it
is then cached for every cell of that shape), and which one a cell uses.
"""

from __future__ import annotations

import sys
import time
from functools import partial
from typing import Any

import common
import competitors as comp
import tinyrnn
from tinyrnn.fast import forward as kernels
from tinyrnn.fast import forward_source
from tinyrnn.vector import LEFT_TO_RIGHT, Vector

SIZES = (3, 8, 12, 14, 16, 18, 24, 32)
QUICK_SIZES = (3, 18)  # one generated, one stacked for every kind
KINDS = ("lstm", "gru-colah", "gru-pytorch")


def compile_ms(kind: str, H: int) -> float:
    begin = time.perf_counter()
    forward_source._compiled.__wrapped__(kind, H, H, True, LEFT_TO_RIGHT)  # bypass the cache: a fresh compilation
    return (time.perf_counter() - begin) * 1e3


def run(settings: common.Settings) -> dict[str, Any]:
    sizes = QUICK_SIZES if settings.quick else SIZES
    rows: list[dict[str, Any]] = []
    for H in sizes:
        for kind in KINDS:
            if kind == "lstm":
                cell: Any = tinyrnn.LSTMCell(H, H, seed=H)
            else:
                cell = tinyrnn.GRUCell(H, H, variant=kind[4:], seed=H)
            args = [Vector(v) for v in comp.inputs(seed=H, size=H, count=3 if kind == "lstm" else 2)]
            generated = forward_source.generated_kernel(kind, cell._params, H, H)
            stacked = kernels._stacked_kernel(kind, cell._params, H)
            times = common.time_many(
                {"generated": partial(generated, *args), "stacked": partial(stacked, *args)}, settings
            )
            rows.append(
                {
                    "kind": kind,
                    "H": H,
                    "products": forward_source.products(kind, H, H),
                    "generated_us": times["generated"],
                    "stacked_us": times["stacked"],
                    "compile_ms": compile_ms(kind, H),
                    "cell_uses": "generated"
                    if forward_source.products(kind, H, H) <= forward_source.GENERATED_LIMIT
                    else "stacked",
                }
            )
        print(f"  kernels: H = {H} done", file=sys.stderr)
    results = {"limit": forward_source.GENERATED_LIMIT, "rows": rows}
    table = [
        [
            f"`{row['kind']}`",
            str(row["H"]),
            f"{row['products']:,}",
            common.fmt(row["generated_us"]),
            common.fmt(row["stacked_us"]),
            f"{row['generated_us'] / row['stacked_us']:.2f}",
            common.fmt(row["compile_ms"]),
            row["cell_uses"],
        ]
        for row in rows
    ]
    headers = ["kind", "H = I", "products", "generated µs", "stacked µs", "ratio", "compile ms", "a cell uses"]
    text = (
        f"### Generated or stacked kernel (limit: {forward_source.GENERATED_LIMIT:,} products per step)\n\n"
        + common.markdown_table(headers, table)
    )
    return common.write("kernels", settings, results, text)


if __name__ == "__main__":
    run(common.parse_settings(description=__doc__))
