"""Fast kernels: the same arithmetic as the reference cells, with the gates stacked.

The readable reference steps (:func:`tinyrnn.lstm.lstm_step`,
:func:`tinyrnn.gru.gru_step`) are the single source of truth. The kernels
here compute *bit for bit the same trace* -- the same float operations in the
same order -- but with every gate's weight rows stacked in one list, so one
loop computes all the pre-activations of a step and no intermediate
:class:`~tinyrnn.vector.Vector` is validated. ``tests/test_kernels.py``
proves ``kernel == reference`` with hypothesis, exactly (``==`` on floats).

When a pre-activation overflows float64 (weights or inputs near ±1e308), the
kernel returns ``None`` and the cell falls back to the reference step, which
saturates overflowing values instead of producing ``inf`` or ``nan``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from itertools import repeat
from operator import add, mul
from typing import Any

from tinyrnn.activations import sigmoid_scalar as sigmoid
from tinyrnn.activations import tanh_scalar as tanh
from tinyrnn.trace import GRUStep, LSTMStep
from tinyrnn.vector import Vector, _float_dot, _plain_dot

__all__ = ["gru_concat_kernel", "gru_pytorch_kernel", "lstm_kernel", "stack"]

_vector: Callable[[Any], Vector] = partial(tuple.__new__, Vector)
_lstm_step: Callable[[Any], LSTMStep] = partial(tuple.__new__, LSTMStep)
_gru_step: Callable[[Any], GRUStep] = partial(tuple.__new__, GRUStep)

Rows = tuple[tuple[float, ...], ...]

if _float_dot is _plain_dot:

    def affine_rows(rows: Rows, biases: Sequence[float], v: Sequence[float]) -> list[float]:
        """``[dot(row, v) + b for each row]`` -- the same floats as ``W @ v + b`` row by row."""
        return [sum(map(mul, row, v)) + b for row, b in zip(rows, biases, strict=True)]

else:  # pragma: no cover - Python ≥ 3.12

    def affine_rows(rows: Rows, biases: Sequence[float], v: Sequence[float]) -> list[float]:
        """``[dot(row, v) + b for each row]`` -- the same floats as ``W @ v + b`` row by row."""
        return list(map(add, map(_float_dot, rows, repeat(v)), biases))


def stack(params: dict[str, Any], names: Sequence[str]) -> tuple[Rows, tuple[float, ...]]:
    """Stack the weight rows (and biases) of several gates: ``W_f`` rows, then ``W_i`` rows, ..."""
    rows: list[tuple[float, ...]] = []
    biases: list[float] = []
    for name in names:
        rows.extend(tuple(row) for row in params["W_" + name])
        biases.extend(params["b_" + name])
    return tuple(rows), tuple(biases)


def _finite(total: float) -> bool:
    return total - total == 0.0


def lstm_kernel(
    rows: Rows, biases: tuple[float, ...], H: int, x: Vector, h_prev: Vector, c_prev: Vector
) -> LSTMStep | None:
    """One LSTM step; ``rows``/``biases`` are ``W_f, W_i, W_c, W_o`` stacked (4·H rows of H+I)."""
    pre = affine_rows(rows, biases, (*h_prev, *x))
    if not _finite(sum(pre)):
        return None
    f_pre, i_pre, c_tilde_pre, o_pre = pre[:H], pre[H : 2 * H], pre[2 * H : 3 * H], pre[3 * H :]
    f = _vector(map(sigmoid, f_pre))
    i = _vector(map(sigmoid, i_pre))
    c_tilde = _vector(map(tanh, c_tilde_pre))
    c = _vector([fk * ck + ik * gk for fk, ck, ik, gk in zip(f, c_prev, i, c_tilde, strict=True)])
    o = _vector(map(sigmoid, o_pre))
    tanh_c = _vector(map(tanh, c))
    h = _vector(map(mul, o, tanh_c))
    return _lstm_step(
        (
            x,
            h_prev,
            c_prev,
            _vector(f_pre),
            f,
            _vector(i_pre),
            i,
            _vector(c_tilde_pre),
            c_tilde,
            c,
            _vector(o_pre),
            o,
            tanh_c,
            h,
            None,
        )
    )


def gru_concat_kernel(
    gate_rows: Rows,
    gate_biases: tuple[float, ...],
    cand_rows: Rows,
    cand_biases: tuple[float, ...],
    H: int,
    variant: str,
    x: Vector,
    h_prev: Vector,
) -> GRUStep | None:
    """One GRU step, variants ``colah`` and ``cho2014``; ``gate_rows`` are ``W_r`` then ``W_z``."""
    pre = affine_rows(gate_rows, gate_biases, (*h_prev, *x))
    r_pre, z_pre = pre[:H], pre[H:]
    r = _vector(map(sigmoid, r_pre))
    z = _vector(map(sigmoid, z_pre))
    r_h_prev = _vector(map(mul, r, h_prev))
    h_tilde_pre = affine_rows(cand_rows, cand_biases, (*r_h_prev, *x))
    if not _finite(sum(pre) + sum(h_tilde_pre)):
        return None
    h_tilde = _vector(map(tanh, h_tilde_pre))
    if variant == "colah":
        h = _vector([(1.0 - zk) * hk + zk * nk for zk, hk, nk in zip(z, h_prev, h_tilde, strict=True)])
    else:
        h = _vector([zk * hk + (1.0 - zk) * nk for zk, hk, nk in zip(z, h_prev, h_tilde, strict=True)])
    return _gru_step(
        (
            variant,
            x,
            h_prev,
            _vector(r_pre),
            r,
            _vector(z_pre),
            z,
            r_h_prev,
            None,
            _vector(h_tilde_pre),
            h_tilde,
            h,
            None,
        )
    )


def gru_pytorch_kernel(
    input_rows: Rows,
    input_biases: tuple[float, ...],
    hidden_rows: Rows,
    hidden_biases: tuple[float, ...],
    H: int,
    x: Vector,
    h_prev: Vector,
) -> GRUStep | None:
    """One GRU step in PyTorch's layout; rows are ``W_ir, W_iz, W_in`` and ``W_hr, W_hz, W_hn`` stacked."""
    gi = affine_rows(input_rows, input_biases, x)
    gh = affine_rows(hidden_rows, hidden_biases, h_prev)
    r_pre = list(map(add, gi[:H], gh[:H]))
    z_pre = list(map(add, gi[H : 2 * H], gh[H : 2 * H]))
    hn = gh[2 * H :]
    r = _vector(map(sigmoid, r_pre))
    z = _vector(map(sigmoid, z_pre))
    h_tilde_pre = [a + rk * b for a, rk, b in zip(gi[2 * H :], r, hn, strict=True)]
    if not _finite(sum(r_pre) + sum(z_pre) + sum(hn) + sum(h_tilde_pre)):
        return None
    h_tilde = _vector(map(tanh, h_tilde_pre))
    h = _vector([(1.0 - zk) * nk + zk * hk for zk, nk, hk in zip(z, h_tilde, h_prev, strict=True)])
    return _gru_step(
        (
            "pytorch",
            x,
            h_prev,
            _vector(r_pre),
            r,
            _vector(z_pre),
            z,
            None,
            _vector(hn),
            _vector(h_tilde_pre),
            h_tilde,
            h,
            None,
        )
    )
