"""Hypothesis strategies shared by the tests: finite floats, vectors, cells and their inputs."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import tinyrnn
from tinyrnn import family
from tinyrnn.specs import spec_of_key

VARIANTS = ("colah", "cho2014", "pytorch")

# Moderate values: the range of weights and activations a student meets.
moderate = st.floats(min_value=-5.0, max_value=5.0, allow_nan=False, allow_infinity=False)
# Every finite float, ±1e308 included: for the laws that must hold everywhere.
any_finite = st.floats(allow_nan=False, allow_infinity=False)
sizes = st.integers(min_value=1, max_value=5)


def vectors(length: int, elements: st.SearchStrategy[float] = moderate) -> st.SearchStrategy[list[float]]:
    return st.lists(elements, min_size=length, max_size=length)


def matrices(
    rows: int, cols: int, elements: st.SearchStrategy[float] = moderate
) -> st.SearchStrategy[list[list[float]]]:
    return st.lists(vectors(cols, elements), min_size=rows, max_size=rows)


@st.composite
def lstm_cases(
    draw: st.DrawFn, elements: st.SearchStrategy[float] = moderate
) -> tuple[tinyrnn.LSTMCell, Any, Any, Any]:
    """A random LSTM cell with random weights, and an input, hidden state and cell state."""
    H, I = draw(sizes), draw(sizes)
    params = {}
    for gate in ("f", "i", "c", "o"):
        params[f"W_{gate}"] = draw(matrices(H, H + I, elements))
        params[f"b_{gate}"] = draw(vectors(H, elements))
    cell = tinyrnn.LSTMCell.from_params(params)
    return cell, draw(vectors(I, elements)), draw(vectors(H, elements)), draw(vectors(H, elements))


def gru_params(draw: st.DrawFn, H: int, I: int, variant: str, elements: st.SearchStrategy[float]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if variant == "pytorch":
        for gate in ("r", "z", "n"):
            params[f"W_i{gate}"] = draw(matrices(H, I, elements))
            params[f"W_h{gate}"] = draw(matrices(H, H, elements))
            params[f"b_i{gate}"] = draw(vectors(H, elements))
            params[f"b_h{gate}"] = draw(vectors(H, elements))
    else:
        for gate in ("z", "r", "h"):
            params[f"W_{gate}"] = draw(matrices(H, H + I, elements))
            params[f"b_{gate}"] = draw(vectors(H, elements))
    return params


@st.composite
def gru_cases(
    draw: st.DrawFn, variant: str | None = None, elements: st.SearchStrategy[float] = moderate
) -> tuple[tinyrnn.GRUCell, Any, Any]:
    """A random GRU cell (random variant unless given), an input and a hidden state."""
    variant = variant or draw(st.sampled_from(VARIANTS))
    H, I = draw(sizes), draw(sizes)
    cell = tinyrnn.GRUCell.from_params(gru_params(draw, H, I, variant, elements), variant=variant)
    return cell, draw(vectors(I, elements)), draw(vectors(H, elements))


# The fast kernels (tests/test_kernels.py): every kind, sizes 1-8, and signed zeros.
KERNEL_KINDS = ("lstm", "gru-colah", "gru-cho2014", "gru-pytorch")
kernel_sizes = st.integers(min_value=1, max_value=8)
# Mostly zeros of both signs (a sum of -0.0 products must keep the reference's sign), and ±1.
signed_zeros = st.sampled_from([-0.0, -0.0, 0.0, 1.0, -1.0])


@st.composite
def kernel_cases(
    draw: st.DrawFn,
    kind: str | None = None,
    sizes: st.SearchStrategy[int] = kernel_sizes,
    elements: st.SearchStrategy[float] = moderate,
) -> tuple[str, tinyrnn.LSTMCell | tinyrnn.GRUCell, tuple[Any, ...]]:
    """A kind, a cell of that kind with random weights, and the kernel's arguments as Vectors."""
    kind = kind or draw(st.sampled_from(KERNEL_KINDS))
    H, I = draw(sizes), draw(sizes)
    x, h_prev = tinyrnn.Vector(draw(vectors(I, elements))), tinyrnn.Vector(draw(vectors(H, elements)))
    if kind == "lstm":
        params = {}
        for gate in ("f", "i", "c", "o"):
            params[f"W_{gate}"] = draw(matrices(H, H + I, elements))
            params[f"b_{gate}"] = draw(vectors(H, elements))
        return kind, tinyrnn.LSTMCell.from_params(params), (x, h_prev, tinyrnn.Vector(draw(vectors(H, elements))))
    variant = kind.removeprefix("gru-")
    cell = tinyrnn.GRUCell.from_params(gru_params(draw, H, I, variant, elements), variant=variant)
    return kind, cell, (x, h_prev)


# The backward pass (tests/test_backward*.py) -----------------------------------

KINDS = ("lstm", *VARIANTS)  # an LSTM, or a GRU of one of the variants


def random_cell(draw: st.DrawFn, kind: str, H: int, I: int, elements: st.SearchStrategy[float]) -> Any:
    if kind == "lstm":
        params: dict[str, Any] = {}
        for gate in ("f", "i", "c", "o"):
            params[f"W_{gate}"] = draw(matrices(H, H + I, elements))
            params[f"b_{gate}"] = draw(vectors(H, elements))
        return tinyrnn.LSTMCell.from_params(params)
    return tinyrnn.GRUCell.from_params(gru_params(draw, H, I, kind, elements), variant=kind)


@st.composite
def sequence_cases(
    draw: st.DrawFn,
    kind: str | None = None,
    elements: st.SearchStrategy[float] = moderate,
    max_length: int = 6,
    max_size: int = 5,
) -> tuple[Any, list[list[float]], list[float], list[float] | None, list[list[float]], list[list[float]] | None]:
    """A random cell (``kind``: "lstm" or a GRU variant; random if None), a sequence of 1–``max_length``
    inputs, initial states, and an upstream gradient for every step: ``(cell, xs, h0, c0, dhs, dcs)``.
    ``c0`` and ``dcs`` are None for a GRU."""
    kind = kind or draw(st.sampled_from(KINDS))
    size = st.integers(min_value=1, max_value=max_size)
    H, I, T = draw(size), draw(size), draw(st.integers(min_value=1, max_value=max_length))
    cell = random_cell(draw, kind, H, I, elements)
    xs = [draw(vectors(I, elements)) for _ in range(T)]
    h0 = draw(vectors(H, elements))
    dhs = [draw(vectors(H, elements)) for _ in range(T)]
    if kind != "lstm":
        return cell, xs, h0, None, dhs, None
    c0 = draw(vectors(H, elements))
    dcs = [draw(vectors(H, elements)) for _ in range(T)]
    return cell, xs, h0, c0, dhs, dcs


# Every cell of the family, by the key of its description (tests/test_family.py) ---------------------


def family_cell(draw: st.DrawFn, key: str, H: int, I: int, elements: st.SearchStrategy[float]) -> Any:
    """A cell of the kind ``key`` with random weights drawn from ``elements``, in its layout."""
    described = spec_of_key(key)
    params = {
        weight.name: draw(matrices(H, weight.columns(H, I), elements))
        if weight.is_matrix
        else draw(vectors(H, elements))
        for weight in described.weights
    }
    return family.from_params(key, params)


@st.composite
def family_sequence_cases(
    draw: st.DrawFn,
    key: str,
    elements: st.SearchStrategy[float] = moderate,
    max_length: int = 5,
    max_size: int = 4,
) -> tuple[Any, list[list[float]], list[float], list[float] | None, list[list[float]], list[list[float]] | None]:
    """Like :func:`sequence_cases`, for any cell of the family: ``(cell, xs, h0, c0, dhs, dcs)``."""
    size = st.integers(min_value=1, max_value=max_size)
    H, I, T = draw(size), draw(size), draw(st.integers(min_value=1, max_value=max_length))
    cell = family_cell(draw, key, H, I, elements)
    xs = [draw(vectors(I, elements)) for _ in range(T)]
    h0 = draw(vectors(H, elements))
    dhs = [draw(vectors(H, elements)) for _ in range(T)]
    if "c" not in cell.spec.states:
        return cell, xs, h0, None, dhs, None
    c0 = draw(vectors(H, elements))
    dcs = [draw(vectors(H, elements)) for _ in range(T)]
    return cell, xs, h0, c0, dhs, dcs
