"""tinyrnn: recurrent cells -- the plain RNN, the LSTM and the GRU -- computed step by step, every intermediate shown.

>>> import tinyrnn
>>> cell = tinyrnn.LSTMCell(input_size=3, hidden_size=3, seed=0)
>>> step = cell.step([0.5, -0.3, 0.8], h_prev=[0.2, 0.4, -0.1], c_prev=[0.6, -0.2, 0.3])
>>> len(step.f), len(step.h)
(3, 3)
>>> grads = tinyrnn.backward(cell, step, dh=[1.0, 0.0, 0.0])   # ∂h_t[0]/∂(everything)
>>> len(grads.params["W_f"]), len(grads.dc0)
(3, 3)
"""

from typing import Any

from tinyrnn import examples
from tinyrnn.activations import sigmoid, tanh
from tinyrnn.gru import GRUCell
from tinyrnn.lstm import LSTMCell
from tinyrnn.rnn import RNNCell
from tinyrnn.trace import GRUStep, LSTMStep, RNNStep, SequenceTrace
from tinyrnn.vector import Matrix, Vector

#: The version of tinyrnn.
__version__ = "0.1.0"

# The backward pass and the training toolkit are imported on first use, so that
# `import tinyrnn` stays as light as the cells themselves: name -> (module, attribute or None).
_LAZY = {
    "backward": ("tinyrnn.bptt", "backward"),
    "Gradients": ("tinyrnn.gradients", "Gradients"),
    "train": ("tinyrnn.training", "train"),
    "losses": ("tinyrnn.losses", None),
    "optim": ("tinyrnn.optim", None),
    "readout": ("tinyrnn.readout", None),
    "tasks": ("tinyrnn.tasks", None),
    "training": ("tinyrnn.training", None),
}

__all__ = [
    "GRUCell",
    "GRUStep",
    "Gradients",
    "LSTMCell",
    "LSTMStep",
    "Matrix",
    "RNNCell",
    "RNNStep",
    "SequenceTrace",
    "Vector",
    "__version__",
    "backward",
    "examples",
    "losses",
    "optim",
    "readout",
    "sigmoid",
    "tanh",
    "tasks",
    "train",
    "training",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module_name, attribute = _LAZY[name]
        module = importlib.import_module(module_name)
        value = module if attribute is None else getattr(module, attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tinyrnn' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
