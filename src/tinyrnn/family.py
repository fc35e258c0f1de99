"""The family of cells: every cell class tinyrnn has, by kind, and how to build one from a key.

A cell kind's description (:mod:`tinyrnn.specs`) has a ``key`` (``"lstm"``,
``"gru-pytorch"``), a ``kind`` (``"lstm"``, ``"gru"``) and the ``options`` of
its class that select it. This module joins them to the classes, so that
what works for one cell (the backward pass, training, exercises, the command
line) works for every cell, without asking which one it is.

>>> from tinyrnn import family
>>> cell = family.build("gru-cho2014", input_size=2, hidden_size=3, seed=0)
>>> cell
GRUCell(input_size=2, hidden_size=3, variant='cho2014')
>>> family.from_params("gru-cho2014", cell.params) == cell
True
"""

from __future__ import annotations

from typing import Any

from tinyrnn.cell import Cell
from tinyrnn.checks import article, received
from tinyrnn.gru import GRUCell
from tinyrnn.lstm import LSTMCell
from tinyrnn.specs import spec_of_key

__all__ = ["CELLS", "build", "check_cell", "from_params", "names"]

#: Every cell class, by the ``kind`` of its descriptions, in the order they joined tinyrnn.
CELLS: dict[str, type[Cell]] = {"lstm": LSTMCell, "gru": GRUCell}


def names(joiner: str = " or ") -> str:
    """The cell classes with their articles: ``"an LSTMCell or a GRUCell"``.

    >>> names()
    'an LSTMCell or a GRUCell'
    """
    return joiner.join(article(cls.__name__) for cls in CELLS.values())


def check_cell(cell: object, name: str = "cell") -> Cell:
    """``cell`` if it is one of tinyrnn's cells, else a ``TypeError`` naming ``name``.

    >>> check_cell("LSTM")
    Traceback (most recent call last):
    ...
    TypeError: cell must be an LSTMCell or a GRUCell, got the string 'LSTM'
    """
    if not isinstance(cell, Cell):
        raise TypeError(f"{name} must be {names()}, got {received(cell)}")
    return cell


def build(key: str, input_size: int, hidden_size: int, *, seed: int | None = None) -> Cell:
    """A seeded cell of the kind called ``key`` (one of :data:`tinyrnn.specs.KEYS`)."""
    described = spec_of_key(key)
    return CELLS[described.kind](input_size, hidden_size, seed=seed, **dict(described.options))


def from_params(key: str, params: Any) -> Cell:
    """A cell of the kind called ``key`` with the given weights (``cell.params`` format)."""
    described = spec_of_key(key)
    from_weights: Any = CELLS[described.kind].from_params  # type: ignore[attr-defined]
    cell: Cell = from_weights(params, **dict(described.options))
    return cell
