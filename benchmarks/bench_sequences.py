"""A sequence of 100 steps, H = I ∈ sizes: ``cell.run`` against loops of the competitors; BPTT at H = 8.

    python benchmarks/bench_sequences.py [--quick] [--sizes 3,8] [--out DIR]

µs per sequence of length 100, and the ratio to a PyTorch ``no_grad`` loop
of ``nn.LSTMCell`` in the same run. The forward + backward row (BPTT over the
100 steps, H = 8) compares ``cell.run`` then ``tinyrnn.backward(cell, steps, dh)``
with a loop of ``nn.LSTMCell`` then ``loss.backward()`` (PyTorch autograd).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

import common
import competitors as comp
import tinyrnn

LENGTH = 100
BPTT_SIZE = 8
LABELS = {
    "lstm_run": "tinyrnn LSTM `cell.run` (every step traced)",
    "gru_run": "tinyrnn GRU `colah` `cell.run` (every step traced)",
    "naive_lstm": "plain Python LSTM, the obvious way",
    "fastest_lstm": "fastest plain Python LSTM (no trace)",
    "numpy_lstm": "NumPy LSTM",
    "torch_lstm_nograd": "PyTorch `nn.LSTMCell` loop, `no_grad`",
    "torch_gru_nograd": "PyTorch `nn.GRUCell` loop, `no_grad`",
}


def sequence_calls(H: int, np: Any, torch: Any) -> dict[str, Callable[[], Any]]:
    lstm, gru = tinyrnn.LSTMCell(H, H, seed=H), tinyrnn.GRUCell(H, H, seed=H)
    p, xs = lstm.params, comp.inputs(seed=H, size=H, count=LENGTH)
    zeros = [0.0] * H
    fastest = comp.FastestLSTM(p)

    def naive() -> Any:
        h, c = zeros, zeros
        for x in xs:
            h, c = comp.naive_lstm_step(p, x, h, c)
        return h

    def fast() -> Any:
        h, c = zeros, zeros
        for x in xs:
            h, c = fastest.step(x, h, c)
        return h

    calls: dict[str, Callable[[], Any]] = {
        "lstm_run": lambda: lstm.run(xs),
        "gru_run": lambda: gru.run(xs),
        "naive_lstm": naive,
        "fastest_lstm": fast,
    }
    if np is not None:
        model, arrays = comp.NumpyLSTM(np, p), [np.array(x, dtype=np.float64) for x in xs]

        def numpy_loop() -> Any:
            h = c = np.zeros(H)
            for x in arrays:
                h, c = model.step(x, h, c)
            return h

        calls["numpy_lstm"] = numpy_loop
    if torch is not None:
        calls.update(_torch_loops(torch, lstm, tinyrnn.GRUCell(H, H, variant="pytorch", seed=H), xs))
    return calls


def _torch_loops(torch: Any, lstm: tinyrnn.LSTMCell, gru: tinyrnn.GRUCell, xs: list[list[float]]) -> dict[str, Any]:
    lstm_module, gru_module = lstm.to_torch(), gru.to_torch()
    inputs = [comp.tensor(torch, x) for x in xs]
    zeros = torch.zeros(1, lstm.hidden_size, dtype=torch.float64)

    def lstm_loop() -> Any:
        state = (zeros, zeros)
        for x in inputs:
            state = lstm_module(x, state)
        return state

    def gru_loop() -> Any:
        h = zeros
        for x in inputs:
            h = gru_module(x, h)
        return h

    return {"torch_lstm_nograd": lstm_loop, "torch_gru_nograd": gru_loop}


def bptt(settings: common.Settings, torch: Any) -> dict[str, Any]:
    """Forward + backward through 100 steps at H = 8: ``tinyrnn.backward`` (BPTT by hand) and PyTorch autograd."""
    H = BPTT_SIZE
    cell, xs = tinyrnn.LSTMCell(H, H, seed=H), comp.inputs(seed=H, size=H, count=LENGTH)
    dh = [1.0] * H  # the gradient of sum(h_T), as PyTorch's below

    def tiny() -> Any:
        return tinyrnn.backward(cell, cell.run(xs), dh)

    calls: dict[str, Callable[[], Any]] = {"tinyrnn": tiny}
    if torch is not None:
        module = cell.to_torch()
        inputs = [comp.tensor(torch, x) for x in xs]
        zeros = torch.zeros(1, H, dtype=torch.float64)

        def autograd() -> None:
            state = (zeros, zeros)
            for x in inputs:
                state = module(x, state)
            state[0].sum().backward()

        calls["torch"] = autograd
    times = common.time_many(calls, settings)
    return {"size": H, "length": LENGTH, "us": times}


def run(settings: common.Settings) -> dict[str, Any]:
    np, torch = common.optional("numpy"), common.optional("torch")
    series: dict[str, dict[str, float]] = {key: {} for key in LABELS}
    for H in settings.sizes:

        def context(key: str) -> Any:
            return torch.no_grad() if key.endswith("_nograd") else nullcontext()

        for key, us in common.time_many(sequence_calls(H, np, torch), settings, context).items():
            series[key][str(H)] = us
        print(f"  sequences: H = {H} done", file=sys.stderr)
    series = {key: values for key, values in series.items() if values}
    base = series.get("torch_lstm_nograd", {})
    results = {
        "sizes": list(settings.sizes),
        "length": LENGTH,
        "labels": {key: LABELS[key] for key in series},
        "series": series,
        "ratios": {key: {H: us / base[H] for H, us in values.items() if H in base} for key, values in series.items()},
        "bptt": bptt(settings, torch),
    }
    return common.write("sequences", settings, results, markdown(results))


def markdown(results: dict[str, Any]) -> str:
    sizes = [str(H) for H in results["sizes"]]
    rows = []
    for key, values in results["series"].items():
        ratio = results["ratios"].get(key, {})
        cells = [common.fmt(values[H]) + (f" ({ratio[H]:.2f}×)" if H in ratio else "") for H in sizes]
        rows.append([results["labels"][key], *cells])
    headers = [
        f"µs per sequence of {results['length']} steps (× PyTorch LSTM `no_grad`)",
        *(f"H = I = {H}" for H in sizes),
    ]
    bptt = results["bptt"]
    lines = [f"- {name}: {common.fmt(us)} µs" for name, us in bptt["us"].items()]
    if "torch" in bptt["us"]:
        lines.append(f"- tinyrnn / PyTorch autograd: {bptt['us']['tinyrnn'] / bptt['us']['torch']:.2f}×")
    return (
        f"### A sequence of {results['length']} steps\n\n"
        + common.markdown_table(headers, rows)
        + f"\n### Forward + backward (BPTT) over {bptt['length']} steps, H = I = {bptt['size']}\n\n"
        + "\n".join(lines)
        + "\n"
    )


if __name__ == "__main__":
    run(common.parse_settings(description=__doc__))
