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

from collections.abc import Sequence
from typing import Any

from tinyrnn.cell import Cell
from tinyrnn.checks import article, received
from tinyrnn.gru import GRUCell
from tinyrnn.lstm import LSTMCell
from tinyrnn.rnn import RNNCell
from tinyrnn.specs import CellSpec, family, option_flag, spec_of_key

__all__ = [
    "CELLS",
    "add_option_arguments",
    "build",
    "check_cell",
    "described",
    "from_params",
    "names",
    "options_of",
]

#: Every cell class, by the ``kind`` of its descriptions, in the order they joined tinyrnn.
CELLS: dict[str, type[Cell]] = {"lstm": LSTMCell, "gru": GRUCell, "rnn": RNNCell}


def names(joiner: str = " or ") -> str:
    """The cell classes with their articles: ``"an LSTMCell or a GRUCell"``.

    >>> names()
    'an LSTMCell or a GRUCell or an RNNCell'
    """
    return joiner.join(article(cls.__name__) for cls in CELLS.values())


def check_cell(cell: object, name: str = "cell") -> Cell:
    """``cell`` if it is one of tinyrnn's cells, else a ``TypeError`` naming ``name``.

    >>> check_cell("LSTM")
    Traceback (most recent call last):
    ...
    TypeError: cell must be an LSTMCell or a GRUCell or an RNNCell, got the string 'LSTM'
    """
    if not isinstance(cell, Cell):
        raise TypeError(f"{name} must be {names()}, got {received(cell)}")
    return cell


def build(key: str, input_size: int, hidden_size: int, *, seed: int | None = None) -> Cell:
    """A seeded cell of the kind called ``key`` (one of :data:`tinyrnn.specs.KEYS`).

    >>> build("lstm-coupled", input_size=2, hidden_size=3, seed=0)
    LSTMCell(input_size=2, hidden_size=3, coupled=True)
    """
    described = spec_of_key(key)
    return CELLS[described.kind](input_size, hidden_size, seed=seed, **dict(described.options))


def from_params(key: str, params: Any) -> Cell:
    """A cell of the kind called ``key`` with the given weights (``cell.params`` format).

    >>> from_params("rnn-relu", {"W_h": [[0.5, 1.0]], "b_h": [0.0]}).nonlinearity
    'relu'
    """
    described = spec_of_key(key)
    from_weights: Any = CELLS[described.kind].from_params  # type: ignore[attr-defined]
    cell: Cell = from_weights(params, **dict(described.options))
    return cell


def described(kind: str, **options: Any) -> CellSpec:
    """The description of the cell ``kind`` with these options, checked as its class checks them.

    >>> described("lstm", coupled=True).key
    'lstm-coupled'
    >>> described("lstm", coupled=True, forget_gate=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: coupled=True needs the forget gate: ...
    """
    return CELLS[kind](1, 1, seed=0, **options).spec


def options_of(kind: str) -> dict[str, Any]:
    """The options of the cell ``kind`` and their defaults: ``{"variant": "colah"}``.

    >>> options_of("lstm")
    {'peepholes': False, 'coupled': False, 'forget_gate': True}
    """
    return dict(family(kind)[0].options)


def add_option_arguments(parser: Any, kinds: Sequence[str], *, defaults: bool = True) -> None:
    """Add a command-line argument for each option of these kinds of cell (``parser`` is an argparse parser).

    A value option becomes ``--name VALUE`` with its choices; a flag ``--name`` (default False) or
    ``--no-name`` (default True). With ``defaults=False`` every argument defaults to ``None``, so that a
    command serving several kinds can tell which options were given.

    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_option_arguments(parser, ["lstm"])
    >>> parser.parse_args(["--peepholes", "--no-forget-gate"])
    Namespace(peepholes=True, coupled=False, forget_gate=False)
    """
    seen: set[str] = set()
    for kind in kinds:
        for name, default in options_of(kind).items():
            if name in seen:
                continue
            seen.add(name)
            cell = kind.upper()
            if isinstance(default, bool):
                value = not default
                flag = option_flag(name, value)
                words = name.replace("_", " ")
                what = f"an {cell} without a {words}" if default else f"an {cell} with {words}"
                parser.add_argument(
                    flag, dest=name, action="store_const", const=value, default=default if defaults else None, help=what
                )
            else:
                choices = tuple(dict.fromkeys(dict(each.options)[name] for each in family(kind)))
                parser.add_argument(
                    option_flag(name, default),
                    choices=choices,
                    default=default if defaults else None,
                    help=f"the {cell}'s {name} (default: {default})",
                )
