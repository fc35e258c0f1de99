"""tinyrnn: LSTM and GRU cells computed step by step, every intermediate shown.

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
from tinyrnn.trace import GRUStep, LSTMStep, SequenceTrace
from tinyrnn.vector import Matrix, Vector

__version__ = "0.1.0"

# The backward pass and the training toolkit are imported on first use, so that
# `import tinyrnn` stays as light as the cells themselves.
_LAZY = {
    "backward": "tinyrnn.bptt",
    "Gradients": "tinyrnn.gradients",
}

__all__ = [
    "GRUCell",
    "GRUStep",
    "Gradients",
    "LSTMCell",
    "LSTMStep",
    "Matrix",
    "SequenceTrace",
    "Vector",
    "__version__",
    "backward",
    "examples",
    "sigmoid",
    "tanh",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tinyrnn' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
