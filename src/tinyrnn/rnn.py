"""The plain (Elman) RNN, step by step: what the gates of the LSTM and the GRU improve on.

One equation, one step::

    Step 1  new state       h_t = tanh(W_h · [h_{t-1}, x_t] + b_h)      (or ReLU: max(0, ·))

Shapes: ``x_t`` has ``input_size`` = I numbers, ``h`` has ``hidden_size`` =
H; ``W_h`` has H rows of H + I numbers acting on ``[h_{t-1}, x_t]`` (hidden
state first, as on the slides), ``b_h`` has H. Parameters: H·(H + I) + H.
(PyTorch's ``nn.RNNCell`` is the same cell with ``W_h = [W_hh | W_ih]`` and
two biases, ``b_h = b_ih + b_hh``: see :meth:`RNNCell.from_torch`.)

There is no gate: the whole state is rewritten at every step. Backwards,
every step multiplies the gradient by ``W_hᵀ`` and by tanh' ≤ 1, so over a
long lag it shrinks (or grows) geometrically -- the vanishing gradient that
the LSTM's cell state, ``C_t = f_t ⊙ C_{t-1} + …``, was built to avoid.

What the RNN *is* is described once, as data, in :mod:`tinyrnn.specs.rnn`;
this module is what it *does*: the step and the step backwards::

    dh_pre   = dh ⊙ act'(h_pre)           tanh' = 1 − h_t²,  ReLU' = 1 where h_t > 0
    dW_h     = dh_pre ⊗ [h_{t-1}, x_t],   db_h = dh_pre
    d[h_{t-1}, x_t] = W_hᵀ · dh_pre
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tinyrnn.activations import relu, relu_derivative, tanh, tanh_derivative
from tinyrnn.cell import Cell
from tinyrnn.checks import received
from tinyrnn.gradients import StepGradients, outer
from tinyrnn.rounding import keeper
from tinyrnn.specs.rnn import NONLINEARITIES
from tinyrnn.trace import RNNStep, SequenceTrace
from tinyrnn.vector import Vector, concat

__all__ = ["NONLINEARITIES", "RNNCell", "check_nonlinearity", "rnn_step", "rnn_step_backward"]

Function = Callable[[Vector], Vector]
#: Each activation and its derivative, written with the output (as the trace stores it).
_ACTIVATIONS: dict[str, tuple[Function, Function]] = {
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
}


def rnn_step(
    params: Mapping[str, Any], nonlinearity: str, x: Vector, h_prev: Vector, round_to: int | None = None
) -> RNNStep:
    """The reference RNN step: one line.

    Args:
        params: ``W_h`` and ``b_h`` as Matrix/Vector.
        nonlinearity: ``"tanh"`` or ``"relu"``.
        x, h_prev: x_t and h_{t-1} (validated Vectors).
        round_to: ``None`` for full precision; ``d`` to round every intermediate to ``d`` decimals.

    >>> from tinyrnn import Matrix
    >>> params = {"W_h": Matrix([[0.5, 1.0]]), "b_h": Vector([0.1])}
    >>> step = rnn_step(params, "relu", Vector([0.4]), Vector([0.2]))
    >>> step.h_pre, step.h                   # 0.5·0.2 + 1.0·0.4 + 0.1
    (Vector([0.6]), Vector([0.6]))
    """
    act, _ = _ACTIVATIONS[nonlinearity]
    keep = keeper(round_to)
    # Step 1: new hidden state      h_t = act(W_h · [h_{t-1}, x_t] + b_h)
    h_pre = keep(params["W_h"] @ concat(h_prev, x) + params["b_h"])
    h = keep(act(h_pre))
    return RNNStep(nonlinearity=nonlinearity, x=x, h_prev=h_prev, h_pre=h_pre, h=h, rounding=round_to)


def rnn_step_backward(params: Mapping[str, Any], step: RNNStep, dh: Vector) -> StepGradients:
    """The gradients of one RNN step, from its trace and ``dh = ∂L/∂h_t``.

    >>> from tinyrnn import Matrix
    >>> params = {"W_h": Matrix([[0.5, 1.0]]), "b_h": Vector([0.1])}
    >>> step = rnn_step(params, "relu", Vector([0.4]), Vector([0.2]))
    >>> grads = rnn_step_backward(params, step, Vector([1.0]))
    >>> grads.params["W_h"], grads.dh_prev, grads.dx        # ReLU' = 1 here: dW_h = [h_{t-1}, x_t]
    (Matrix([[0.2, 0.4]]), Vector([0.5]), Vector([1.0]))
    """
    _, derivative = _ACTIVATIONS[step.nonlinearity]
    H = len(step.h_prev)
    # Step 1 backwards:             h_t = act(h_pre)
    dh_pre = dh * derivative(step.h)
    #                               h_pre = W_h · [h_{t-1}, x_t] + b_h
    grads = {"W_h": outer(dh_pre, concat(step.h_prev, step.x)), "b_h": dh_pre}
    d_hx = params["W_h"].T @ dh_pre
    return StepGradients(grads, dx=Vector(d_hx[H:]), dh_prev=Vector(d_hx[:H]), dc_prev=None)


def check_nonlinearity(nonlinearity: object) -> str:
    """``nonlinearity`` if it is ``"tanh"`` or ``"relu"``, else an error suggesting the closest.

    >>> check_nonlinearity("ReLU")
    Traceback (most recent call last):
    ...
    ValueError: nonlinearity must be one of 'tanh', 'relu', got the string 'ReLU' (did you mean 'relu'?)
    """
    if isinstance(nonlinearity, str) and nonlinearity in NONLINEARITIES:
        return nonlinearity
    choices = ", ".join(map(repr, NONLINEARITIES))
    if not isinstance(nonlinearity, str):
        raise TypeError(f"nonlinearity must be one of {choices}, got {received(nonlinearity)}")
    import difflib

    guess = difflib.get_close_matches(nonlinearity.lower(), NONLINEARITIES, n=1)
    suggestion = f" (did you mean {guess[0]!r}?)" if guess else ""
    raise ValueError(f"nonlinearity must be one of {choices}, got {received(nonlinearity)}{suggestion}")


class RNNCell(Cell):
    """The plain (Elman) RNN cell: ``h_t = act(W_h · [h_{t-1}, x_t] + b_h)`` (see the module docstring).

    Args:
        input_size: I, the length of ``x_t`` (a positive int).
        hidden_size: H, the length of ``h_t``.
        nonlinearity: ``"tanh"`` (default) or ``"relu"``.
        seed: weights uniform in ±1/√H from ``random.Random(seed)``, ``W_h`` then ``b_h``, row by row.

    >>> cell = RNNCell(input_size=3, hidden_size=3, seed=0)
    >>> cell.num_parameters, cell.nonlinearity            # H·(H+I) + H
    (21, 'tanh')
    >>> step = cell.step([0.5, -0.3, 0.8], h_prev=[0.2, 0.4, -0.1])
    >>> all(-1 < v < 1 for v in step.h), RNNCell.from_params(cell.params) == cell
    (True, True)
    """

    __slots__ = ("_nonlinearity",)
    kind = "rnn"

    def __init__(
        self, input_size: int, hidden_size: int, *, nonlinearity: str = "tanh", seed: int | None = None
    ) -> None:
        super().__init__(input_size, hidden_size, seed=seed, nonlinearity=nonlinearity)

    def _set_options(self, nonlinearity: str = "tanh") -> None:  # type: ignore[override]
        self._nonlinearity = check_nonlinearity(nonlinearity)
        super()._set_options(nonlinearity=nonlinearity)

    @property
    def nonlinearity(self) -> str:
        """``"tanh"`` or ``"relu"``."""
        return self._nonlinearity

    @classmethod
    def from_params(cls, params: Mapping[str, Any], nonlinearity: str = "tanh") -> RNNCell:
        """A cell with the given weights: ``W_h`` (H rows of H + I numbers, on ``[h_{t-1}, x_t]``) and ``b_h``.

        Raises:
            TypeError: ``nonlinearity`` is not a string, ``params`` is not a mapping, or an entry is not
                a matrix (or vector) of real numbers (see :meth:`tinyrnn.LSTMCell.from_params`).
            ValueError: ``nonlinearity`` is unknown (the closest is suggested), a key is missing or unknown
                (the keys of another cell are named as such), or an entry has the wrong shape or a bad number.

        >>> cell = RNNCell.from_params({"W_h": [[0.0, 1.0]], "b_h": [0.0]}, nonlinearity="relu")
        >>> cell.step([-2.0]).h, cell.step([2.0]).h                # h_t = max(0, x_t)
        (Vector([0.0]), Vector([2.0]))
        """
        return cls._from_checked(params, nonlinearity=nonlinearity)

    def step(self, x: Any, h_prev: Any = None, *, round_to: int | None = None) -> RNNStep:
        """One step from ``x_t`` and ``h_{t-1}`` (a missing state is zeros); ``round_to=d``: by hand.

        >>> cell = RNNCell.from_params({"W_h": [[0.5, 0.5]], "b_h": [0.0]})
        >>> round(cell.step([1.0], [1.0]).h[0], 4)                 # tanh(0.5 + 0.5)
        0.7616
        """
        checked = self._plain(x, h_prev)  # the common case, both lists of floats, checked at once
        if checked is None:
            checked = (self._input(x, "x"), self._state(h_prev, "h_prev"))
        x, h_prev = checked
        return self._step(x, h_prev, round_to)

    def run(self, xs: Any, h0: Any = None, *, round_to: int | None = None) -> SequenceTrace:
        """Run a sequence: one step per input, each step's ``h`` feeding the next.

        >>> run = RNNCell(input_size=1, hidden_size=2, seed=1).run([[1.0], [0.5]])
        >>> len(run), run[1].h_prev == run[0].h
        (2, True)
        """
        return self._run(xs, (self._state(h0, "h0"),), round_to)

    def _step(self, x: Vector, h_prev: Vector, round_to: int | None) -> RNNStep:
        if round_to is None and self._fast is not None:  # the same floats, faster (tinyrnn.fast)
            fast: RNNStep | None = self._fast(x, h_prev)
            if fast is not None:
                return fast
        return rnn_step(self._params, self._nonlinearity, x, h_prev, round_to)

    def backward_step(self, step: RNNStep, dh: Vector, dc: None = None) -> StepGradients:
        """The gradients of one step of this cell (:func:`rnn_step_backward` with its weights).

        >>> cell = RNNCell(1, 1, seed=0)
        >>> cell.backward_step(cell.step([1.0]), Vector([1.0])).dc_prev is None     # no cell state
        True
        """
        if dc is not None:
            raise ValueError("dc must be None for an RNNCell: an RNN has no cell state C")
        return rnn_step_backward(self._params, step, dh)

    @classmethod
    def from_torch(cls, module: Any) -> RNNCell:
        """The same cell as a ``torch.nn.RNNCell`` (either nonlinearity; ``bias_ih + bias_hh`` summed).

        >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
        >>> cell = RNNCell.from_torch(torch.nn.RNNCell(3, 2, nonlinearity="relu"))
        >>> cell.nonlinearity, cell.num_parameters
        ('relu', 12)
        """
        from tinyrnn.interop import rnn_params_from_torch

        params, nonlinearity = rnn_params_from_torch(module)
        return cls.from_params(params, nonlinearity=nonlinearity)

    def to_torch(self) -> Any:
        """A ``torch.nn.RNNCell`` (float64) computing the same function (requires PyTorch).

        >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
        >>> module = RNNCell(2, 3, seed=0).to_torch()
        >>> module.nonlinearity, tuple(module.weight_ih.shape)
        ('tanh', (3, 2))
        """
        from tinyrnn.interop import rnn_to_torch

        return rnn_to_torch(self)

    @classmethod
    def from_keras(cls, layer: Any) -> RNNCell:
        """The same cell as a built Keras 3 ``keras.layers.SimpleRNN`` or ``SimpleRNNCell`` (tanh or ReLU).

        Raises:
            ImportError: Keras 3 is not installed, or its backend is not (the message says what to install).
            TypeError: ``layer`` is not a Keras SimpleRNN or SimpleRNNCell (an LSTM, a GRU, a wrapper, ...).
            ValueError: the layer is not built, its activation is neither tanh nor ReLU, or it has dropout,
                recurrent dropout or ``go_backwards=True``.

        >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
        >>> layer = keras.layers.SimpleRNN(2, activation="relu")
        >>> layer.build((None, None, 3))
        >>> cell = RNNCell.from_keras(layer)
        >>> cell.input_size, cell.hidden_size, cell.nonlinearity
        (3, 2, 'relu')
        """
        from tinyrnn.interop.keras import rnn_params_from_keras

        params, nonlinearity = rnn_params_from_keras(layer)
        return cls.from_params(params, nonlinearity=nonlinearity)

    def to_keras(self) -> Any:
        """A built float64 ``keras.layers.SimpleRNN(return_sequences=True, return_state=True)``, the same function.

        >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
        >>> layer = RNNCell(3, 2, seed=0).to_keras()
        >>> layer.cell.activation.__name__, tuple(layer.cell.kernel.shape)
        ('tanh', (3, 2))
        """
        from tinyrnn.interop.keras import rnn_to_keras

        return rnn_to_keras(self)

    @classmethod
    def from_layout(cls, weights: Mapping[str, Any], layout: str, *, nonlinearity: str = "tanh") -> RNNCell:
        """A cell from plain nested lists in a framework's layout: ``"pytorch"``, ``"keras"`` or ``"onnx"``.

        PyTorch ``weight_ih`` (H × I), ``weight_hh`` (H × H), ``bias_ih``, ``bias_hh``; Keras ``kernel``
        (I × H), ``recurrent_kernel`` (H × H), ``bias`` (H); ONNX ``W`` (1 × H × I), ``R`` (1 × H × H), ``B``
        (1 × 2H). Biases may be left out (zeros). The weights do not say the nonlinearity: pass it.
        See :mod:`tinyrnn.interop.layouts`.

        >>> cell = RNNCell.from_layout({"W": [[[0.5]]], "R": [[[0.25]]], "B": [[0.1, 0.0]]}, "onnx")
        >>> cell.params                                  # W_h = [R | W], b_h = Wb + Rb
        {'W_h': [[0.25, 0.5]], 'b_h': [0.1]}
        >>> RNNCell.from_layout(cell.to_layout("keras"), "keras") == cell
        True
        """
        from tinyrnn.interop.layouts import rnn_params_from_layout

        return cls.from_params(rnn_params_from_layout(weights, layout), nonlinearity=nonlinearity)

    def to_layout(self, layout: str) -> dict[str, Any]:
        """The weights as plain nested lists in a framework's layout (see :meth:`from_layout`); recurrent bias 0.

        >>> sorted(RNNCell(3, 2, seed=0).to_layout("onnx"))
        ['B', 'R', 'W']
        """
        from tinyrnn.interop.layouts import rnn_to_layout

        return rnn_to_layout(self, layout)
