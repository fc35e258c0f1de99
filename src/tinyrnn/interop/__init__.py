"""Interop (optional frameworks, lazily imported): the same cell in PyTorch, Keras and ONNX.

Three modules, one per way in:

:mod:`tinyrnn.interop.layouts`
    Framework layouts without the framework: weights as plain nested lists in
    the layouts of PyTorch, Keras and ONNX (``cell.to_layout("onnx")``,
    ``LSTMCell.from_layout(weights, "pytorch")``). Standard library only.
:mod:`tinyrnn.interop.torch`
    ``torch.nn.LSTMCell``/``GRUCell``/``RNNCell`` (``pip install 'tinyrnn[torch]'``).
:mod:`tinyrnn.interop.keras`
    ``keras.layers.LSTM``/``GRU``/``SimpleRNN`` and their cells, Keras 3 on the torch
    backend (``pip install 'tinyrnn[keras]'``, ``KERAS_BACKEND=torch``).

Every name is importable from ``tinyrnn.interop`` too; none of them imports
a framework until it is called.

>>> from tinyrnn import LSTMCell
>>> from tinyrnn.interop import FRAMEWORK_LAYOUTS, lstm_to_layout
>>> FRAMEWORK_LAYOUTS
('pytorch', 'keras', 'onnx')
>>> sorted(lstm_to_layout(LSTMCell(input_size=1, hidden_size=1, seed=0), "pytorch"))
['bias_hh', 'bias_ih', 'weight_hh', 'weight_ih']
"""

from tinyrnn.interop.keras import (
    gru_params_from_keras,
    gru_to_keras,
    lstm_params_from_keras,
    lstm_to_keras,
    rnn_params_from_keras,
    rnn_to_keras,
)
from tinyrnn.interop.layouts import (
    FRAMEWORK_LAYOUTS,
    GATE_ORDERS,
    gru_params_from_layout,
    gru_to_layout,
    lstm_params_from_layout,
    lstm_to_layout,
    rnn_params_from_layout,
    rnn_to_layout,
)
from tinyrnn.interop.torch import (
    gru_params_from_torch,
    gru_to_torch,
    lstm_params_from_torch,
    lstm_to_torch,
    rnn_params_from_torch,
    rnn_to_torch,
)

__all__ = [
    "FRAMEWORK_LAYOUTS",
    "GATE_ORDERS",
    "gru_params_from_keras",
    "gru_params_from_layout",
    "gru_params_from_torch",
    "gru_to_keras",
    "gru_to_layout",
    "gru_to_torch",
    "lstm_params_from_keras",
    "lstm_params_from_layout",
    "lstm_params_from_torch",
    "lstm_to_keras",
    "lstm_to_layout",
    "lstm_to_torch",
    "rnn_params_from_keras",
    "rnn_params_from_layout",
    "rnn_params_from_torch",
    "rnn_to_keras",
    "rnn_to_layout",
    "rnn_to_torch",
]
