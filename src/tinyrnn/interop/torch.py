"""PyTorch interop (optional): convert weights to and from ``torch.nn.LSTMCell``/``GRUCell``/``RNNCell``.

PyTorch is imported lazily, only by these functions; ``import tinyrnn``
never imports it. Install it with ``pip install 'tinyrnn[torch]'``.

Conventions. PyTorch stacks the gates of ``weight_ih`` (``4H × I``) and
``weight_hh`` (``4H × H``) in the order **i, f, g, o** for the LSTM (``g`` is
the slides' candidate ``C̃``) and **r, z, n** for the GRU, multiplies as
``W x`` and adds two biases, ``bias_ih + bias_hh``. tinyrnn's LSTM keeps one
matrix per gate acting on ``[h_{t-1}, x_t]``, so ``W_f = [W_hf | W_if]`` and
``b_f = b_if + b_hf``. A PyTorch GRU becomes a ``GRUCell`` of variant
``"pytorch"``, whose twelve parameters are PyTorch's own. The tensors are
read and written in PyTorch's layout by :mod:`tinyrnn.interop.layouts`, the
same code that ``from_layout(weights, "pytorch")`` runs on plain lists.
"""

from __future__ import annotations

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
    "gru_params_from_torch",
    "gru_to_torch",
    "lstm_params_from_torch",
    "lstm_to_torch",
    "rnn_params_from_torch",
    "rnn_to_torch",
]

_TENSORS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise ImportError("this needs PyTorch: pip install 'tinyrnn[torch]' (torch==2.13.0)") from None
    return torch


def _module(module: Any, kind: str) -> Any:
    torch = _torch()
    expected = getattr(torch.nn, kind)
    if not isinstance(module, expected):
        raise TypeError(f"module must be a torch.nn.{kind}, got {received(module)}")
    return module


def _weights(module: Any) -> dict[str, Any]:
    """The module's tensors as plain lists of float64s, by name (no biases if it was built with bias=False)."""
    torch = _torch()
    tensors = {name: getattr(module, name) for name in _TENSORS}
    return {
        name: tensor.detach().to(dtype=torch.float64, device="cpu").tolist()
        for name, tensor in tensors.items()
        if tensor is not None
    }


def _load(module: Any, weights: dict[str, Any]) -> Any:
    torch = _torch()
    with torch.no_grad():
        for name in _TENSORS:
            getattr(module, name).copy_(torch.tensor(weights[name], dtype=torch.float64))
    return module


def lstm_params_from_torch(module: Any) -> dict[str, Any]:
    """``cell.params`` of a ``torch.nn.LSTMCell``: gates reordered, ``[W_h | W_i]`` per gate, biases summed.

    >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
    >>> module = torch.nn.LSTMCell(input_size=3, hidden_size=2)
    >>> params = lstm_params_from_torch(module)
    >>> list(params), len(params["W_f"]), len(params["W_f"][0])   # H rows of H + I
    (['W_f', 'b_f', 'W_i', 'b_i', 'W_c', 'b_c', 'W_o', 'b_o'], 2, 5)
    """
    return lstm_params_from_layout(_weights(_module(module, "LSTMCell")), "pytorch")


def lstm_to_torch(cell: Any) -> Any:
    """A float64 ``torch.nn.LSTMCell`` with ``cell``'s weights (``bias_hh`` is zero).

    >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
    >>> from tinyrnn import LSTMCell
    >>> module = lstm_to_torch(LSTMCell(input_size=3, hidden_size=2, seed=0))
    >>> tuple(module.weight_ih.shape), bool(module.bias_hh.abs().sum() == 0)   # 4H × I, gates i, f, g, o
    ((8, 3), True)
    """
    torch = _torch()
    module = torch.nn.LSTMCell(cell.input_size, cell.hidden_size, dtype=torch.float64)
    return _load(module, lstm_to_layout(cell, "pytorch"))


def gru_params_from_torch(module: Any) -> dict[str, Any]:
    """``cell.params`` (variant ``"pytorch"``) of a ``torch.nn.GRUCell``: PyTorch's twelve tensors.

    >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
    >>> params = gru_params_from_torch(torch.nn.GRUCell(input_size=3, hidden_size=2))
    >>> sorted(params)[:3], len(params["W_ir"]), len(params["W_ir"][0])   # W_ir: H × I
    (['W_hn', 'W_hr', 'W_hz'], 2, 3)
    """
    params, _ = gru_params_from_layout(_weights(_module(module, "GRUCell")), "pytorch")
    return params


def gru_to_torch(cell: Any) -> Any:
    """A float64 ``torch.nn.GRUCell`` with ``cell``'s weights; only variant ``"pytorch"`` converts.

    >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
    >>> from tinyrnn import GRUCell
    >>> module = gru_to_torch(GRUCell(input_size=3, hidden_size=2, variant="pytorch", seed=0))
    >>> tuple(module.weight_ih.shape), tuple(module.weight_hh.shape)   # 3H × I, 3H × H; gates r, z, n
    ((6, 3), (6, 2))
    """
    if cell.variant != "pytorch":
        raise ValueError(
            f"a GRUCell of variant {cell.variant!r} cannot become a torch.nn.GRUCell: PyTorch resets after the "
            "matrix product, r ⊙ (W_hn h + b_hn), while this variant resets before it, W_h · [r ⊙ h, x]: the two "
            "agree only when W_h's hidden block is diagonal and b_hn = 0, not for general weights. Build the cell "
            "with variant='pytorch'."
        )
    torch = _torch()
    module = torch.nn.GRUCell(cell.input_size, cell.hidden_size, dtype=torch.float64)
    return _load(module, gru_to_layout(cell, "pytorch"))


def rnn_params_from_torch(module: Any) -> tuple[dict[str, Any], str]:
    """``cell.params`` and the nonlinearity of a ``torch.nn.RNNCell``: ``W_h = [W_hh | W_ih]``, biases summed.

    >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
    >>> params, nonlinearity = rnn_params_from_torch(torch.nn.RNNCell(input_size=3, hidden_size=2))
    >>> list(params), len(params["W_h"][0]), nonlinearity      # H + I columns: hidden first
    (['W_h', 'b_h'], 5, 'tanh')
    """
    module = _module(module, "RNNCell")
    return rnn_params_from_layout(_weights(module), "pytorch"), str(module.nonlinearity)


def rnn_to_torch(cell: Any) -> Any:
    """A float64 ``torch.nn.RNNCell`` with ``cell``'s weights and nonlinearity (``bias_hh`` is zero).

    >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
    >>> from tinyrnn import RNNCell
    >>> module = rnn_to_torch(RNNCell(input_size=3, hidden_size=2, nonlinearity="relu", seed=0))
    >>> tuple(module.weight_hh.shape), module.nonlinearity
    ((2, 2), 'relu')
    """
    torch = _torch()
    module = torch.nn.RNNCell(cell.input_size, cell.hidden_size, nonlinearity=cell.nonlinearity, dtype=torch.float64)
    return _load(module, rnn_to_layout(cell, "pytorch"))
