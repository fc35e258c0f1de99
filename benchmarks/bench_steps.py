"""One step of an LSTM and of a GRU, H = I ∈ {3, 8, 16, 32, 64, 128}: tinyrnn and every competitor.

    python benchmarks/bench_steps.py [--quick] [--sizes 3,8] [--out DIR]

Rows, in µs per step and as a ratio to PyTorch ``no_grad`` in the same run
(LSTM rows to ``nn.LSTMCell``, GRU rows to ``nn.GRUCell``):

* tinyrnn ``cell.step`` with the inputs as Python lists (what a student
  passes: every input validated) and as ``Vector`` s; the GRU in each variant;
* the same arithmetic without the trace: the generated kernel written
  without it (``kernel_source(..., traced=False)``), behind the same input
  checks -- only for the sizes that get a generated kernel;
* the bare kernels (no argument checks), traced and untraced;
* plain Python the obvious way, the fastest plain Python, NumPy, PyTorch
  under ``torch.no_grad()``, with autograd (forward), and forward + backward.

Before anything is timed, every competitor's new ``h`` is checked against
tinyrnn's (``agreement``: the largest difference, ≤ 1e-9 expected).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from typing import Any

import common
import competitors as comp
import tinyrnn
from tinyrnn.fast import forward_source
from tinyrnn.vector import Vector

LABELS = {
    "lstm_traced": "tinyrnn LSTM `cell.step` (traced, list inputs)",
    "lstm_traced_vectors": "tinyrnn LSTM `cell.step` (traced, Vector inputs)",
    "lstm_untraced": "tinyrnn LSTM, same arithmetic and checks, no trace",
    "lstm_kernel": "tinyrnn LSTM kernel alone (traced)",
    "lstm_kernel_untraced": "tinyrnn LSTM kernel alone (no trace)",
    "naive_lstm": "plain Python, the obvious way",
    "fastest_lstm": "fastest plain Python (no trace)",
    "numpy_lstm": "NumPy (array inputs)",
    "numpy_lstm_lists": "NumPy, given Python lists",
    "torch_lstm_nograd": "PyTorch `nn.LSTMCell`, `no_grad`",
    "torch_lstm_autograd": "PyTorch `nn.LSTMCell`, autograd forward",
    "torch_lstm_backward": "PyTorch `nn.LSTMCell`, autograd forward + backward",
    "gru_colah": "tinyrnn GRU `colah` `cell.step` (traced, list inputs)",
    "gru_cho2014": "tinyrnn GRU `cho2014` `cell.step` (traced, list inputs)",
    "gru_pytorch": "tinyrnn GRU `pytorch` `cell.step` (traced, list inputs)",
    "gru_untraced": "tinyrnn GRU `colah`, same arithmetic and checks, no trace",
    "naive_gru": "plain Python, the obvious way (`colah`)",
    "fastest_gru": "fastest plain Python (`colah`, no trace)",
    "numpy_gru": "NumPy (`colah`)",
    "torch_gru_nograd": "PyTorch `nn.GRUCell`, `no_grad`",
    "torch_gru_autograd": "PyTorch `nn.GRUCell`, autograd forward",
    "torch_gru_backward": "PyTorch `nn.GRUCell`, autograd forward + backward",
}
LSTM_ROWS = [key for key in LABELS if "lstm" in key]
GRU_ROWS = [key for key in LABELS if "gru" in key]
GRU_VARIANTS = ("gru_colah", "gru_cho2014", "gru_pytorch")


def _generated(kind: str, H: int) -> bool:
    return forward_source.products(kind, H, H) <= forward_source.GENERATED_LIMIT


def lstm_candidates(H: int, np: Any, torch: Any) -> tuple[dict[str, Callable[[], Any]], dict[str, float]]:
    """The callables to time for an LSTM of size H, and how far each one's ``h`` is from tinyrnn's."""
    cell = tinyrnn.LSTMCell(H, H, seed=H)
    p = cell.params
    x, h, c = comp.inputs(seed=H, size=H, count=3)
    X, Hv, C = Vector(x), Vector(h), Vector(c)
    reference = cell.step(x, h, c).h
    calls: dict[str, Callable[[], Any]] = {
        "lstm_traced": lambda: cell.step(x, h, c),
        "lstm_traced_vectors": lambda: cell.step(X, Hv, C),
        "lstm_kernel": lambda: cell._fast(X, Hv, C),
    }
    outputs: dict[str, Sequence[float]] = {}
    if _generated("lstm", H):
        untraced = forward_source.generated_kernel("lstm", cell._params, H, H, traced=False)

        def untraced_step(x: Any, h_prev: Any, c_prev: Any) -> Any:  # cell.step's checks, the kernel without trace
            return untraced(cell._input(x, "x"), cell._state(h_prev, "h_prev"), cell._state(c_prev, "c_prev"))

        calls["lstm_untraced"] = lambda: untraced_step(x, h, c)
        calls["lstm_kernel_untraced"] = lambda: untraced(X, Hv, C)
        outputs["lstm_untraced"] = untraced_step(x, h, c)[0]
    fastest = comp.FastestLSTM(p)
    calls["naive_lstm"] = lambda: comp.naive_lstm_step(p, x, h, c)
    calls["fastest_lstm"] = lambda: fastest.step(x, h, c)
    outputs["naive_lstm"] = comp.naive_lstm_step(p, x, h, c)[0]
    outputs["fastest_lstm"] = fastest.step(x, h, c)[0]
    if np is not None:
        model = comp.NumpyLSTM(np, p)
        nx, nh, nc = (np.array(v, dtype=np.float64) for v in (x, h, c))
        calls["numpy_lstm"] = lambda: model.step(nx, nh, nc)
        calls["numpy_lstm_lists"] = lambda: model.step(np.array(x), np.array(h), np.array(c))
        outputs["numpy_lstm"] = list(model.step(nx, nh, nc)[0])
    if torch is not None:
        module = cell.to_torch()
        tx, th, tc = (comp.tensor(torch, v) for v in (x, h, c))
        calls.update(_torch_calls("lstm", module, tx, (th, tc)))
        with torch.no_grad():
            outputs["torch_lstm_nograd"] = module(tx, (th, tc))[0][0].tolist()
    return calls, {key: comp.max_difference(value, reference) for key, value in outputs.items()}


def gru_candidates(H: int, np: Any, torch: Any) -> tuple[dict[str, Callable[[], Any]], dict[str, float]]:
    """The callables to time for a GRU of size H (each variant), and the agreement of the competitors."""
    cells = {key: tinyrnn.GRUCell(H, H, variant=key[4:], seed=H) for key in GRU_VARIANTS}
    x, h = comp.inputs(seed=H, size=H, count=2)
    X, Hv = Vector(x), Vector(h)
    calls: dict[str, Callable[[], Any]] = {key: _stepper(cell, x, h) for key, cell in cells.items()}
    colah = cells["gru_colah"]
    p, reference = colah.params, colah.step(x, h).h
    outputs: dict[str, Sequence[float]] = {}
    if _generated("gru-colah", H):
        untraced = forward_source.generated_kernel("gru-colah", colah._params, H, H, traced=False)
        calls["gru_untraced"] = lambda: untraced(colah._input(x, "x"), colah._state(h, "h_prev"))
        outputs["gru_untraced"] = untraced(X, Hv)
    fastest = comp.FastestGRU(p)
    calls["naive_gru"] = lambda: comp.naive_gru_step(p, x, h)
    calls["fastest_gru"] = lambda: fastest.step(x, h)
    outputs["naive_gru"] = comp.naive_gru_step(p, x, h)
    outputs["fastest_gru"] = fastest.step(x, h)
    if np is not None:
        model = comp.NumpyGRU(np, p)
        nx, nh = np.array(x, dtype=np.float64), np.array(h, dtype=np.float64)
        calls["numpy_gru"] = lambda: model.step(nx, nh)
        outputs["numpy_gru"] = list(model.step(nx, nh))
    agreement = {key: comp.max_difference(value, reference) for key, value in outputs.items()}
    if torch is not None:  # nn.GRUCell is the "pytorch" variant: compare it with that one
        module = cells["gru_pytorch"].to_torch()
        tx, th = comp.tensor(torch, x), comp.tensor(torch, h)
        calls.update(_torch_calls("gru", module, tx, th))
        with torch.no_grad():
            mine = cells["gru_pytorch"].step(x, h).h
            agreement["torch_gru_nograd"] = comp.max_difference(module(tx, th)[0].tolist(), mine)
    return calls, agreement


def _stepper(cell: tinyrnn.GRUCell, x: list[float], h: list[float]) -> Callable[[], Any]:
    return lambda: cell.step(x, h)


def _torch_calls(kind: str, module: Any, x: Any, state: Any) -> dict[str, Callable[[], Any]]:
    def no_grad() -> Any:
        return module(x, state)

    def backward() -> None:
        out = module(x, state)
        (out[0] if kind == "lstm" else out).sum().backward()

    return {
        f"torch_{kind}_nograd": no_grad,  # timed inside torch.no_grad(): see measure()
        f"torch_{kind}_autograd": lambda: module(x, state),
        f"torch_{kind}_backward": backward,
    }


def measure(calls: dict[str, Callable[[], Any]], settings: common.Settings, torch: Any) -> dict[str, float]:
    def context(key: str) -> Any:  # no_grad entered outside the timed loop: PyTorch's best case
        return torch.no_grad() if key.endswith("_nograd") else nullcontext()

    return common.time_many(calls, settings, context)


def run(settings: common.Settings) -> dict[str, Any]:
    np, torch = common.optional("numpy"), common.optional("torch")
    series: dict[str, dict[str, float]] = {key: {} for key in LABELS}
    agreement: dict[str, dict[str, float]] = {}
    for H in settings.sizes:
        lstm_calls, lstm_agree = lstm_candidates(H, np, torch)
        gru_calls, gru_agree = gru_candidates(H, np, torch)
        for key, us in measure({**lstm_calls, **gru_calls}, settings, torch).items():
            series[key][str(H)] = us
        agreement[str(H)] = {**lstm_agree, **gru_agree}
        print(f"  steps: H = {H} done", file=sys.stderr)
    series = {key: values for key, values in series.items() if values}
    results = {
        "sizes": list(settings.sizes),
        "labels": {key: LABELS[key] for key in series},
        "series": series,
        "ratios": ratios(series),
        "gru_over_lstm": {
            key: {H: us / series["lstm_traced"][H] for H, us in series[key].items()} for key in GRU_VARIANTS
        },
        "agreement": agreement,
        "generated_limit": forward_source.GENERATED_LIMIT,
    }
    return common.write("steps", settings, results, markdown(results))


def ratios(series: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Each time divided by PyTorch ``no_grad``'s for the same cell and size, when PyTorch was measured."""
    out: dict[str, dict[str, float]] = {}
    for key, values in series.items():
        base = series.get("torch_lstm_nograd" if key in LSTM_ROWS else "torch_gru_nograd")
        if base:
            out[key] = {H: us / base[H] for H, us in values.items() if H in base}
    return out


def markdown(results: dict[str, Any]) -> str:
    sizes = [str(H) for H in results["sizes"]]
    headers = ["µs per step (× PyTorch `no_grad`)", *(f"H = I = {H}" for H in sizes)]

    def table(keys: list[str]) -> str:
        rows = []
        for key in keys:
            if key not in results["series"]:
                continue
            values, ratio = results["series"][key], results["ratios"].get(key, {})
            cells = [
                common.fmt(values.get(H)) + (f" ({ratio[H]:.2f}×)" if H in ratio else "") if H in values else "—"
                for H in sizes
            ]
            rows.append([results["labels"][key], *cells])
        return common.markdown_table(headers, rows)

    gru = [
        [f"GRU `{key[4:]}` / LSTM", *(f"{results['gru_over_lstm'][key][H]:.2f}" for H in sizes)] for key in GRU_VARIANTS
    ]
    worst = max(d for by_key in results["agreement"].values() for d in by_key.values()) if results["agreement"] else 0.0
    return (
        "### One LSTM step\n\n"
        + table(LSTM_ROWS)
        + "\n### One GRU step\n\n"
        + table(GRU_ROWS)
        + "\n### GRU step time / LSTM step time (tinyrnn, traced)\n\n"
        + common.markdown_table(["ratio", *(f"H = I = {H}" for H in sizes)], gru)
        + f"\nEvery competitor computes the same new state as tinyrnn: largest difference {worst:.1e}. "
        f"Generated kernels up to {results['generated_limit']} products per step, stacked kernels above "
        "(no untraced row there).\n"
    )


if __name__ == "__main__":
    run(common.parse_settings(description=__doc__))
