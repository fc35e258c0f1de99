"""Central differences: the numbers a hand-derived gradient is checked against.

The loss is the linear function of the states that the upstream gradients
define, ``L = Σ_t dh_t · h_t + Σ_t dc_t · C_t``, so ``∂L/∂h_t = dh_t`` exactly.
Each parameter, input and initial state is nudged by ``±eps`` and the loss
recomputed from scratch (a new cell from ``from_params``, a new ``run``):
``∂L/∂θ ≈ (L(θ + eps) − L(θ − eps)) / 2eps``, accurate to O(eps²).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from typing import Any

from tinyrnn import family

EPS = 1e-6


def relative_error(analytic: float, numeric: float) -> float:
    """``|a − n| / max(|a|, |n|, 1e-3)``: relative for large gradients, absolute (×1000) near zero."""
    return abs(analytic - numeric) / max(abs(analytic), abs(numeric), 1e-3)


def rebuild(cell: Any, params: dict[str, Any]) -> Any:
    """A cell of the same kind (and options) with these weights."""
    return family.from_params(cell.spec.key, params)


def loss(cell: Any, xs: Any, h0: Any, c0: Any, dhs: Any, dcs: Any) -> float:
    """``Σ_t dh_t · h_t (+ Σ_t dc_t · C_t)``, summed exactly (math.fsum) to keep round-off out of the check."""
    steps = cell.run(xs, h0, c0) if "c" in cell.spec.states else cell.run(xs, h0)
    terms = [d * h for step, dh in zip(steps, dhs, strict=True) for d, h in zip(dh, step.h, strict=True)]
    if dcs is not None:
        terms += [d * c for step, dc in zip(steps, dcs, strict=True) for d, c in zip(dc, step.c, strict=True)]
    return math.fsum(terms)


def _central(evaluate: Any, value: float, eps: float) -> float:
    return (evaluate(value + eps) - evaluate(value - eps)) / (2 * eps)


def numeric_gradients(case: tuple, eps: float = EPS) -> Iterator[tuple[tuple[Any, ...], float]]:
    """``(path, ∂L/∂θ)`` by central differences for every weight, bias, input and initial state.

    A path is ``("params", name, row, column)`` (column None for a bias), ``("dx", t, k)``,
    ``("dh0", k)`` or ``("dc0", k)``; :func:`analytic` reads the same entry of a ``Gradients``.
    """
    cell, xs, h0, c0, dhs, dcs = case
    params = cell.params
    for name, value in params.items():
        is_matrix = isinstance(value[0], list)
        entries = (
            [(r, k) for r in range(len(value)) for k in range(len(value[r]))]
            if is_matrix
            else [(k, None) for k in range(len(value))]
        )
        for row, col in entries:

            def evaluate(v: float, name: str = name, row: int = row, col: int | None = col) -> float:
                nudged = copy.deepcopy(params)
                if col is None:
                    nudged[name][row] = v
                else:
                    nudged[name][row][col] = v
                return loss(rebuild(cell, nudged), xs, h0, c0, dhs, dcs)

            original = value[row] if col is None else value[row][col]
            yield ("params", name, row, col), _central(evaluate, original, eps)
    for t in range(len(xs)):
        for k in range(len(xs[t])):

            def evaluate_x(v: float, t: int = t, k: int = k) -> float:
                nudged = copy.deepcopy(xs)
                nudged[t][k] = v
                return loss(cell, nudged, h0, c0, dhs, dcs)

            yield ("dx", t, k), _central(evaluate_x, xs[t][k], eps)
    states = [("dh0", h0)] + ([("dc0", c0)] if c0 is not None else [])
    for label, state in states:
        for k in range(len(state)):

            def evaluate_state(v: float, label: str = label, state: Any = state, k: int = k) -> float:
                nudged = list(state)
                nudged[k] = v
                new_h0, new_c0 = (nudged, c0) if label == "dh0" else (h0, nudged)
                return loss(cell, xs, new_h0, new_c0, dhs, dcs)

            yield (label, k), _central(evaluate_state, state[k], eps)


def analytic(grads: Any, path: tuple[Any, ...]) -> float:
    """The entry of a ``Gradients`` at a path of :func:`numeric_gradients`."""
    if path[0] == "params":
        _, name, row, col = path
        value = grads.params[name][row]
        return float(value if col is None else value[col])
    if path[0] == "dx":
        return float(grads.dx[path[1]][path[2]])
    return float(getattr(grads, path[0])[path[1]])
