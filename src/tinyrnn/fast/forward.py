"""Stacked kernels: the same floats as the readable LSTM and GRU steps, for a cell of any size.

The readable steps (:func:`tinyrnn.lstm.lstm_step`, :func:`tinyrnn.gru.gru_step`)
are the single source of truth. A stacked kernel computes *bit for bit the
same trace* -- the same float operations in the same order -- faster: every
gate's weight rows stacked in one list, one loop ``[dot(row, v) + b …]``
computing all the pre-activations of a step, and no intermediate
:class:`~tinyrnn.vector.Vector` validated. ``tests/test_kernels.py`` proves
``kernel == reference`` with hypothesis, exactly (every float compared by its bits).

:func:`fast_kernel` chooses, when a cell is built, between a stacked kernel
and the code written out for the cell's shape
(:mod:`tinyrnn.fast.forward_source`): written-out code for small cells, a
stacked kernel above :data:`~tinyrnn.fast.forward_source.GENERATED_LIMIT`
products per step, where written-out code would only grow (and take longer to
compile) for a gain that vanishes once the dot products dominate
(``docs/performance.md`` has the measurements).

When a pre-activation overflows float64 (weights or inputs near ±1e308),
every kernel returns ``None`` and the cell falls back to the readable step,
which saturates overflowing values instead of producing ``inf`` or ``nan``.
(An ``inf`` can never turn back into a finite float, so checking that the
sum of the pre-activations is finite catches every overflow.)

>>> import tinyrnn
>>> cell = tinyrnn.LSTMCell(input_size=3, hidden_size=40, seed=0)   # 4·40·43 products: above the limit
>>> kernel = fast_kernel("lstm", cell.weights, 40, 3)
>>> kernel.func.__name__
'lstm_kernel'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from itertools import repeat
from operator import add, mul
from typing import Any

from tinyrnn.activations import sigmoid_scalar as sigmoid
from tinyrnn.activations import tanh_scalar as tanh
from tinyrnn.fast.forward_source import GENERATED_LIMIT, STACKED, Kernel, check_kind, generated_kernel, products
from tinyrnn.trace import GRUStep, LSTMStep
from tinyrnn.vector import LEFT_TO_RIGHT, Vector, float_dot, trusted

__all__ = ["fast_kernel", "gru_concat_kernel", "gru_pytorch_kernel", "lstm_kernel", "stack"]

_lstm_step: Callable[[Any], LSTMStep] = partial(tuple.__new__, LSTMStep)
_gru_step: Callable[[Any], GRUStep] = partial(tuple.__new__, GRUStep)

Rows = tuple[tuple[float, ...], ...]


if LEFT_TO_RIGHT:

    def affine_rows(rows: Rows, biases: Sequence[float], v: Sequence[float]) -> list[float]:
        """``[dot(row, v) + b for each row]`` -- the same floats as ``W @ v + b`` row by row."""
        return [sum(map(mul, row, v)) + b for row, b in zip(rows, biases, strict=True)]

else:  # pragma: no cover - Python ≥ 3.12

    def affine_rows(rows: Rows, biases: Sequence[float], v: Sequence[float]) -> list[float]:
        """``[dot(row, v) + b for each row]`` -- the same floats as ``W @ v + b`` row by row."""
        return list(map(add, map(float_dot, rows, repeat(v)), biases))


def stack(params: Mapping[str, Any], names: Sequence[str]) -> tuple[Rows, tuple[float, ...]]:
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
    f = trusted(map(sigmoid, f_pre))
    i = trusted(map(sigmoid, i_pre))
    c_tilde = trusted(map(tanh, c_tilde_pre))
    c = trusted([fk * ck + ik * gk for fk, ck, ik, gk in zip(f, c_prev, i, c_tilde, strict=True)])
    o = trusted(map(sigmoid, o_pre))
    tanh_c = trusted(map(tanh, c))
    h = trusted(map(mul, o, tanh_c))
    return _lstm_step(
        (
            x,
            h_prev,
            c_prev,
            trusted(f_pre),
            f,
            trusted(i_pre),
            i,
            trusted(c_tilde_pre),
            c_tilde,
            c,
            trusted(o_pre),
            o,
            tanh_c,
            h,
            False,  # peepholes, coupled, forget_gate: the standard LSTM
            False,
            True,
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
    r = trusted(map(sigmoid, r_pre))
    z = trusted(map(sigmoid, z_pre))
    r_h_prev = trusted(map(mul, r, h_prev))
    h_tilde_pre = affine_rows(cand_rows, cand_biases, (*r_h_prev, *x))
    if not _finite(sum(pre) + sum(h_tilde_pre)):
        return None
    h_tilde = trusted(map(tanh, h_tilde_pre))
    if variant == "colah":
        h = trusted([(1.0 - zk) * hk + zk * nk for zk, hk, nk in zip(z, h_prev, h_tilde, strict=True)])
    else:
        h = trusted([zk * hk + (1.0 - zk) * nk for zk, hk, nk in zip(z, h_prev, h_tilde, strict=True)])
    return _gru_step(
        (
            variant,
            x,
            h_prev,
            trusted(r_pre),
            r,
            trusted(z_pre),
            z,
            r_h_prev,
            None,
            trusted(h_tilde_pre),
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
    r = trusted(map(sigmoid, r_pre))
    z = trusted(map(sigmoid, z_pre))
    h_tilde_pre = [a + rk * b for a, rk, b in zip(gi[2 * H :], r, hn, strict=True)]
    if not _finite(sum(r_pre) + sum(z_pre) + sum(hn) + sum(h_tilde_pre)):
        return None
    h_tilde = trusted(map(tanh, h_tilde_pre))
    h = trusted([(1.0 - zk) * nk + zk * hk for zk, nk, hk in zip(z, h_tilde, h_prev, strict=True)])
    return _gru_step(
        (
            "pytorch",
            x,
            h_prev,
            trusted(r_pre),
            r,
            trusted(z_pre),
            z,
            None,
            trusted(hn),
            trusted(h_tilde_pre),
            h_tilde,
            h,
            None,
        )
    )


def _stacked_kernel(kind: str, params: Mapping[str, Any], hidden_size: int) -> Kernel:
    if kind == "lstm":
        return partial(lstm_kernel, *stack(params, ("f", "i", "c", "o")), hidden_size)
    if kind == "gru-pytorch":
        inputs, hidden = stack(params, ("ir", "iz", "in")), stack(params, ("hr", "hz", "hn"))
        return partial(gru_pytorch_kernel, *inputs, *hidden, hidden_size)
    gates, candidate = stack(params, ("r", "z")), stack(params, ("h",))
    return partial(gru_concat_kernel, *gates, *candidate, hidden_size, kind.removeprefix("gru-"))


def fast_kernel(kind: str, params: Mapping[str, Any], hidden_size: int, input_size: int) -> Kernel | None:
    """The fastest exact kernel for a cell: ``kernel(x, h_prev[, c_prev])`` -> trace, or ``None`` on overflow.

    Generated when one step has at most :data:`GENERATED_LIMIT` products, stacked above; ``None``
    (run the readable step) for a larger cell with no stacked kernel (all but the first wave's four).

    >>> import tinyrnn
    >>> cell = tinyrnn.GRUCell(input_size=3, hidden_size=3, seed=0)
    >>> kernel = fast_kernel("gru-colah", cell.weights, 3, 3)
    >>> kernel.__name__                      # a generated kernel
    'gru_colah_step_3x3'
    >>> step = kernel(tinyrnn.Vector([0.5, -0.3, 0.8]), tinyrnn.Vector([0.2, 0.4, -0.1]))
    >>> step == cell.step([0.5, -0.3, 0.8], [0.2, 0.4, -0.1])
    True
    """
    if products(kind, hidden_size, input_size) <= GENERATED_LIMIT:
        return generated_kernel(kind, params, hidden_size, input_size)
    if check_kind(kind) not in STACKED:
        return None
    return _stacked_kernel(kind, params, hidden_size)
