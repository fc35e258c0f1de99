"""Fast backpropagation through time: the same floats as the readable backward steps.

:func:`tinyrnn.lstm_backward.lstm_step_backward` and
:func:`tinyrnn.gru_backward.gru_step_backward` are the single source of
truth. The kernels here compute *the same gradients* -- the same float
operations in the same order -- with plain lists instead of validated
:class:`~tinyrnn.vector.Vector` s, and with the weight gradients summed over
the whole sequence at the end instead of step by step:
``Σ_t dg_pre_t ⊗ v_t`` is, entry by entry, the dot product of two columns
over time, added in the reference's order (last step first). The steps
themselves run as generated code for small cells
(:mod:`tinyrnn.fast.backward_source`), and as the list functions below for
the others. ``tests/test_backward.py`` proves ``kernel == reference`` with hypothesis,
exactly (``==`` on floats; the only bits that may differ are the signs of
zeros, since a sum that starts from 0 turns −0.0 into 0.0).

A kernel returns ``None`` when a value overflows float64; the caller then
runs the reference steps, which saturate overflowing values instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import reduce
from itertools import chain
from operator import add, mul
from typing import Any, cast

from tinyrnn.fast.backward_source import MATRICES, generated_bptt, outer_rows
from tinyrnn.fast.forward_source import STACKED
from tinyrnn.gradients import Gradients
from tinyrnn.trace import GRUStep, LSTMStep
from tinyrnn.vector import LEFT_TO_RIGHT, Vector, float_dot, trusted

__all__ = ["bptt_kernel", "gru_bptt_kernel", "lstm_bptt_kernel", "step_backward"]


Upstream = Sequence[Vector | None]
Step = Callable[..., tuple[list[float], ...]]  # ∂L/∂h_t (or ∂L/∂C_t) from the loss at each step; None: nothing

if sys.version_info >= (3, 12):  # pragma: no cover - sum() of floats is compensated from 3.12 on

    def _sum_in_order(values: Iterable[float]) -> float:
        """``((0 + a) + b) + …``: one rounding per addition, as ``Vector + Vector`` does."""
        return reduce(add, values, 0.0)

else:
    _sum_in_order = sum


def _columns(W: Sequence[Sequence[float]]) -> list[tuple[float, ...]]:
    """The columns of ``W``, i.e. the rows of ``Wᵀ``."""
    return list(zip(*W, strict=True))


if LEFT_TO_RIGHT:

    def _transposed_product(columns: Sequence[tuple[float, ...]], d: Sequence[float]) -> list[float]:
        """``Wᵀ · d`` from the columns of ``W``: one dot product per column, as ``W.T @ d`` computes it."""
        return [sum(map(mul, column, d)) for column in columns]

else:  # pragma: no cover - Python ≥ 3.12: math.sumprod

    def _transposed_product(columns: Sequence[tuple[float, ...]], d: Sequence[float]) -> list[float]:
        """``Wᵀ · d`` from the columns of ``W``: one dot product per column, as ``W.T @ d`` computes it."""
        return [float_dot(column, d) for column in columns]


def _weight_sums(deltas: list[list[float]], inputs: list[Sequence[float]]) -> tuple[list[list[float]], list[float]]:
    """``Σ_t deltas[t] ⊗ inputs[t]`` and ``Σ_t deltas[t]``, both summed in the order of the lists."""
    if len(deltas) == 1:  # one step: the outer product itself
        d, v = deltas[0], inputs[0]
        return outer_rows(d, v), list(d)
    delta_columns = list(zip(*deltas, strict=True))
    input_columns = list(zip(*inputs, strict=True))
    rows = [[_sum_in_order(map(mul, dk, vj)) for vj in input_columns] for dk in delta_columns]
    return rows, [_sum_in_order(dk) for dk in delta_columns]


def _plus(upstream: Vector | None, from_next_step: list[float]) -> list[float]:
    return from_next_step if upstream is None else list(map(add, upstream, from_next_step))


def _finite(*groups: Iterable[Iterable[float]]) -> bool:
    """No inf or nan in any list of any group (a sum that overflows only sends us to the reference)."""
    total = sum(sum(map(sum, group)) for group in groups)
    return total - total == 0.0


def _gradients(
    names: Sequence[str],
    weight_rows: Sequence[list[list[float]]],
    bias_rows: Sequence[list[float]],
    bias_names: Sequence[str],
    dxs: list[list[float]],
    dh0: list[float],
    dc0: list[float] | None,
    layout: Sequence[str],
) -> Gradients | None:
    if not _finite(chain.from_iterable(weight_rows), bias_rows, dxs, (dh0, dc0 or ())):
        return None
    params: dict[str, Any] = dict(zip(names, weight_rows, strict=True))
    params.update(zip(bias_names, bias_rows, strict=True))
    return Gradients(
        {name: params[name] for name in layout},
        list(map(trusted, dxs)),
        trusted(dh0),
        None if dc0 is None else trusted(dc0),
    )


# Step backwards on plain lists (any size): the readable steps' lines, unit by unit -----------


def _lstm_step(columns: Mapping[str, Sequence[tuple[float, ...]]], H: int) -> Step:
    W_f, W_i, W_c, W_o = (columns[name] for name in ("W_f", "W_i", "W_c", "W_o"))

    def step_backward(step: LSTMStep, dh: list[float], dC_next: list[float]) -> tuple[list[float], ...]:
        _, _, c_prev, _, f, _, i, _, c_tilde, _, _, o, tanh_c, _, _, _, _, _ = step
        do = list(map(mul, dh, tanh_c))
        dC = [d * s * (1.0 - t * t) + n for d, s, t, n in zip(dh, o, tanh_c, dC_next, strict=True)]
        do_pre = [d * (s * (1.0 - s)) for d, s in zip(do, o, strict=True)]
        df_pre = [d * c * (s * (1.0 - s)) for d, c, s in zip(dC, c_prev, f, strict=True)]
        di_pre = [d * g * (s * (1.0 - s)) for d, g, s in zip(dC, c_tilde, i, strict=True)]
        dc_tilde_pre = [d * s * (1.0 - g * g) for d, s, g in zip(dC, i, c_tilde, strict=True)]
        dc_prev = list(map(mul, dC, f))
        d_hx = [
            a + b + c + d
            for a, b, c, d in zip(
                _transposed_product(W_f, df_pre),
                _transposed_product(W_i, di_pre),
                _transposed_product(W_c, dc_tilde_pre),
                _transposed_product(W_o, do_pre),
                strict=True,
            )
        ]
        return df_pre + di_pre + dc_tilde_pre + do_pre, d_hx[H:], d_hx[:H], dc_prev

    return step_backward


def _gru_step(columns: Mapping[str, Sequence[tuple[float, ...]]], H: int, colah: bool) -> Step:
    W_r, W_z, W_h = (columns[name] for name in ("W_r", "W_z", "W_h"))

    def step_backward(step: GRUStep, dh: list[float]) -> tuple[list[float], ...]:
        _, _, h_prev, _, r, _, z, _, _, _, h_tilde, _, _ = step
        if colah:
            dh_tilde = list(map(mul, dh, z))
            dz = [d * (n - p) for d, n, p in zip(dh, h_tilde, h_prev, strict=True)]
            dh_prev = [d * (1.0 - s) for d, s in zip(dh, z, strict=True)]
        else:
            dh_tilde = [d * (1.0 - s) for d, s in zip(dh, z, strict=True)]
            dz = [d * (p - n) for d, p, n in zip(dh, h_prev, h_tilde, strict=True)]
            dh_prev = list(map(mul, dh, z))
        dh_tilde_pre = [d * (1.0 - n * n) for d, n in zip(dh_tilde, h_tilde, strict=True)]
        d_rhx = _transposed_product(W_h, dh_tilde_pre)
        d_r_h_prev = d_rhx[:H]
        dr = list(map(mul, d_r_h_prev, h_prev))
        dh_prev = [a + d * s for a, d, s in zip(dh_prev, d_r_h_prev, r, strict=True)]
        dz_pre = [d * (s * (1.0 - s)) for d, s in zip(dz, z, strict=True)]
        dr_pre = [d * (s * (1.0 - s)) for d, s in zip(dr, r, strict=True)]
        d_hx = list(map(add, _transposed_product(W_r, dr_pre), _transposed_product(W_z, dz_pre)))
        dx = list(map(add, d_rhx[H:], d_hx[H:]))
        return dz_pre + dr_pre, dh_tilde_pre, dx, list(map(add, dh_prev, d_hx[:H]))

    return step_backward


def _pytorch_gru_step(columns: Mapping[str, Sequence[tuple[float, ...]]]) -> Step:
    W_ir, W_iz, W_in, W_hr, W_hz, W_hn = (columns[name] for name in ("W_ir", "W_iz", "W_in", "W_hr", "W_hz", "W_hn"))

    def step_backward(step: GRUStep, dh: list[float]) -> tuple[list[float], ...]:
        _, _, h_prev, _, r, _, z, _, hn, _, h_tilde, _, _ = step
        dh_tilde = [d * (1.0 - s) for d, s in zip(dh, z, strict=True)]
        dz = [d * (p - n) for d, p, n in zip(dh, h_prev, h_tilde, strict=True)]
        dh_prev = list(map(mul, dh, z))
        dh_tilde_pre = [d * (1.0 - n * n) for d, n in zip(dh_tilde, h_tilde, strict=True)]
        dr = list(map(mul, dh_tilde_pre, hn))
        dhn = list(map(mul, dh_tilde_pre, r))
        dz_pre = [d * (s * (1.0 - s)) for d, s in zip(dz, z, strict=True)]
        dr_pre = [d * (s * (1.0 - s)) for d, s in zip(dr, r, strict=True)]
        dx = [
            a + b + c
            for a, b, c in zip(
                _transposed_product(W_ir, dr_pre),
                _transposed_product(W_iz, dz_pre),
                _transposed_product(W_in, dh_tilde_pre),
                strict=True,
            )
        ]
        dh_prev = [
            a + b + c + d
            for a, b, c, d in zip(
                dh_prev,
                _transposed_product(W_hr, dr_pre),
                _transposed_product(W_hz, dz_pre),
                _transposed_product(W_hn, dhn),
                strict=True,
            )
        ]
        return dr_pre + dz_pre + dh_tilde_pre, dr_pre + dz_pre + dhn, dx, dh_prev

    return step_backward


def step_backward(kind: str, params: Mapping[str, Any], hidden_size: int) -> Step:
    """The step backward on plain lists of this cell (``kind``: "lstm", "gru-colah", "gru-cho2014", "gru-pytorch")."""
    columns = {name: _columns(params[name]) for name in MATRICES[kind]}
    if kind == "lstm":
        return _lstm_step(columns, hidden_size)
    if kind == "gru-pytorch":
        return _pytorch_gru_step(columns)
    return _gru_step(columns, hidden_size, colah=kind == "gru-colah")


# Backpropagation through time -------------------------------------------------------


def lstm_bptt_kernel(
    params: Mapping[str, Any], steps: Sequence[LSTMStep], dhs: Upstream, dcs: Upstream, layout: Sequence[str]
) -> Gradients | None:
    """BPTT through LSTM steps: :func:`~tinyrnn.lstm_backward.lstm_step_backward`, last step first."""
    H = len(params["b_f"])
    generated = generated_bptt("lstm", params, H, len(steps[0].x))
    if generated is not None:
        deltas, inputs, dxs, dh_next, dc_next = generated(steps, dhs, dcs)
    else:
        backward_step = step_backward("lstm", params, H)
        dh_next, dc_next = [0.0] * H, [0.0] * H
        deltas = []  # per step, last first: df_pre, di_pre, dc_tilde_pre, do_pre stacked
        inputs = []  # per step, last first: [h_{t-1}, x_t]
        dxs = [[]] * len(steps)
        for t in range(len(steps) - 1, -1, -1):
            step = steps[t]
            delta, dxs[t], dh_next, dc_next = backward_step(step, _plus(dhs[t], dh_next), _plus(dcs[t], dc_next))
            deltas.append(delta)
            inputs.append((*step.h_prev, *step.x))
    rows, biases = _weight_sums(deltas, inputs)
    return _gradients(
        ("W_f", "W_i", "W_c", "W_o"),
        [rows[g * H : (g + 1) * H] for g in range(4)],
        [biases[g * H : (g + 1) * H] for g in range(4)],
        ("b_f", "b_i", "b_c", "b_o"),
        dxs,
        dh_next,
        dc_next,
        layout,
    )


def gru_bptt_kernel(
    params: Mapping[str, Any], variant: str, steps: Sequence[GRUStep], dhs: Upstream, layout: Sequence[str]
) -> Gradients | None:
    """BPTT through GRU steps: :func:`~tinyrnn.gru_backward.gru_step_backward`, last step first."""
    if variant == "pytorch":
        return _pytorch_gru_bptt_kernel(params, steps, dhs, layout)
    H = len(params["b_r"])
    generated = generated_bptt(f"gru-{variant}", params, H, len(steps[0].x))
    if generated is not None:
        gate_deltas, gate_inputs, cand_deltas, cand_inputs, dxs, dh_next = generated(steps, dhs)
    else:
        backward_step = step_backward(f"gru-{variant}", params, H)
        dh_next = [0.0] * H
        gate_deltas = []  # dz_pre then dr_pre, per step, last first
        gate_inputs = []  # [h_{t-1}, x_t]
        cand_deltas = []  # dh_tilde_pre
        cand_inputs = []  # [r_t ⊙ h_{t-1}, x_t]
        dxs = [[]] * len(steps)
        for t in range(len(steps) - 1, -1, -1):
            step = steps[t]
            gate_delta, cand_delta, dxs[t], dh_next = backward_step(step, _plus(dhs[t], dh_next))
            gate_deltas.append(gate_delta)
            gate_inputs.append((*step.h_prev, *step.x))
            cand_deltas.append(cand_delta)
            cand_inputs.append((*cast(Vector, step.r_h_prev), *step.x))
    gate_rows, gate_biases = _weight_sums(gate_deltas, gate_inputs)
    cand_rows, cand_biases = _weight_sums(cand_deltas, cand_inputs)
    return _gradients(
        ("W_z", "W_r", "W_h"),
        [gate_rows[:H], gate_rows[H:], cand_rows],
        [gate_biases[:H], gate_biases[H:], cand_biases],
        ("b_z", "b_r", "b_h"),
        dxs,
        dh_next,
        None,
        layout,
    )


def _pytorch_gru_bptt_kernel(
    params: Mapping[str, Any], steps: Sequence[GRUStep], dhs: Upstream, layout: Sequence[str]
) -> Gradients | None:
    H = len(params["b_ir"])
    generated = generated_bptt("gru-pytorch", params, H, len(steps[0].x))
    if generated is not None:
        input_deltas, hidden_deltas, xs, h_prevs, dxs, dh_next = generated(steps, dhs)
    else:
        backward_step = step_backward("gru-pytorch", params, H)
        dh_next = [0.0] * H
        input_deltas = []  # dr_pre, dz_pre, dh_tilde_pre stacked, per step, last first
        hidden_deltas = []  # dr_pre, dz_pre, dhn stacked
        xs = []
        h_prevs = []
        dxs = [[]] * len(steps)
        for t in range(len(steps) - 1, -1, -1):
            step = steps[t]
            input_delta, hidden_delta, dxs[t], dh_next = backward_step(step, _plus(dhs[t], dh_next))
            input_deltas.append(input_delta)
            hidden_deltas.append(hidden_delta)
            xs.append(step.x)
            h_prevs.append(step.h_prev)
    input_rows, input_biases = _weight_sums(input_deltas, xs)
    hidden_rows, hidden_biases = _weight_sums(hidden_deltas, h_prevs)
    thirds = [slice(0, H), slice(H, 2 * H), slice(2 * H, 3 * H)]
    return _gradients(
        ("W_ir", "W_iz", "W_in", "W_hr", "W_hz", "W_hn"),
        [input_rows[s] for s in thirds] + [hidden_rows[s] for s in thirds],
        [input_biases[s] for s in thirds] + [hidden_biases[s] for s in thirds],
        ("b_ir", "b_iz", "b_in", "b_hr", "b_hz", "b_hn"),
        dxs,
        dh_next,
        None,
        layout,
    )


def bptt_kernel(
    key: str, params: Mapping[str, Any], steps: Sequence[Any], dhs: Upstream, dcs: Upstream
) -> Gradients | None:
    """The fast backward pass of the cell kind ``key`` (``None``: no kernel, or an overflow: run the readable one)."""
    layout = list(params)
    if key == "lstm":
        return lstm_bptt_kernel(params, steps, dhs, dcs, layout)
    if key in STACKED:
        return gru_bptt_kernel(params, key.removeprefix("gru-"), steps, dhs, layout)
    return None
