"""Keras 3 interop (optional): convert weights to and from ``keras.layers.LSTM``/``GRU`` and their cells.

Keras is imported lazily, only by these functions; ``import tinyrnn`` never
imports it. Install it with ``pip install 'tinyrnn[keras]'`` (``keras>=3``
and ``torch==2.13.0`` as its backend) and set ``KERAS_BACKEND=torch`` before
Python first imports Keras.

Conventions. Keras multiplies as ``x W``: its ``kernel`` is ``I × G·H`` and
its ``recurrent_kernel`` ``H × G·H``, the transposes of PyTorch's, with the
gates in the order **i, f, c, o** (LSTM) and **z, r, h** (GRU). An LSTM has
one bias per gate (``unit_forget_bias=True`` only starts the forget gate's at
1). A GRU with ``reset_after=True`` (Keras's default) is tinyrnn's variant
``"pytorch"`` (its ``bias`` is ``2 × 3H``: the input biases, then the
recurrent ones, ``b_hn`` inside the reset); with ``reset_after=False`` it is
variant ``"cho2014"`` (one bias per gate). The weights are read and written
in Keras's layout by :mod:`tinyrnn.interop.layouts`, the same code that
``from_layout(weights, "keras")`` runs on plain lists.

What a tinyrnn cell computes is the layer's function at inference with
``tanh`` and ``sigmoid``: a layer with another activation, dropout (which
changes training), or ``go_backwards=True`` (which reads the sequence from
its end) is refused with a ``ValueError`` that names the option.
"""

from __future__ import annotations

import importlib
from typing import Any

from tinyrnn.checks import received
from tinyrnn.interop.layouts import (
    gru_params_from_layout,
    gru_to_layout,
    lstm_params_from_layout,
    lstm_to_layout,
    rnn_params_from_layout,
    rnn_to_layout,
)

__all__ = [
    "gru_params_from_keras",
    "gru_to_keras",
    "lstm_params_from_keras",
    "lstm_to_keras",
    "rnn_params_from_keras",
    "rnn_to_keras",
]

_INSTALL = "pip install 'tinyrnn[keras]' (keras>=3, with torch==2.13.0 as its backend)"


def _keras() -> Any:
    try:
        keras = importlib.import_module("keras")
    except ImportError as error:
        backend = error.name if error.name in ("tensorflow", "jax", "torch") else None
        if backend is None:
            raise ImportError(f"this needs Keras 3: {_INSTALL}") from None
        raise ImportError(
            f"Keras is installed but its backend {backend!r} is not: set the environment variable "
            f"KERAS_BACKEND=torch before Python imports keras ({_INSTALL})"
        ) from None
    if int(keras.__version__.split(".")[0]) < 3:
        raise ImportError(f"this needs Keras 3, found keras {keras.__version__}: {_INSTALL}")
    return keras


def _layer(layer: Any, kind: str) -> tuple[Any, Any]:
    """``(the layer, its cell)`` of a built Keras layer of ``kind`` with options tinyrnn computes; else raise."""
    keras = _keras()
    name = {"lstm": "LSTM", "gru": "GRU", "rnn": "SimpleRNN"}[kind]
    layer_class, cell_class = getattr(keras.layers, name), getattr(keras.layers, name + "Cell")
    if not isinstance(layer, layer_class | cell_class):
        raise TypeError(f"layer must be a keras.layers.{name} or {name}Cell, got {received(layer)}{_hint(layer)}")
    cell = layer.cell if isinstance(layer, layer_class) else layer
    if not layer.built:
        shape = "(None, None, input_size)" if cell is not layer else "(None, input_size)"
        raise ValueError(f"layer is not built, so it has no weights yet: call it on an input, or layer.build({shape})")
    if kind != "rnn":  # a SimpleRNN has no gates, and tanh or ReLU (rnn_params_from_keras reads which)
        _check_activation(keras, cell.activation, "activation", "tanh", kind)
        _check_activation(keras, cell.recurrent_activation, "recurrent_activation", "sigmoid", kind)
    for option in ("dropout", "recurrent_dropout"):
        if getattr(cell, option):
            raise ValueError(
                f"layer.{option} is {getattr(cell, option)}, but a tinyrnn cell has no dropout (Keras drops "
                f"{'inputs' if option == 'dropout' else 'hidden states'} while training): build the layer with "
                f"{option}=0.0"
            )
    if getattr(layer, "go_backwards", False):
        raise ValueError(
            "layer.go_backwards is True: Keras reads the sequence from its end, a tinyrnn cell from its start; "
            "build the layer with go_backwards=False (the same weights run cell.run(list(reversed(xs))))"
        )
    return layer, cell


def _hint(layer: Any) -> str:
    """Words for a layer of the wrong kind: where the right one is."""
    kind = type(layer).__name__
    if kind in ("GRU", "GRUCell"):
        return ": a GRU goes to GRUCell.from_keras"
    if kind in ("LSTM", "LSTMCell"):
        return ": an LSTM goes to LSTMCell.from_keras"
    if kind == "Bidirectional":
        return ": a Bidirectional layer holds two; pass layer.forward_layer"
    if kind in ("SimpleRNN", "SimpleRNNCell"):
        return ": a SimpleRNN goes to RNNCell.from_keras"
    if kind == "RNN":
        return ": pass the keras.layers.RNN's layer.cell"
    return ""


def _check_activation(keras: Any, function: Any, option: str, expected: str, kind: str) -> None:
    if function is keras.activations.get(expected):
        return
    name = getattr(function, "__name__", repr(function))
    roles = {
        "activation": "the candidate" + (" and the cell output" if kind == "lstm" else ""),
        "recurrent_activation": "the gates",
    }[option]
    exact = " (hard_sigmoid is a piecewise-linear stand-in for σ)" if name == "hard_sigmoid" else ""
    raise ValueError(
        f"layer.{option} is {name}, but tinyrnn's {kind.upper()} uses {expected} for {roles}{exact}: "
        f"build the layer with {option}={expected!r}"
    )


def _weights(cell: Any) -> dict[str, Any]:
    """The Keras cell's weights as plain lists, by their names in Keras's layout (no bias if use_bias=False)."""
    names = ("kernel", "recurrent_kernel", "bias") if cell.use_bias else ("kernel", "recurrent_kernel")
    weights = {name: _plain(getattr(cell, name)) for name in names}
    if hasattr(cell, "reset_after"):
        weights["reset_after"] = bool(cell.reset_after)
    return weights


def _plain(variable: Any) -> Any:
    """A Keras variable's numbers as nested lists of Python floats (a float32's exact value)."""
    value = variable.value  # the backend's tensor: torch's, JAX's (both have tolist) or TensorFlow's
    # Not numpy.array(variable): torch 2.13's __array__ warns under NumPy 2 (no copy= keyword).
    return value.tolist() if hasattr(value, "tolist") else value.numpy().tolist()


def _built(layer: Any, cell: Any, weights: dict[str, Any]) -> Any:
    """``layer`` built for ``cell``'s input size, holding ``weights`` (float64)."""
    layer.build((None, None, cell.input_size))
    for name in ("kernel", "recurrent_kernel", "bias"):
        getattr(layer.cell, name).assign(weights[name])
    return layer


def lstm_params_from_keras(layer: Any) -> dict[str, Any]:
    """``cell.params`` of a built ``keras.layers.LSTM`` or ``LSTMCell``: columns cut by gate, transposed.

    ``W_f = [U_fᵀ | K_fᵀ]`` from the forget gate's columns of the
    ``recurrent_kernel`` ``U`` and the ``kernel`` ``K``; ``b_f`` is its part of
    ``bias`` (zeros if ``use_bias=False``).

    Raises:
        ImportError: Keras 3 is not installed, or its backend is not.
        TypeError: ``layer`` is not a Keras LSTM or LSTMCell.
        ValueError: the layer is not built, or has an activation other than ``tanh``, a recurrent activation
            other than ``sigmoid``, dropout or recurrent dropout, or ``go_backwards=True``.

    >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
    >>> layer = keras.layers.LSTM(2)
    >>> layer.build((None, None, 3))
    >>> params = lstm_params_from_keras(layer)
    >>> len(params["W_f"]), len(params["W_f"][0]), params["b_f"]   # H × (H + I); unit_forget_bias
    (2, 5, [1.0, 1.0])
    """
    _, cell = _layer(layer, "lstm")
    return lstm_params_from_layout(_weights(cell), "keras")


def lstm_to_keras(cell: Any) -> Any:
    """A built float64 ``keras.layers.LSTM(return_sequences=True, return_state=True)`` computing ``cell``'s function.

    >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
    >>> from tinyrnn import LSTMCell
    >>> layer = lstm_to_keras(LSTMCell(input_size=3, hidden_size=2, seed=0))
    >>> [(w.name, tuple(w.shape)) for w in layer.weights]   # kernel I × 4H, recurrent_kernel H × 4H, bias 4H
    [('kernel', (3, 8)), ('recurrent_kernel', (2, 8)), ('bias', (8,))]
    """
    keras = _keras()
    layer = keras.layers.LSTM(cell.hidden_size, return_sequences=True, return_state=True, dtype="float64")
    return _built(layer, cell, lstm_to_layout(cell, "keras"))


def gru_params_from_keras(layer: Any) -> tuple[dict[str, Any], str]:
    """``(cell.params, variant)`` of a built ``keras.layers.GRU`` or ``GRUCell``.

    ``reset_after=True`` gives variant ``"pytorch"`` (both biases kept),
    ``reset_after=False`` variant ``"cho2014"``.

    Raises:
        ImportError: Keras 3 is not installed, or its backend is not.
        TypeError: ``layer`` is not a Keras GRU or GRUCell.
        ValueError: as :func:`lstm_params_from_keras`.

    >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
    >>> layer = keras.layers.GRU(2, reset_after=False)
    >>> layer.build((None, None, 3))
    >>> params, variant = gru_params_from_keras(layer)
    >>> variant, sorted(params)
    ('cho2014', ['W_h', 'W_r', 'W_z', 'b_h', 'b_r', 'b_z'])
    """
    _, cell = _layer(layer, "gru")
    return gru_params_from_layout(_weights(cell), "keras")


def gru_to_keras(cell: Any) -> Any:
    """A built float64 ``keras.layers.GRU(return_sequences=True, return_state=True)`` computing ``cell``'s function.

    Variant ``"pytorch"`` gives ``reset_after=True``; ``"cho2014"`` gives
    ``reset_after=False``; ``"colah"`` gives ``reset_after=False`` with
    ``W_z`` and ``b_z`` negated (σ(−a) = 1 − σ(a)), the ``"cho2014"`` cell
    that computes the same function.

    >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
    >>> from tinyrnn import GRUCell
    >>> layer = gru_to_keras(GRUCell(input_size=3, hidden_size=2, variant="pytorch", seed=0))
    >>> layer.reset_after, [tuple(w.shape) for w in layer.weights]   # bias: input row, recurrent row
    (True, [(3, 6), (2, 6), (2, 6)])
    """
    keras = _keras()
    weights = gru_to_layout(cell, "keras")
    layer = keras.layers.GRU(
        cell.hidden_size,
        reset_after=weights["reset_after"],
        return_sequences=True,
        return_state=True,
        dtype="float64",
    )
    return _built(layer, cell, weights)


def rnn_params_from_keras(layer: Any) -> tuple[dict[str, Any], str]:
    """``(cell.params, nonlinearity)`` of a built ``keras.layers.SimpleRNN`` or ``SimpleRNNCell``.

    Raises:
        ImportError: Keras 3 is not installed, or its backend is not.
        TypeError: ``layer`` is not a Keras SimpleRNN or SimpleRNNCell.
        ValueError: the layer is not built, or its activation is neither ``tanh`` nor ``relu``, or it has
            dropout, recurrent dropout or ``go_backwards=True``.

    >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
    >>> layer = keras.layers.SimpleRNN(2, activation="relu")
    >>> layer.build((None, None, 3))
    >>> params, nonlinearity = rnn_params_from_keras(layer)
    >>> len(params["W_h"][0]), nonlinearity                 # H + I columns
    (5, 'relu')
    """
    keras = _keras()
    _, cell = _layer(layer, "rnn")
    for nonlinearity in ("tanh", "relu"):
        if cell.activation is keras.activations.get(nonlinearity):
            return rnn_params_from_layout(_weights(cell), "keras"), nonlinearity
    name = getattr(cell.activation, "__name__", repr(cell.activation))
    raise ValueError(
        f"layer.activation is {name}, but tinyrnn's RNN uses tanh or relu: build the layer with "
        "activation='tanh' or 'relu'"
    )


def rnn_to_keras(cell: Any) -> Any:
    """A built float64 ``keras.layers.SimpleRNN(return_sequences=True, return_state=True)``: the same function.

    >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
    >>> from tinyrnn import RNNCell
    >>> layer = rnn_to_keras(RNNCell(input_size=3, hidden_size=2, nonlinearity="relu", seed=0))
    >>> [(w.name, tuple(w.shape)) for w in layer.weights], layer.cell.activation.__name__
    ([('kernel', (3, 2)), ('recurrent_kernel', (2, 2)), ('bias', (2,))], 'relu')
    """
    keras = _keras()
    layer = keras.layers.SimpleRNN(
        cell.hidden_size, activation=cell.nonlinearity, return_sequences=True, return_state=True, dtype="float64"
    )
    return _built(layer, cell, rnn_to_layout(cell, "keras"))
