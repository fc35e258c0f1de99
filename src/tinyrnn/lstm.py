"""The LSTM cell of the slides, step by step.

Slide "LSTM Calculation (3D Vector Example)", with ``[h_{t-1}, x_t]`` the
concatenation (hidden state first) and ⊙ the elementwise product::

    Step 1  forget gate       f_t  = σ(W_f · [h_{t-1}, x_t] + b_f)
    Step 2  input gate        i_t  = σ(W_i · [h_{t-1}, x_t] + b_i)
            candidate         C̃_t  = tanh(W_C · [h_{t-1}, x_t] + b_C)
    Step 3  cell state        C_t  = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t
    Step 4  output gate       o_t  = σ(W_o · [h_{t-1}, x_t] + b_o)      (not on the slides)
            hidden state      h_t  = o_t ⊙ tanh(C_t)                     (not on the slides)

Shapes: ``x_t`` has ``input_size`` = I numbers; ``h``, ``C`` and every gate
have ``hidden_size`` = H; each ``W_*`` has H rows of H + I numbers; each
``b_*`` has H. Parameters: 4·H·(H + I) + 4·H. (PyTorch's ``nn.LSTMCell`` is
the same cell with the gates in the order i, f, g, o, weights split into
``weight_ih``/``weight_hh`` and two biases: see :meth:`LSTMCell.from_torch`.)

What an LSTM *is* -- its weights, the fields of its trace and the rule of
each, its steps and their formulas -- is described once, as data, in
:mod:`tinyrnn.specs.lstm`; this module is what it *does*: the step, one line
per equation, and the step backwards beside it (:func:`lstm_step_backward`).

Backwards. The backward step reads the same lines bottom to top. Given ``dh = ∂L/∂h_t``
and ``dC_next = ∂L/∂C_t`` from later steps (``C_t`` also feeds ``C_{t+1}``),
every name ``dX`` below is ``∂L/∂X``, and σ' and tanh' are written with the
outputs the trace stores: ``σ'(a) = s(1 − s)``, ``tanh'(a) = 1 − t²``::

    Step 4  do      = dh ⊙ tanh(C_t)
            dC      = dh ⊙ o_t ⊙ (1 − tanh²C_t) + dC_next
            do_pre  = do ⊙ o_t ⊙ (1 − o_t)
    Step 3  df = dC ⊙ C_{t-1},  di = dC ⊙ C̃_t,  dC̃ = dC ⊙ i_t,  dC_{t-1} = dC ⊙ f_t
    Step 2  dC̃_pre = dC̃ ⊙ (1 − C̃_t²),   di_pre = di ⊙ i_t ⊙ (1 − i_t)
    Step 1  df_pre = df ⊙ f_t ⊙ (1 − f_t)
    Weights dW_g = dg_pre ⊗ [h_{t-1}, x_t],  db_g = dg_pre   for g = f, i, C, o
    Inputs  d[h_{t-1}, x_t] = W_fᵀ·df_pre + W_iᵀ·di_pre + W_Cᵀ·dC̃_pre + W_oᵀ·do_pre

Nothing is recomputed: every value on the right comes from the trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tinyrnn.activations import sigmoid, sigmoid_derivative, tanh, tanh_derivative
from tinyrnn.cell import Cell
from tinyrnn.gradients import StepGradients, outer
from tinyrnn.rounding import keeper
from tinyrnn.trace import LSTMStep, SequenceTrace
from tinyrnn.vector import Vector, concat

__all__ = ["LSTMCell", "lstm_step", "lstm_step_backward"]


def lstm_step(
    params: Mapping[str, Any], x: Vector, h_prev: Vector, c_prev: Vector, round_to: int | None = None
) -> LSTMStep:
    """The reference LSTM step: the slides' equations, one line each.

    Args:
        params: ``W_f, b_f, W_i, b_i, W_c, b_c, W_o, b_o`` as Matrix/Vector.
        x, h_prev, c_prev: x_t, h_{t-1} and C_{t-1} (validated Vectors).
        round_to: ``None`` for full precision; ``d`` to round every
            intermediate to ``d`` decimals before using it, as by hand.

    Returns:
        The :class:`~tinyrnn.LSTMStep` trace.

    >>> from tinyrnn import examples
    >>> cell = examples.slide_lstm_cell()
    >>> step = lstm_step(cell.weights, Vector(examples.X), Vector(examples.H_PREV), Vector(examples.C_PREV))
    >>> round(step.c, 2)
    Vector([0.56, -0.47, 0.55])
    """
    W_f, b_f, W_i, b_i = params["W_f"], params["b_f"], params["W_i"], params["b_i"]
    W_C, b_C, W_o, b_o = params["W_c"], params["b_c"], params["W_o"], params["b_o"]
    keep = keeper(round_to)  # what is written down after each line: every digit, or round_to decimals

    hx = concat(h_prev, x)  # [h_{t-1}, x_t]
    # Step 1: forget gate           f_t = σ(W_f · [h_{t-1}, x_t] + b_f)
    f_pre = keep(W_f @ hx + b_f)
    f = keep(sigmoid(f_pre))
    # Step 2: input gate            i_t = σ(W_i · [h_{t-1}, x_t] + b_i)
    i_pre = keep(W_i @ hx + b_i)
    i = keep(sigmoid(i_pre))
    #         candidate             C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
    c_tilde_pre = keep(W_C @ hx + b_C)
    c_tilde = keep(tanh(c_tilde_pre))
    # Step 3: cell state            C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t
    c = keep(f * c_prev + i * c_tilde)
    # Step 4: output gate           o_t = σ(W_o · [h_{t-1}, x_t] + b_o)
    o_pre = keep(W_o @ hx + b_o)
    o = keep(sigmoid(o_pre))
    #         hidden state          h_t = o_t ⊙ tanh(C_t)
    tanh_c = keep(tanh(c))
    h = keep(o * tanh_c)

    return LSTMStep(
        x=x,
        h_prev=h_prev,
        c_prev=c_prev,
        f_pre=f_pre,
        f=f,
        i_pre=i_pre,
        i=i,
        c_tilde_pre=c_tilde_pre,
        c_tilde=c_tilde,
        c=c,
        o_pre=o_pre,
        o=o,
        tanh_c=tanh_c,
        h=h,
        rounding=round_to,
    )


def lstm_step_backward(params: Mapping[str, Any], step: LSTMStep, dh: Vector, dC_next: Vector) -> StepGradients:
    """The gradients of one LSTM step, from its trace and what the loss sends back.

    Args:
        params: the cell's weights as Matrix/Vector (``cell.weights``).
        step: the step's trace, as ``cell.step`` returned it (the forward cache).
        dh: ``∂L/∂h_t``: from the loss at this step plus from step ``t + 1``.
        dC_next: ``∂L/∂C_t`` from step ``t + 1`` (zeros after the last step).

    Returns:
        :class:`~tinyrnn.gradients.StepGradients`: ``∂L/∂W`` for each of the
        eight parameters, ``dx = ∂L/∂x_t``, ``dh_prev = ∂L/∂h_{t-1}`` and
        ``dc_prev = ∂L/∂C_{t-1}``.

    >>> from tinyrnn import examples
    >>> step = examples.slide_lstm()
    >>> grads = lstm_step_backward(examples.slide_lstm_cell().weights, step, Vector([1.0, 0, 0]), Vector.zeros(3))
    >>> db_o = grads.params["b_o"]                 # L = h_t[0]: only row 0 of b_o matters
    >>> db_o[0] == step.tanh_c[0] * (step.o[0] * (1 - step.o[0])), db_o[1:] == (0.0, 0.0)
    (True, True)
    """
    W_f, W_i, W_C, W_o = params["W_f"], params["W_i"], params["W_c"], params["W_o"]
    x, h_prev, c_prev = step.x, step.h_prev, step.c_prev
    f, i, c_tilde, o, tanh_c = step.f, step.i, step.c_tilde, step.o, step.tanh_c
    H = len(h_prev)

    # Step 4 backwards: hidden state    h_t = o_t ⊙ tanh(C_t)
    do = dh * tanh_c
    dC = dh * o * tanh_derivative(tanh_c) + dC_next  # C_t reaches L through h_t and through C_{t+1}
    #                   output gate     o_t = σ(o_pre)
    do_pre = do * sigmoid_derivative(o)
    # Step 3 backwards: cell state      C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t
    df = dC * c_prev
    di = dC * c_tilde
    dc_tilde = dC * i
    dc_prev = dC * f
    # Step 2 backwards: candidate       C̃_t = tanh(c_tilde_pre)
    dc_tilde_pre = dc_tilde * tanh_derivative(c_tilde)
    #                   input gate      i_t = σ(i_pre)
    di_pre = di * sigmoid_derivative(i)
    # Step 1 backwards: forget gate     f_t = σ(f_pre)
    df_pre = df * sigmoid_derivative(f)

    # Each pre-activation is  g_pre = W_g · [h_{t-1}, x_t] + b_g:
    hx = concat(h_prev, x)
    grads = {
        "W_f": outer(df_pre, hx),  # ∂L/∂W_f = df_pre ⊗ [h_{t-1}, x_t]
        "b_f": df_pre,  # ∂L/∂b_f = df_pre
        "W_i": outer(di_pre, hx),
        "b_i": di_pre,
        "W_c": outer(dc_tilde_pre, hx),
        "b_c": dc_tilde_pre,
        "W_o": outer(do_pre, hx),
        "b_o": do_pre,
    }
    # [h_{t-1}, x_t] feeds all four pre-activations, so its gradient has four terms.
    d_hx = W_f.T @ df_pre + W_i.T @ di_pre + W_C.T @ dc_tilde_pre + W_o.T @ do_pre
    return StepGradients(grads, dx=Vector(d_hx[H:]), dh_prev=Vector(d_hx[:H]), dc_prev=dc_prev)


class LSTMCell(Cell):
    """An LSTM cell with the slides' notation (see the module docstring for the equations).

    Args:
        input_size: I, the length of ``x_t`` (a positive int).
        hidden_size: H, the length of ``h_t``, ``C_t`` and every gate.
        seed: weights are drawn uniformly from ±1/√H by ``random.Random(seed)``,
            key by key (``W_f, b_f, W_i, …``), row by row: the same seed gives
            the same weights on every machine. ``None`` draws fresh ones.

    >>> cell = LSTMCell(input_size=3, hidden_size=3, seed=0)
    >>> cell.num_parameters                      # 4·H·(H+I) + 4·H
    84
    >>> step = cell.step([0.5, -0.3, 0.8], h_prev=[0.2, 0.4, -0.1], c_prev=[0.6, -0.2, 0.3])
    >>> [round(v, 4) for v in step.h]
    [0.4216, -0.038, 0.3035]
    >>> LSTMCell.from_params(cell.params) == cell
    True
    """

    __slots__ = ()
    kind = "lstm"

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> LSTMCell:
        """A cell with the given weights: ``W_f, b_f, W_i, b_i, W_c, b_c, W_o, b_o``.

        Each ``W_*`` is a list of H rows of H + I numbers acting on ``[h_{t-1}, x_t]``
        (hidden state first); each ``b_*`` a list of H numbers. H and I are
        inferred from ``W_f`` and every other entry is checked against them.

        Raises:
            TypeError: ``params`` is not a mapping, a key is not a string, or an entry is not a
                matrix (or vector) of real numbers: a string, ``None``, a ``bool``, a complex number,
                a list nested too deep.
            ValueError: a key is missing or unknown (the closest valid key is suggested), or an entry
                is empty, ragged, of the wrong shape, or holds NaN, ±inf or a number too large for a float.

        >>> zeros = {"W_f": [[0.0, 0.0]], "b_f": [0.0], "W_i": [[0.0, 0.0]], "b_i": [0.0],
        ...          "W_c": [[0.0, 1.0]], "b_c": [0.0], "W_o": [[0.0, 0.0]], "b_o": [0.0]}
        >>> cell = LSTMCell.from_params(zeros)       # H = 1, I = 1
        >>> step = cell.step([2.0])
        >>> step.f, step.c_tilde == tanh([2.0])      # σ(0) = 0.5; C̃ = tanh(1·x)
        (Vector([0.5]), True)
        """
        return cls._from_checked(params)

    def step(self, x: Any, h_prev: Any = None, c_prev: Any = None, *, round_to: int | None = None) -> LSTMStep:
        """One step from ``x_t``, ``h_{t-1}`` and ``C_{t-1}`` (missing states are zeros).

        ``round_to=d`` replays the step in hand-rounding mode: every
        intermediate is rounded to ``d`` decimals before it is used.
        ``x`` has ``input_size`` numbers, ``h_prev`` and ``c_prev`` ``hidden_size``.

        >>> from tinyrnn import examples
        >>> cell = examples.slide_lstm_cell()
        >>> round(cell.step(examples.X, examples.H_PREV, examples.C_PREV).c, 2)
        Vector([0.56, -0.47, 0.55])
        >>> cell.step(examples.X, examples.H_PREV, examples.C_PREV, round_to=2).c   # by hand
        Vector([0.56, -0.47, 0.56])
        """
        checked = self._plain(x, h_prev, c_prev)  # the common case, all lists of floats, checked at once
        if checked is None:
            checked = (self._input(x, "x"), self._state(h_prev, "h_prev"), self._state(c_prev, "c_prev"))
        x, h_prev, c_prev = checked
        return self._step(x, h_prev, c_prev, round_to)

    def run(self, xs: Any, h0: Any = None, c0: Any = None, *, round_to: int | None = None) -> SequenceTrace:
        """Run a sequence: one step per input, each step's ``h`` and ``c`` feeding the next.

        >>> run = LSTMCell(input_size=2, hidden_size=3, seed=1).run([[1.0, -1.0], [0.5, 0.5]])
        >>> len(run), run[1].c_prev == run[0].c, round(run.h, 4)
        (2, True, Vector([-0.0186, 0.1239, 0.097]))
        """
        inputs = self._inputs(xs)
        h, c = self._state(h0, "h0"), self._state(c0, "c0")
        steps = []
        for x in inputs:
            step = self._step(x, h, c, round_to)
            steps.append(step)
            h, c = step.h, step.c
        return SequenceTrace(steps)

    def _step(self, x: Vector, h_prev: Vector, c_prev: Vector, round_to: int | None) -> LSTMStep:
        if round_to is None:
            fast: LSTMStep | None = self._fast(x, h_prev, c_prev)  # type: ignore[misc]  # an LSTM always has one
            if fast is not None:
                return fast
        return lstm_step(self._params, x, h_prev, c_prev, round_to)

    def backward_step(self, step: LSTMStep, dh: Vector, dc: Vector | None = None) -> StepGradients:
        """The gradients of one step of this cell (:func:`lstm_step_backward` with its weights).

        ``dh`` is ``∂L/∂h_t`` and ``dc`` is ``∂L/∂C_t`` from later steps (zeros when ``None``).

        >>> from tinyrnn import examples
        >>> cell = examples.slide_lstm_cell()
        >>> grads = cell.backward_step(examples.slide_lstm(), Vector([1.0, 0.0, 0.0]))
        >>> len(grads.dh_prev), len(grads.dc_prev)
        (3, 3)
        """
        return lstm_step_backward(self._params, step, dh, self._zeros if dc is None else dc)

    @classmethod
    def from_torch(cls, module: Any) -> LSTMCell:
        """The same cell as a ``torch.nn.LSTMCell`` (gate order i, f, g, o; ``bias_ih + bias_hh``).

        >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
        >>> module = torch.nn.LSTMCell(3, 2)
        >>> cell = LSTMCell.from_torch(module)
        >>> cell.input_size, cell.hidden_size, len(cell.params["W_f"][0])   # W_f acts on [h, x]: 2 + 3
        (3, 2, 5)
        """
        from tinyrnn.interop import lstm_params_from_torch

        return cls.from_params(lstm_params_from_torch(module))

    def to_torch(self) -> Any:
        """A ``torch.nn.LSTMCell`` (float64) computing the same function (requires PyTorch).

        >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
        >>> from tinyrnn import examples
        >>> module = examples.slide_lstm_cell().to_torch()
        >>> h, c = module(torch.tensor([examples.X], dtype=torch.float64),
        ...               (torch.tensor([examples.H_PREV], dtype=torch.float64),
        ...                torch.tensor([examples.C_PREV], dtype=torch.float64)))
        >>> [round(v, 2) for v in c[0].tolist()]
        [0.56, -0.47, 0.55]
        """
        from tinyrnn.interop import lstm_to_torch

        return lstm_to_torch(self)

    @classmethod
    def from_keras(cls, layer: Any) -> LSTMCell:
        """The same cell as a built Keras 3 ``keras.layers.LSTM`` or ``LSTMCell`` (gates i, f, c, o; ``x W``).

        ``use_bias=False`` gives zero biases. Needs ``pip install 'tinyrnn[keras]'``
        and ``KERAS_BACKEND=torch`` (see :mod:`tinyrnn.interop.keras`).

        Raises:
            ImportError: Keras 3 is not installed, or its backend is not (the message says what to install).
            TypeError: ``layer`` is not a Keras LSTM or LSTMCell (a GRU, a Bidirectional wrapper, ...).
            ValueError: the layer is not built, or has an ``activation`` other than ``tanh``, a
                ``recurrent_activation`` other than ``sigmoid``, ``dropout`` or ``recurrent_dropout``, or
                ``go_backwards=True``.

        >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
        >>> layer = keras.layers.LSTM(2)
        >>> layer.build((None, None, 3))
        >>> cell = LSTMCell.from_keras(layer)
        >>> cell.input_size, cell.hidden_size, cell.params["b_f"]   # unit_forget_bias=True: b_f starts at 1
        (3, 2, [1.0, 1.0])
        """
        from tinyrnn.interop.keras import lstm_params_from_keras

        return cls.from_params(lstm_params_from_keras(layer))

    def to_keras(self) -> Any:
        """A built float64 ``keras.layers.LSTM(return_sequences=True, return_state=True)`` computing the same function.

        >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
        >>> from tinyrnn import examples
        >>> layer = examples.slide_lstm_cell().to_keras()
        >>> slide = (examples.X, examples.H_PREV, examples.C_PREV)
        >>> x, h_prev, c_prev = (keras.ops.convert_to_tensor([v], "float64") for v in slide)   # batches of one
        >>> sequence, h, c = layer(keras.ops.expand_dims(x, 1), initial_state=[h_prev, c_prev])   # batch, time
        >>> [round(v, 2) for v in c[0].tolist()]   # the slide's C_t (on the torch backend)
        [0.56, -0.47, 0.55]
        """
        from tinyrnn.interop.keras import lstm_to_keras

        return lstm_to_keras(self)

    @classmethod
    def from_layout(cls, weights: Mapping[str, Any], layout: str) -> LSTMCell:
        """A cell from plain nested lists in a framework's layout: ``"pytorch"``, ``"keras"`` or ``"onnx"``.

        ``weights`` maps the framework's names to its tensors (no framework is
        needed): PyTorch ``weight_ih`` (4H × I), ``weight_hh`` (4H × H),
        ``bias_ih``, ``bias_hh`` (4H), gates i, f, g, o; Keras ``kernel``
        (I × 4H), ``recurrent_kernel`` (H × 4H), ``bias`` (4H), gates i, f, c, o;
        ONNX ``W`` (1 × 4H × I), ``R`` (1 × 4H × H), ``B`` (1 × 8H), gates
        i, o, f, c. Biases may be left out (zeros). See :mod:`tinyrnn.interop.layouts`.

        Raises:
            TypeError: ``layout`` is not a string, ``weights`` is not a mapping, or an entry is not a nested
                sequence of real numbers.
            ValueError: ``layout`` is unknown (the closest name is suggested), a key is missing or unknown, or
                an entry has the wrong shape (a transposed matrix and a GRU's weights are named as such).

        >>> weights = {"W": [[[0.1], [0.2], [0.3], [0.4]]], "R": [[[0.5], [0.6], [0.7], [0.8]]]}   # H = I = 1
        >>> cell = LSTMCell.from_layout(weights, "onnx")        # ONNX's gates: i, o, f, c
        >>> cell.params["W_f"], cell.params["W_o"]             # [W_h | W_x] of each gate
        ([[0.7, 0.3]], [[0.6, 0.2]])
        >>> LSTMCell.from_layout(cell.to_layout("keras"), "keras") == cell
        True
        """
        from tinyrnn.interop.layouts import lstm_params_from_layout

        return cls.from_params(lstm_params_from_layout(weights, layout))

    def to_layout(self, layout: str) -> dict[str, Any]:
        """The weights as plain nested lists in a framework's layout (see :meth:`from_layout`); recurrent biases 0.

        >>> cell = LSTMCell(input_size=3, hidden_size=2, seed=0)
        >>> weights = cell.to_layout("keras")
        >>> list(weights), len(weights["kernel"]), len(weights["kernel"][0])   # kernel: I × 4H
        (['kernel', 'recurrent_kernel', 'bias'], 3, 8)
        """
        from tinyrnn.interop.layouts import lstm_to_layout

        return lstm_to_layout(self, layout)
