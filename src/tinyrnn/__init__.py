"""tinyrnn: LSTM and GRU cells computed step by step, every intermediate shown.

>>> import tinyrnn
>>> cell = tinyrnn.LSTMCell(input_size=3, hidden_size=3, seed=0)
>>> step = cell.step([0.5, -0.3, 0.8], h_prev=[0.2, 0.4, -0.1], c_prev=[0.6, -0.2, 0.3])
>>> len(step.f), len(step.h)
(3, 3)
"""

from tinyrnn import examples
from tinyrnn.activations import sigmoid, tanh
from tinyrnn.gru import GRUCell
from tinyrnn.lstm import LSTMCell
from tinyrnn.trace import GRUStep, LSTMStep, SequenceTrace
from tinyrnn.vector import Matrix, Vector

#: The version of tinyrnn.
__version__ = "0.1.0"

__all__ = [
    "GRUCell",
    "GRUStep",
    "LSTMCell",
    "LSTMStep",
    "Matrix",
    "SequenceTrace",
    "Vector",
    "__version__",
    "examples",
    "sigmoid",
    "tanh",
]
