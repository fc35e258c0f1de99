"""Weights of a cell: layouts, shape checks, seeded initialisation, plain-data export.

A *layout* maps each parameter name to its shape, written with ``H``
(``hidden_size``) and ``I`` (``input_size``):

* ``"hx"``: a matrix of ``H`` rows of ``H + I`` numbers, acting on ``[h_{t-1}, x_t]``
  (hidden state first, as on the slides), e.g. ``W_f``;
* ``"x"``: ``H × I``, acting on ``x_t`` alone (PyTorch layout, e.g. ``W_ir``);
* ``"h"``: ``H × H``, acting on ``h_{t-1}`` alone (PyTorch layout, e.g. ``W_hr``);
* ``"b"``: a bias vector of length ``H``;
* ``"p"``: a peephole vector of length ``H`` (one weight per unit, on the cell state).

>>> layout = LAYOUTS["lstm"]
>>> list(layout)
['W_f', 'b_f', 'W_i', 'b_i', 'W_c', 'b_c', 'W_o', 'b_o']
>>> count_parameters(layout, hidden_size=3, input_size=3)   # 4·H·(H+I) + 4·H
84
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any

from tinyrnn.checks import received
from tinyrnn.specs import VECTORS, spec_of_key
from tinyrnn.vector import Matrix, Vector, as_matrix, as_vector

__all__ = ["LAYOUTS", "check_params", "count_parameters", "init_params", "to_plain"]

Layout = dict[str, str]
Params = dict[str, Any]  # name -> Matrix or Vector

#: The weight layouts of the first two cells, by their old names: ``"lstm"``, ``"gru"`` (variants colah and
#: cho2014) and ``"gru-pytorch"``. Every cell kind has its own, ``spec.layout`` (:mod:`tinyrnn.specs`).
LAYOUTS: dict[str, Layout] = {
    "lstm": spec_of_key("lstm").layout,
    "gru": spec_of_key("gru-colah").layout,
    "gru-pytorch": spec_of_key("gru-pytorch").layout,
}

_SHAPE_WORDS = {"hx": "hidden_size + input_size", "x": "input_size", "h": "hidden_size"}


def _columns(kind: str, hidden_size: int, input_size: int) -> int:
    """Numbers per row of a matrix; a vector (a bias ``"b"`` or peephole ``"p"``) counts as one column."""
    return {"hx": hidden_size + input_size, "x": input_size, "h": hidden_size}.get(kind, 1)


def count_parameters(layout: Layout, hidden_size: int, input_size: int) -> int:
    """The number of weights and biases of a layout: ``Σ rows × columns``.

    >>> count_parameters(LAYOUTS["gru"], hidden_size=3, input_size=3)           # 3·H·(H+I) + 3·H
    63
    >>> count_parameters(LAYOUTS["gru-pytorch"], hidden_size=3, input_size=3)   # two biases per gate
    72
    """
    return sum(hidden_size * _columns(kind, hidden_size, input_size) for kind in layout.values())


def init_params(layout: Layout, hidden_size: int, input_size: int, rng: random.Random) -> Params:
    """Seeded weights, uniform in ``±1/√hidden_size`` like PyTorch, drawn key by key, row by row.

    >>> params = init_params(LAYOUTS["lstm"], hidden_size=2, input_size=1, rng=random.Random(0))
    >>> params["W_f"].shape, len(params["b_f"])        # H × (H + I), H
    ((2, 3), 2)
    >>> all(abs(w) <= 1 / math.sqrt(2) for row in params["W_f"] for w in row)
    True
    """
    bound = 1.0 / math.sqrt(hidden_size)

    def draw(n: int) -> Vector:
        return Vector([rng.uniform(-bound, bound) for _ in range(n)])

    params: Params = {}
    for name, kind in layout.items():
        if kind in VECTORS:
            params[name] = draw(hidden_size)
        else:
            params[name] = tuple.__new__(
                Matrix, [draw(_columns(kind, hidden_size, input_size)) for _ in range(hidden_size)]
            )
    return params


def to_plain(params: Params) -> dict[str, Any]:
    """Plain nested lists of floats (JSON-serialisable), in the layout's key order.

    >>> to_plain({"W": Matrix([[1, 2]]), "b": Vector([0.5])})
    {'W': [[1.0, 2.0]], 'b': [0.5]}
    """
    return {
        name: [list(row) for row in value] if isinstance(value, Matrix) else list(value)
        for name, value in params.items()
    }


def check_params(params: object, layout: Layout, owner: str, hint: str = "") -> tuple[int, int, Params]:
    """Validate a parameter mapping against ``layout``; infer and return ``(hidden_size, input_size, params)``.

    ``owner`` names the cell in messages (``"an LSTMCell"``); ``hint`` is added
    to a key error (e.g. which GRU variant those keys belong to).

    >>> from tinyrnn import examples
    >>> H, I, checked = check_params(examples.SLIDE_GRU_PARAMS, LAYOUTS["gru"], "a GRUCell")
    >>> H, I, checked["W_r"].shape
    (3, 3, (3, 6))
    """
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a mapping of {', '.join(layout)}, got {received(params)}")
    _check_keys(params, layout, owner, hint)
    bias = next(name for name, kind in layout.items() if kind == "b")  # its length is hidden_size
    b = as_vector(params[bias], f"params[{bias!r}]")
    hidden_size = len(b)
    first = next(iter(layout))  # a matrix: its columns give input_size
    W = as_matrix(params[first], f"params[{first!r}]")
    read = {bias: b, first: W}  # each entry is read once: it may be a one-shot iterator
    if len(W) != hidden_size:
        stacked = len(W) % hidden_size == 0
        raise ValueError(
            f"params[{first!r}] has {len(W)} rows but hidden_size (from {bias}) is {hidden_size}"
            + ("; it looks like several gates stacked: give each gate its own matrix" if stacked else "")
        )
    kind = layout[first]
    input_size = len(W[0]) - hidden_size if kind == "hx" else len(W[0])
    if input_size < 1:
        raise ValueError(
            f"params[{first!r}] has rows of {len(W[0])} numbers, but hidden_size (from {bias}) is {hidden_size} "
            f"and each row needs hidden_size + input_size ≥ {hidden_size + 1} numbers ([h_{{t-1}}, x_t])"
        )
    checked: Params = {}
    for name, kind in layout.items():
        where, value = f"params[{name!r}]", read.get(name, params[name])
        if kind in VECTORS:
            checked[name] = as_vector(value, where, hidden_size, f"hidden_size (from {bias})")
        else:
            checked[name] = as_matrix(
                value,
                where,
                hidden_size,
                _columns(kind, hidden_size, input_size),
                rows_name=f"hidden_size (from {bias})",
                cols_name=_SHAPE_WORDS[kind],
            )
    return hidden_size, input_size, checked


def _check_keys(params: Mapping[Any, Any], layout: Layout, owner: str, hint: str) -> None:
    expected = list(layout)
    given = list(params)
    for key in given:
        if not isinstance(key, str):
            raise TypeError(f"params keys must be strings such as {expected[0]!r}, got {received(key)}")
    unknown = [key for key in given if key not in layout]
    missing = [key for key in expected if key not in params]
    needs = f"{owner} needs exactly {', '.join(expected)}"
    if unknown:
        import difflib  # only on the error path

        guess = difflib.get_close_matches(unknown[0], missing or expected, n=1, cutoff=0.5)
        suggestion = f" (did you mean {guess[0]!r}?)" if guess and not hint else ""  # a hint names the real cell
        raise ValueError(f"params has unknown key {unknown[0]!r}{suggestion}; {needs}{hint}")
    if missing:
        raise ValueError(f"params is missing {missing[0]!r}; {needs}{hint}")
