"""The competitors tinyrnn is measured against, each computing the same cell with the same weights.

* ``naive_*``: plain Python written the obvious way -- lists, nested loops,
  ``1 / (1 + exp(-a))`` -- as a student writes it the first time.
* ``Fastest*``: the fastest plain-Python kernel we know (issue 8): every
  gate's rows stacked, one ``sum(map(mul, row, v), bias)`` per row
  (``math.sumprod`` on Python ≥ 3.12), and σ(a) = 0.5 + 0.5·tanh(a/2) with the
  ½ folded into the weights. No trace, no validation, not bit-identical to
  the reference (different rounding): a speed bound, not a teaching tool.
* ``Numpy*``: NumPy, float64, the gates stacked in one matrix (optional).
* PyTorch ``nn.LSTMCell`` / ``nn.GRUCell``, float64, batch 1 (optional),
  built with ``cell.to_torch()`` so they hold the same weights.

Every competitor returns the new state, so ``agreement`` can check that all
of them compute the same numbers as tinyrnn before any of them is timed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import mul
from typing import Any

try:
    from math import sumprod  # type: ignore[attr-defined]
except ImportError:  # Python < 3.12
    sumprod = None

State = list[float]


# The obvious way ------------------------------------------------------------------------------


def naive_sigmoid(a: float) -> float:
    return 1.0 / (1.0 + math.exp(-a))


def naive_layer(W: Sequence[Sequence[float]], b: Sequence[float], v: Sequence[float]) -> list[float]:
    out = []
    for k in range(len(W)):
        total = b[k]
        for j in range(len(v)):
            total += W[k][j] * v[j]
        out.append(total)
    return out


def naive_lstm_step(p: dict[str, Any], x: State, h: State, c: State) -> tuple[State, State]:
    hx = h + x
    f = [naive_sigmoid(a) for a in naive_layer(p["W_f"], p["b_f"], hx)]
    i = [naive_sigmoid(a) for a in naive_layer(p["W_i"], p["b_i"], hx)]
    g = [math.tanh(a) for a in naive_layer(p["W_c"], p["b_c"], hx)]
    o = [naive_sigmoid(a) for a in naive_layer(p["W_o"], p["b_o"], hx)]
    c_next = [f[k] * c[k] + i[k] * g[k] for k in range(len(c))]
    h_next = [o[k] * math.tanh(c_next[k]) for k in range(len(c))]
    return h_next, c_next


def naive_gru_step(p: dict[str, Any], x: State, h: State) -> State:
    """The ``colah`` GRU (the slides' notation)."""
    hx = h + x
    r = [naive_sigmoid(a) for a in naive_layer(p["W_r"], p["b_r"], hx)]
    z = [naive_sigmoid(a) for a in naive_layer(p["W_z"], p["b_z"], hx)]
    rhx = [r[k] * h[k] for k in range(len(h))] + x
    n = [math.tanh(a) for a in naive_layer(p["W_h"], p["b_h"], rhx)]
    return [(1.0 - z[k]) * h[k] + z[k] * n[k] for k in range(len(h))]


# The fastest plain Python ---------------------------------------------------------------------


def _rows(matrix: Sequence[Sequence[float]], scale: float = 1.0) -> list[tuple[float, ...]]:
    return [tuple(scale * w for w in row) for row in matrix]


def _scaled(vector: Sequence[float], scale: float = 1.0) -> list[float]:
    return [scale * b for b in vector]


if sumprod is not None:  # pragma: no cover - Python ≥ 3.12

    def _tanh_rows(rows: Sequence[tuple[float, ...]], biases: Sequence[float], v: tuple[float, ...]) -> list[float]:
        return [math.tanh(sumprod(row, v) + b) for row, b in zip(rows, biases, strict=True)]

else:

    def _tanh_rows(rows: Sequence[tuple[float, ...]], biases: Sequence[float], v: tuple[float, ...]) -> list[float]:
        return [math.tanh(sum(map(mul, row, v), b)) for row, b in zip(rows, biases, strict=True)]


class FastestLSTM:
    """Stacked rows ``W_f, W_i, W_o`` (halved) then ``W_c``: one tanh per row, σ = 0.5 + 0.5·tanh."""

    def __init__(self, p: dict[str, Any]) -> None:
        self.H = len(p["b_f"])
        self.rows = [*_rows(p["W_f"], 0.5), *_rows(p["W_i"], 0.5), *_rows(p["W_o"], 0.5), *_rows(p["W_c"])]
        self.biases = [*_scaled(p["b_f"], 0.5), *_scaled(p["b_i"], 0.5), *_scaled(p["b_o"], 0.5), *p["b_c"]]

    def step(self, x: Sequence[float], h: Sequence[float], c: Sequence[float]) -> tuple[State, State]:
        H = self.H
        t = _tanh_rows(self.rows, self.biases, (*h, *x))
        c_next = [
            (0.5 + 0.5 * f) * ck + (0.5 + 0.5 * i) * g
            for f, i, g, ck in zip(t[:H], t[H : 2 * H], t[3 * H :], c, strict=True)
        ]
        h_next = [(0.5 + 0.5 * o) * math.tanh(ck) for o, ck in zip(t[2 * H : 3 * H], c_next, strict=True)]
        return h_next, c_next


class FastestGRU:
    """The ``colah`` GRU: stacked ``W_r, W_z`` (halved), then the candidate rows."""

    def __init__(self, p: dict[str, Any]) -> None:
        self.H = len(p["b_r"])
        self.gate_rows = [*_rows(p["W_r"], 0.5), *_rows(p["W_z"], 0.5)]
        self.gate_biases = [*_scaled(p["b_r"], 0.5), *_scaled(p["b_z"], 0.5)]
        self.cand_rows, self.cand_biases = _rows(p["W_h"]), list(p["b_h"])

    def step(self, x: Sequence[float], h: Sequence[float]) -> State:
        H = self.H
        t = _tanh_rows(self.gate_rows, self.gate_biases, (*h, *x))
        r_h = [(0.5 + 0.5 * r) * hk for r, hk in zip(t[:H], h, strict=True)]
        n = _tanh_rows(self.cand_rows, self.cand_biases, (*r_h, *x))
        return [hk + (0.5 + 0.5 * z) * (nk - hk) for z, hk, nk in zip(t[H:], h, n, strict=True)]


# NumPy ----------------------------------------------------------------------------------------


class NumpyLSTM:
    """``W @ [h, x] + b`` with the four gates stacked; σ = 1 / (1 + exp(−a)) on arrays."""

    def __init__(self, np: Any, p: dict[str, Any]) -> None:
        self.np, self.H = np, len(p["b_f"])
        self.W = np.array([*p["W_f"], *p["W_i"], *p["W_c"], *p["W_o"]], dtype=np.float64)
        self.b = np.array([*p["b_f"], *p["b_i"], *p["b_c"], *p["b_o"]], dtype=np.float64)

    def step(self, x: Any, h: Any, c: Any) -> tuple[Any, Any]:
        np, H = self.np, self.H
        a = self.W @ np.concatenate((h, x)) + self.b
        s = 1.0 / (1.0 + np.exp(-a))
        c_next = s[:H] * c + s[H : 2 * H] * np.tanh(a[2 * H : 3 * H])
        return s[3 * H :] * np.tanh(c_next), c_next


class NumpyGRU:
    """The ``colah`` GRU: ``W_r, W_z`` stacked, then the candidate."""

    def __init__(self, np: Any, p: dict[str, Any]) -> None:
        self.np, self.H = np, len(p["b_r"])
        self.W = np.array([*p["W_r"], *p["W_z"]], dtype=np.float64)
        self.b = np.array([*p["b_r"], *p["b_z"]], dtype=np.float64)
        self.W_h, self.b_h = np.array(p["W_h"], dtype=np.float64), np.array(p["b_h"], dtype=np.float64)

    def step(self, x: Any, h: Any) -> Any:
        np, H = self.np, self.H
        s = 1.0 / (1.0 + np.exp(-(self.W @ np.concatenate((h, x)) + self.b)))
        n = np.tanh(self.W_h @ np.concatenate((s[:H] * h, x)) + self.b_h)
        return (1.0 - s[H:]) * h + s[H:] * n


# Agreement: every competitor computes the same cell -----------------------------------------


def max_difference(a: Sequence[float], b: Sequence[float]) -> float:
    return max(abs(u - v) for u, v in zip(a, b, strict=True))


def tensor(torch: Any, values: Sequence[float]) -> Any:
    """A float64 batch of one."""
    return torch.tensor([list(values)], dtype=torch.float64)


def inputs(seed: int, size: int, count: int = 1) -> list[list[float]]:
    """``count`` input vectors of ``size`` numbers in [−1, 1], the same on every machine."""
    import random

    rng = random.Random(seed)
    return [[rng.uniform(-1.0, 1.0) for _ in range(size)] for _ in range(count)]


__all__ = [
    "FastestGRU",
    "FastestLSTM",
    "NumpyGRU",
    "NumpyLSTM",
    "inputs",
    "max_difference",
    "naive_gru_step",
    "naive_lstm_step",
    "tensor",
]
