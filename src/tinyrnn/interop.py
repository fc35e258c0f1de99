"""PyTorch interop (optional): convert weights to and from ``torch.nn.LSTMCell``/``GRUCell``.

PyTorch is imported lazily, only by these functions; ``import tinyrnn``
never imports it. Install it with ``pip install 'tinyrnn[torch]'``.

Conventions. PyTorch stacks the gates of ``weight_ih`` (``4H × I``) and
``weight_hh`` (``4H × H``) in the order **i, f, g, o** for the LSTM (``g`` is
the slides' candidate ``C̃``) and **r, z, n** for the GRU, multiplies as
``W x`` and adds two biases, ``bias_ih + bias_hh``. tinyrnn's LSTM keeps one
matrix per gate acting on ``[h_{t-1}, x_t]``, so ``W_f = [W_hf | W_if]`` and
``b_f = b_if + b_hf``. A PyTorch GRU becomes a ``GRUCell`` of variant
``"pytorch"``, whose twelve parameters are PyTorch's own.
"""

from __future__ import annotations

from typing import Any

from tinyrnn.checks import received

__all__ = [
    "gru_params_from_torch",
    "gru_to_torch",
    "lstm_params_from_torch",
    "lstm_to_torch",
    "rnn_params_from_torch",
    "rnn_to_torch",
]

_LSTM_ORDER = {"i": 0, "f": 1, "c": 2, "o": 3}  # position of each gate in PyTorch's stack (g = our c)
_GRU_ORDER = ("r", "z", "n")


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise ImportError("this needs PyTorch: pip install 'tinyrnn[torch]' (torch==2.13.0)") from None
    return torch


def _plain(tensor: Any) -> Any:
    return tensor.detach().to(dtype=_torch().float64, device="cpu").tolist()


def _module(module: Any, kind: str) -> Any:
    torch = _torch()
    expected = getattr(torch.nn, kind)
    if not isinstance(module, expected):
        raise TypeError(f"module must be a torch.nn.{kind}, got {received(module)}")
    return module


def _biases(module: Any, rows: int) -> list[float]:
    if module.bias_ih is None:  # bias=False
        return [0.0] * rows
    return [a + b for a, b in zip(_plain(module.bias_ih), _plain(module.bias_hh), strict=True)]


def lstm_params_from_torch(module: Any) -> dict[str, Any]:
    """``cell.params`` of a ``torch.nn.LSTMCell``: gates reordered, ``[W_h | W_i]`` per gate, biases summed.

    >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
    >>> module = torch.nn.LSTMCell(input_size=3, hidden_size=2)
    >>> params = lstm_params_from_torch(module)
    >>> list(params), len(params["W_f"]), len(params["W_f"][0])   # H rows of H + I
    (['W_f', 'b_f', 'W_i', 'b_i', 'W_c', 'b_c', 'W_o', 'b_o'], 2, 5)
    """
    module = _module(module, "LSTMCell")
    H = module.hidden_size
    W_ih, W_hh = _plain(module.weight_ih), _plain(module.weight_hh)
    biases = _biases(module, 4 * H)
    params: dict[str, Any] = {}
    for gate in ("f", "i", "c", "o"):
        rows = range(_LSTM_ORDER[gate] * H, (_LSTM_ORDER[gate] + 1) * H)
        params[f"W_{gate}"] = [W_hh[k] + W_ih[k] for k in rows]  # [h_{t-1}, x_t]: hidden columns first
        params[f"b_{gate}"] = [biases[k] for k in rows]
    return params


def lstm_to_torch(cell: Any) -> Any:
    """A float64 ``torch.nn.LSTMCell`` with ``cell``'s weights (``bias_hh`` is zero).

    >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
    >>> from tinyrnn import LSTMCell
    >>> module = lstm_to_torch(LSTMCell(input_size=3, hidden_size=2, seed=0))
    >>> tuple(module.weight_ih.shape), bool(module.bias_hh.abs().sum() == 0)   # 4H × I, gates i, f, g, o
    ((8, 3), True)
    """
    torch = _torch()
    H, I = cell.hidden_size, cell.input_size
    params = cell.params
    module = torch.nn.LSTMCell(I, H, dtype=torch.float64)
    with torch.no_grad():
        for gate, position in _LSTM_ORDER.items():
            rows = slice(position * H, (position + 1) * H)
            W = torch.tensor(params[f"W_{gate}"], dtype=torch.float64)
            module.weight_hh[rows] = W[:, :H]
            module.weight_ih[rows] = W[:, H:]
            module.bias_ih[rows] = torch.tensor(params[f"b_{gate}"], dtype=torch.float64)
        module.bias_hh.zero_()
    return module


def gru_params_from_torch(module: Any) -> dict[str, Any]:
    """``cell.params`` (variant ``"pytorch"``) of a ``torch.nn.GRUCell``: PyTorch's twelve tensors.

    >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
    >>> params = gru_params_from_torch(torch.nn.GRUCell(input_size=3, hidden_size=2))
    >>> sorted(params)[:3], len(params["W_ir"]), len(params["W_ir"][0])   # W_ir: H × I
    (['W_hn', 'W_hr', 'W_hz'], 2, 3)
    """
    module = _module(module, "GRUCell")
    H = module.hidden_size
    W_ih, W_hh = _plain(module.weight_ih), _plain(module.weight_hh)
    has_bias = module.bias_ih is not None
    b_ih = _plain(module.bias_ih) if has_bias else [0.0] * (3 * H)
    b_hh = _plain(module.bias_hh) if has_bias else [0.0] * (3 * H)
    params: dict[str, Any] = {}
    for prefix, W in (("W_i", W_ih), ("W_h", W_hh)):
        for position, gate in enumerate(_GRU_ORDER):
            params[prefix + gate] = W[position * H : (position + 1) * H]
    for prefix, b in (("b_i", b_ih), ("b_h", b_hh)):
        for position, gate in enumerate(_GRU_ORDER):
            params[prefix + gate] = b[position * H : (position + 1) * H]
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
            "matrix product, r ⊙ (W_hn h + b_hn), while this variant resets before it, W_h · [r ⊙ h, x], and no "
            "choice of weights makes the two agree for every input. Build the cell with variant='pytorch'."
        )
    torch = _torch()
    H, I = cell.hidden_size, cell.input_size
    params = cell.params
    module = torch.nn.GRUCell(I, H, dtype=torch.float64)
    with torch.no_grad():
        for position, gate in enumerate(_GRU_ORDER):
            rows = slice(position * H, (position + 1) * H)
            module.weight_ih[rows] = torch.tensor(params[f"W_i{gate}"], dtype=torch.float64)
            module.weight_hh[rows] = torch.tensor(params[f"W_h{gate}"], dtype=torch.float64)
            module.bias_ih[rows] = torch.tensor(params[f"b_i{gate}"], dtype=torch.float64)
            module.bias_hh[rows] = torch.tensor(params[f"b_h{gate}"], dtype=torch.float64)
    return module


def rnn_params_from_torch(module: Any) -> tuple[dict[str, Any], str]:
    """``cell.params`` and the nonlinearity of a ``torch.nn.RNNCell``: ``W_h = [W_hh | W_ih]``, biases summed.

    >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
    >>> params, nonlinearity = rnn_params_from_torch(torch.nn.RNNCell(input_size=3, hidden_size=2))
    >>> list(params), len(params["W_h"][0]), nonlinearity      # H + I columns: hidden first
    (['W_h', 'b_h'], 5, 'tanh')
    """
    module = _module(module, "RNNCell")
    W_ih, W_hh = _plain(module.weight_ih), _plain(module.weight_hh)
    params = {
        "W_h": [hidden + inputs for hidden, inputs in zip(W_hh, W_ih, strict=True)],
        "b_h": _biases(module, module.hidden_size),
    }
    return params, str(module.nonlinearity)


def rnn_to_torch(cell: Any) -> Any:
    """A float64 ``torch.nn.RNNCell`` with ``cell``'s weights and nonlinearity (``bias_hh`` is zero).

    >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
    >>> from tinyrnn import RNNCell
    >>> module = rnn_to_torch(RNNCell(input_size=3, hidden_size=2, nonlinearity="relu", seed=0))
    >>> tuple(module.weight_hh.shape), module.nonlinearity
    ((2, 2), 'relu')
    """
    torch = _torch()
    H, I = cell.hidden_size, cell.input_size
    params = cell.params
    module = torch.nn.RNNCell(I, H, nonlinearity=cell.nonlinearity, dtype=torch.float64)
    with torch.no_grad():
        W = torch.tensor(params["W_h"], dtype=torch.float64)
        module.weight_hh.copy_(W[:, :H])
        module.weight_ih.copy_(W[:, H:])
        module.bias_ih.copy_(torch.tensor(params["b_h"], dtype=torch.float64))
        module.bias_hh.zero_()
    return module
